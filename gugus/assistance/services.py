"""Writes of services delivered to victims, restitution stages and follow-up visits.

A unit records the services it provides itself, for a victim it is responsible for: one of its
own cases, or one referred to it (then the referral's service is marked begun). Every function is
one transaction with its audit entry; changes check the row's ``version``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gugus.accounts.roles import has_capability
from gugus.assistance.models import KIND_FUNCTION, REINTEGRATION_KINDS, FollowUp, Kind, Restitution, Service
from gugus.audit.services import audit_record
from gugus.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gugus.core.money import clean_amount
from gugus.functions.models import Function
from gugus.organisations.models import Region
from gugus.people.models import CaseRole
from gugus.referrals.access import referrals_holding, unit_holds_victim
from gugus.referrals.models import Referral


def _require(actor) -> None:
    if actor is None or not has_capability(actor, "assistance.record") or not actor.unit_id:
        raise PermissionDenied(_("Your role does not allow this."))


def money(value, field: str, *, required: bool = False) -> Decimal | None:
    """A rupiah amount of zero or more (gugus.core.money: "Rp 250.000" is 250000), None when empty."""
    return clean_amount(value, field=field, required=required)


def _date(value, field: str, *, required: bool = False) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValidationFailed(_("Give the date."), field=field)
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValidationFailed(_("Write the date as YYYY-MM-DD."), field=field) from None
    if value > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationFailed(_("The date is too far in the future."), field=field)
    return value


def unit_serves_victim(unit_id, victim: CaseRole) -> bool:
    """The unit reported the victim's case, or holds an accepted or ongoing referral for them."""
    return unit_holds_victim(unit_id, victim)


def service_record(
    *,
    actor,
    victim: CaseRole,
    kind: str,
    started_on,
    ended_on=None,
    status: str = Service.Status.ONGOING,
    outcome: str = "",
    cost=None,
    referral: Referral | None = None,
    from_country: str = "",
    to_region: Region | str | None = None,
    note: str = "",
) -> Service:
    """Record a service the actor's unit provides to a victim."""
    _require(actor)
    if not isinstance(victim, CaseRole) or victim.role != CaseRole.Role.VICTIM:
        raise ValidationFailed(_("Choose a victim."), field="victim")
    if not unit_serves_victim(actor.unit_id, victim):
        raise NotFound(_("No such victim."))
    if kind not in Kind.values:
        raise ValidationFailed(_("Choose the service."), field="kind")
    if status not in Service.Status.values:
        raise ValidationFailed(_("Choose the status."), field="status")
    if outcome and outcome not in Service.Outcome.values:
        raise ValidationFailed(_("Choose the outcome."), field="outcome")
    start = _date(started_on, "started_on", required=True)
    end = _date(ended_on, "ended_on")
    if end and end < start:
        raise ValidationFailed(_("The service ends before it starts."), field="ended_on")
    if status in (Service.Status.COMPLETED, Service.Status.DISCONTINUED) and not (end and outcome):
        raise ValidationFailed(_("A finished service needs its end date and outcome."), field="outcome")
    amount = money(cost, "cost")
    country = str(from_country or "").strip().upper()
    if kind == Kind.REPATRIATION and len(country) != 2:
        raise ValidationFailed(_("Give the country the victim came back from."), field="from_country")
    if isinstance(to_region, str):
        to_region = Region.objects.filter(code=to_region.strip()).first() if to_region.strip() else None
        if to_region is None and kind == Kind.RETURN_HOME:
            raise ValidationFailed(_("Give the home region reached."), field="to_region")
    if kind == Kind.RETURN_HOME and to_region is None:
        raise ValidationFailed(_("Give the home region reached."), field="to_region")
    if referral is not None and (referral.victim_id != victim.pk or referral.to_unit_id != actor.unit_id):
        raise ValidationFailed(_("That referral is for another victim or unit."), field="referral")
    if referral is None:
        holding = referrals_holding(actor.unit_id, victim).order_by("-sent_at")
        referral = holding.filter(function__code=KIND_FUNCTION[kind]).first()
    function = Function.objects.filter(code=KIND_FUNCTION[kind]).first()
    with transaction.atomic():
        service = Service.objects.create(
            case=victim.case,
            victim=victim,
            kind=kind,
            function=function,
            provider_unit_id=actor.unit_id,
            referral=referral,
            status=status,
            started_on=start,
            ended_on=end,
            outcome=outcome,
            cost=amount,
            from_country=country if kind == Kind.REPATRIATION else "",
            to_region=to_region if kind == Kind.RETURN_HOME else None,
            note=str(note or "").strip() or None,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="service.record",
            target=service,
            data={"kind": kind, "victim": victim.pk, "referral": referral.pk if referral else None, "cost": amount},
        )
        if referral is not None and referral.status == Referral.Status.ACCEPTED:
            from gugus.referrals.services import referral_start

            referral_start(actor=actor, referral=referral, note="")
    return service


