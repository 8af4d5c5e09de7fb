"""Cases, people and assessments for agency systems.

Every endpoint reaches cases through ``gugus.cases.access``: out of scope answers 404
``not_found``, exactly like a case that does not exist. Names and identifiers are returned only
to roles holding ``people.view_personal`` (others get them as null) and each such read is audited.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from gugus.api.auth import require
from gugus.api.capabilities import capability
from gugus.api.params import Age, Date, Id, Page, Version, choice
from gugus.cases import selectors, services
from gugus.cases.access import access_case, can_assess_case, can_edit_case, can_view_personal
from gugus.cases.models import Assessment, Case, Channel, Presence
from gugus.core.errors import NotFound, PermissionDenied
from gugus.people.models import CaseRole, Person
from gugus.people.selectors import person_page

router = Router(tags=["cases"])
people_router = Router(tags=["people"])


# --- schemas ---------------------------------------------------------------------------------------


class ProblemOut(Schema):
    field: str
    code: str
    message: str


class PersonFieldsIn(Schema):
    full_name: str
    kind: str = "individual"
    sex: str = ""
    birth_date: str | None = None
    birth_place: str = ""
    nik: str = ""
    passport_no: str = ""
    phones: list[str] = []
    aliases: list[str] = []
    address_region: str = ""
    nationality: str = "ID"


class VictimIn(PersonFieldsIn):
    age_at_recruitment: Age | None = None
    recruited_on: Date | None = None
    disability: str = ""
    needs: str = ""


class CasePersonIn(VictimIn):
    role: str


StatusCode = choice(Case.Status.values)
PresenceCode = choice(Presence.values)


class CaseIn(Schema):
    channel: choice(Channel.values)
    reported_on: Date
    exploitation_types: list[str]
    events_from: Date | None = None
    events_to: Date | None = None
    origin: str = ""
    transit_points: str = ""
    destination_country: str = ""
    destination_region: str = ""
    modus: str = ""
    narrative: str = ""
    victims: list[VictimIn] = []


class CaseOut(Schema):
    id: int
    uuid: str
    number: str
    reporting_unit: str
    status: str
    channel: str
    reported_on: Date
    events_from: Date | None
    events_to: Date | None
    exploitation_types: list[str]
    modus: str
    origin_region: str | None
    origin_as_written: str
    transit_points: str
    destination_country: str
    destination_as_written: str
    destination_region: str
    close_reason: str
    forwarded_as: str


class CasePage(Schema):
    items: list[CaseOut]
    page: int
    has_next: bool


class PersonInCaseOut(Schema):
    case_role_id: int
    role: str
    person_id: int
    kind: str
    sex: str
    birth_year: int | None
    age_at_recruitment: int | None
    address_province: str
    nationality: str
    # null unless the caller may see personal data
    full_name: str | None = None
    aliases: list[str] | None = None
    nik: str | None = None
    passport_no: str | None = None
    phones: list[str] | None = None
    birth_date: str | None = None
    nik_warnings: list[str] | None = None


class EventOut(Schema):
    at: dt.datetime
    kind: str
    from_status: str
    to_status: str
    actor: str | None
    data: dict


class CaseDetailOut(CaseOut):
    narrative: str | None
    people: list[PersonInCaseOut]
    timeline: list[EventOut]


class OpenedOut(Schema):
    case: CaseDetailOut
    warnings: list[ProblemOut]


class TransitionIn(Schema):
    to_status: StatusCode
    note: str = ""
    close_reason: str = ""
    forwarded_as: str = ""


class AssessmentIn(Schema):
    victim: Id
    act: PresenceCode
    act_kinds: list[str] = []
    act_evidence: str = ""
    means: PresenceCode
    means_kinds: list[str] = []
    means_evidence: str = ""
    purpose: PresenceCode
    purpose_kinds: list[str] = []
    purpose_evidence: str = ""
    age_at_recruitment: Age | None = None
    # age not established: reasons to believe the victim is a child (treated as one until it is)
    child_indicators: str = ""
    result: choice(Assessment.Result.values)
    reason: str
    # The id of the victim's current assessment you saw (0: none); a newer one gives 409.
    based_on: Version | None = None


class AssessmentOut(Schema):
    id: int
    victim: int
    act: str
    act_kinds: list[str]
    means: str
    means_kinds: list[str]
    purpose: str
    purpose_kinds: list[str]
    age_at_recruitment: int | None
    child_rule_applied: bool
    child_presumed: bool = False
    elements_met: bool
    # under UU 21/2007: met, met_child_sending (Pasal 6), contested, not_met; and whether it differs from Palermo
    national_finding: str = "not_met"
    frameworks_differ: bool = False
    result: str
    decided_by: str
    decided_at: dt.datetime
    is_current: bool
    supersedes: int | None
    # null unless the caller may see personal data (evidence and reasons name people)
    act_evidence: str | None = None
    means_evidence: str | None = None
    purpose_evidence: str | None = None
    reason: str | None = None


class PersonOut(Schema):
    id: int
    uuid: str
    kind: str
    full_name: str
    aliases: list[str]
    nik: str | None
    nik_warnings: list[str]
    passport_no: str | None
    phones: list[str]
    birth_date: str | None
    birth_place: str | None
    sex: str
    address_region: str | None
    address_as_written: str
    nationality: str
    cases: list[str]


# --- conversion ------------------------------------------------------------------------------------


def _case_out(case: Case) -> dict:
    return {
        "id": case.pk,
        "uuid": str(case.uuid),
        "number": case.number,
        "reporting_unit": case.reporting_unit.code,
        "status": case.status,
        "channel": case.channel,
        "reported_on": case.reported_on,
        "events_from": case.events_from,
        "events_to": case.events_to,
        "exploitation_types": case.exploitation_types,
        "modus": case.modus,
        "origin_region": case.origin_region_id,
        "origin_as_written": case.origin_as_written,
        "transit_points": case.transit_points,
        "destination_country": case.destination_country,
        "destination_as_written": case.destination_as_written,
        "destination_region": case.destination_region,
        "close_reason": case.close_reason,
        "forwarded_as": case.forwarded_as,
    }


def _person_in_case(role: CaseRole, personal: bool) -> dict:
    out = {"case_role_id": role.pk, "person_id": role.person_id, **selectors.deidentified_person(role)}
    if personal:
        person = role.person
        out.update(
            full_name=person.full_name,
            aliases=person.alias_list,
            nik=person.nik,
            passport_no=person.passport_no,
            phones=person.phone_list,
            birth_date=person.birth_date,
            nik_warnings=person.nik_warnings,
        )
    return out


def _case_detail(request, case: Case) -> dict:
    people_file = selectors.case_file(request.auth, case)
    personal, roles = people_file.personal, people_file.roles
    return {
        **_case_out(case),
        "narrative": case.narrative if personal else None,
        "people": [_person_in_case(r, personal) for r in roles],
        "timeline": [
            {
                "at": e.at,
                "kind": e.kind,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "actor": e.actor.username if e.actor else None,
                "data": e.data,
            }
            for e in selectors.case_timeline(case)
        ],
    }


def _split(text: str) -> list[str]:
    return [k for k in text.split(",") if k]


def _assessment_out(a: Assessment, personal: bool) -> dict:
    out = {
        "id": a.pk,
        "victim": a.victim_id,
        "act": a.act,
        "act_kinds": _split(a.act_kinds),
        "means": a.means,
        "means_kinds": _split(a.means_kinds),
        "purpose": a.purpose,
        "purpose_kinds": _split(a.purpose_kinds),
        "age_at_recruitment": a.age_at_recruitment,
        "child_rule_applied": a.child_rule_applied,
        "child_presumed": a.child_presumed,
        "elements_met": a.elements_met,
        "national_finding": a.national_finding,
        "frameworks_differ": a.frameworks_differ,
        "result": a.result,
        "decided_by": a.decided_by.username,
        "decided_at": a.decided_at,
        "is_current": a.is_current,
        "supersedes": a.supersedes_id,
    }
    if personal:
        out.update(
            act_evidence=a.act_evidence,
            means_evidence=a.means_evidence,
            purpose_evidence=a.purpose_evidence,
            reason=a.reason,
        )
    return out


def _problems(warnings) -> list[dict]:
    return [{"field": w.field, "code": w.code, "message": w.message} for w in warnings]


def _editable(request, case_id: Id, capability: str = "cases.edit") -> Case:
    user = require(request, capability)
    case = access_case(user, case_id)
    allowed = can_assess_case(user, case) if capability == "cases.assess" else can_edit_case(user, case)
    if not allowed:
        raise PermissionDenied(_("Only the reporting unit changes this case."))
    return case


# --- endpoints -------------------------------------------------------------------------------------


@router.get("/", response=CasePage)
@capability("cases.view")
def list_cases(
    request,
    q: str = "",
    status: choice(Case.Status.values, blank=True) = "",
    exploitation_type: str = "",
    region: str = "",
    destination_country: str = "",
    reported_from: Date | None = None,
    reported_to: Date | None = None,
    page: Page = 1,
):
    """Cases in scope, newest report first; ``q`` searches case numbers, NIK, passport, phone or name."""
    user = require(request, "cases.view")
    filters = selectors.CaseFilters(
        status=status,
        exploitation_type=exploitation_type,
        region=region,
        destination_country=destination_country,
        reported_from=reported_from,
        reported_to=reported_to,
        q=q,
    )
    rows, has_next = selectors.cases_page(user, filters, page=page)
    return {"items": [_case_out(c) for c in rows], "page": max(page, 1), "has_next": has_next}


@router.post("/", response={201: OpenedOut})
@capability("cases.create")
def open_case(request, payload: CaseIn):
    """Open a case with its victims in the caller's unit."""
    user = require(request, "cases.create")
    if user.unit_id is None:
        raise PermissionDenied(_("Only a user of an agency unit can open a case."))
    data = payload.dict()
    victims = data.pop("victims")
    opened = services.case_open(actor=user, unit=user.unit, victims=victims, source="api", **data)
    case = access_case(user, opened.case.pk)
    return Status(201, {"case": _case_detail(request, case), "warnings": _problems(opened.warnings)})


