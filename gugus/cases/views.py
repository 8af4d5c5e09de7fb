"""Case pages: list and search, multi-step intake, the case with its timeline and assessments, import.

Views are thin: they reach the case through ``access_case`` (anything out of scope answers 404
with an empty body), call one service or selector, and render. Every page that shows personal
data of people in a case records the read in the audit log.
"""

from __future__ import annotations

import csv
import io
import json

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from gugus.accounts.decorators import requires
from gugus.accounts.roles import has_capability
from gugus.cases import selectors, services
from gugus.cases.access import access_case, active_break_glass, can_assess_case, can_edit_case, can_view_personal
from gugus.cases.forms import (
    AssessmentForm,
    CaseFilterForm,
    CaseIntakeForm,
    CasePersonForm,
    ImportForm,
    TransitionForm,
    VictimForm,
    default_channel,
)
from gugus.cases.import_jobs import access_import_job, import_job_request, import_jobs_visible_to
from gugus.cases.importer import cases_import, cases_import_check, import_hints, template_header
from gugus.cases.models import Case
from gugus.cases.search_tokens import search_recall, search_remember
from gugus.cases.selectors import served_case_view, served_victims
from gugus.core.errors import GugusError, ImportRejected, NotFound, ValidationFailed
from gugus.people.models import CaseRole
from gugus.people.services import person_clean

STEPS = [
    (
        "report",
        gettext_lazy("Report"),
        ["channel", "reported_on", "events_from", "events_to", "exploitation_types", "modus"],
    ),
    (
        "places",
        gettext_lazy("Places and story"),
        ["origin", "transit_points", "destination_country", "destination_region", "narrative"],
    ),
]
VICTIM_PREFIX = "victim"


def _not_found():
    # Nothing in the body: not even whether the case exists.
    return HttpResponseNotFound(b"")


def _case_or_none(user, case_id) -> Case | None:
    try:
        return access_case(user, case_id)
    except NotFound:
        return None


# --- list ------------------------------------------------------------------------------------------


# How a search text was read, as the list says it ("Searched by NIK").
SEARCH_KIND_LABELS = {
    "name": gettext_lazy("name"),
    "nik": gettext_lazy("NIK"),
    "passport": gettext_lazy("passport number"),
    "phone": gettext_lazy("phone numbers"),
}


@requires("cases.view")
def case_list(request):
    """Cases in scope, filtered and searched (case number; NIK, passport or phone; name).

    The filters come by POST and are then addressed by an opaque token (``?s=``), never by
    identifiers in the URL (gugus/cases/search_tokens.py).
    """
    if request.method == "POST":
        form = CaseFilterForm(request.POST)
        if form.is_valid():
            token = search_remember(request, request.POST)
            return redirect(f"{reverse('cases:list')}?s={token}")
        params, token = None, ""
    else:
        token = request.GET.get("s", "")
        params = search_recall(request, token)
        if params is None:
            # Filters without identifiers may stay in the URL (bookmarks); a search text may not.
            token, params = "", request.GET.copy()
            for name in ("q", "s", "page"):
                params.pop(name, None)
        form = CaseFilterForm(params or None)
    filters = selectors.CaseFilters()
    page = 1
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.CaseFilters(
            status=data["status"],
            exploitation_type=data["exploitation_type"],
            region=data["region"].strip(),
            destination_country=data["destination_country"].strip(),
            reported_from=data["reported_from"],
            reported_to=data["reported_to"],
            q=data["q"].strip(),
        )
    try:
        page = max(1, min(int(request.GET.get("page") or 1), 10_000))
    except ValueError:
        page = 1
    kind = selectors.search_kind(filters.q)
    rows, has_next = selectors.cases_page(request.user, filters, page=page)
    served = served_victims(request.user) if page == 1 and not (form.is_bound and form.has_changed()) else []
    return render(
        request,
        "cases/list.html",
        {
            "form": form if form.is_bound else CaseFilterForm(),
            "cases": rows,
            "page": page,
            "has_next": has_next,
            "query": f"s={token}" if token else (params.urlencode() if params else ""),
            "search_kind": kind,
            "search_kind_label": SEARCH_KIND_LABELS.get(kind, kind),
            "served": served,
        },
    )