def _provider_locked(actor, service: Service, version) -> Service:
    _require(actor)
    if service.provider_unit_id != actor.unit_id:
        raise NotFound(_("No such service."))
    locked = Service.objects.select_for_update().get(pk=service.pk)
    if version not in (None, "") and int(version) != locked.version:
        raise Conflict(_("This service was changed by someone else; reload the page."))
    return locked


def service_update(
    *,
    actor,
    service: Service,
    version: int | None = None,
    status: str | None = None,
    ended_on=None,
    outcome: str | None = None,
    cost=None,
    note: str | None = None,
) -> Service:
    """Change a service's status, end, outcome or cost (the provider unit only)."""
    with transaction.atomic():
        locked = _provider_locked(actor, service, version)
        changed = []
        if status is not None:
            if status not in Service.Status.values:
                raise ValidationFailed(_("Choose the status."), field="status")
            locked.status = status
            changed.append("status")
        if ended_on not in (None, ""):
            locked.ended_on = _date(ended_on, "ended_on")
            if locked.ended_on < locked.started_on:
                raise ValidationFailed(_("The service ends before it starts."), field="ended_on")
            changed.append("ended_on")
        if outcome is not None:
            if outcome and outcome not in Service.Outcome.values:
                raise ValidationFailed(_("Choose the outcome."), field="outcome")
            locked.outcome = outcome
            changed.append("outcome")
        if cost not in (None, ""):
            locked.cost = money(cost, "cost")
            changed.append("cost")
        if note is not None:
            locked.note = str(note).strip() or None
            changed.append("note")
        if locked.status in (Service.Status.COMPLETED, Service.Status.DISCONTINUED) and not (
            locked.ended_on and locked.outcome
        ):
            raise ValidationFailed(_("A finished service needs its end date and outcome."), field="outcome")
        locked.version += 1
        locked.save(update_fields=[*changed, "version", "updated_at"])
        audit_record(
            actor=actor,
            action="service.update",
            target=locked,
            data={"fields": changed, "status": locked.status, "cost": locked.cost},
        )
    return locked


# --- restitution -----------------------------------------------------------------------------------

R = Restitution.Stage


def restitution_request(*, actor, victim: CaseRole, requested_amount, requested_on, note: str = "") -> Service:
    """Open the restitution of a victim with the amount requested (UU 21/2007 Pasal 48)."""
    amount = money(requested_amount, "requested_amount", required=True)
    if amount <= 0:
        raise ValidationFailed(_("Give an amount above zero."), field="requested_amount")
    on = _date(requested_on, "requested_on", required=True)
    with transaction.atomic():
        service = service_record(actor=actor, victim=victim, kind=Kind.RESTITUTION, started_on=on, note=note)
        Restitution.objects.create(service=service, requested_amount=amount, requested_on=on)
        audit_record(actor=actor, action="restitution.request", target=service, data={"amount": amount})
    return service


RESTITUTION_STEPS = (
    "assessed",
    "indicted",
    "verdict",
    "final_notified",
    "partly_paid",
    "paid",
    "court_warning",
    "substitute_detention",
    "refused",
)


def _not_before(when, earlier, field: str, message) -> None:
    if earlier is not None and when < earlier:
        raise ValidationFailed(message, field=field)


