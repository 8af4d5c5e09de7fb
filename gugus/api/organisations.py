"""Organisation registry endpoints."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from gugus.api.auth import require
from gugus.api.capabilities import capability
from gugus.api.params import Date
from gugus.core.errors import NotFound
from gugus.organisations import selectors
from gugus.organisations.models import Agency, Region, StructureVersion

router = Router(tags=["organisations"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None


class AgencyOut(Schema):
    id: int
    abbreviation: str
    official_name: str
    kind: str
    valid_from: Date | None
    valid_to: Date | None
    is_current: bool
    uncertain: bool


class UnitOut(Schema):
    code: str
    name: str
    agency: str
    kind: str
    region_code: str | None
    country: str


class MemberOut(Schema):
    agency: str
    official_name: str
    position: str
    illustrative: bool
    outdated: bool


class StructureOut(Schema):
    key: str
    name: str
    status: str
    regulation: str
    effective_from: Date | None
    members: list[MemberOut]


def _agency_out(a: Agency) -> AgencyOut:
    return AgencyOut(
        id=a.id,
        abbreviation=a.abbreviation,
        official_name=a.official_name,
        kind=a.kind,
        valid_from=a.valid_from,
        valid_to=a.valid_to,
        is_current=a.is_current,
        uncertain=a.uncertain,
    )


@router.get("/regions", response=list[RegionOut])
@capability("organisations.view")
def list_regions(request, level: str | None = None, parent: str | None = None):
    """Kemendagri regions, filtered by level or parent code."""
    require(request, "organisations.view")
    qs = Region.objects.all()
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent_id=parent)
    return [RegionOut(code=r.code, name=r.name, level=r.level, parent_code=r.parent_id) for r in qs[:10000]]


@router.get("/agencies", response=list[AgencyOut])
@capability("organisations.view")
def list_agencies(request, current_only: bool = False):
    require(request, "organisations.view")
    qs = selectors.current_agencies() if current_only else Agency.objects.all()
    return [_agency_out(a) for a in qs.prefetch_related("successions")]


@router.get("/agencies/current", response=list[AgencyOut])
@capability("organisations.view")
def agency_current(request, name: str, on: Date | None = None):
    """What the agency called ``name`` (on ``on``) is called today."""
    require(request, "organisations.view")
    agencies = selectors.agency_current_names(name, on=on)
    if not agencies:
        raise NotFound("Unknown agency.")
    return [_agency_out(a) for a in agencies]


@router.get("/units", response=list[UnitOut])
@capability("organisations.view")
def list_units(request, agency: str | None = None):
    require(request, "organisations.view")
    return [
        UnitOut(
            code=u.code,
            name=u.name,
            agency=u.agency.abbreviation,
            kind=u.kind,
            region_code=u.region_id,
            country=u.country,
        )
        for u in selectors.units_list(agency)
    ]


@router.get("/structures/{key}", response=StructureOut)
@capability("organisations.view")
def structure_detail(request, key: str):
    require(request, "organisations.view")
    structure = get_object_or_404(StructureVersion, key=key, task_force__tier="national")
    graph = selectors.succession_graph()
    members = [
        MemberOut(
            agency=m.agency.abbreviation,
            official_name=m.agency.official_name,
            position=m.position,
            illustrative=m.illustrative,
            outdated=selectors.membership_is_outdated(m, graph=graph),
        )
        for m in selectors.structure_members(structure)
    ]
    return StructureOut(
        key=structure.key,
        name=structure.name,
        status=structure.status,
        regulation=structure.regulation,
        effective_from=structure.effective_from,
        members=members,
    )


@router.get("/structures/{base}/compare/{draft}")
@capability("organisations.view")
def structure_compare(request, base: str, draft: str):
    require(request, "organisations.view")
    base_s = get_object_or_404(StructureVersion, key=base, task_force__tier="national")
    draft_s = get_object_or_404(StructureVersion, key=draft, task_force__tier="national")
    return selectors.structure_compare(base_s, draft_s).as_dict()