# --- intake ----------------------------------------------------------------------------------------


def _live(form, url: str) -> None:
    """Check each field as the user types (htmx); the final submit is checked again on the server."""
    for name, field in form.fields.items():
        html_name = form.add_prefix(name)
        field.widget.attrs.update(
            {
                "hx-post": url,
                "hx-trigger": "change, input changed delay:500ms",
                "hx-target": f"#fb-{html_name}",
                "hx-swap": "innerHTML",
                "hx-include": "closest form",
                "hx-vals": json.dumps({"_field": html_name}),
            }
        )


def _intake_problems(case_data: dict, victim_data: dict) -> tuple[list, list]:
    """Every problem of the intake, as (html field name, Problem), from the domain checks."""
    clean_case = services.case_clean(
        channel=case_data.get("channel", ""),
        reported_on=case_data.get("reported_on", ""),
        exploitation_types=case_data.get("exploitation_types", []),
        events_from=case_data.get("events_from", ""),
        events_to=case_data.get("events_to", ""),
        origin=case_data.get("origin", ""),
        transit_points=case_data.get("transit_points", ""),
        destination_country=case_data.get("destination_country", ""),
        destination_region=case_data.get("destination_region", ""),
        modus=case_data.get("modus", ""),
        narrative=case_data.get("narrative", ""),
    )
    errors = [("exploitation_types" if p.field == "exploitation_type" else p.field, p) for p in clean_case.errors]
    warnings = [("exploitation_types" if p.field == "exploitation_type" else p.field, p) for p in clean_case.warnings]
    if victim_data.get("full_name") is not None:
        clean_person = person_clean(
            full_name=victim_data.get("full_name", ""),
            sex=victim_data.get("sex", ""),
            birth_date=victim_data.get("birth_date", ""),
            birth_place=victim_data.get("birth_place", ""),
            nik=victim_data.get("nik", ""),
            phones=victim_data.get("phones", ""),
            passport_no=victim_data.get("passport_no", ""),
            address_region=victim_data.get("address_region", ""),
            nationality=victim_data.get("nationality", ""),
            aliases=victim_data.get("aliases", ""),
        )
        field_of = {"phone": "phones"}
        errors += [(f"{VICTIM_PREFIX}-{field_of.get(p.field, p.field)}", p) for p in clean_person.errors]
        warnings += [(f"{VICTIM_PREFIX}-{field_of.get(p.field, p.field)}", p) for p in clean_person.warnings]
    return errors, warnings


def _raw(post, prefix: str = "") -> dict:
    names = VictimForm.base_fields if prefix else CaseIntakeForm.base_fields
    data = {}
    for name in names:
        key = f"{prefix}-{name}" if prefix else name
        if name == "exploitation_types":
            data[name] = post.getlist(key)
        elif key in post:
            data[name] = post.get(key, "")
    return data


@requires("cases.create")
def case_intake(request):
    """Open a case in three steps (report, places and story, victim); one submit, checked as a whole."""
    case_form = CaseIntakeForm(request.POST or None, initial={"channel": default_channel(request.user.unit)})
    victim_form = VictimForm(request.POST or None, prefix=VICTIM_PREFIX)
    check_url = reverse("cases:intake_check")
    warnings = []
    if request.method == "POST":
        if request.user.unit_id is None:
            messages.error(request, _("Only a user of an agency unit can open a case."))
        else:
            case_ok, victim_ok = case_form.is_valid(), victim_form.is_valid()
            errors, warnings = _intake_problems(_raw(request.POST), _raw(request.POST, VICTIM_PREFIX))
            for html_name, problem in errors:
                target = victim_form if html_name.startswith(VICTIM_PREFIX + "-") else case_form
                name = html_name.removeprefix(VICTIM_PREFIX + "-")
                if name in target.fields and name not in target.errors:
                    target.add_error(name, problem.message)
            if case_ok and victim_ok and not errors:
                victim = dict(victim_form.cleaned_data)
                victim["phones"] = victim.get("phones", "")
                try:
                    opened = services.case_open(
                        actor=request.user, unit=request.user.unit, victims=[victim], **case_form.cleaned_data
                    )
                except GugusError as error:
                    messages.error(request, error.message)
                else:
                    for problem in opened.warnings:
                        messages.warning(request, problem.message)
                    messages.success(request, _("Case %(number)s opened.") % {"number": opened.case.number})
                    return redirect("cases:detail", case_id=opened.case.pk)
    _live(case_form, check_url)
    _live(victim_form, check_url)
    error_list = _intake_error_list(case_form, victim_form)
    return render(
        request,
        "cases/intake.html",
        {
            "case_form": case_form,
            "victim_form": victim_form,
            "steps": STEPS,
            "warnings": [p for _, p in warnings],
            "error_list": error_list,
            "first_error_step": error_list[0]["step"] if error_list else None,
        },
    )


