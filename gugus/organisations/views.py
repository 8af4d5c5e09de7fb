"""Pages of the organisation registry."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gugus.accounts.decorators import requires
from gugus.accounts.roles import has_capability
from gugus.core.errors import GugusError, NotFound, ValidationFailed
from gugus.meetings.access import structure_editable_by
from gugus.organisations import selectors, services
from gugus.organisations.access import access_membership_for_edit, access_structure_for_edit, structures_editable_by
from gugus.organisations.jurisdiction import can_edit_task_force, in_region
from gugus.organisations.models import Agency, AgencyUnit, Membership, StructureVersion, TaskForce, Tier
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


def _structure_page(request, task_force, key, *, errors=None, values=None, status=200):
    """Render a task force's structure page in the version ``key`` (the in-force one by default),
    with the field errors and entered values of a refused form."""
    if task_force is None or task_force.tier == Tier.NATIONAL:
        structures = _national_structures()
    else:
        structures = list(StructureVersion.objects.filter(task_force=task_force).order_by("effective_from", "id"))
    regional = TaskForce.objects.exclude(tier=Tier.NATIONAL).select_related("region").order_by("tier", "region_id")
    own_secretariat = (
        task_force is not None
        and task_force.tier != Tier.NATIONAL
        and structure_editable_by(request.user, StructureVersion(task_force=task_force))
        and can_edit_task_force(request.user, task_force.pk, "organisations.edit")
    )
    base = {
        "task_force": task_force,
        "regional": regional,
        "errors": errors or {},
        "values": values or {},
        "can_create_draft": own_secretariat,
    }
    if not structures:
        return render(request, "organisations/structure.html", {"structures": [], **base}, status=status)
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
    is_draft = selected.status == StructureVersion.Status.DRAFT
    path = revision_path(selected) if is_draft else None
    context = {
        **base,
        "structures": structures,
        "selected": selected,
        "groups": groups,
        "member_count": len({m.agency_id for m in members}),
        "sub_task_forces": selected.sub_task_forces.all(),
        "positions": Membership.Position.choices,
        "current_agencies": selectors.current_agencies().order_by("abbreviation"),
        "revision_path": path,
        "task_force": selected.task_force,
        "editable": editable,
        "can_edit": editable and is_draft,
        "assignments": _regional_assignments(selected),
        "regional_units": _regional_units(selected.task_force) if editable and is_draft else None,
        "revision_form": _revision_form(request.user, selected, path) if is_draft else None,
        "can_create_draft": own_secretariat and selected.task_force.tier != Tier.NATIONAL,
    }
    template = (
        "organisations/_structure_tree.html"
        if request.headers.get("HX-Target") == "structure-tree"
        else "organisations/structure.html"
    )
    return render(request, template, context, status=status)


def _regional_units(task_force):
    """The active units in a regional task force's region, by name: the members it may choose."""
    if task_force.tier == Tier.NATIONAL or not task_force.region_id:
        return None
    return (
        AgencyUnit.objects.filter(in_region("region__code", task_force.region_id), active=True, country="")
        .select_related("agency")
        .order_by("name")
    )


def _revision_form(user, structure, path):
    """The form of a draft's next step, for its task force's secretariat; None when there is none."""
    from gugus.meetings.models import Agreement, Meeting
    from gugus.regulations.models import RegulationVersion, RevisionStep

    nxt = next((item for item in path if item["is_next"]), None)
    if nxt is None or not has_capability(user, "regulations.edit"):
        return None
    if not can_edit_task_force(user, structure.task_force_id, "meetings.edit") or not structure_editable_by(
        user, structure
    ):
        return None
    stage = nxt["stage"]
    kind = {
        RevisionStep.Stage.RAKOR_FINALISED: Meeting.Kind.RAKOR,
        RevisionStep.Stage.RTM_APPROVED: Meeting.Kind.MINISTERIAL,
    }
    form = {
        "stage": stage,
        "label": nxt["label"],
        "meetings": None,
        "agreements": None,
        "texts": None,
        "agencies": None,
        "needs_reference": stage != RevisionStep.Stage.RAKOR_FINALISED,
    }
    if stage in kind:
        form["meetings"] = Meeting.objects.filter(task_force=structure.task_force, kind=kind[stage]).order_by(
            "-held_on"
        )
    if stage == RevisionStep.Stage.RTM_APPROVED:
        form["agreements"] = (
            Agreement.objects.filter(meeting__in=form["meetings"])
            .select_related("meeting")
            .order_by("meeting", "number")
        )
        form["texts"] = RegulationVersion.objects.filter(kind=RegulationVersion.Kind.DRAFT).select_related("regulation")
        form["agencies"] = selectors.current_agencies().order_by("abbreviation")
    return form