@router.get("/{int:case_id}", response=CaseDetailOut)
@capability("cases.view")
def get_case(request, case_id: Id):
    user = require(request, "cases.view")
    return _case_detail(request, access_case(user, case_id))


@router.post("/{int:case_id}/transition", response=CaseOut)
@capability("cases.edit")
def transition_case(request, case_id: Id, payload: TransitionIn):
    """Move the case along its lifecycle (reported → under_assessment → identified/not_trafficking → …)."""
    case = _editable(request, case_id)
    case = services.case_transition(actor=request.auth, case=case, **payload.dict())
    return _case_out(access_case(request.auth, case.pk))


@router.post("/{int:case_id}/people", response={201: PersonInCaseOut})
@capability("cases.edit")
def add_person(request, case_id: Id, payload: CasePersonIn):
    case = _editable(request, case_id)
    role, _warnings = services.case_person_add(actor=request.auth, case=case, **payload.dict())
    return Status(201, _person_in_case(role, can_view_personal(request.auth)))


@router.get("/{int:case_id}/assessments", response=list[AssessmentOut])
@capability("cases.view")
def list_assessments(request, case_id: Id):
    """Every assessment of the case's victims, current and earlier, newest first."""
    user = require(request, "cases.view")
    case = access_case(user, case_id)
    personal = can_view_personal(user)
    return [_assessment_out(a, personal) for a in selectors.assessments_read(user, case)]