def _intake_error_list(case_form, victim_form) -> list[dict]:
    """Every error of a failed intake in the order of the form: its step, its field's label and id."""
    if not case_form.is_bound:
        return []
    found = []
    for step, (_key, _label, names) in enumerate(STEPS, start=1):
        for name in names:
            for message in case_form.errors.get(name, []):
                bound = case_form[name]
                found.append({"step": step, "label": bound.label, "id": _element_id(bound), "message": message})
    for name in victim_form.fields:
        for message in victim_form.errors.get(name, []):
            bound = victim_form[name]
            found.append({"step": len(STEPS) + 1, "label": bound.label, "id": _element_id(bound), "message": message})
    return found


def _element_id(bound) -> str:
    # A group of checkboxes has no element of its own: its first box stands for it.
    return bound.id_for_label or f"{bound.auto_id}_0"


@require_POST
@requires("cases.create")
def intake_check(request):
    """The problems of one field of the intake form, given everything typed so far (htmx)."""
    field = request.POST.get("_field", "")
    errors, warnings = _intake_problems(_raw(request.POST), _raw(request.POST, VICTIM_PREFIX))
    return render(
        request,
        "cases/_feedback.html",
        {
            "errors": [p for name, p in errors if name == field],
            "warnings": [p for name, p in warnings if name == field],
        },
    )


# --- the case --------------------------------------------------------------------------------------


def _victim_label(role: CaseRole, index: int, personal: bool) -> str:
    if personal and role.person.full_name:
        return role.person.full_name
    return _("Victim %(n)s") % {"n": index}


@requires("cases.view")
def case_detail(request, case_id: int):
    """The case: its facts, its people, each victim's assessments, its timeline, the next steps."""
    case = _case_or_none(request.user, case_id)
    if case is None:
        return _served_case(request, case_id)
    people_file = selectors.case_file(request.user, case)
    personal, roles = people_file.personal, people_file.roles
    victims = selectors.case_victims(case, roles)
    people = [
        {"role": r, "person": r.person if personal else None, "deidentified": selectors.deidentified_person(r)}
        for r in roles
    ]
    for index, view in enumerate(victims, start=1):
        view.label = _victim_label(view.role, index, personal)
    can_edit = can_edit_case(request.user, case)
    can_assess = can_assess_case(request.user, case)
    transitions = [
        (status, Case.Status(status).label)
        for status in services.allowed_transitions(case)
        if (can_assess if status in ("identified", "not_trafficking") else can_edit)
    ]
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "personal": personal,
            "people": people,
            "victims": victims,
            "events": selectors.case_timeline(case),
            "transitions": transitions,
            "transition_form": TransitionForm(),
            "can_edit": can_edit and case.status != Case.Status.CLOSED,
            "can_assess": can_assess and bool(victims),
            "can_refer": can_edit and has_capability(request.user, "referrals.send"),
            "break_glass": active_break_glass(request.user, case),
        },
    )


def _served_case(request, case_id):
    """The case as the referrals to the user's unit share it (its victims' shared data), or 404."""
    rows = served_case_view(request.user, case_id)
    if not rows:
        return _not_found()
    return render(request, "cases/served.html", {"rows": rows, "case_number": rows[0]["case_number"]})


