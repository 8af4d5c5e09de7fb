"""Referrals, consent and services delivered to victims, for agency systems.

Referrals are reached through ``gugus.referrals.access`` and services through
``gugus.assistance.access``: out of scope answers 404 ``not_found``, like an object that does not
exist. A referral's victim data is what the referral shares with the caller, and only while the
victim's consent stands; each such read is audited. Answers carry the referral's ``version``:
send it back with a change, and a change made meanwhile by someone else answers 409 ``conflict``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from ninja import Router, Schema, Status

from gugus.api.auth import require
from gugus.api.capabilities import capability
from gugus.api.params import Date, Days, Id, Page, Version
from gugus.assistance import selectors as assistance_selectors
from gugus.assistance import services as assistance_services
from gugus.assistance.access import access_service, services_visible_to
from gugus.assistance.models import Service
from gugus.core.errors import NotFound, ValidationFailed
from gugus.functions.models import Function
from gugus.organisations.models import AgencyUnit
from gugus.referrals import access, selectors, services
from gugus.referrals.models import Consent, Referral

router = Router(tags=["referrals"])
services_router = Router(tags=["services"])


# --- schemas ---------------------------------------------------------------------------------------


class ReferralOut(Schema):
    id: int
    uuid: str
    version: int
    case: int
    victim: int
    function: str
    from_unit: str
    to_unit: str
    status: str
    sent_at: dt.datetime
    due_at: dt.datetime
    seconds_left: int | None
    overdue: bool
    proposed_unit: str | None
    routing_outcome: str
    follows_matrix: bool
    legal_exception: str
    shares: list[str]
    consent: int | None
    consent_withdrawn: bool
    decline_reason: str
    outcome: str
    cancel_reason: str
    escalated_at: dt.datetime | None
    escalated_to: int | None


class ReferralPage(Schema):
    page: int
    has_next: bool
    items: list[ReferralOut]


class ReferralDetailOut(ReferralOut):
    victim_shared: dict


class ConsentIn(Schema):
    victim: int
    to_unit: str
    function: str
    scope: list[str]
    given_on: Date
    method: str
    note: str = ""
    # a victim under 18: the parent or guardian, or why none can give consent
    guardian_name: str = ""
    guardian_relation: str = ""
    no_guardian_reason: str = ""


class ConsentOut(Schema):
    id: int
    victim: int
    to_unit: str
    function: str
    scope: list[str]
    given_on: Date
    method: str
    withdrawn_at: dt.datetime | None


class InlineConsentIn(Schema):
    given_on: Date
    method: str
    note: str = ""
    guardian_name: str = ""
    guardian_relation: str = ""
    no_guardian_reason: str = ""


class SendIn(Schema):
    victim: Id
    function: str
    to_unit: str
    shares: list[str]
    consent_id: Id | None = None
    consent: InlineConsentIn | None = None
    legal_exception: str = ""
    legal_basis: str = ""
    message: str = ""
    deviation_reason: str = ""
    place: str | None = None


class ProposeIn(Schema):
    victim: Id
    function: str
    place: str | None = None


class AnswerIn(Schema):
    version: Version | None = None
    note: str = ""
    reason: str = ""
    outcome: str = ""


class NoteIn(Schema):
    note: str = ""


class NotificationOut(Schema):
    id: int
    kind: str
    referral: int | None
    text: str
    created_at: dt.datetime
    read: bool


class ReadIn(Schema):
    ids: list[int] | None = None


def _referral_out(r: Referral, now=None) -> dict:
    now = now or timezone.now()
    left = r.time_left(now)
    return {
        "id": r.pk,
        "uuid": str(r.uuid),
        "version": r.version,
        "case": r.case_id,
        "victim": r.victim_id,
        "function": r.function.code,
        "from_unit": r.from_unit.code,
        "to_unit": r.to_unit.code,
        "status": r.status,
        "sent_at": r.sent_at,
        "due_at": r.due_at,
        "seconds_left": int(left.total_seconds()) if left is not None else None,
        "overdue": r.is_overdue(now),
        "proposed_unit": r.proposed_unit.code if r.proposed_unit_id else None,
        "routing_outcome": r.routing_outcome,
        "follows_matrix": r.follows_matrix,
        "legal_exception": r.legal_exception,
        "shares": r.share_codes,
        "consent": r.consent_id,
        "consent_withdrawn": bool(r.consent_id and r.consent.withdrawn_at),
        "decline_reason": r.decline_reason,
        "outcome": r.outcome,
        "cancel_reason": r.cancel_reason,
        "escalated_at": r.escalated_at,
        "escalated_to": r.escalated_to_id,
    }


def _page(rows, more, page) -> dict:
    now = timezone.now()
    return {"page": page, "has_next": more, "items": [_referral_out(r, now) for r in rows]}


def _unit(code: str, field: str = "to_unit") -> AgencyUnit:
    unit = AgencyUnit.objects.filter(code=(code or "").strip(), active=True).first()
    if unit is None:
        raise ValidationFailed("Unknown or inactive unit.", field=field)
    return unit


def _function(code: str) -> Function:
    function = Function.objects.filter(code=(code or "").strip(), active=True).first()
    if function is None:
        raise ValidationFailed("Unknown function.", field="function")
    return function


def _referable(user, victim_id: Id):
    victim = access.victims_referable_by(user).select_related("case", "person").filter(pk=victim_id).first()
    if victim is None:
        raise NotFound("No such victim.")
    return victim


def _consent_out(c: Consent) -> dict:
    return {
        "id": c.pk,
        "victim": c.victim_id,
        "to_unit": c.recipient_unit.code,
        "function": c.function.code,
        "scope": c.scope_codes,
        "given_on": c.given_on,
        "method": c.method,
        "withdrawn_at": c.withdrawn_at,
    }


# --- referrals -------------------------------------------------------------------------------------


@router.get("/inbox", response=ReferralPage)
@capability("referrals.view")
def inbox(request, status: str = "open", page: Page = 1):
    """Referrals to the caller's unit: open ones by deadline (soonest first), with the time left."""
    user = require(request, "referrals.view")
    rows, more = selectors.inbox(user, status=status, page=page)
    return _page(rows, more, page)


