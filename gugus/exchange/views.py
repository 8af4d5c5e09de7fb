"""Pages of data exchange: the analyst's release, HTCDS export and import, identified exports, hand-offs."""

from __future__ import annotations

import io
import json
import zipfile

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gugus.accounts.decorators import requires
from gugus.accounts.roles import has_capability
from gugus.cases.access import access_case
from gugus.core.errors import GugusError, ImportRejected, NotFound
from gugus.exchange import access, services
from gugus.exchange.forms import DecisionForm, ExportRequestForm, HandoffForm, ImportForm
from gugus.exchange.models import ExportRequest


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


EXCHANGE_CAPABILITIES = ("analytics.view", "exchange.htcds", "exports.identified", "exports.approve")


@requires("shell.view")
def index(request):
    user = request.user
    visible = access.export_requests_visible_to(user).select_related("requested_by", "approved_by")
    return render(
        request,
        "exchange/index.html",
        {
            "export_form": ExportRequestForm(),
            "import_form": ImportForm(),
            "mine": visible.filter(requested_by=user)[:20],
            "to_decide": [
                e for e in visible.filter(status=ExportRequest.Status.PENDING) if e.requested_by_id != user.pk
            ],
            "threshold": services.settings.GUGUS_EXPORT_APPROVAL_THRESHOLD,
            "ttl_hours": services.settings.GUGUS_EXPORT_TTL_HOURS,
            "now": timezone.now(),
            "nothing": not any(has_capability(user, c) for c in EXCHANGE_CAPABILITIES),
        },
    )


@require_POST
@requires("analytics.view")
def release_download(request):
    made = services.release_make(actor=request.user, cases=access.release_cases_for(request.user))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("release.csv", services.release_csv(made))
        archive.writestr("release.json", json.dumps(services.release_notes(made), indent=2, ensure_ascii=False))
    stamp = timezone.localdate().isoformat()
    return _download(buffer.getvalue(), f"gugus-release-{stamp}.zip", "application/zip")


@require_POST
@requires("exchange.htcds")
def htcds_download(request):
    form_format = "json" if request.POST.get("format") == "json" else "csv"
    export = services.htcds_export(actor=request.user, cases=access.export_cases_for(request.user))
    stamp = timezone.localdate().isoformat()
    if form_format == "json":
        return _download(export.as_json(), f"gugus-htcds-{stamp}.json", "application/json")
    return _download(export.as_csv(), f"gugus-htcds-{stamp}.csv", "text/csv; charset=utf-8")


@requires("exchange.htcds")
def htcds_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"import_form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["result"] = services.htcds_import(
                actor=request.user, unit=request.user.unit, data=upload.read(), filename=upload.name
            )
        except ImportRejected as rejected:
            context["rejected"] = rejected.errors
        except GugusError as error:
            form.add_error("file", error.message)
    return render(request, "exchange/import.html", context)


@require_POST
@requires("exports.identified")
def export_create(request):
    form = ExportRequestForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}")
        return redirect("exchange:index")
    try:
        export = services.export_request(actor=request.user, **form.cleaned_data)
    except GugusError as error:
        messages.error(request, error.message)
        return redirect("exchange:index")
    if export.status == ExportRequest.Status.PENDING:
        messages.info(
            request,
            _("The export holds %(people)s people: it waits for a second person of your unit to approve it.")
            % {"people": export.people},
        )
    else:
        messages.success(request, _("The export is ready to download."))
    return redirect("exchange:index")


@require_POST
@requires("exports.approve")
def export_decide(request, export_id: int, decision: str):
    try:
        export = access.access_export_request(request.user, export_id)
    except NotFound as error:
        raise Http404 from error
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.export_decide(actor=request.user, export=export, approve=decision == "approve", note=note)
    except GugusError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Approved.") if decision == "approve" else _("Rejected."))
    return redirect("exchange:index")


@require_POST
@requires("exports.identified")
def export_download(request, export_id: int):
    try:
        export = access.access_export_request(request.user, export_id)
        name, content, content_type = services.export_download(actor=request.user, export=export)
    except NotFound as error:
        raise Http404 from error
    except GugusError as error:
        messages.error(request, error.message)
        return redirect("exchange:index")
    return _download(content, name, content_type)


@requires("exchange.handoff")
def handoff(request, case_id: int, victim_id: int):
    try:
        case = access_case(request.user, case_id)
    except NotFound as error:
        raise Http404 from error
    victim = case.roles.filter(pk=victim_id, role="victim").select_related("person", "case__reporting_unit").first()
    if victim is None or case.reporting_unit_id != request.user.unit_id:
        raise Http404
    form = HandoffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record, package = services.handoff_create(
                actor=request.user,
                victim=victim,
                recipient=data["recipient"],
                recipient_country=data["recipient_country"],
                shares=data["shares"],
                consent_given_on=data["consent_given_on"],
                consent_method=data["consent_method"],
                password=data["password"],
            )
        except GugusError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return _download(package, f"gugus-handoff-{record.uuid}.zip", "application/zip")
    return render(request, "exchange/handoff.html", {"form": form, "case": case, "victim": victim})
