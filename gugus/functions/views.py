"""Pages of the authority matrix: the matrix, its print view and XLSX export, the comparison,
routing, the catalogue and the editing of drafts (national secretariat)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gugus.accounts.decorators import requires
from gugus.core.errors import GugusError, NotFound
from gugus.functions import selectors, services
from gugus.functions.export import matrix_workbook
from gugus.functions.forms import AssignmentForm, FunctionForm, RouteForm
from gugus.functions.models import Assignment, Function
from gugus.functions.routing import route
from gugus.organisations.models import StructureVersion, Tier
from gugus.reports.services import export_record


def _selected(request, structures: list[StructureVersion], param: str = "structure") -> StructureVersion | None:
    key = request.GET.get(param)
    if key:
        chosen = next((s for s in structures if s.key == key), None)
        if chosen is None:
            raise Http404
        return chosen
    return next((s for s in structures if s.status == StructureVersion.Status.IN_FORCE), None) or (
        structures[-1] if structures else None
    )


def _tier(request) -> str | None:
    tier = request.GET.get("tier") or None
    if tier is not None and tier not in Tier.values:
        raise Http404
    return tier


def _matrix_context(request):
    structures = selectors.structures_national()
    selected = _selected(request, structures)
    tier = _tier(request)
    context = {"structures": structures, "selected": selected, "tier": tier, "tiers": Tier.choices}
    if selected is None:
        return context
    built = selectors.matrix(selected)
    columns = built.columns(tier)
    labels = dict(Tier.choices)
    rows = []
    for function, slot in built.rows(tier):
        cells = []
        if slot is not None:
            for agency in columns:
                letters = slot.letters.get(agency.id, "")
                cells.append({"agency": agency, "letters": letters, "overlap": slot.is_overlap and "A" in letters})
        tier_label = labels.get(slot.tier, slot.tier) if slot else ""
        rows.append({"function": function, "slot": slot, "cells": cells, "tier_label": tier_label})
    context.update(
        {
            "columns": columns,
            "member_ids": {m.id for m in built.members},
            "rows": rows,
            "analysis": selectors.analyse(selected, built),
            "function_names": {f.code: f.name for f in built.functions},
            "tier_names": labels,
        }
    )
    return context


@requires("functions.view")
def matrix_view(request):
    """The matrix of functions × agencies with RACI letters, overlaps and gaps highlighted."""
    context = _matrix_context(request)
    template = "functions/_matrix.html" if request.headers.get("HX-Target") == "matrix" else "functions/matrix.html"
    return render(request, template, context)


@requires("functions.view")
def matrix_print(request):
    return render(request, "functions/print.html", _matrix_context(request))


@requires("functions.view")
def matrix_export(request):
    structures = selectors.structures_national()
    selected = _selected(request, structures)
    if selected is None:
        raise Http404
    content = matrix_workbook(selectors.matrix(selected))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="matrix-{selected.key}.xlsx"'
    export_record(actor=request.user, what="authority_matrix", target=selected)
    return response


# The analysis's figures by name, as the comparison table labels them.
FIGURE_LABELS = {
    "members": gettext_lazy("Members"),
    "working_members": gettext_lazy("Members with a function"),
    "idle_members": gettext_lazy("Idle members"),
    "functions": gettext_lazy("Functions"),
    "functions_covered": gettext_lazy("Functions covered"),
    "slots": gettext_lazy("Function and tier pairs"),
    "slots_clean": gettext_lazy("Pairs without overlap or gap"),
    "overlaps": gettext_lazy("Overlaps"),
    "gaps": gettext_lazy("Gaps"),
    "functions_per_member": gettext_lazy("Functions per member"),
}


@requires("functions.view")
def compare_view(request):
    structures = selectors.structures_national()
    by_key = {s.key: s for s in structures}
    base_key = request.GET.get("base") or next((s.key for s in structures if s.status == "in_force"), "")
    draft_key = request.GET.get("draft") or next((s.key for s in structures if s.status == "draft"), "")
    context = {"structures": structures, "base_key": base_key, "draft_key": draft_key, "comparison": None}
    if (request.GET.get("base") and base_key not in by_key) or (request.GET.get("draft") and draft_key not in by_key):
        raise Http404
    if base_key in by_key and draft_key in by_key:
        comparison = selectors.compare(by_key[base_key], by_key[draft_key])
        context["comparison"] = comparison
        context["function_names"] = {f.code: f.name for f in Function.objects.all()}
        context["tier_names"] = dict(Tier.choices)
        context["figures"] = [
            (FIGURE_LABELS.get(name, name), value, comparison.draft.figures[name])
            for name, value in comparison.base.figures.items()
        ]
    return render(request, "functions/compare.html", context)


@requires("functions.view")
def route_view(request):
    form = RouteForm(request.GET or None)
    structures = selectors.structures_national()
    selected = _selected(request, structures)
    result = error = None
    if request.GET and form.is_valid() and selected is not None:
        try:
            result = route(form.cleaned_data["function"], form.cleaned_data["place"], selected)
        except GugusError as failure:
            error = failure.message
    return render(
        request,
        "functions/route.html",
        {"form": form, "result": result, "error": error, "structures": structures, "selected": selected},
    )


@requires("functions.view")
def catalogue_view(request):
    return render(request, "functions/catalogue.html", {"functions": selectors.catalogue()})


def _form_error(form, error: GugusError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


@requires("functions.edit")
def function_create_view(request):
    form = FunctionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            function = services.function_create(
                actor=request.user, **{k: v for k, v in form.cleaned_data.items() if k != "active"}
            )
        except GugusError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Function %(code)s added.") % {"code": function.code})
            return redirect("functions:catalogue")
    return render(request, "functions/function_form.html", {"form": form, "function": None})


@requires("functions.edit")
def function_edit_view(request, code: str):
    function = get_object_or_404(Function, code=code)
    initial = {name: getattr(function, name) for name in FunctionForm.base_fields if name != "parent"}
    initial["parent"] = function.parent_id
    form = FunctionForm(request.POST or None, initial=initial, editing=function)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k not in ("code", "parent")}
        try:
            services.function_update(actor=request.user, function=function, **changes)
        except GugusError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Function %(code)s saved.") % {"code": function.code})
            return redirect("functions:catalogue")
    return render(request, "functions/function_form.html", {"form": form, "function": function})


def _structure(key: str) -> StructureVersion:
    try:
        structure = selectors.structure_by_key(key)
    except NotFound as error:
        raise Http404 from error
    if structure.key != key:
        raise Http404
    return structure


@requires("functions.edit")
def assignments_edit(request, key: str):
    structure = _structure(key)
    return render(
        request,
        "functions/edit.html",
        {
            "structure": structure,
            "editable": structure.status == StructureVersion.Status.DRAFT,
            "form": AssignmentForm(initial={"legal_basis": structure.regulation}),
            "assignments": selectors.assignments_of(structure),
            "sources": [s for s in selectors.structures_national() if s.pk != structure.pk],
        },
    )


@require_POST
@requires("functions.edit")
def assignment_add_view(request, key: str):
    structure = _structure(key)
    form = AssignmentForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_add(actor=request.user, structure=structure, **form.cleaned_data)
        except GugusError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Assignment added."))
    else:
        for field, errors in form.errors.items():
            messages.error(
                request, f"{form.fields[field].label if field in form.fields else field}: {' '.join(errors)}"
            )
    return redirect("functions:assignments_edit", key=structure.key)


@require_POST
@requires("functions.edit")
def assignment_remove_view(request, assignment_id: int):
    assignment = get_object_or_404(Assignment.objects.select_related("structure"), pk=assignment_id)
    try:
        services.assignment_remove(actor=request.user, assignment=assignment)
    except GugusError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Assignment removed."))
    return redirect("functions:assignments_edit", key=assignment.structure.key)


@require_POST
@requires("functions.edit")
def assignments_copy_view(request, key: str):
    structure = _structure(key)
    source_key = request.POST.get("source", "")
    try:
        source = selectors.structure_by_key(source_key)
        copied = services.assignments_copy(actor=request.user, source=source, target=structure)
    except GugusError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(count)d assignments copied.") % {"count": copied})
    return redirect(reverse("functions:assignments_edit", kwargs={"key": structure.key}))