@router.post("/{int:case_id}/assessments", response={201: AssessmentOut})
@capability("cases.assess")
def record_assessment(request, case_id: Id, payload: AssessmentIn):
    case = _editable(request, case_id, "cases.assess")
    data = payload.dict()
    victim = CaseRole.objects.filter(pk=data.pop("victim"), case=case, role=CaseRole.Role.VICTIM).first()
    if victim is None:
        raise NotFound(_("No such victim in this case."))
    assessment = services.assessment_record(actor=request.auth, case=case, victim=victim, **data)
    return Status(201, _assessment_out(assessment, can_view_personal(request.auth)))


@people_router.get("/{int:person_id}", response=PersonOut)
@capability("people.view_personal")
def get_person(request, person_id: Id):
    """A person's identifiers and the cases (in scope) they appear in; the read is audited."""
    user = require(request, "people.view_personal")
    page = person_page(user, person_id)
    person: Person = page.person
    numbers = sorted({role.case.number for role in page.roles})
    return {
        "id": person.pk,
        "uuid": str(person.uuid),
        "kind": person.kind,
        "full_name": person.full_name,
        "aliases": person.alias_list,
        "nik": person.nik,
        "nik_warnings": person.nik_warnings,
        "passport_no": person.passport_no,
        "phones": person.phone_list,
        "birth_date": person.birth_date,
        "birth_place": person.birth_place,
        "sex": person.sex,
        "address_region": person.address_region_id,
        "address_as_written": person.address_as_written,
        "nationality": person.nationality,
        "cases": numbers,
    }
