"""The dashboards, the statistics page, the audit log viewer and the reports to the President."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gugus.accounts.decorators import requires
from gugus.accounts.roles import has_capability
from gugus.audit import selectors as audit_selectors
from gugus.reports import dashboards, selectors, services
from gugus.reports.forms import AuditFilterForm, StatisticsFilterForm


def _filters(request) -> tuple[StatisticsFilterForm, selectors.Filters]:
    form = StatisticsFilterForm(request.GET or None)
    filters = selectors.Filters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(
            year=data["year"], region=data["region"] or "", country=(data["country"] or "").upper()
        )
    return form, filters


def statistics_context(request) -> dict:
    form, filters = _filters(request)
    stats = selectors.statistics(request.user, filters)
    return {
        "form": form if form.is_bound else StatisticsFilterForm(),
        "stats": stats,
        "tiles": selectors.province_map(stats.origin) if not filters.region else [],
        "charts": {
            "month": stats.by_month.as_chart(),
            "year": stats.by_year.as_chart(),
            "destination": stats.destination.as_chart(),
            "exploitation": stats.exploitation.as_chart(),
        },
    }


def home_dashboard(request):
    """The signed-in user's home page: their role's work dashboard (called by ``core.views.home``)."""
    user = request.user
    board = dashboards.dashboard_for(user)
    context = {"board": board}
    if board["kind"] == "analyst":
        context.update(statistics_context(request))
    elif board["kind"] == "auditor":
        context.update(audit_context(request, limit_entries=10))
    return render(request, "reports/dashboard.html", context)


@requires("analytics.view")
def statistics(request):
    return render(request, "reports/statistics.html", statistics_context(request))


def audit_context(request, *, limit_entries: int | None = None) -> dict:
    form = AuditFilterForm(request.GET or None)
    filters = audit_selectors.AuditFilters()
    person = None
    page = 1
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = audit_selectors.AuditFilters(
            actor=data["actor"].strip(),
            object_type=data["object_type"].strip(),
            object_id=data["object_id"].strip(),
            action=data["action"].strip(),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
        person = data["person"]
        page = data["page"] or 1
    entries, has_next = audit_selectors.audit_log(request.user, filters, page=page)
    if limit_entries:
        entries, has_next = entries[:limit_entries], False
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "audit_form": form if form.is_bound else AuditFilterForm(),
        "entries": entries,
        "page": page,
        "has_next": has_next,
        "query": query.urlencode(),
        "person": person,
        "viewers": audit_selectors.who_viewed_person(request.user, person) if person else None,
        "exports": audit_selectors.exports_made(request.user),
        "verification": audit_selectors.last_verification(request.user),
        "actions": audit_selectors.action_names(request.user),
        "break_glass": _break_glass(request.user),
        "now": timezone.now(),
    }


def _break_glass(user):
    from gugus.cases.break_glass import break_glass_grants

    return break_glass_grants(user)


@requires("audit.view")
def audit_log(request):
    return render(request, "reports/audit.html", audit_context(request))


@requires("audit.view")
@require_POST
def audit_verify(request):
    services.audit_chain_verify(actor=request.user)
    return redirect("reports:audit")


def may_have_dashboard(user) -> bool:
    return has_capability(user, "shell.view") and bool(getattr(user, "role", ""))


def not_found():
    raise Http404


# --- reports to the President ----------------------------------------------------------------------


def _runs(user):
    from gugus.reports.models import ReportRun

    return ReportRun.objects.filter(requested_by=user)


@requires("reports.view")
def annual(request):
    """Ask for a report; the list of one's reports with their progress and the files to download."""
    from django.contrib import messages
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from gugus.core.errors import ValidationFailed
    from gugus.reports.forms import ReportRequestForm

    form = ReportRequestForm(
        request.POST or None, initial={"year": timezone.localdate().year - 1, "language": request.LANGUAGE_CODE}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_request(
                actor=request.user,
                year=data["year"],
                five_year=data["five_year"],
                language=data["language"],
                fmt=data["format"],
            )
        except ValidationFailed as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The report is being prepared; this page shows its progress."))
            return redirect("reports:annual")
    runs = list(_runs(request.user)[:20])
    pending = any(r.status in ("queued", "running") for r in runs)
    template = "reports/_runs.html" if request.headers.get("HX-Request") else "reports/annual.html"
    return render(request, template, {"form": form, "runs": runs, "pending": pending})


@requires("reports.view")
def annual_download(request, run_id: int):
    from django.http import FileResponse

    run = _runs(request.user).filter(pk=run_id, status="done").first()
    if run is None or not run.file:
        raise Http404
    services.report_download_record(actor=request.user, run=run)
    name = f"laporan-{'lima-tahunan' if run.kind == 'five_year' else 'tahunan'}-{run.year}-{run.language}.{run.format}"
    return FileResponse(run.file.open("rb"), as_attachment=True, filename=name)