@require_POST
@requires("cases.edit")
def case_transition_view(request, case_id: int):
    case = _case_or_none(request.user, case_id)
    if case is None:
        return _not_found()
    if not can_edit_case(request.user, case):
        return HttpResponseForbidden(_("Only the reporting unit changes this case."))
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect("cases:detail", case_id=case.pk)
    try:
        services.case_transition(actor=request.user, case=case, **form.cleaned_data)
    except GugusError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Status changed."))
    return redirect("cases:detail", case_id=case.pk)


@requires("cases.assess")
def case_assess(request, case_id: int):
    """Record an assessment of one victim: act, means and purpose, each with its evidence."""
    case = _case_or_none(request.user, case_id)
    if case is None:
        return _not_found()
    if not can_assess_case(request.user, case):
        return HttpResponseForbidden(_("Only the reporting unit assesses this case."))
    personal = can_view_personal(request.user)
    victim_roles = selectors.case_victims_to_assess(request.user, case)
    labels = [(r, _victim_label(r, i, personal)) for i, r in enumerate(victim_roles, start=1)]
    newest = case.assessments.order_by("-pk").values_list("pk", flat=True).first() or 0
    form = AssessmentForm(request.POST or None, victims=labels, initial={"based_on": newest})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("victim")  # popped once: inside the loop it failed for any victim but the first
        victim = next(r for r in victim_roles if r.pk == chosen)
        try:
            services.assessment_record(actor=request.user, case=case, victim=victim, **data)
        except ValidationFailed as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        except GugusError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/assess.html", {"case": case, "form": form})


@requires("cases.edit")
def case_person_add_view(request, case_id: int):
    """Add a victim, suspect (a person or an organisation), witness or reporter to the case."""
    case = _case_or_none(request.user, case_id)
    if case is None:
        return _not_found()
    if not can_edit_case(request.user, case):
        return HttpResponseForbidden(_("Only the reporting unit changes this case."))
    form = CasePersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            _role, warnings = services.case_person_add(actor=request.user, case=case, **data)
        except ValidationFailed as error:
            name = "phones" if error.field == "phone" else error.field
            form.add_error(name if name in form.fields else None, error.message)
        except GugusError as error:
            form.add_error(None, error.message)
        else:
            for problem in warnings:
                messages.warning(request, problem.message)
            messages.success(request, _("Person added."))
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/person_add.html", {"case": case, "form": form})


# --- import ----------------------------------------------------------------------------------------


@requires("cases.import")
def case_import_view(request):
    """Upload a list; all rows are imported or none, and every bad row is named."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "header": template_header()}
    if request.method == "POST" and form.is_valid():
        if request.user.unit_id is None:
            messages.error(request, _("Only a user of an agency unit can import cases."))
        else:
            upload = form.cleaned_data["file"]
            data = upload.read()
            try:
                # Every bad row is named here, in the request; a large list that passes goes to the
                # worker (gugus/cases/import_jobs.py), which shows its progress on the job's page.
                what = {"actor": request.user, "unit": request.user.unit, "data": data, "filename": upload.name}
                if cases_import_check(**what).rows > settings.GUGUS_IMPORT_WORKER_ROWS:
                    return redirect("cases:import_job", job_id=import_job_request(**what).pk)
                result = cases_import(**what)
            except ImportRejected as rejected:
                context["rejected"] = rejected.errors
            except GugusError as error:
                messages.error(request, error.message)
            else:
                context["result"] = result
    context["jobs"] = list(import_jobs_visible_to(request.user)[:10])
    return render(request, "cases/import.html", context)


@requires("cases.import")
def case_import_job(request, job_id: int):
    """How far a list handed to the worker went, and what it created (refreshes itself until done)."""
    try:
        job = access_import_job(request.user, job_id)
    except NotFound:
        return _not_found()
    pending = job.status not in (job.Status.DONE, job.Status.FAILED)
    template = "cases/_import_job.html" if request.headers.get("HX-Request") else "cases/import_job.html"
    return render(request, template, {"job": job, "pending": pending})


@requires("cases.import")
def case_import_template(request, file_format: str):
    """An empty list to fill in, with the header in the user's language (CSV or XLSX)."""
    header = template_header()
    if file_format == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Cases")[:31]
        sheet.append(header)
        from openpyxl.styles import Font

        for cell in sheet[1]:
            cell.font = Font(bold=True)
        help_sheet = workbook.create_sheet(_("How to fill in")[:31])
        help_sheet.append([_("Column"), _("What to write")])
        for label, hint in zip(header, import_hints(), strict=True):
            help_sheet.append([label, hint])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerow(header)
        response = HttpResponse(text.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_("case-import-template")}.{file_format}"'
    return response