def _task_force_param(request):
    if not request.GET.get("task_force"):
        return None
    try:
        return TaskForce.objects.select_related("region").get(pk=int(request.GET["task_force"]))
    except (ValueError, TaskForce.DoesNotExist):
        raise Http404 from None


def _structure_url(structure) -> str:
    url = f"/organisations/structure/?version={structure.key}"
    if structure.task_force.tier != Tier.NATIONAL:
        url += f"&task_force={structure.task_force_id}"
    return url


def _refused(request, structure, error: GugusError, values):
    """The structure page again, with the error beside its field (400); nothing was written."""
    return _structure_page(
        request,
        structure.task_force,
        structure.key,
        errors={error.field or "form": error.message},
        values=values,
        status=400,
    )


@requires("organisations.view")
def structure(request):
    """A task force's structure in one version, as a tree of positions: the national one, or a
    province's or regency's (``?task_force=<id>``) under its own Pergub/Perbup/SK."""
    return _structure_page(request, _task_force_param(request), request.GET.get("version"))


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
    return redirect(_structure_url(structure))


@require_POST
@requires("organisations.edit")
def membership_add_view(request, structure_id: int):
    """Add an agency to a draft structure in a position; in a regional task force, one of the units
    in its region, chosen by name (the unit names its agency)."""
    structure = _editable_structure(request.user, structure_id)
    values = {
        "agency": request.POST.get("agency", ""),
        "unit": request.POST.get("unit", ""),
        "position": request.POST.get("position", ""),
    }
    unit = None
    try:
        if values["unit"]:
            regional = _regional_units(structure.task_force)
            unit = regional.filter(pk=_int(values["unit"])).first() if regional is not None else None
            if unit is None:
                raise ValidationFailed(_("Choose a unit in this task force's region."), field="unit")
            agency = unit.agency
        else:
            agency = Agency.objects.filter(pk=_int(values["agency"])).first()
            if agency is None:
                field = "unit" if structure.task_force.tier != Tier.NATIONAL else "agency"
                raise ValidationFailed(_("Choose an agency."), field=field)
        services.membership_add(
            actor=request.user, structure=structure, agency=agency, position=values["position"], unit=unit
        )
    except NotFound:
        raise Http404 from None
    except GugusError as error:
        return _refused(request, structure, error, values)
    messages.success(request, _("%(member)s added.") % {"member": unit.name if unit else agency.abbreviation})
    return redirect(_structure_url(structure))


@require_POST
@requires("organisations.edit")
def membership_remove_view(request, membership_id: int):
    """Remove a member from a draft structure."""
    try:
        membership = access_membership_for_edit(request.user, membership_id)
    except NotFound:
        raise Http404 from None
    structure = membership.structure
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except NotFound:
        raise Http404 from None
    except GugusError as error:
        return _refused(request, structure, error, {})
    messages.success(request, _("Member removed."))
    return redirect(_structure_url(structure))


