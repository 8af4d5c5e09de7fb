"""Pages of meetings and their follow-up."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gugus.accounts.decorators import requires
from gugus.accounts.roles import has_capability
from gugus.core.errors import GugusError, NotFound
from gugus.meetings import access, reports, selectors, services
from gugus.meetings.forms import (
    ActionItemForm,
    ActionItemStatusForm,
    AgreementForm,
    AttachmentForm,
    MeetingEditForm,
    MeetingForm,
    ParticipantForm,
)
from gugus.meetings.models import ActionItem, Meeting
from gugus.reports.services import export_record


def _get(fn, *args):
    try:
        return fn(*args)
    except NotFound as error:
        raise Http404 from error


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@requires("meetings.view")
def meeting_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in Meeting.Kind.values else ""
    year = _int(request.GET.get("year"))
    meetings = selectors.meetings_list(request.user, kind=kind, year=year)
    return render(
        request,
        "meetings/list.html",
        {
            "meetings": meetings,
            "kinds": Meeting.Kind.choices,
            "kind": kind,
            "year": year or "",
            "can_create": access.task_forces_editable_by(request.user).exists(),
        },
    )


@requires("meetings.view")
def meeting_calendar(request):
    today = dt.date.today()
    month_text = request.GET.get("month", "")
    try:
        first = dt.date.fromisoformat(month_text + "-01") if month_text else today.replace(day=1)
    except ValueError:
        first = today.replace(day=1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "meetings/calendar.html",
        {
            "weeks": selectors.meetings_calendar(request.user, first.year, first.month),
            "month": first,
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m"),
            "today": today,
        },
    )


@requires("meetings.edit")
def meeting_create(request):
    task_forces = access.task_forces_editable_by(request.user)
    form = MeetingForm(request.POST or None, task_forces=task_forces)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                actor=request.user,
                task_force=data["task_force"],
                kind=data["kind"],
                title=data["title"],
                held_on=data["held_on"],
                starts_at=data["starts_at"],
                place=data["place"],
                chair=data["chair"],
                chair_agency=data["chair_agency"],
                agenda=data["agenda"],
                minutes=data["minutes"],
                participants=list(data["participants"]),
            )
        except GugusError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "title": _("New meeting")})


@requires("meetings.edit")
def meeting_edit(request, meeting_id: int):
    meeting = _get(access.access_meeting_for_edit, request.user, meeting_id)
    initial = {f: getattr(meeting, f) for f in ("title", "held_on", "place", "chair", "agenda", "minutes")}
    form = MeetingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(actor=request.user, meeting=meeting, **form.cleaned_data)
        except GugusError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("Meeting updated."))
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "title": meeting.title, "meeting": meeting})


@requires("meetings.view")
def meeting_detail(request, meeting_id: int):
    meeting = _get(access.access_meeting, request.user, meeting_id)
    can_edit = access.can_edit_meeting(request.user, meeting)
    context = {"page": selectors.meeting_page(meeting), "meeting": meeting, "can_edit": can_edit}
    # Items this user's agency owns: it reports their progress itself.
    context["my_items"] = (
        set(
            access.action_items_of_my_agency(request.user)
            .filter(agreement__meeting=meeting)
            .values_list("pk", flat=True)
        )
        if has_capability(request.user, "meetings.report_progress")
        else set()
    )
    context["progress_choices"] = [c for c in ActionItem.Status.choices if c[0] != ActionItem.Status.DROPPED]
    if can_edit:
        context.update(
            participant_form=ParticipantForm(),
            attachment_form=AttachmentForm(),
            agreement_form=AgreementForm(),
            item_form=ActionItemForm(),
            status_choices=ActionItem.Status.choices,
        )
    return render(request, "meetings/detail.html", context)


def _back(meeting_id: int, anchor: str = ""):
    return redirect(reverse("meetings:detail", args=[meeting_id]) + (f"#{anchor}" if anchor else ""))


def _report_errors(request, form):
    for field, errors in form.errors.items():
        for error in errors:
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {error}")


@require_POST
@requires("meetings.edit")
def participant_add(request, meeting_id: int):
    meeting = _get(access.access_meeting_for_edit, request.user, meeting_id)
    form = ParticipantForm(request.POST)
    if form.is_valid():
        try:
            services.participant_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except GugusError as error:
            messages.error(request, str(error.message))
    else:
        _report_errors(request, form)
    return _back(meeting.pk, "participants")


@require_POST
@requires("meetings.edit")
def attachment_add(request, meeting_id: int):
    meeting = _get(access.access_meeting_for_edit, request.user, meeting_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.user,
                meeting=meeting,
                uploaded=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except GugusError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("File attached."))
    else:
        _report_errors(request, form)
    return _back(meeting.pk, "attachments")


@requires("meetings.view")
def attachment_download(request, attachment_id: int):
    attachment = _get(access.access_attachment, request.user, attachment_id)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.file.name.rsplit("/", 1)[-1],
        content_type=attachment.content_type,
    )


@requires("meetings.view")
def evidence_download(request, item_id: int):
    item = _get(access.access_evidence, request.user, item_id)
    return FileResponse(
        item.evidence_file.open("rb"), as_attachment=True, filename=item.evidence_file.name.rsplit("/", 1)[-1]
    )


@require_POST
@requires("meetings.edit")
def agreement_add(request, meeting_id: int):
    meeting = _get(access.access_meeting_for_edit, request.user, meeting_id)
    form = AgreementForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_add(actor=request.user, meeting=meeting, text=form.cleaned_data["text"])
        except GugusError as error:
            messages.error(request, str(error.message))
    else:
        _report_errors(request, form)
    return _back(meeting.pk, "agreements")


@require_POST
@requires("meetings.edit")
def action_item_add(request, meeting_id: int, number: int):
    meeting = _get(access.access_meeting_for_edit, request.user, meeting_id)
    agreement = meeting.agreements.filter(number=number).first()
    if agreement is None:
        raise Http404
    form = ActionItemForm(request.POST)
    if form.is_valid():
        try:
            services.action_item_add(actor=request.user, agreement=agreement, **form.cleaned_data)
        except GugusError as error:
            messages.error(request, str(error.message))
    else:
        _report_errors(request, form)
    return _back(meeting.pk, f"agreement-{number}")


def _item_change(request, item, service):
    """The status form of an action item, handed to ``service`` (the secretariat's or the owner's)."""
    form = ActionItemStatusForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            service(
                actor=request.user,
                item=item,
                status=data["status"],
                evidence=data["evidence"] if data["evidence"] else None,
                evidence_file=data["evidence_file"],
                completed_on=data["completed_on"],
            )
        except GugusError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Action item updated."))
    else:
        _report_errors(request, form)
    return _back(item.agreement.meeting_id, f"item-{item.pk}")


@require_POST
@requires("meetings.edit")
def action_item_status(request, item_id: int):
    item = _get(access.access_action_item_for_edit, request.user, item_id)
    return _item_change(request, item, services.action_item_update)


@require_POST
@requires("meetings.report_progress")
def action_item_progress(request, item_id: int):
    """The owner agency reports progress on its own action item (status and evidence)."""
    item = _get(access.access_action_item_for_progress, request.user, item_id)
    return _item_change(request, item, services.action_item_progress)


@requires("meetings.view")
def action_items(request):
    """ "My agency's action items"; the secretariat also sees every item of the meetings in scope."""
    scope = request.GET.get("scope", "mine")
    if scope not in ("mine", "all"):
        scope = "mine"
    overdue_only = request.GET.get("overdue") == "1"
    items = selectors.action_items_list(request.user, mine=scope == "mine", overdue_only=overdue_only)
    return render(
        request,
        "meetings/action_items.html",
        {
            "items": items,
            "scope": scope,
            "overdue_only": overdue_only,
            "agency": request.user.unit.agency if request.user.unit else None,
            "overdue_count": sum(1 for i in items if i.overdue),
        },
    )


@requires("meetings.view")
def report_pdf(request, meeting_id: int):
    meeting = _get(access.access_meeting, request.user, meeting_id)
    response = HttpResponse(reports.followup_pdf(meeting), content_type="application/pdf")
    export_record(actor=request.user, what="meeting_followup", target=meeting, data={"format": "pdf"})
    response["Content-Disposition"] = f'attachment; filename="tindak-lanjut-{meeting.pk}.pdf"'
    return response


@requires("meetings.view")
def report_xlsx(request, meeting_id: int):
    meeting = _get(access.access_meeting, request.user, meeting_id)
    response = HttpResponse(
        reports.followup_xlsx(meeting),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="tindak-lanjut-{meeting.pk}.xlsx"'
    export_record(actor=request.user, what="meeting_followup", target=meeting, data={"format": "xlsx"})
    return response