@router.get("/outbox", response=ReferralPage)
@capability("referrals.view")
def outbox(request, status: str = "", page: Page = 1):
    """Referrals sent by the caller's unit, newest first."""
    user = require(request, "referrals.view")
    rows, more = selectors.outbox(user, status=status, page=page)
    return _page(rows, more, page)


@router.get("/overdue", response=ReferralPage)
@capability("referrals.oversee")
def overdue(request, agency: str = "", function: str = "", page: Page = 1):
    """Overdue referrals in the secretariat's scope, most overdue first."""
    user = require(request, "referrals.oversee")
    rows, more = selectors.overdue(user, agency=agency, function=function, page=page)
    return _page(rows, more, page)


@router.get("/oversight")
@capability("referrals.oversee")
def oversight(request):
    """Referrals by status, overdue by agency and function, median hours to accept and complete,
    services per function and region, victims returned and reintegrated, restitution's funnel."""
    user = require(request, "referrals.oversee")
    return {
        "referrals": selectors.oversight(user).as_dict(),
        "services": assistance_selectors.services_oversight(user),
        "restitution": assistance_selectors.restitution_funnel(user),
    }


@router.get("/notifications", response=list[NotificationOut])
@capability("shell.view")
def notifications(request):
    user = require(request, "shell.view")
    return [
        {
            "id": n.pk,
            "kind": n.kind,
            "referral": n.referral_id,
            "text": n.text,
            "created_at": n.created_at,
            "read": n.read_at is not None,
        }
        for n in selectors.notifications(user)
    ]


@router.post("/notifications/read")
@capability("shell.view")
def notifications_read(request, payload: ReadIn):
    user = require(request, "shell.view")
    return {"marked": services.notification_mark_read(actor=user, notification_ids=payload.ids)}


class DeadlineIn(Schema):
    function: str
    days: Days
    remind_days_before: Days = 2
    legal_basis: str = ""


@router.get("/deadlines")
@capability("referrals.view")
def deadlines(request):
    """Days to begin the service of each function (7 for the services of UU 21/2007 Pasal 51, by Pasal 52 ayat (1);
    a working deadline with no legal basis for the others), and reminders."""
    require(request, "referrals.view")
    rows = []
    for function in Function.objects.filter(active=True, children__isnull=True).order_by("position", "code"):
        d = services.deadline_for(function)
        rows.append(
            {
                "function": function.code,
                "days": d.days,
                "remind_days_before": d.remind_days_before,
                "legal_basis": d.legal_basis,
            }
        )
    return rows