# --- notes and follow-ups --------------------------------------------------------------------------


@requires("cases.view")
def case_follow_ups(request, case_id: int):
    """The case's follow-ups (a panel of the case page, or a page of its own without JavaScript)."""
    case = _case_or_none(request.user, case_id)
    if case is None:
        return HttpResponseNotFound()
    personal = can_view_personal(request.user)
    follow_ups = selectors.follow_ups_of(request.user, case)
    context = {
        "case": case,
        "follow_ups": follow_ups,
        "personal": personal,
        "can_edit": can_edit_case(request.user, case) and case.status != Case.Status.CLOSED,
        "victims": [r for r in selectors.case_people(case) if r.role == "victim"],
        "today": timezone.localdate(),
    }
    template = "cases/_follow_ups.html" if request.headers.get("HX-Request") else "cases/follow_ups.html"
    return render(request, template, context)


def _after_change(request, case: Case):
    return redirect(reverse("cases:detail", args=[case.pk]) + "#follow-ups")


@require_POST
@requires("cases.edit")
def case_note_add_view(request, case_id: int):
    case = _case_or_none(request.user, case_id)
    if case is None:
        return HttpResponseNotFound()
    try:
        services.case_note_add(actor=request.user, case=case, text=request.POST.get("text", ""))
    except GugusError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The note is on the timeline."))
    return _after_change(request, case)


@require_POST
@requires("cases.edit")
def follow_up_add_view(request, case_id: int):
    case = _case_or_none(request.user, case_id)
    if case is None:
        return HttpResponseNotFound()
    victim = None
    if request.POST.get("victim"):
        victim = case.roles.filter(pk=request.POST["victim"] if request.POST["victim"].isdigit() else 0).first()
    try:
        services.follow_up_add(
            actor=request.user,
            case=case,
            description=request.POST.get("description", ""),
            due_on=request.POST.get("due_on", ""),
            victim=victim,
        )
    except GugusError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Follow-up planned."))
    return _after_change(request, case)


@require_POST
@requires("cases.edit")
def follow_up_close_view(request, case_id: int, follow_up_id: int):
    case = _case_or_none(request.user, case_id)
    follow_up = case.follow_ups.filter(pk=follow_up_id).first() if case else None
    if follow_up is None:
        return HttpResponseNotFound()
    try:
        services.follow_up_close(
            actor=request.user, follow_up=follow_up, done=request.POST.get("done") == "1",
            outcome=request.POST.get("outcome", ""),
        )  # fmt: skip
    except GugusError as error:
        messages.error(request, error.message)
    return _after_change(request, case)


# --- attachments -----------------------------------------------------------------------------------


class _UploadInMemory(MemoryFileUploadHandler):
    """Keeps an upload in memory (never a plaintext temporary file on disk) until it is encrypted."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # Always in memory: the view refuses a body larger than the limit before reading it.
        self.activated = True


# The body of an upload may exceed the file by its form fields; anything larger is refused unread.
_UPLOAD_BODY_MAX = 10 * 1024 * 1024 + 64 * 1024


@requires("cases.view")
def case_attachments(request, case_id: int):
    """The case's files (a panel of the case page, or a page of its own without JavaScript)."""
    from gugus.cases.models import CaseAttachment

    case = _case_or_none(request.user, case_id)
    if case is None:
        return _not_found()
    personal = can_view_personal(request.user)
    attachments = selectors.attachments_of(request.user, case)
    context = {
        "case": case,
        "attachments": attachments,
        "personal": personal,
        "can_upload": can_edit_case(request.user, case) and case.status != Case.Status.CLOSED,
        "kinds": CaseAttachment.Kind.choices,
    }
    template = "cases/_attachments.html" if request.headers.get("HX-Request") else "cases/attachments.html"
    return render(request, template, context)