def restitution_advance(
    *, actor, service: Service, stage: str, amount=None, on=None, court_reference: str = "", version=None
) -> Restitution:
    """Move restitution on, checkpoint by checkpoint (UU 21/2007 Pasal 48-50; see ``Restitution``):
    LPSK's assessment of the amount, the indictment, the verdict, the notice of the final verdict
    (from which the offender has 14 days to pay), a payment, the court's warning when it is not paid,
    substitute detention, or not granted. Dates must follow each other: a verdict before the
    request, or a payment before the verdict, is refused."""
    if stage not in RESTITUTION_STEPS:
        raise ValidationFailed(_("Choose the stage."), field="stage")
    when = _date(on, "on", required=True)
    with transaction.atomic():
        locked_service = _provider_locked(actor, service, version)
        restitution = Restitution.objects.select_for_update().filter(service=locked_service).first()
        if restitution is None:
            raise ValidationFailed(_("This service is no restitution."), field="service")
        if restitution.stage in (R.PAID, R.REFUSED, R.SUBSTITUTE_DETENTION):
            raise Conflict(_("This restitution is closed."))
        amount_needed = stage in ("assessed", "indicted", "verdict", "partly_paid", "paid")
        value = money(amount, "amount", required=amount_needed)
        _not_before(when, restitution.requested_on, "on", _("This date is before the request for restitution."))
        previous = restitution.stage
        if stage == "assessed":
            if restitution.stage != R.REQUESTED:
                raise Conflict(_("LPSK's assessment comes before the indictment and is already past."))
            restitution.lpsk_assessed_amount, restitution.lpsk_assessed_on = value, when
        elif stage == R.INDICTED:
            if restitution.stage not in (R.REQUESTED, R.ASSESSED):
                raise Conflict(_("The indictment is already recorded."))
            _not_before(when, restitution.lpsk_assessed_on, "on", _("The indictment is before LPSK's assessment."))
            restitution.indicted_amount, restitution.indicted_on = value, when
        elif stage == R.VERDICT:
            if restitution.stage not in (R.REQUESTED, R.ASSESSED, R.INDICTED):
                raise Conflict(_("The verdict is already recorded."))
            _not_before(when, restitution.indicted_on, "on", _("The verdict is before the indictment."))
            restitution.verdict_amount, restitution.verdict_on = value, when
            restitution.court_reference = str(court_reference or "").strip()[:120]
        elif stage == "final_notified":
            if restitution.verdict_on is None:
                raise ValidationFailed(_("Record the verdict before its notice."), field="stage")
            _not_before(when, restitution.verdict_on, "on", _("The notice is before the verdict."))
            restitution.final_verdict_notified_on = when
        elif stage in (R.PARTLY_PAID, R.PAID):
            _add_payment(restitution, value, when, field="amount", date_field="on")
        elif stage == "court_warning":
            due = restitution.payment_due_on
            if due is None or restitution.stage not in (R.VERDICT, R.PARTLY_PAID):
                raise ValidationFailed(
                    _("A warning follows an unpaid restitution after the notice of the final verdict."), field="stage"
                )
            if when <= due:
                raise ValidationFailed(
                    _("The 14 days to pay run until %(date)s (UU 21/2007 Pasal 48 ayat (6)).") % {"date": due},
                    field="on",
                )
            restitution.court_warning_on = when
        elif stage == R.SUBSTITUTE_DETENTION:
            if restitution.court_warning_on is None:
                raise ValidationFailed(
                    _("Substitute detention follows the court's warning (UU 21/2007 Pasal 50)."), field="stage"
                )
            _not_before(when, restitution.court_warning_on, "on", _("This date is before the court's warning."))
            restitution.substitute_detention_on = when
        stage = {
            "assessed": R.ASSESSED,
            "final_notified": restitution.stage,
            "court_warning": restitution.stage,
        }.get(stage, stage)
        if stage in (R.PARTLY_PAID, R.PAID):
            stage = R.PAID if restitution.paid_amount == restitution.verdict_amount else R.PARTLY_PAID
        restitution.stage = stage
        restitution.save()
        _close_service_if_done(restitution, locked_service, when)
        audit_record(
            actor=actor,
            action="restitution.advance",
            target=locked_service,
            data={"from": previous, "to": stage, "amount": value},
        )
    return restitution


def _add_payment(restitution: Restitution, value, when, *, field: str, date_field: str) -> None:
    """A payment against the amount ordered; the stage becomes partly paid or paid in full."""
    if restitution.verdict_amount is None:
        raise ValidationFailed(_("Record the verdict before a payment."), field="stage")
    _not_before(when, restitution.verdict_on, date_field, _("The payment is before the verdict."))
    if value is None or value <= 0:
        raise ValidationFailed(_("Give an amount above zero."), field=field)
    paid = restitution.paid_amount + value
    if paid > restitution.verdict_amount:
        raise ValidationFailed(_("Payments would exceed the amount ordered."), field=field)
    restitution.paid_amount, restitution.paid_on = paid, when
    restitution.stage = R.PAID if paid == restitution.verdict_amount else R.PARTLY_PAID


def _close_service_if_done(restitution: Restitution, service: Service | None, when) -> None:
    """A paid, refused or substituted restitution completes its service."""
    if service is None or restitution.stage not in (R.PAID, R.REFUSED, R.SUBSTITUTE_DETENTION):
        return
    service.status = Service.Status.COMPLETED
    service.ended_on = when if when >= service.started_on else service.started_on
    service.outcome = Service.Outcome.DELIVERED if restitution.stage == R.PAID else Service.Outcome.OTHER
    service.version += 1
    service.save(update_fields=["status", "ended_on", "outcome", "version", "updated_at"])


def _require_verdict_recorder(actor, verdict, kind: str) -> None:
    """The legal track's rule: who may record this step on the verdict's investigation."""
    from gugus.legal.access import can_record

    if not can_record(actor, verdict.suspect.investigation, kind):
        raise NotFound(_("No such investigation."))


