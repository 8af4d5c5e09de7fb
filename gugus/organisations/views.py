"""Pages of the organisation registry."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gugus.accounts.decorators import requires
from gugus.core.errors import GugusError, NotFound
from gugus.organisations import selectors, services
from gugus.organisations.access import access_membership_for_edit, access_structure_for_edit, structures_editable_by
from gugus.organisations.models import Agency, Membership, StructureVersion, TaskForce, Tier
from gugus.organisations.tilemap import province_tiles
from gugus.regulations.selectors import revision_path


def _national_structures():
    return list(StructureVersion.objects.filter(task_force__tier=Tier.NATIONAL).order_by("effective_from", "id"))


def _regional_assignments(structure):
    """A regional structure's own authority matrix at its tier (None for the national one)."""
    if structure.task_force.tier == Tier.NATIONAL:
        return None
    return structure.assignments.select_related("function", "agency").order_by(
        "function__position", "function__code", "responsibility"
    )


@requires("organisations.view")
def structure(request):
    """A task force's structure in one version, as a tree of positions: the national one, or a
    province's or regency's (``?task_force=<id>``) under its own Pergub/Perbup/SK."""
    task_force = None
    if request.GET.get("task_force"):
        try:
            task_force = TaskForce.objects.select_related("region").get(pk=int(request.GET["task_force"]))
        except (ValueError, TaskForce.DoesNotExist):
            raise Http404 from None
    if task_force is None or task_force.tier == Tier.NATIONAL:
        structures = _national_structures()
    else:
        structures = list(StructureVersion.objects.filter(task_force=task_force).order_by("effective_from", "id"))
    if not structures:
        regional = TaskForce.objects.exclude(tier=Tier.NATIONAL).select_related("region").order_by("tier", "region_id")
        return render(
            request, "organisations/structure.html", {"structures": [], "task_force": task_force, "regional": regional}
        )
    key = request.GET.get("version")
    selected = next((s for s in structures if s.key == key), None)
    if key and selected is None:
        raise Http404
    selected = selected or next((s for s in structures if s.status == "in_force"), structures[-1])
    members = selectors.structure_members(selected)
    # The structure's own secretariat (regional) and the tier rule of the one jurisdiction module.
    editable = (
        selectors.structure_editable(request.user, selected)
        and structures_editable_by(request.user).filter(pk=selected.pk).exists()
    )
    groups: dict[str, list] = {}
    graph = selectors.succession_graph()
    today = dt.date.today()
    for m in members:
        m.current_names = selectors.agency_successors_on(m.agency, today, graph)
        m.outdated = m.current_names != [m.agency]
        groups.setdefault(m.get_position_display(), []).append(m)
    regional = TaskForce.objects.exclude(tier=Tier.NATIONAL).select_related("region").order_by("tier", "region_id")
    context = {
        "structures": structures,
        "selected": selected,
        "groups": groups,
        "member_count": len({m.agency_id for m in members}),
        "regional": regional,
        "sub_task_forces": selected.sub_task_forces.all(),
        "positions": Membership.Position.choices,
        "current_agencies": selectors.current_agencies().order_by("abbreviation"),
        "revision_path": revision_path(selected) if selected.status == StructureVersion.Status.DRAFT else None,
        "task_force": selected.task_force,
        "editable": editable,
        "can_edit": editable and selected.status == "draft",
        "assignments": _regional_assignments(selected),
    }
    template = (
        "organisations/_structure_tree.html"
        if request.headers.get("HX-Target") == "structure-tree"
        else "organisations/structure.html"
    )
    return render(request, template, context)


@requires("organisations.view")
def structure_compare_view(request):
    structures = _national_structures()
    by_key = {s.key: s for s in structures}
    base_key = request.GET.get("base") or next((s.key for s in structures if s.status == "in_force"), "")
    draft_key = request.GET.get("draft") or next((s.key for s in structures if s.status == "draft"), "")
    if base_key not in by_key or draft_key not in by_key:
        return render(request, "organisations/compare.html", {"structures": structures, "comparison": None})
    comparison = selectors.structure_compare(by_key[base_key], by_key[draft_key])
    return render(
        request,
        "organisations/compare.html",
        {"structures": structures, "comparison": comparison, "base_key": base_key, "draft_key": draft_key},
    )


def _editable_structure(user, structure_id) -> StructureVersion:
    """A structure of the user's own tier (404 for others, as for a missing one)."""
    try:
        return access_structure_for_edit(user, structure_id)
    except NotFound:
        raise Http404 from None


@require_POST
@requires("organisations.edit")
def structure_apply_current_names_view(request, structure_id: int):
    structure = _editable_structure(request.user, structure_id)
    try:
        changes = services.structure_apply_current_names(actor=request.user, structure=structure)
    except GugusError as error:
        messages.error(request, error.message)
    else:
        if changes:
            messages.success(
                request, _("%(count)d outdated members replaced by their current names.") % {"count": len(changes)}
            )
        else:
            messages.info(request, _("Every member already carries its current name."))
    return redirect(f"/organisations/structure/?version={structure.key}")


@require_POST
@requires("organisations.edit")
def membership_add_view(request, structure_id: int):
    """Add an agency to a draft structure in a position."""
    structure = _editable_structure(request.user, structure_id)
    agency = Agency.objects.filter(pk=request.POST.get("agency") or 0).first()
    try:
        if agency is None:
            raise GugusError(_("Choose an agency."), field="agency")
        services.membership_add(
            actor=request.user, structure=structure, agency=agency, position=request.POST.get("position", "")
        )
    except GugusError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(agency)s added.") % {"agency": agency.abbreviation})
    return redirect(f"/organisations/structure/?version={structure.key}")


@require_POST
@requires("organisations.edit")
def membership_remove_view(request, membership_id: int):
    """Remove a member from a draft structure."""
    try:
        membership = access_membership_for_edit(request.user, membership_id)
    except NotFound:
        raise Http404 from None
    key = membership.structure.key
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except GugusError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Member removed."))
    return redirect(f"/organisations/structure/?version={key}")


@requires("organisations.view")
def agencies(request):
    show = request.GET.get("show", "all")
    qs = Agency.objects.prefetch_related("successions__successor", "predecessions__predecessor")
    rows = list(qs)
    if show == "current":
        rows = [a for a in rows if a.valid_to is None and not a.successions.all()]
    elif show == "former":
        rows = [a for a in rows if a.valid_to is not None or a.successions.all()]
    query = (request.GET.get("q") or "").strip()
    resolved = selectors.agency_current_names(query) if query else None
    return render(
        request, "organisations/agencies.html", {"agencies": rows, "show": show, "query": query, "resolved": resolved}
    )


@requires("organisations.view")
def agency_detail(request, agency_id: int):
    agency = get_object_or_404(Agency, pk=agency_id)
    context = {
        "agency": agency,
        **selectors.agency_history(agency),
        "units": agency.units.select_related("region").order_by("code")[:200],
        "memberships": agency.memberships.select_related("structure").order_by("structure__effective_from"),
    }
    return render(request, "organisations/agency_detail.html", context)


@requires("organisations.view")
def coverage(request):
    rows = selectors.coverage_by_province()
    tiles = province_tiles({r.province.code: r for r in rows})
    formed = sum(1 for r in rows if r.has_task_force)
    regencies = sum(r.regencies_with_task_force for r in rows)
    regency_total = sum(r.regencies_total for r in rows)
    return render(
        request,
        "organisations/coverage.html",
        {"rows": rows, "tiles": tiles, "formed": formed, "regencies": regencies, "regency_total": regency_total},
    )
