"""The legal track for agency systems (Polri, Kejaksaan): a track, its stages and deadlines, recording a
stage; the per-country and per-compound figures. The same access functions and services as the pages:
out of scope answers 404 ``not_found``."""

from __future__ import annotations

from ninja import Router, Schema, Status

from gugus.accounts.roles import has_capability
from gugus.api.auth import require
from gugus.api.capabilities import capability
from gugus.legal import access, selectors, services

router = Router(tags=["legal"])


class StepOut(Schema):
    kind: str
    on: str
    reference: str
    recorded_by: str | None


class DeadlineOut(Schema):
    after: str
    due_on: str
    source: str
    met_on: str | None


class SuspectOut(Schema):
    id: int
    full_name: str | None  # null without the right to personal data
    status: str
    articles: list[str]


class TrackOut(Schema):
    id: int
    case_id: int
    report_number: str
    stage: str
    version: int
    steps: list[StepOut]
    deadlines: list[DeadlineOut]
    suspects: list[SuspectOut]


class StepIn(Schema):
    kind: str
    on: str
    reference: str = ""
    prosecutor_unit: str = ""
    version: int | None = None


def _track_out(user, investigation) -> dict:
    personal = has_capability(user, "people.view_personal")
    suspects = selectors.track_suspects(user, investigation)
    return {
        "id": investigation.pk,
        "case_id": investigation.case_id,
        "report_number": investigation.report_number,
        "stage": investigation.stage,
        "version": investigation.version,
        "steps": [
            {
                "kind": s.kind,
                "on": s.on.isoformat(),
                "reference": s.reference,
                "recorded_by": s.recorded_by.username if s.recorded_by_id else None,
            }
            for s in investigation.steps.select_related("recorded_by")
        ],  # fmt: skip
        "deadlines": [
            {
                "after": d.after,
                "due_on": d.due_on.isoformat(),
                "source": d.source,
                "met_on": d.met_on.isoformat() if d.met_on else None,
            }
            for d in selectors.track_deadlines(investigation)
        ],  # fmt: skip
        "suspects": [
            {
                "id": s.pk,
                "full_name": s.case_role.person.full_name if personal else None,
                "status": s.status,
                "articles": [c.article.citation for c in s.charges.all()],
            }
            for s in suspects
        ],  # fmt: skip
    }


@router.get("/tracks/{track_id}", response=TrackOut)
@capability("legal.view")
def track_get(request, track_id: int):
    user = require(request, "legal.view")
    return _track_out(user, access.access_investigation(user, track_id))


@router.post("/tracks/{track_id}/steps", response={201: TrackOut})
@capability("legal.record")
def track_step(request, track_id: int, payload: StepIn):
    from gugus.organisations.models import AgencyUnit

    user = require(request, "legal.record")
    investigation = access.access_investigation(user, track_id)
    unit = AgencyUnit.objects.filter(code=payload.prosecutor_unit).first() if payload.prosecutor_unit else None
    services.step_record(
        actor=user, investigation=investigation, kind=payload.kind, on=payload.on, reference=payload.reference,
        prosecutor_unit=unit, version=payload.version,
    )  # fmt: skip
    return Status(201, _track_out(user, access.access_investigation(user, track_id)))


@router.get("/figures/countries")
@capability("legal.view")
def figures_countries(request):
    return selectors.figures_by_country(require(request, "legal.view"))


@router.get("/figures/compounds")
@capability("legal.view")
def figures_compounds(request):
    return selectors.figures_by_compound(require(request, "legal.view"))