@router.post("/deadlines")
@capability("referrals.oversee")
def deadline_set(request, payload: DeadlineIn):
    """Set a function's deadline (national secretariat); applies to referrals sent afterwards."""
    user = require(request, "referrals.oversee")
    function = _function(payload.function)
    rule = services.deadline_rule_set(
        actor=user,
        function=function,
        days=payload.days,
        remind_days_before=payload.remind_days_before,
        legal_basis=payload.legal_basis,
    )
    return {"function": function.code, "days": rule.days, "remind_days_before": rule.remind_days_before}


@router.post("/propose")
@capability("referrals.send")
def propose(request, payload: ProposeIn):
    """What the authority matrix proposes for a victim and a function (``route``), or why nobody."""
    user = require(request, "referrals.send")
    victim = _referable(user, payload.victim)
    function = _function(payload.function)
    if function.children.exists():
        raise ValidationFailed("Choose a function, not a group of functions.", field="function")
    result = services.routing_proposal(function=function, victim=victim, place=payload.place)
    return {"found": False, "outcome": "no_place"} if result is None else result.as_dict()


@router.post("/consents", response={201: ConsentOut})
@capability("referrals.send")
def consent_create(request, payload: ConsentIn):
    """Record the victim's consent to share ``scope`` with a unit for a function."""
    user = require(request, "referrals.send")
    victim = _referable(user, payload.victim)
    consent = services.consent_record(
        actor=user,
        victim=victim,
        recipient_unit=_unit(payload.to_unit),
        function=_function(payload.function),
        scope=payload.scope,
        given_on=payload.given_on,
        method=payload.method,
        note=payload.note,
        guardian_name=payload.guardian_name,
        guardian_relation=payload.guardian_relation,
        no_guardian_reason=payload.no_guardian_reason,
    )
    return Status(201, _consent_out(consent))


@router.post("/consents/{int:consent_id}/withdraw", response=ConsentOut)
@capability("referrals.view")
def consent_withdraw(request, consent_id: Id, payload: NoteIn):
    """The victim withdraws consent: nothing more is shared; unanswered referrals are cancelled."""
    user = require(request, "referrals.view")
    consent = Consent.objects.select_related("recipient_unit", "function").filter(pk=consent_id).first()
    if consent is None or not access.can_withdraw_consent(user, consent):
        raise NotFound("No such consent.")
    return _consent_out(services.consent_withdraw(actor=user, consent=consent, note=payload.note))


@router.post("/", response={201: ReferralOut})
@capability("referrals.send")
def send(request, payload: SendIn):
    """Refer a victim to a unit for a function: refused without consent (``consent_id`` or an inline
    ``consent``) unless a law-enforcement exception with its legal basis is given."""
    user = require(request, "referrals.send")
    victim = _referable(user, payload.victim)
    function = _function(payload.function)
    to_unit = _unit(payload.to_unit)
    with transaction.atomic():
        consent = None
        if payload.consent_id is not None:
            consent = Consent.objects.filter(pk=payload.consent_id, taken_by_unit_id=user.unit_id).first()
            if consent is None:
                raise ValidationFailed("Unknown consent.", field="consent_id")
        elif payload.consent is not None:
            consent = services.consent_record(
                actor=user,
                victim=victim,
                recipient_unit=to_unit,
                function=function,
                scope=payload.shares,
                given_on=payload.consent.given_on,
                method=payload.consent.method,
                note=payload.consent.note,
                guardian_name=payload.consent.guardian_name,
                guardian_relation=payload.consent.guardian_relation,
                no_guardian_reason=payload.consent.no_guardian_reason,
            )
        referral = services.referral_send(
            actor=user,
            victim=victim,
            function=function,
            to_unit=to_unit,
            shares=payload.shares,
            consent=consent,
            legal_exception=payload.legal_exception,
            legal_basis=payload.legal_basis,
            message=payload.message,
            deviation_reason=payload.deviation_reason,
            place=payload.place,
        )
    referral = access.access_referral(user, referral.pk)
    return Status(201, _referral_out(referral))


