"""Pages of budgets: lines, a line with its history and flows, import, analysis with charts."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gugus.accounts.decorators import requires
from gugus.budgets import access, exports, importer, selectors, services
from gugus.budgets.forms import FlowForm, ImportForm, LineForm, RealisationForm, RevisionForm
from gugus.budgets.models import BudgetLine, Source
from gugus.core.errors import GugusError, ImportRejected, NotFound
from gugus.organisations.models import Tier
from gugus.reports.services import export_record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get(fn, *args):
    try:
        return fn(*args)
    except NotFound as error:
        raise Http404 from error


def _year(request, user) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        years = selectors.fiscal_years(user)
        return years[0] if years else dt.date.today().year


@requires("budgets.view")
def line_list(request):
    year = _year(request, request.user)
    lines = selectors.lines_with_totals(request.user, year).order_by("tier", "region_id", "id")
    source = request.GET.get("source", "")
    if source in Source.values:
        lines = lines.filter(source=source)
    tier = request.GET.get("tier", "")
    if tier in Tier.values:
        lines = lines.filter(tier=tier)
    lines = list(lines[:2000])
    return render(
        request,
        "budgets/list.html",
        {
            "lines": lines,
            "year": year,
            "years": selectors.fiscal_years(request.user),
            "total": selectors.totals(lines),
            "sources": Source.choices,
            "tiers": Tier.choices,
            "source": source,
            "tier": tier,
            "can_edit": bool(access.holders_editable_by(request.user)),
        },
    )


@requires("budgets.view")
def line_detail(request, line_id: int):
    line = _get(access.access_line, request.user, line_id)
    line = selectors.lines_with_totals(request.user).get(pk=line.pk)
    can_edit = access.lines_editable_by(request.user).filter(pk=line.pk).exists()
    context = {
        "line": line,
        "own": selectors.own_allocation(line),
        "absorption": selectors.ratio(line.realised, selectors.own_allocation(line)),
        "revisions": line.revisions.all(),
        "realisations": line.realisations.all(),
        "upstream": selectors.flow_upstream(request.user, line),
        "downstream": selectors.flow_downstream(request.user, line),
        "holder_code": services.holder_code(line.holder),
        "can_edit": can_edit,
    }
    if can_edit:
        context.update(revision_form=RevisionForm(), realisation_form=RealisationForm(), flow_form=FlowForm())
    return render(request, "budgets/detail.html", context)


def _holder_choices(user):
    return [(services.holder_code(h), str(h)) for h in access.holders_editable_by(user)]


def _function_choices():
    from gugus.functions.models import Function

    return [(f.code, f.name) for f in Function.objects.filter(active=True)]


@requires("budgets.edit")
def line_create(request):
    form = LineForm(request.POST or None, holders=_holder_choices(request.user), functions=_function_choices())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        from gugus.functions.models import Function

        data["holder"] = services.holder_resolve(data["holder"])
        data["function"] = Function.objects.filter(code=data["function"]).first() if data["function"] else None
        try:
            line = services.line_create(actor=request.user, **data)
        except GugusError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("Budget line recorded."))
            return redirect("budgets:detail", line_id=line.pk)
    return render(request, "budgets/form.html", {"form": form, "title": _("New budget line")})


def _field_message(form, field: str | None, errors) -> str:
    """An error as people read it: the field's label, not its name ("Tanggal: ...", never "spent_on: ...")."""
    text = " ".join(str(e) for e in errors)
    if field and field in form.fields:
        return f"{form.fields[field].label}: {text}"
    return text


def _post_on_line(request, line_id, form_class, call, success):
    line = _get(access.access_line_for_edit, request.user, line_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(line, form.cleaned_data)
        except GugusError as error:
            messages.error(request, _field_message(form, error.field, [str(error.message)]))
        else:
            messages.success(request, success)
    else:
        for field, errors in form.errors.items():
            messages.error(request, _field_message(form, field, errors))
    return redirect("budgets:detail", line_id=line.pk)


@require_POST
@requires("budgets.edit")
def line_revise(request, line_id: int):
    return _post_on_line(
        request,
        line_id,
        RevisionForm,
        lambda line, d: services.line_revise(actor=request.user, line=line, **d),
        _("Revision recorded; the earlier allocation stays in the history."),
    )


@require_POST
@requires("budgets.edit")
def realisation_add(request, line_id: int):
    return _post_on_line(
        request,
        line_id,
        RealisationForm,
        lambda line, d: services.realisation_record(actor=request.user, line=line, **d),
        _("Spending recorded."),
    )


@require_POST
@requires("budgets.edit")
def flow_add(request, line_id: int):
    def call(line, data):
        source = access.lines_visible_to(request.user).filter(pk=data["source"]).first()
        if source is None:
            raise NotFound(_("Funding line not found."))
        services.flow_record(actor=request.user, source=source, target=line, amount=data["amount"], note=data["note"])

    return _post_on_line(request, line_id, FlowForm, call, _("Flow recorded."))


@requires("budgets.edit")
def import_view(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = rejected = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            form.add_error("file", _("The file is larger than 10 MB."))
        else:
            try:
                result = importer.import_file(
                    actor=request.user, content=upload.read(), filename=upload.name, kind=form.cleaned_data["kind"]
                )
            except ImportRejected as error:
                rejected = error.errors
    status = 422 if rejected else 200
    return render(request, "budgets/import.html", {"form": form, "result": result, "rejected": rejected}, status=status)


@requires("budgets.edit")
def import_template(request):
    response = HttpResponse(importer.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="gugus-anggaran-template.xlsx"'
    return response


@requires("budgets.view")
def analysis(request):
    year = _year(request, request.user)
    lines = list(selectors.lines_with_totals(request.user, year))
    tables = {by: selectors.absorption(lines, by) for by in selectors.DIMENSIONS}
    titles = {
        "agency": _("By agency"),
        "function": _("By function"),
        "region": _("By region"),
        "tier": _("By tier"),
        "source": _("By source of funds"),
    }
    return render(
        request,
        "budgets/analysis.html",
        {
            "year": year,
            "years": selectors.fiscal_years(request.user),
            "tables": [(by, titles[by], tables[by]) for by in selectors.DIMENSIONS],
            "total": selectors.totals(lines),
            "split": selectors.centre_region_split(lines),
            "gaps": selectors.functions_without_budget(request.user, year),
            "without_budget": selectors.task_forces_without_budget(request.user, year),
            "function_chart": selectors.chart_data(tables["function"]),
            "source_chart": selectors.source_by_tier(lines),
            "sankey": selectors.sankey(lines),
        },
    )


@requires("budgets.view")
def analysis_xlsx(request):
    year = _year(request, request.user)
    response = HttpResponse(exports.analysis_xlsx(request.user, year), content_type=XLSX)
    export_record(actor=request.user, what="budget_analysis", data={"fiscal_year": year})
    response["Content-Disposition"] = f'attachment; filename="anggaran-{year}.xlsx"'
    return response


def line_label(line: BudgetLine) -> str:
    return f"#{line.pk} {services.holder_code(line.holder)} {line.title}"