@transaction.atomic
def restitution_order_from_verdict(*, actor, verdict, victim: CaseRole | None, amount: Decimal) -> Restitution:
    """The court orders restitution in ``verdict`` (UU 21/2007 Pasal 48 ayat (3)), written by the legal
    track: the victim's open restitution (requested, assessed by LPSK, indicted) moves to ordered;
    without one, a restitution is opened at that stage, provided by the prosecutor's office."""
    from gugus.legal.models import Step

    _require_verdict_recorder(actor, verdict, Step.Kind.VERDICT)
    investigation = verdict.suspect.investigation
    if amount is None or amount <= 0:
        raise ValidationFailed(_("Give an amount above zero."), field="restitution_ordered_idr")
    if victim is not None and (victim.case_id != investigation.case_id or victim.role != CaseRole.Role.VICTIM):
        raise ValidationFailed(_("Choose a victim of this case."), field="restitution_victim")
    restitution = None
    if victim is not None:
        restitution = (
            Restitution.objects.select_for_update()
            .filter(service__victim=victim, service__case_id=investigation.case_id, verdict__isnull=True,
                    stage__in=(R.REQUESTED, R.ASSESSED, R.INDICTED))
            .order_by("pk")
            .first()
        )  # fmt: skip
    if restitution is not None:
        _not_before(
            verdict.decided_on, restitution.indicted_on, "decided_on", _("The verdict is before the indictment.")
        )
    else:
        service = None
        if victim is not None:
            service = Service.objects.create(
                case_id=investigation.case_id, victim=victim, kind=Kind.RESTITUTION,
                function=Function.objects.filter(code=KIND_FUNCTION[Kind.RESTITUTION]).first(),
                provider_unit=investigation.prosecutor_unit or investigation.unit, started_on=verdict.decided_on,
                note="", recorded_by=actor if getattr(actor, "pk", None) else None,
            )  # fmt: skip
        restitution = Restitution(service=service, requested_amount=amount, requested_on=verdict.decided_on)
    previous = restitution.stage if restitution.pk else None
    restitution.verdict = verdict
    restitution.verdict_amount, restitution.verdict_on = amount, verdict.decided_on
    restitution.court_reference = verdict.decision_number[:120]
    restitution.stage = R.VERDICT
    restitution.save()
    audit_record(
        actor=actor,
        action="restitution.order",
        target=restitution.service or restitution,
        data={"verdict": verdict.pk, "from": previous, "amount": amount},
    )
    return restitution


@transaction.atomic
def restitution_payment_from_verdict(
    *, actor, verdict, amount: Decimal | None, paid_on: dt.date, restitution_id=None
) -> Restitution:
    """A payment of the restitution a verdict ordered, recorded on the legal track."""
    from gugus.legal.models import Step

    _require_verdict_recorder(actor, verdict, Step.Kind.RESTITUTION_PAID)
    rows = Restitution.objects.select_for_update().filter(verdict=verdict).order_by("pk")
    if restitution_id not in (None, ""):
        try:
            rows = rows.filter(pk=int(restitution_id))
        except (TypeError, ValueError):
            rows = rows.none()
    found = list(rows[:2])
    if not found:
        raise ValidationFailed(_("This verdict ordered no restitution."), field="amount")
    if len(found) > 1:
        raise ValidationFailed(_("Choose whose restitution was paid."), field="restitution")
    restitution = found[0]
    if restitution.stage in (R.PAID, R.REFUSED, R.SUBSTITUTE_DETENTION):
        raise Conflict(_("This restitution is closed."))
    _add_payment(restitution, amount, paid_on, field="amount", date_field="paid_on")
    restitution.save()
    service = Service.objects.select_for_update().filter(pk=restitution.service_id).first()
    _close_service_if_done(restitution, service, paid_on)
    audit_record(
        actor=actor,
        action="restitution.payment",
        target=service or restitution,
        data={"verdict": verdict.pk, "to": restitution.stage, "amount": amount},
    )
    return restitution


def follow_up_record(*, actor, service: Service, on, situation: str, note: str = "") -> FollowUp:
    """Record a visit or call after return or reintegration (monitoring for at least three months)."""
    if service.kind not in (*REINTEGRATION_KINDS, Kind.RETURN_HOME):
        raise ValidationFailed(_("Follow-up is recorded on return and reintegration services."), field="service")
    if situation not in FollowUp.Situation.values:
        raise ValidationFailed(_("Choose the situation."), field="situation")
    when = _date(on, "on", required=True)
    if when < service.started_on:
        raise ValidationFailed(_("The follow-up is before the service began."), field="on")
    with transaction.atomic():
        locked = _provider_locked(actor, service, None)
        follow_up = FollowUp.objects.create(
            service=locked, on=when, situation=situation, note=str(note or "").strip() or None, recorded_by=actor
        )
        audit_record(actor=actor, action="service.follow_up", target=locked, data={"situation": situation})
    return follow_up