def _after_upload(case: Case):
    return redirect(reverse("cases:detail", args=[case.pk]) + "#attachments")


def _attachment_add(request, case: Case):
    try:
        services.attachment_add(
            actor=request.user,
            case=case,
            uploaded=request.FILES.get("file"),
            kind=request.POST.get("kind", ""),
            title=request.POST.get("title", ""),
        )
    except GugusError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The file is kept with the case, encrypted."))
    return _after_upload(case)


@require_POST
@requires("cases.edit")
def attachment_add_view(request, case_id: int):
    """Upload a file to the case (its reporting unit only); the CSRF check runs once the handler is set."""
    case = _case_or_none(request.user, case_id)
    if case is None or not can_edit_case(request.user, case):
        return _not_found()
    try:
        body = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        body = 0
    if body > _UPLOAD_BODY_MAX:
        # Refused unread: nothing is written, so there is nothing for the CSRF check to protect.
        messages.error(request, _("The file is larger than %(mb)d MB.") % {"mb": 10})
        return _after_upload(case)
    if not hasattr(request, "_files"):  # not yet read by a middleware
        request.upload_handlers = [_UploadInMemory(request)]
    return csrf_protect(_attachment_add)(request, case)


attachment_add_view.csrf_exempt = True


@requires("people.view_personal")
def attachment_download(request, case_id: int, attachment_id: int):
    """The file itself, for one who may open the case and see personal data; every download audited."""
    case = _case_or_none(request.user, case_id)
    if case is None:
        return _not_found()
    try:
        attachment, data = services.attachment_open(actor=request.user, case=case, attachment_id=attachment_id)
    except (NotFound, GugusError):
        return _not_found()
    response = HttpResponse(data, content_type=attachment.content_type)
    ascii_name = "".join(c for c in attachment.file_name if c.isascii() and (c.isalnum() or c in "-_.")) or "file"
    response["Content-Disposition"] = f'attachment; filename="{ascii_name}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- break-glass access (issue 19) ------------------------------------------------------------------


@requires("cases.break_glass")
def break_glass(request):
    """A secretariat officer opens a case outside their scope in an emergency, with a written reason."""
    from django.conf import settings

    from gugus.cases.break_glass import MAX_HOURS, break_glass_open

    errors: dict[str, str] = {}
    values = {"case_number": "", "reason": "", "hours": str(getattr(settings, "GUGUS_BREAK_GLASS_HOURS", 2))}
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in values}
        hours = int(values["hours"]) if values["hours"].isdigit() and len(values["hours"]) <= 2 else -1
        try:
            grant = break_glass_open(
                actor=request.user, case_number=values["case_number"], reason=values["reason"], hours=hours
            )
        except NotFound as missing:
            errors["case_number"] = missing.message
        except ValidationFailed as failure:
            errors[failure.field or "reason"] = failure.message
        else:
            messages.warning(
                request,
                _("Break-glass access until %(until)s. The case's supervisors and the auditor have been told.")
                % {"until": timezone.localtime(grant.expires_at).strftime("%H:%M")},
            )
            return redirect("cases:detail", case_id=grant.case_id)
    return render(
        request,
        "cases/break_glass.html",
        {"errors": errors, "values": values, "max_hours": MAX_HOURS},
        status=400 if errors else 200,
    )


@requires("audit.view")
@require_POST
def break_glass_revoke(request, grant_id: int):
    """The auditor (or an administrator) ends a break-glass grant early."""
    from gugus.cases.break_glass import access_break_glass_grant, break_glass_revoke

    try:
        grant = access_break_glass_grant(request.user, grant_id)
    except NotFound:
        return _not_found()
    if break_glass_revoke(actor=request.user, grant=grant):
        messages.success(request, _("The break-glass access has been ended."))
    return redirect("reports:audit")
