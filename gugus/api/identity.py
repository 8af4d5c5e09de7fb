"""Identity and networks for agency systems: the intake check, the review queue, merges and their
undoing, a person's golden record, and the network groups (with GraphML export).

Out of scope answers 404 ``not_found`` exactly like an object that does not exist; a candidate
outside the caller's scope is described by its agency only, never by name.
"""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router, Schema, Status

from gugus.api.auth import require
from gugus.api.capabilities import capability
from gugus.api.params import Id
from gugus.core.errors import NotFound, RateLimited
from gugus.identity import selectors, services
from gugus.identity.access import access_merge, access_review
from gugus.networks import selectors as network_selectors
from gugus.people.access import access_person
from gugus.people.models import Person

router = Router(tags=["identity"])
networks_router = Router(tags=["networks"])


class CheckIn(Schema):
    full_name: str = ""
    kind: str = "individual"
    aliases: list[str] = []
    sex: str = ""
    birth_date: str = ""
    birth_place: str = ""
    nik: str = ""
    phones: list[str] = []
    passport_no: str = ""
    address_region: str = ""


class EvidenceOut(Schema):
    field: str
    level: str
    agrees: bool
    label: str


class CandidateOut(Schema):
    # A record outside the caller's scope is described only by the agency and unit that hold it
    # (ask that unit through a referral): every other field is null or empty.
    person_id: int | None
    full_name: str | None
    agency: str
    unit: str
    unit_name: str
    probability: float | None
    band: str | None
    guarded: bool | None
    keys: list[str]
    evidence: list[EvidenceOut]


class CheckOut(Schema):
    candidates: list[CandidateOut]


def _evidence(items) -> list[dict]:
    return [{"field": e.field, "level": e.level, "agrees": e.agrees, "label": e.label} for e in items]


def _check_row(row) -> dict:
    c = row.candidate
    return {
        "person_id": c.person_id if row.visible else None,
        "full_name": row.name if row.visible else None,
        "agency": row.agency,
        "unit": row.unit,
        "unit_name": row.unit_name,
        "probability": c.probability if row.visible else None,
        "band": c.band if row.visible else None,
        "guarded": c.guarded if row.visible else None,
        "keys": c.keys if row.visible else [],
        "evidence": _evidence(c.evidence) if row.visible else [],
    }


@router.post("/check", response={200: CheckOut, 429: dict})
@capability("cases.create")
def intake_check(request, payload: CheckIn):
    """ "Possibly the same person as …" for a person about to be registered: in scope with the
    evidence; outside it only "a possible match is held by agency X". Rate-limited per user."""
    user = require(request, "cases.create")
    kind = payload.kind if payload.kind in Person.Kind.values else Person.Kind.INDIVIDUAL
    try:
        rows = selectors.intake_check(user, payload.dict(), kind=kind)
    except RateLimited as error:
        return Status(429, {"code": error.code, "message": str(error.message)})
    return {"candidates": [_check_row(r) for r in rows]}


class ReviewOut(Schema):
    id: int
    person_a: int
    person_b: int
    source: str
    status: str
    probability: float
    guarded: bool
    evidence: list[EvidenceOut]
    merge_id: int | None


def _review(pair) -> dict:
    return {
        "id": pair.pk,
        "person_a": pair.person_a_id,
        "person_b": pair.person_b_id,
        "source": pair.source,
        "status": pair.status,
        "probability": pair.probability,
        "guarded": pair.guarded,
        "evidence": _evidence(selectors.evidence_of(pair)),
        "merge_id": pair.merge_id,
    }


@router.get("/reviews", response=list[ReviewOut])
@capability("linkage.review")
def review_list(request, status: str = "pending"):
    user = require(request, "linkage.review")
    return [_review(p) for p in selectors.review_queue(user, status=status)]


class DecisionIn(Schema):
    decision: str
    # a merge ("same") needs confirmed and a reason; choices: {field: person id} whose value survives
    reason: str = ""
    confirmed: bool = False
    choices: dict[str, int] = {}


@router.post("/reviews/{review_id}/decide", response=ReviewOut)
@capability("linkage.review")
def review_decide(request, review_id: Id, payload: DecisionIn):
    user = require(request, "linkage.review")
    pair = access_review(user, review_id)
    return _review(
        services.review_decide(
            actor=user,
            review=pair,
            decision=payload.decision,
            reason=payload.reason,
            confirmed=payload.confirmed,
            choices=payload.choices,
        )
    )


class MergeIn(Schema):
    person_ids: list[int]
    reason: str = ""
    confirmed: bool = False
    choices: dict[str, int] = {}


class MergeOut(Schema):
    id: int
    identity_id: int
    person_ids: list[int]
    undone: bool


def _merge(merge) -> dict:
    return {"id": merge.pk, "identity_id": merge.identity_id, "person_ids": merge.person_ids,
            "undone": merge.undone_at is not None}  # fmt: skip


@router.post("/merges", response=MergeOut)
@capability("linkage.review")
def merge_create(request, payload: MergeIn):
    user = require(request, "linkage.review")
    persons = [access_person(user, pk) for pk in payload.person_ids]
    return _merge(
        services.identity_merge(
            actor=user,
            persons=persons,
            source="manual",
            reason=payload.reason,
            confirmed=payload.confirmed,
            choices=payload.choices,
        )
    )


@router.post("/merges/{merge_id}/undo", response=MergeOut)
@capability("linkage.review")
def merge_undo(request, merge_id: Id):
    user = require(request, "linkage.review")
    return _merge(services.merge_undo(actor=user, merge=access_merge(user, merge_id)))


class GoldenValueOut(Schema):
    value: str  # empty when withheld: a record the caller may not read ("held by" its agency)
    agencies: list[str]
    records: int
    chosen: bool
    withheld: bool


class GoldenFieldOut(Schema):
    field: str
    values: list[GoldenValueOut]


class GoldenOut(Schema):
    identity_id: int | None
    records: int
    fields: list[GoldenFieldOut]


@router.get("/people/{person_id}", response=GoldenOut)
@capability("people.view_personal")
def golden_record(request, person_id: Id):
    """A person's golden record: every value across the identity's records, with its source agencies."""
    user = require(request, "people.view_personal")
    golden = selectors.golden_record(access_person(user, person_id), viewer=user)
    return {
        "identity_id": golden.identity_id,
        "records": len(golden.records),
        "fields": [{"field": name, "values": [v.__dict__ for v in values]} for name, _label, values in golden.fields],
    }


class GroupOut(Schema):
    key: str
    cases: list[int]
    people: int
    suspects: int
    shared: dict[str, int]
    score: int


@networks_router.get("/groups", response=list[GroupOut])
@capability("networks.view")
def groups(request):
    """Groups of two or more cases in scope joined by shared identifiers, ranked."""
    user = require(request, "networks.view")
    return [
        {"key": g.key, "cases": g.cases, "people": len(g.people), "suspects": len(g.suspects), "shared": g.kinds,
         "score": g.score}
        for g in network_selectors.network_of(user).groups
    ]  # fmt: skip


@networks_router.get("/groups/{key}/graph")
@capability("networks.view")
def group_graph(request, key: str):
    user = require(request, "networks.view")
    found = network_selectors.group_graph_read(user, key)
    if found is None:
        raise NotFound("No such group.")
    return found[1]


@networks_router.get("/groups/{key}/graphml")
@capability("networks.view")
def group_graphml(request, key: str):
    user = require(request, "networks.view")
    content = network_selectors.graphml_export(user, key) if key else None
    if content is None:
        raise NotFound("No such group.")
    return HttpResponse(content, content_type="application/graphml+xml")
