"""Function catalogue, authority matrix, analysis, comparison and routing endpoints."""

from __future__ import annotations

from ninja import Router, Schema, Status

from gugus.api.auth import require
from gugus.api.capabilities import capability
from gugus.api.params import Id
from gugus.core.errors import NotFound, ValidationFailed
from gugus.functions import selectors, services
from gugus.functions.models import Assignment, Function
from gugus.functions.routing import route
from gugus.organisations.models import Agency

router = Router(tags=["functions"])


class FunctionOut(Schema):
    code: str
    parent: str | None
    name_id: str
    name_en: str
    description: str
    legal_basis: str
    tiers: list[str]
    is_group: bool
    active: bool


class AssignmentOut(Schema):
    id: int
    function: str
    agency: str
    tier: str
    responsibility: str
    legal_basis: str


class AssignmentIn(Schema):
    function: str
    agency: str
    tier: str
    responsibility: str
    legal_basis: str = ""


class SlotOut(Schema):
    function: str
    tier: str
    letters: dict[str, str]
    overlap: bool
    missing: list[str]


class MatrixOut(Schema):
    structure: str
    status: str
    agencies: list[str]
    slots: list[SlotOut]


def _assignment_out(a: Assignment) -> AssignmentOut:
    return AssignmentOut(
        id=a.id,
        function=a.function.code,
        agency=a.agency.abbreviation,
        tier=a.tier,
        responsibility=a.responsibility,
        legal_basis=a.legal_basis,
    )


@router.get("/catalogue", response=list[FunctionOut])
@capability("functions.view")
def catalogue(request):
    """Every function in tree order, with its stable code."""
    require(request, "functions.view")
    by_id = {}
    out = []
    for f in selectors.catalogue():
        by_id[f.id] = f.code
        out.append(
            FunctionOut(
                code=f.code,
                parent=by_id.get(f.parent_id),
                name_id=f.name_id,
                name_en=f.name_en,
                description=f.description,
                legal_basis=f.legal_basis,
                tiers=[] if f.is_group else f.tiers,
                is_group=f.is_group,
                active=f.active,
            )
        )
    return out


@router.get("/structures/{key}/matrix", response=MatrixOut)
@capability("functions.view")
def matrix(request, key: str, tier: str | None = None):
    """The RACI letters per function and tier, with overlaps and missing letters."""
    require(request, "functions.view")
    structure = selectors.structure_by_key(key)
    built = selectors.matrix(structure)
    names = {a.id: a.abbreviation for a in built.agencies}
    slots = [
        SlotOut(
            function=s.function.code,
            tier=s.tier,
            letters={names[agency_id]: letters for agency_id, letters in s.letters.items()},
            overlap=s.is_overlap,
            missing=s.missing,
        )
        for s in built.slots
        if tier is None or s.tier == tier
    ]
    return MatrixOut(
        structure=structure.key,
        status=structure.status,
        agencies=[a.abbreviation for a in built.columns(tier)],
        slots=slots,
    )


@router.get("/structures/{key}/analysis")
@capability("functions.view")
def analysis(request, key: str):
    """Overlaps, gaps, idle members, load per agency and leanness figures."""
    require(request, "functions.view")
    return selectors.analyse(selectors.structure_by_key(key)).as_dict()


@router.get("/structures/{base}/compare/{draft}")
@capability("functions.view")
def compare(request, base: str, draft: str):
    require(request, "functions.view")
    return selectors.compare(selectors.structure_by_key(base), selectors.structure_by_key(draft)).as_dict()


@router.get("/route")
@capability("functions.view")
def route_endpoint(request, function: str, place: str, structure: str | None = None):
    """The unit that should act for ``function`` in a region code or destination country code."""
    require(request, "functions.view")
    return route(function, place, structure).as_dict()


@router.get("/structures/{key}/assignments", response=list[AssignmentOut])
@capability("functions.view")
def assignments(request, key: str):
    require(request, "functions.view")
    return [_assignment_out(a) for a in selectors.assignments_of(selectors.structure_by_key(key))]


@router.post("/structures/{key}/assignments", response={201: AssignmentOut})
@capability("functions.edit")
def assignment_create(request, key: str, payload: AssignmentIn):
    """Add a letter to a draft structure (national secretariat)."""
    user = require(request, "functions.edit")
    structure = selectors.structure_by_key(key)
    function = Function.objects.filter(code=payload.function).first()
    if function is None:
        raise ValidationFailed(f"unknown function {payload.function}", field="function")
    agency = Agency.objects.filter(abbreviation=payload.agency).first()
    if agency is None:
        raise ValidationFailed(f"unknown agency {payload.agency}", field="agency")
    created = services.assignment_add(
        actor=user,
        structure=structure,
        function=function,
        agency=agency,
        tier=payload.tier,
        responsibility=payload.responsibility,
        legal_basis=payload.legal_basis,
    )
    return Status(201, _assignment_out(created))


@router.delete("/assignments/{assignment_id}", response={204: None})
@capability("functions.edit")
def assignment_delete(request, assignment_id: Id):
    user = require(request, "functions.edit")
    assignment = Assignment.objects.filter(pk=assignment_id).first()
    if assignment is None:
        raise NotFound("no such assignment")
    services.assignment_remove(actor=user, assignment=assignment)
    return Status(204, None)