@router.get("/{int:referral_id}", response=ReferralDetailOut)
@capability("referrals.view")
def detail(request, referral_id: Id):
    """A referral and the victim's data it shares with the caller (audited), while consent stands."""
    user = require(request, "referrals.view")
    referral = access.access_referral(user, referral_id)
    shares = access.referral_shares_for(user, referral)
    shared = selectors.victim_shared_view(user, referral.victim, shares) if shares else {}
    return {**_referral_out(referral), "victim_shared": shared}


def _answer(request, referral_id: Id, call):
    user = require(request, "referrals.view")
    referral = access.access_referral(user, referral_id)
    updated = call(user, referral)
    return _referral_out(access.access_referral(user, updated.pk))


@router.post("/{int:referral_id}/accept", response=ReferralOut)
@capability("referrals.view")  # the service checks who answers
def accept(request, referral_id: Id, payload: AnswerIn):
    return _answer(
        request,
        referral_id,
        lambda u, r: services.referral_accept(actor=u, referral=r, version=payload.version, note=payload.note),
    )


@router.post("/{int:referral_id}/decline", response=ReferralOut)
@capability("referrals.view")  # the service checks who answers
def decline(request, referral_id: Id, payload: AnswerIn):
    return _answer(
        request,
        referral_id,
        lambda u, r: services.referral_decline(
            actor=u, referral=r, reason=payload.reason, version=payload.version, note=payload.note
        ),
    )


@router.post("/{int:referral_id}/start", response=ReferralOut)
@capability("referrals.view")  # the service checks who answers
def start(request, referral_id: Id, payload: AnswerIn):
    return _answer(
        request,
        referral_id,
        lambda u, r: services.referral_start(actor=u, referral=r, version=payload.version, note=payload.note),
    )


@router.post("/{int:referral_id}/complete", response=ReferralOut)
@capability("referrals.view")  # the service checks who answers
def complete(request, referral_id: Id, payload: AnswerIn):
    return _answer(
        request,
        referral_id,
        lambda u, r: services.referral_complete(
            actor=u, referral=r, outcome=payload.outcome, version=payload.version, note=payload.note
        ),
    )


@router.post("/{int:referral_id}/cancel", response=ReferralOut)
@capability("referrals.view")  # the service checks who answers
def cancel(request, referral_id: Id, payload: AnswerIn):
    return _answer(
        request,
        referral_id,
        lambda u, r: services.referral_cancel(
            actor=u, referral=r, reason=payload.reason, version=payload.version, note=payload.note
        ),
    )


# --- services --------------------------------------------------------------------------------------


class ServiceIn(Schema):
    victim: int
    kind: str
    started_on: Date
    ended_on: Date | None = None
    status: str = "ongoing"
    outcome: str = ""
    cost: Decimal | None = None
    from_country: str = ""
    to_region: str = ""
    requested_amount: Decimal | None = None
    note: str = ""


class ServiceUpdateIn(Schema):
    version: Version | None = None
    status: str | None = None
    ended_on: Date | None = None
    outcome: str | None = None
    cost: Decimal | None = None


class RestitutionIn(Schema):
    stage: str
    amount: Decimal | None = None
    on: Date
    court_reference: str = ""


class FollowUpIn(Schema):
    on: Date
    situation: str
    note: str = ""


class ServiceOut(Schema):
    id: int
    uuid: str
    version: int
    case: int
    victim: int
    kind: str
    function: str | None
    provider_unit: str
    referral: int | None
    status: str
    started_on: Date
    ended_on: Date | None
    outcome: str
    cost: Decimal | None
    from_country: str
    to_region: str | None
    restitution: dict | None


def _service_out(s: Service) -> dict:
    restitution = getattr(s, "restitution", None) if s.kind == "restitution" else None
    return {
        "id": s.pk,
        "uuid": str(s.uuid),
        "version": s.version,
        "case": s.case_id,
        "victim": s.victim_id,
        "kind": s.kind,
        "function": s.function.code if s.function_id else None,
        "provider_unit": s.provider_unit.code,
        "referral": s.referral_id,
        "status": s.status,
        "started_on": s.started_on,
        "ended_on": s.ended_on,
        "outcome": s.outcome,
        "cost": s.cost,
        "from_country": s.from_country,
        "to_region": s.to_region_id,
        "restitution": None
        if restitution is None
        else {
            "stage": restitution.stage,
            "requested_amount": restitution.requested_amount,
            "requested_on": restitution.requested_on,
            "indicted_amount": restitution.indicted_amount,
            "indicted_on": restitution.indicted_on,
            "verdict_amount": restitution.verdict_amount,
            "verdict_on": restitution.verdict_on,
            "paid_amount": restitution.paid_amount,
            "paid_on": restitution.paid_on,
        },
    }


