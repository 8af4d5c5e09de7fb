"""The secretariat's side of the portal (behind login, under ``/public-reports/``): the queue of
public reports in its region, triage into a case, a network lead or a closed report; network
leads matched against the networks view; the register of licensed agencies; publication of
flagged identifiers; country advisories.

Reports are reached only through ``access_report`` (404 with an empty body otherwise); opening a
report shows personal data and writes an audit read entry.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseForbidden, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gugus.accounts.decorators import requires
from gugus.core.errors import GugusError, ImportRejected, NotFound
from gugus.organisations.countries import country_name
from gugus.portal import access, importer, selectors, services
from gugus.portal.forms import AdvisoryForm, CloseForm, ProposeForm, RegisterImportForm, ToCaseForm, VersionForm
from gugus.portal.models import Advisory, LicensedAgency, PublicReport


def _not_found():
    return HttpResponseNotFound(b"")


@requires("portal.triage")
def queue(request):
    status = request.GET.get("status", "")
    reports = list(selectors.report_queue(request.user, status=status)[:200])
    return render(
        request,
        "portal/staff/queue.html",
        {"reports": reports, "status": status, "statuses": PublicReport.Status.choices,
         "counts": selectors.report_counts(request.user)},
    )  # fmt: skip


@requires("portal.triage")
def detail(request, report_id):
    try:
        report = selectors.report_read(request.user, report_id)
    except NotFound:
        return _not_found()
    context = {
        "report": report,
        "additions": list(report.additions.all()),
        "destination": country_name(report.destination_country, request.LANGUAGE_CODE)
        if report.destination_country
        else "",
        "to_case": ToCaseForm(initial={"version": report.version}, units=access.handover_units_for(request.user)),
        "close": CloseForm(initial={"version": report.version}),
        "version": report.version,
        "open": report.status in (PublicReport.Status.RECEIVED, PublicReport.Status.HANDLING),
    }
    return render(request, "portal/staff/detail.html", context)


def _act(request, report_id, act):
    try:
        report = access.access_report(request.user, report_id)
    except NotFound:
        return _not_found()
    try:
        act(report)
    except GugusError as error:
        messages.error(request, str(error.message))
    return redirect("portal_staff:detail", report_id=report.pk)


@require_POST
@requires("portal.triage")
def take(request, report_id):
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    return _act(request, report_id, lambda r: services.report_take(actor=request.user, report=r, version=version))


@require_POST
@requires("portal.triage")
def to_case(request, report_id):
    form = ToCaseForm(request.POST, units=access.handover_units_for(request.user))

    def act(report):
        if not form.is_valid():
            raise services.ValidationFailed(_("Choose the unit and at least one exploitation type."))
        unit = access.handover_units_for(request.user).filter(pk=form.cleaned_data["unit"]).first()
        done = services.report_to_case(
            actor=request.user, report=report, unit=unit,
            exploitation_types=form.cleaned_data["exploitation_types"], version=form.cleaned_data["version"],
        )  # fmt: skip
        messages.success(request, _("Case %(number)s opened.") % {"number": done.case.number})

    return _act(request, report_id, act)


@require_POST
@requires("portal.triage")
def to_lead(request, report_id):
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    return _act(request, report_id, lambda r: services.report_to_lead(actor=request.user, report=r, version=version))


@require_POST
@requires("portal.triage")
def close(request, report_id):
    form = CloseForm(request.POST)

    def act(report):
        if not form.is_valid():
            raise services.ValidationFailed(_("Choose a reason."), field="reason")
        services.report_close(
            actor=request.user, report=report, reason=form.cleaned_data["reason"], version=form.cleaned_data["version"]
        )

    return _act(request, report_id, act)


@requires("portal.triage")
def leads(request):
    return render(request, "portal/staff/leads.html", {"matches": selectors.lead_matches(request.user)})


# --- register, publications, advisories ----------------------------------------------------------------


@requires("portal.register")
def register(request):
    if not access.can_maintain_register(request.user):
        return HttpResponseForbidden(_("Your role does not allow this."))
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            done = importer.register_import(
                actor=request.user, content=upload.read(importer.MAX_BYTES + 1), filename=upload.name
            )
        except ImportRejected as rejected:
            errors = rejected.errors
        except GugusError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("%(added)d added, %(updated)d updated.") % done)
            return redirect("portal_staff:register")
    agencies = LicensedAgency.objects.select_related("region")[:500]
    return render(request, "portal/staff/register.html", {"form": form, "errors": errors, "agencies": agencies})


@requires("cases.edit")
def publications(request):
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = access.cases_flaggable_by(request.user).filter(number=form.cleaned_data["case_number"]).first()
        try:
            if case is None:
                raise NotFound(_("No such case."))
            services.publication_propose(
                actor=request.user, case=case, kind=form.cleaned_data["kind"],
                value=form.cleaned_data["value"], label=form.cleaned_data["label"],
            )  # fmt: skip
        except GugusError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Proposed; a supervisor decides before it is published."))
            return redirect("portal_staff:publications")
    items = selectors.publications_read(request.user)
    rows = [(p, access.can_approve_publication(request.user, p)) for p in items]
    return render(request, "portal/staff/publications.html", {"form": form, "rows": rows})


@require_POST
@requires("portal.publish")
def publication_decide(request, publication_id):
    publication = access.publications_visible_to(request.user).filter(pk=publication_id).first()
    if publication is None:
        return _not_found()
    try:
        services.publication_decide(
            actor=request.user, publication=publication, approve=request.POST.get("decision") == "approve"
        )
    except GugusError as error:
        messages.error(request, str(error.message))
    return redirect("portal_staff:publications")


@requires("portal.register")
def advisories(request):
    form = AdvisoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.advisory_set(actor=request.user, **form.cleaned_data)
        except GugusError as error:
            messages.error(request, str(error.message))
        else:
            return redirect("portal_staff:advisories")
    rows = [(a, country_name(a.country, request.LANGUAGE_CODE)) for a in Advisory.objects.all()]
    return render(request, "portal/staff/advisories.html", {"form": form, "rows": rows})
