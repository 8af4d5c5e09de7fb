"""Identity and networks for agency systems: the intake check, the review queue, merges and their
undoing, a person's golden record, and the network groups (with GraphML export).

Out of scope answers 404 ``not_found`` exactly like an object that does not exist; a candidate
outside the caller's scope is described by its agency only, never by name.
"""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router, Schema

from gugus.api.auth import require
from gugus.api.params import Id
from gugus.audit.services import audit_read
from gugus.core.errors import NotFound
from gugus.identity import selectors, services
from gugus.identity.access import access_merge, access_review
from gugus.identity.views import check_view_context
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
    person_id: int | None  # null when the record is outside the caller's scope
    full_name: str | None
    agency: str
    probability: float
    band: str
    guarded: bool
    keys: list[str]
    evidence: list[EvidenceOut]


class CheckOut(Schema):
    candidates: list[CandidateOut]


def _evidence(items) -> list[dict]:
    return [{"field": e.field, "level": e.level, "agrees": e.agrees, "label": e.label} for e in items]


@router.post("/check", response=CheckOut)
def intake_check(request, payload: CheckIn):
    """ "Possibly the same person as …" for a person about to be registered, with the evidence."""
    user = require(request, "cases.create")
    kind = payload.kind if payload.kind in Person.Kind.values else Person.Kind.INDIVIDUAL
    candidates = selectors.possible_matches(payload.dict(), kind=kind)
    rows = check_view_context(user, candidates)
    if candidates:
        audit_read(
            actor=user,
            target=("identity.check", len(candidates)),
            purpose="identity_check",
            fields=["full_name"] if any(r["visible"] for r in rows) else [],
        )
    return {
        "candidates": [
            {
                "person_id": r["candidate"].person_id if r["visible"] else None,
                "full_name": r["name"] if r["visible"] else None,
                "agency": r["candidate"].agency,
                "probability": r["candidate"].probability,
                "band": r["candidate"].band,
                "guarded": r["candidate"].guarded,
                "keys": r["candidate"].keys,
                "evidence": _evidence(r["candidate"].evidence),
            }
            for r in rows
        ]
    }


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
def review_list(request, status: str = "pending"):
    user = require(request, "linkage.review")
    return [_review(p) for p in selectors.review_queue(user, status=status)]


class DecisionIn(Schema):
    decision: str


@router.post("/reviews/{review_id}/decide", response=ReviewOut)
def review_decide(request, review_id: Id, payload: DecisionIn):
    user = require(request, "linkage.review")
    pair = access_review(user, review_id)
    return _review(services.review_decide(actor=user, review=pair, decision=payload.decision))


class MergeIn(Schema):
    person_ids: list[int]


class MergeOut(Schema):
    id: int
    identity_id: int
    person_ids: list[int]
    undone: bool


def _merge(merge) -> dict:
    return {"id": merge.pk, "identity_id": merge.identity_id, "person_ids": merge.person_ids,
            "undone": merge.undone_at is not None}  # fmt: skip


@router.post("/merges", response=MergeOut)
def merge_create(request, payload: MergeIn):
    user = require(request, "linkage.review")
    persons = [access_person(user, pk) for pk in payload.person_ids]
    return _merge(services.identity_merge(actor=user, persons=persons, source="manual"))


@router.post("/merges/{merge_id}/undo", response=MergeOut)
def merge_undo(request, merge_id: Id):
    user = require(request, "linkage.review")
    return _merge(services.merge_undo(actor=user, merge=access_merge(user, merge_id)))


class GoldenValueOut(Schema):
    value: str
    agencies: list[str]
    records: int
    chosen: bool


class GoldenFieldOut(Schema):
    field: str
    values: list[GoldenValueOut]


class GoldenOut(Schema):
    identity_id: int | None
    records: int
    fields: list[GoldenFieldOut]


@router.get("/people/{person_id}", response=GoldenOut)
def golden_record(request, person_id: Id):
    """A person's golden record: every value across the identity's records, with its source agencies."""
    user = require(request, "people.view_personal")
    golden = selectors.golden_record(access_person(user, person_id))
    audit_read(actor=user, target=("identity.person", person_id), purpose="identity",
               fields=[n for n, _l, v in golden.fields if v])  # fmt: skip
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
def groups(request):
    """Groups of two or more cases in scope joined by shared identifiers, ranked."""
    user = require(request, "networks.view")
    return [
        {"key": g.key, "cases": g.cases, "people": len(g.people), "suspects": len(g.suspects), "shared": g.kinds,
         "score": g.score}
        for g in network_selectors.network_of(user).groups
    ]  # fmt: skip


@networks_router.get("/groups/{key}/graph")
def group_graph(request, key: str):
    user = require(request, "networks.view")
    found = network_selectors.group_of(user, key)
    if found is None:
        raise NotFound("No such group.")
    group, network = found
    personal = require_personal(user)
    if personal:
        audit_read(actor=user, target=("networks.group", key), purpose="network", fields=["full_name"])
    return network_selectors.group_graph(user, group, network, personal=personal)


@networks_router.get("/groups/{key}/graphml")
def group_graphml(request, key: str):
    user = require(request, "networks.view")
    found = network_selectors.group_of(user, key)
    if found is None:
        raise NotFound("No such group.")
    group, network = found
    personal = require_personal(user)
    audit_read(actor=user, target=("networks.export", key), purpose="network_export",
               fields=["full_name"] if personal else [])  # fmt: skip
    graph = network_selectors.group_graph(user, group, network, personal=personal)
    return HttpResponse(network_selectors.graphml([(key, graph)]), content_type="application/graphml+xml")


def require_personal(user) -> bool:
    from gugus.accounts.roles import has_capability

    return has_capability(user, "people.view_personal")