def _served_victim(user, victim_id: Id):
    return access.access_victim_to_serve(user, victim_id)


@services_router.get("/", response=list[ServiceOut])
@capability("referrals.view")
def service_list(request, victim: Id | None = None, provider: str = ""):
    """Services the caller may see (at most 500), optionally of one victim or one provider unit."""
    user = require(request, "referrals.view")
    rows = services_visible_to(user).select_related("provider_unit", "function")
    if victim is not None:
        rows = rows.filter(victim_id=victim)
    if provider:
        rows = rows.filter(provider_unit__code=provider)
    return [_service_out(s) for s in rows.order_by("started_on", "id")[:500]]


@services_router.post("/", response={201: ServiceOut})
@capability("assistance.record")
def service_create(request, payload: ServiceIn):
    """Record a service the caller's unit provides (restitution: give ``requested_amount``)."""
    user = require(request, "assistance.record")
    victim = _served_victim(user, payload.victim)
    if payload.kind == "restitution":
        service = assistance_services.restitution_request(
            actor=user,
            victim=victim,
            requested_amount=payload.requested_amount,
            requested_on=payload.started_on,
            note=payload.note,
        )
    else:
        service = assistance_services.service_record(
            actor=user,
            victim=victim,
            kind=payload.kind,
            started_on=payload.started_on,
            ended_on=payload.ended_on,
            status=payload.status,
            outcome=payload.outcome,
            cost=payload.cost,
            from_country=payload.from_country,
            to_region=payload.to_region,
            note=payload.note,
        )
    return Status(201, _service_out(access_service(user, service.pk)))


@services_router.get("/journey/{int:victim_id}")
@capability("referrals.view")
def journey(request, victim_id: Id):
    """The victim's timeline across agencies, as much as the caller may see."""
    user = require(request, "referrals.view")
    return assistance_selectors.victim_journey(user, victim_id).as_dict()


@services_router.get("/{int:service_id}", response=ServiceOut)
@capability("referrals.view")
def service_detail(request, service_id: Id):
    user = require(request, "referrals.view")
    return _service_out(access_service(user, service_id))


def _editable(user, service_id: Id) -> Service:
    service = access_service(user, service_id)
    if service.provider_unit_id != user.unit_id:
        raise NotFound("No such service.")
    return service


@services_router.post("/{int:service_id}/update", response=ServiceOut)
@capability("assistance.record")
def service_update(request, service_id: Id, payload: ServiceUpdateIn):
    user = require(request, "assistance.record")
    service = _editable(user, service_id)
    assistance_services.service_update(
        actor=user,
        service=service,
        version=payload.version,
        status=payload.status,
        ended_on=payload.ended_on,
        outcome=payload.outcome,
        cost=payload.cost,
    )
    return _service_out(access_service(user, service_id))


@services_router.post("/{int:service_id}/restitution", response=ServiceOut)
@capability("assistance.record")
def restitution(request, service_id: Id, payload: RestitutionIn):
    """Move restitution on: indicted, verdict, a payment (partly_paid) or refused."""
    user = require(request, "assistance.record")
    service = _editable(user, service_id)
    assistance_services.restitution_advance(
        actor=user,
        service=service,
        stage=payload.stage,
        amount=payload.amount,
        on=payload.on,
        court_reference=payload.court_reference,
    )
    return _service_out(access_service(user, service_id))


@services_router.post("/{int:service_id}/follow-ups", response={201: dict})
@capability("assistance.record")
def follow_up(request, service_id: Id, payload: FollowUpIn):
    user = require(request, "assistance.record")
    service = _editable(user, service_id)
    record = assistance_services.follow_up_record(
        actor=user, service=service, on=payload.on, situation=payload.situation, note=payload.note
    )
    return Status(201, {"id": record.pk, "on": record.on.isoformat(), "situation": record.situation})