@require_POST
@requires("organisations.edit")
def structure_draft_create_view(request, task_force_id: int):
    """A regional task force's secretariat opens a draft structure under its Pergub/Perbup/SK and date."""
    task_force = TaskForce.objects.select_related("region").filter(pk=_int(task_force_id)).first()
    if (
        task_force is None
        or task_force.tier == Tier.NATIONAL
        or not structure_editable_by(request.user, StructureVersion(task_force=task_force))
        or not can_edit_task_force(request.user, task_force.pk, "organisations.edit")
    ):
        raise Http404
    values = {key: request.POST.get(key, "").strip() for key in ("name", "regulation", "signed_on", "note")}
    in_force = StructureVersion.objects.filter(task_force=task_force, status=StructureVersion.Status.IN_FORCE).first()
    try:
        if not values["name"]:
            raise ValidationFailed(_("Give the draft a name."), field="name")
        if not values["regulation"]:
            raise ValidationFailed(
                _("Name the regulation it is drafted as (Pergub, Perbup, Perwali or SK and its number)."),
                field="regulation",
            )
        signed_on = None
        if values["signed_on"]:
            try:
                signed_on = dt.date.fromisoformat(values["signed_on"])
            except ValueError:
                raise ValidationFailed(_("Write the date as YYYY-MM-DD."), field="signed_on") from None
        structure = services.structure_create(
            actor=request.user,
            task_force=task_force,
            key=_draft_key(task_force, values["regulation"]),
            name=values["name"][:200],
            status=StructureVersion.Status.DRAFT,
            regulation=values["regulation"][:200],
            signed_on=signed_on,
            based_on=in_force,
            note=values["note"],
        )
    except NotFound:
        raise Http404 from None
    except GugusError as error:
        return _structure_page(
            request, task_force, None, errors={error.field or "form": error.message}, values=values, status=400
        )
    messages.success(request, _("Draft %(name)s opened.") % {"name": structure.name})
    return redirect(_structure_url(structure))


def _draft_key(task_force, regulation: str) -> str:
    """A free key for a new draft, from its regulation's words (the command line's short name)."""
    stem = slugify(regulation)[:30].strip("-") or "draft"
    key, n = stem, 1
    while StructureVersion.objects.filter(task_force=task_force, key=key).exists():
        n += 1
        key = f"{stem}-{n}"
    return key


@require_POST
@requires("regulations.edit")
def revision_step_view(request, structure_id: int):
    """Record a draft's next step on its revision path (by the secretariat of its task force)."""
    from gugus.meetings.models import Agreement, Meeting
    from gugus.regulations.models import RegulationVersion
    from gugus.regulations.services import revision_step_record

    try:
        structure = access_structure_for_edit(request.user, structure_id)
    except NotFound:
        raise Http404 from None
    if not can_edit_task_force(request.user, structure.task_force_id, "meetings.edit") or not structure_editable_by(
        request.user, structure
    ):
        raise Http404
    post = request.POST
    values = {key: post.get(key, "").strip() for key in ("stage", "on", "meeting", "agreement", "text", "reference")}
    values["approved_by"] = [v for v in post.getlist("approved_by") if v]
    meeting = Meeting.objects.filter(task_force=structure.task_force, pk=_int(values["meeting"])).first()
    agreement = Agreement.objects.filter(meeting__task_force=structure.task_force, pk=_int(values["agreement"])).first()
    text = RegulationVersion.objects.filter(pk=_int(values["text"])).first()
    approvers = list(selectors.current_agencies().filter(pk__in=[_int(v) for v in values["approved_by"]]))
    try:
        if values["meeting"] and meeting is None:
            raise ValidationFailed(_("Choose the meeting of this task force where it was decided."), field="meeting")
        if len(approvers) != len(set(values["approved_by"])):
            raise ValidationFailed(_("Choose the ministries from the list."), field="approved_by")
        if meeting is not None and not values["on"]:
            values["on"] = meeting.held_on.isoformat()
        step = revision_step_record(
            actor=request.user,
            structure=structure,
            stage=values["stage"],
            on=values["on"],
            meeting=meeting,
            agreement=agreement,
            text=text,
            approved_by=approvers,
            reference=values["reference"],
        )
    except NotFound:
        raise Http404 from None
    except GugusError as error:
        return _refused(request, structure, error, values)
    messages.success(request, _("Recorded: %(stage)s.") % {"stage": step.get_stage_display()})
    structure.refresh_from_db()
    return redirect(_structure_url(structure))


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


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
