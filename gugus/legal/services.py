"""Writes of the legal track, the compound register and online exploitation.

Every function is keyword-only with ``actor``, one transaction: validate, write, audit. Stage
changes lock the investigation row and bump its version. Audit data carry codes, dates and
amounts, never names.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gugus.accounts.roles import has_capability
from gugus.assistance.services import restitution_order_from_verdict, restitution_payment_from_verdict
from gugus.audit.services import audit_record
from gugus.cases.access import cases_visible_to
from gugus.cases.services import case_person_add
from gugus.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gugus.core.money import clean_amount
from gugus.legal import access
from gugus.legal.models import (
    Appeal,
    Article,
    Charge,
    Compound,
    CompoundFact,
    CompoundLink,
    Investigation,
    OnlineCategory,
    OnlineItem,
    Step,
    Suspect,
    TakedownRequest,
    TrackShare,
    Verdict,
)
from gugus.organisations.countries import country_name
from gugus.organisations.models import Agency
from gugus.people.models import CaseRole
from gugus.people.services import parse_date

K = Step.Kind
G = Investigation.Stage

# The stage a recorded step moves the track to (steps not listed leave the stage as it is).
STAGE_AFTER = {
    K.POLICE_REPORT: G.REPORTED,
    K.SPRINDIK: G.INVESTIGATING,
    K.FILE_SENT: G.FILE_WITH_PROSECUTOR,
    K.FILE_RETURNED: G.FILE_RETURNED,
    K.P21: G.FILE_COMPLETE,
    K.HANDOVER: G.PROSECUTION,
    K.INDICTMENT: G.TRIAL,
    K.VERDICT: G.VERDICT,
    K.APPEAL: G.APPEAL,
    K.APPEAL_DECIDED: G.VERDICT,
    K.FINAL: G.FINAL,
    K.SP3: G.STOPPED,
}
# A step that needs an earlier one (KUHAP's order): P-21 answers a case file sent, and so on.
NEEDS = {
    K.SPDP: K.SPRINDIK,
    K.FILE_SENT: K.SPRINDIK,
    K.FILE_RETURNED: K.FILE_SENT,
    K.P21: K.FILE_SENT,
    K.HANDOVER: K.P21,
    K.INDICTMENT: K.HANDOVER,
}
# Recorded through their own services (they carry more than a date).
OWN_SERVICE_STEPS = {K.VERDICT, K.APPEAL, K.FINAL, K.RESTITUTION_PAID, K.SHARED, K.POLICE_REPORT}
_CLOSED_STAGES = {G.FINAL, G.STOPPED}


def _date(value, field: str, *, today: dt.date | None = None, required: bool = True) -> dt.date | None:
    try:
        parsed = parse_date(value)
    except ValueError:
        raise ValidationFailed(_("Give a date as YYYY-MM-DD or DD-MM-YYYY."), field=field) from None
    if parsed is None:
        if required:
            raise ValidationFailed(_("Give the date."), field=field)
        return None
    if parsed > (today or timezone.localdate()):
        raise ValidationFailed(_("The date cannot be in the future."), field=field)
    return parsed


def _amount(value, field: str) -> Decimal | None:
    amount = clean_amount(value, field=field, required=False)
    return None if amount is None else amount.quantize(Decimal(1))


def _text(value, field: str, *, max_length: int, required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationFailed(_("This field is required."), field=field)
    if len(text) > max_length:
        raise ValidationFailed(_("At most %(n)s characters.") % {"n": max_length}, field=field)
    return text


def _step(investigation, kind, actor, *, on, reference="", data=None, note="", now=None) -> Step:
    return Step.objects.create(
        investigation=investigation,
        kind=kind,
        on=on,
        reference=reference,
        data=data or {},
        note=str(note or "").strip() or None,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        recorded_unit_id=getattr(actor, "unit_id", None),
        recorded_at=now or timezone.now(),
    )


def _current(investigation: Investigation) -> Investigation:
    """The caller's object with the units as they are now (another user may have named the prosecutor)."""
    investigation.refresh_from_db(fields=["unit", "prosecutor_unit", "stage", "version"])
    return investigation


def _locked(investigation: Investigation, version) -> Investigation:
    locked = Investigation.objects.select_for_update().get(pk=investigation.pk)
    if version not in (None, ""):
        try:
            version = int(version)
        except (TypeError, ValueError):
            raise ValidationFailed(_("Invalid version."), field="version") from None
        if version != locked.version:
            raise Conflict(_("Someone else changed this investigation; reload the page to see its current state."))
    return locked


def _move(locked: Investigation, kind: str) -> None:
    stage = STAGE_AFTER.get(kind)
    fields = ["version", "updated_at"]
    if stage is not None:
        locked.stage = stage
        fields.append("stage")
    locked.version += 1
    locked.save(update_fields=fields)


def articles_load() -> int:
    """Load the shipped articles (``gugus.legal.articles``) where missing; the migration does it once.

    Idempotent; for databases emptied after the migration ran (transactional tests flush tables).
    """
    from gugus.legal.articles import ARTICLES

    existing = set(Article.objects.values_list("law", "number", "paragraph"))
    new = [
        Article(law=law, number=number, paragraph=paragraph, read_with=read_with, summary_id=sid, summary_en=sen)
        for law, number, paragraph, read_with, sid, sen in ARTICLES
        if (law, number, paragraph) not in existing
    ]
    Article.objects.bulk_create(new)
    return len(new)


# --- the legal track -------------------------------------------------------------------------------


def investigation_open(
    *,
    actor,
    case,
    report_number: str,
    report_date,
    sprindik_number: str = "",
    sprindik_date=None,
    referral=None,
    today: dt.date | None = None,
) -> Investigation:
    """Open the legal track of ``case`` in the actor's (Polri) unit from its police report (LP).

    With an investigation referral to the actor's unit that was accepted, the referral's service
    begins now (its deadline clock stops) and the track remembers the referral.
    """
    if not access.can_open_investigation(actor, case):
        raise NotFound(_("No such case."))
    number = _text(report_number, "report_number", max_length=80, required=True)
    reported = _date(report_date, "report_date", today=today)
    sprindik = _text(sprindik_number, "sprindik_number", max_length=80)
    sprindik_on = _date(sprindik_date, "sprindik_date", today=today, required=bool(sprindik))
    if sprindik_on and not sprindik:
        raise ValidationFailed(_("Give the number of the investigation warrant."), field="sprindik_number")
    if sprindik_on and sprindik_on < reported:
        raise ValidationFailed(_("The warrant cannot precede the police report."), field="sprindik_date")
    if referral is not None and (
        referral.case_id != case.pk
        or referral.to_unit_id != actor.unit_id
        or referral.status not in ("accepted", "in_progress")
    ):
        raise ValidationFailed(
            _("This referral is not an accepted referral of this case to your unit."), field="referral"
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            investigation = Investigation.objects.create(
                case=case,
                unit_id=actor.unit_id,
                referral=referral,
                report_number=number,
                report_date=reported,
                sprindik_number=sprindik,
                sprindik_date=sprindik_on,
                stage=G.INVESTIGATING if sprindik else G.REPORTED,
                opened_by=actor,
            )
            _step(investigation, K.POLICE_REPORT, actor, on=reported, reference=number, now=now)
            if sprindik:
                _step(investigation, K.SPRINDIK, actor, on=sprindik_on, reference=sprindik, now=now)
            if referral is not None and referral.status == "accepted":
                from gugus.referrals.services import referral_start

                referral_start(actor=actor, referral=referral, note="")
            audit_record(
                actor=actor,
                action="legal.investigation_open",
                target=investigation,
                data={
                    "case": case.pk,
                    "unit": actor.unit.code,
                    "report_date": reported,
                    "sprindik": bool(sprindik),
                    "referral": referral.pk if referral else None,
                },
            )
    except IntegrityError:
        raise Conflict(_("Your unit already recorded this police report number.")) from None
    return investigation


def step_record(
    *,
    actor,
    investigation: Investigation,
    kind: str,
    on,
    reference: str = "",
    note: str = "",
    prosecutor_unit=None,
    version=None,
    today: dt.date | None = None,
) -> Step:
    """Record one dated stage (sprindik, SPDP, case file sent, P-19, P-21, stage II, indictment, SP3)."""
    if kind not in K.values or kind in OWN_SERVICE_STEPS:
        raise ValidationFailed(_("Choose a stage."), field="kind")
    if not access.can_record(actor, _current(investigation), kind):
        raise NotFound(_("No such investigation."))
    on = _date(on, "on", today=today)
    reference = _text(reference, "reference", max_length=80)
    if kind in (K.SPRINDIK, K.P21, K.INDICTMENT) and not reference:
        raise ValidationFailed(_("Give the document number."), field="reference")
    if kind == K.SPDP and prosecutor_unit is None and not investigation.prosecutor_unit_id:
        raise ValidationFailed(_("Choose the prosecutor's office that receives the notice."), field="prosecutor_unit")
    if prosecutor_unit is not None and prosecutor_unit.agency.kind != Agency.Kind.PROSECUTION:
        raise ValidationFailed(_("Choose a unit of the Kejaksaan."), field="prosecutor_unit")
    with transaction.atomic():
        locked = _locked(investigation, version)
        if locked.stage in _CLOSED_STAGES:
            raise Conflict(_("This investigation is closed."))
        earlier = set(locked.steps.values_list("kind", flat=True))
        needed = NEEDS.get(kind)
        if needed and needed not in earlier and not (needed == K.SPRINDIK and locked.sprindik_number):
            raise ValidationFailed(
                _("Record '%(stage)s' first.") % {"stage": K(needed).label}, field="kind", code="stage_order"
            )
        first = locked.steps.order_by("on").values_list("on", flat=True).first()
        if first and on < first:
            raise ValidationFailed(_("The date cannot precede the police report."), field="on")
        step = _step(locked, kind, actor, on=on, reference=reference, note=note)
        if kind == K.SPRINDIK:
            locked.sprindik_number, locked.sprindik_date = reference, on
            locked.save(update_fields=["sprindik_number", "sprindik_date"])
        if prosecutor_unit is not None:
            locked.prosecutor_unit = prosecutor_unit
            locked.save(update_fields=["prosecutor_unit"])
        if kind == K.HANDOVER:
            locked.suspects.filter(status=Suspect.Status.SUSPECT).update(
                status=Suspect.Status.DEFENDANT, status_on=on, updated_at=timezone.now()
            )
        _move(locked, kind)
        audit_record(
            actor=actor,
            action="legal.step",
            target=locked,
            data={
                "kind": kind,
                "on": on,
                "stage": locked.stage,
                "prosecutor_unit": getattr(prosecutor_unit, "code", None),
            },
        )
    return step


def suspect_add(
    *,
    actor,
    investigation: Investigation,
    case_role: CaseRole | None = None,
    status: str = Suspect.Status.SUSPECT,
    status_on=None,
    today: dt.date | None = None,
    **person_fields,
) -> Suspect:
    """Pursue a suspect: a person already in the case as suspect, or a new one added to the case as suspect."""
    if not access.can_record(actor, _current(investigation)):
        raise NotFound(_("No such investigation."))
    if status not in Suspect.Status.values:
        raise ValidationFailed(_("Choose a status."), field="status")
    on = _date(status_on, "status_on", today=today, required=False) or timezone.localdate()
    if case_role is not None and (
        case_role.case_id != investigation.case_id or case_role.role != CaseRole.Role.SUSPECT
    ):
        raise ValidationFailed(_("Choose a suspect of this case."), field="case_role")
    if case_role is None and not str(person_fields.get("full_name") or "").strip():
        raise ValidationFailed(_("Choose a suspect of the case or give the new suspect's name."), field="full_name")
    with transaction.atomic():
        locked = _locked(investigation, None)
        if case_role is None:
            # A new person goes into the case through the case's own service (identity check included).
            case_role, _warnings = case_person_add(
                actor=actor,
                case=locked.case,
                role=CaseRole.Role.SUSPECT,
                **person_fields,
            )
        if locked.suspects.filter(case_role=case_role).exists():
            raise Conflict(_("This suspect is already in the investigation."))
        suspect = Suspect.objects.create(
            investigation=locked, case_role=case_role, status=status, status_on=on, recorded_by=actor
        )
        _move(locked, "")
        audit_record(
            actor=actor,
            action="legal.suspect_add",
            target=locked,
            data={"suspect": suspect.pk, "person": str(case_role.person.uuid), "status": status},
        )
    return suspect


def suspect_status_set(*, actor, suspect: Suspect, status: str, on, today: dt.date | None = None) -> Suspect:
    """Change where a suspect stands (at large, abroad, defendant ...); convictions come with the verdict."""
    if not access.can_record(actor, _current(suspect.investigation)):
        raise NotFound(_("No such investigation."))
    if status not in Suspect.Status.values:
        raise ValidationFailed(_("Choose a status."), field="status")
    if status in (Suspect.Status.CONVICTED, Suspect.Status.ACQUITTED):
        raise ValidationFailed(_("Record the verdict instead."), field="status")
    on = _date(on, "on", today=today)
    with transaction.atomic():
        locked = Suspect.objects.select_for_update().get(pk=suspect.pk)
        previous = locked.status
        locked.status, locked.status_on = status, on
        locked.save(update_fields=["status", "status_on", "updated_at"])
        audit_record(
            actor=actor, action="legal.suspect_status", target=locked, data={"from": previous, "to": status, "on": on}
        )
    return locked


def charge_add(
    *, actor, suspect: Suspect, article: Article | int | str, stage: str = Charge.Stage.INVESTIGATION
) -> Charge:
    """Charge a suspect under an article (at investigation, in the indictment, or as proven in the verdict)."""
    if not access.can_record(actor, _current(suspect.investigation)):
        raise NotFound(_("No such investigation."))
    if stage not in Charge.Stage.values:
        raise ValidationFailed(_("Choose a stage."), field="stage")
    if not isinstance(article, Article):
        try:
            article = Article.objects.get(pk=int(article), active=True)
        except (TypeError, ValueError, Article.DoesNotExist):
            raise ValidationFailed(_("Choose an article."), field="article") from None
    try:
        with transaction.atomic():
            charge = Charge.objects.create(
                suspect=suspect, article=article, stage=stage, recorded_by=actor, recorded_at=timezone.now()
            )
            audit_record(
                actor=actor,
                action="legal.charge_add",
                target=suspect.investigation,
                data={"suspect": suspect.pk, "article": article.citation, "stage": stage},
            )
    except IntegrityError:
        raise Conflict(_("This article is already charged at this stage.")) from None
    return charge


def verdict_record(
    *,
    actor,
    suspect: Suspect,
    court_name: str,
    decided_on,
    outcome: str,
    court: str = Verdict.Court.DISTRICT,
    decision_number: str = "",
    prison_months=None,
    fine_idr=None,
    restitution_ordered_idr=None,
    restitution_victim=None,
    today: dt.date | None = None,
) -> Verdict:
    """A court's verdict on a suspect: outcome, sentence, restitution ordered. The suspect's status follows.

    Restitution ordered is written to the one restitution record of the victim (``gugus.assistance``:
    ``restitution_order_from_verdict``): ``restitution_victim`` (a victim of the case, or its id), or
    the case's only victim."""
    investigation = suspect.investigation
    if not access.can_record(actor, _current(investigation), K.VERDICT):
        raise NotFound(_("No such investigation."))
    if outcome not in Verdict.Outcome.values:
        raise ValidationFailed(_("Choose the outcome."), field="outcome")
    if court not in Verdict.Court.values:
        raise ValidationFailed(_("Choose the court level."), field="court")
    court_name = _text(court_name, "court_name", max_length=120, required=True)
    decided = _date(decided_on, "decided_on", today=today)
    months = None
    if prison_months not in (None, ""):
        try:
            months = int(prison_months)
        except (TypeError, ValueError):
            raise ValidationFailed(_("Give whole months."), field="prison_months") from None
        if not 0 <= months <= 1200:
            raise ValidationFailed(_("Give between 0 and 1200 months."), field="prison_months")
    fine, restitution = _amount(fine_idr, "fine_idr"), _amount(restitution_ordered_idr, "restitution_ordered_idr")
    if outcome != Verdict.Outcome.CONVICTED and (months or fine or restitution):
        raise ValidationFailed(_("Only a conviction carries a sentence or restitution."), field="outcome")
    victim = _restitution_victim(investigation, restitution_victim) if restitution else None
    with transaction.atomic():
        locked = _locked(investigation, None)
        if court == Verdict.Court.DISTRICT and not locked.steps.filter(kind=K.INDICTMENT).exists():
            raise ValidationFailed(
                _("Record '%(stage)s' first.") % {"stage": K.INDICTMENT.label}, field="court", code="stage_order"
            )
        verdict = Verdict.objects.create(
            suspect=suspect,
            court=court,
            court_name=court_name,
            decision_number=_text(decision_number, "decision_number", max_length=80),
            decided_on=decided,
            outcome=outcome,
            prison_months=months,
            fine_idr=fine,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        kind = K.VERDICT if court == Verdict.Court.DISTRICT else K.APPEAL_DECIDED
        _step(
            locked,
            kind,
            actor,
            on=decided,
            reference=verdict.decision_number,
            data={"verdict": verdict.pk, "outcome": outcome},
        )
        if restitution:
            restitution_order_from_verdict(actor=actor, verdict=verdict, victim=victim, amount=restitution)
        status = Suspect.Status.CONVICTED if outcome == Verdict.Outcome.CONVICTED else Suspect.Status.ACQUITTED
        Suspect.objects.filter(pk=suspect.pk).update(status=status, status_on=decided, updated_at=timezone.now())
        _move(locked, kind)
        audit_record(
            actor=actor,
            action="legal.verdict",
            target=locked,
            data={
                "suspect": suspect.pk,
                "court": court,
                "outcome": outcome,
                "prison_months": months,
                "fine_idr": fine,
                "restitution_ordered_idr": restitution,
            },
        )
    return verdict


def appeal_record(
    *, actor, verdict: Verdict, level: str, filed_by: str, filed_on, today: dt.date | None = None
) -> Appeal:
    """An appeal, cassation or review is filed against a verdict."""
    investigation = verdict.suspect.investigation
    if not access.can_record(actor, _current(investigation), K.APPEAL):
        raise NotFound(_("No such investigation."))
    if level not in Appeal.Level.values:
        raise ValidationFailed(_("Choose the level."), field="level")
    if filed_by not in Appeal.By.values:
        raise ValidationFailed(_("Say who appealed."), field="filed_by")
    filed = _date(filed_on, "filed_on", today=today)
    if filed < verdict.decided_on:
        raise ValidationFailed(_("An appeal follows the verdict."), field="filed_on")
    if verdict.final_on:
        raise Conflict(_("This verdict is final."))
    with transaction.atomic():
        locked = _locked(investigation, None)
        appeal = Appeal.objects.create(
            verdict=verdict,
            level=level,
            filed_by=filed_by,
            filed_on=filed,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        _step(locked, K.APPEAL, actor, on=filed, data={"verdict": verdict.pk, "level": level, "by": filed_by})
        _move(locked, K.APPEAL)
        audit_record(actor=actor, action="legal.appeal", target=locked, data={"verdict": verdict.pk, "level": level})
    return appeal


def verdict_final(*, actor, verdict: Verdict, final_on, today: dt.date | None = None) -> Verdict:
    """The verdict became final (inkracht): no appeal, or the last one decided."""
    investigation = verdict.suspect.investigation
    if not access.can_record(actor, _current(investigation), K.FINAL):
        raise NotFound(_("No such investigation."))
    final = _date(final_on, "final_on", today=today)
    if final < verdict.decided_on:
        raise ValidationFailed(_("A verdict becomes final after it is given."), field="final_on")
    with transaction.atomic():
        locked = _locked(investigation, None)
        updated = Verdict.objects.filter(pk=verdict.pk, final_on__isnull=True).update(final_on=final)
        if updated != 1:
            raise Conflict(_("This verdict is already final."))
        _step(locked, K.FINAL, actor, on=final, data={"verdict": verdict.pk})
        _move(locked, K.FINAL)
        audit_record(actor=actor, action="legal.final", target=locked, data={"verdict": verdict.pk, "on": final})
    verdict.refresh_from_db()
    return verdict


def _restitution_victim(investigation: Investigation, chosen) -> CaseRole | None:
    """The victim a verdict's restitution is for: the one chosen, or the case's only victim."""
    victims = CaseRole.objects.filter(case_id=investigation.case_id, role=CaseRole.Role.VICTIM).order_by("pk")
    if chosen not in (None, ""):
        pk = chosen.pk if isinstance(chosen, CaseRole) else chosen
        try:
            victim = victims.filter(pk=int(pk)).first()
        except (TypeError, ValueError):
            victim = None
        if victim is None:
            raise ValidationFailed(_("Choose a victim of this case."), field="restitution_victim")
        return victim
    found = list(victims[:2])
    if len(found) > 1:
        raise ValidationFailed(_("Choose the victim the restitution is for."), field="restitution_victim")
    return found[0] if found else None


def restitution_paid(
    *, actor, verdict: Verdict, amount, paid_on, restitution=None, today: dt.date | None = None
) -> Verdict:
    """Restitution paid to the victim (in full or in part), against what the verdict ordered; written to
    the one restitution record (``gugus.assistance``), with the step on the legal track."""
    investigation = verdict.suspect.investigation
    if not access.can_record(actor, _current(investigation), K.RESTITUTION_PAID):
        raise NotFound(_("No such investigation."))
    if not verdict.restitutions.exists():
        raise ValidationFailed(_("This verdict ordered no restitution."), field="amount")
    paid = _amount(amount, "amount")
    if not paid:
        raise ValidationFailed(_("Give the amount paid."), field="amount")
    on = _date(paid_on, "paid_on", today=today)
    if on < verdict.decided_on:
        raise ValidationFailed(_("Restitution is paid after the verdict."), field="paid_on")
    with transaction.atomic():
        locked = _locked(investigation, None)
        row = restitution_payment_from_verdict(
            actor=actor, verdict=verdict, amount=paid, paid_on=on, restitution_id=restitution
        )
        _step(locked, K.RESTITUTION_PAID, actor, on=on, data={"verdict": verdict.pk, "amount": str(paid)})
        _move(locked, K.RESTITUTION_PAID)
        audit_record(
            actor=actor,
            action="legal.restitution_paid",
            target=locked,
            data={"verdict": verdict.pk, "restitution": row.pk, "amount": paid, "on": on},
        )
    return Verdict.objects.prefetch_related("restitutions").get(pk=verdict.pk)


def track_share(*, actor, investigation: Investigation, unit, reason: str) -> TrackShare:
    """Share the legal track with another unit (LPSK for restitution, a shelter preparing testimony)."""
    if not access.can_record(actor, _current(investigation)):
        raise NotFound(_("No such investigation."))
    reason = _text(reason, "reason", max_length=200, required=True)
    if unit is None or not unit.active:
        raise ValidationFailed(_("Choose an active unit."), field="unit")
    with transaction.atomic():
        if TrackShare.objects.filter(investigation=investigation, unit=unit, revoked_at__isnull=True).exists():
            raise Conflict(_("The track is already shared with this unit."))
        share = TrackShare.objects.create(
            investigation=investigation, unit=unit, reason=reason, granted_by=actor, granted_at=timezone.now()
        )
        _step(investigation, K.SHARED, actor, on=timezone.localdate(), data={"unit": unit.code})
        audit_record(actor=actor, action="legal.share", target=investigation, data={"unit": unit.code})
    return share


def track_share_revoke(*, actor, share: TrackShare) -> TrackShare:
    if not access.can_record(actor, _current(share.investigation)):
        raise NotFound(_("No such investigation."))
    with transaction.atomic():
        if TrackShare.objects.filter(pk=share.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()) != 1:
            raise Conflict(_("This share was already revoked."))
        audit_record(
            actor=actor, action="legal.share_revoke", target=share.investigation, data={"unit": share.unit.code}
        )
    share.refresh_from_db()
    return share


# --- compounds -------------------------------------------------------------------------------------


def _require(actor, capability: str) -> None:
    # actor None is the system itself (demo seeding), as in the other apps' services.
    if actor is not None and not has_capability(actor, capability):
        raise PermissionDenied(_("Your role does not allow this."))


def compound_create(*, actor, name: str, country: str, locality: str = "", kind: str = Compound.Kind.SCAM_COMPOUND,
                    status: str = Compound.Status.UNVERIFIED) -> Compound:  # fmt: skip
    """Register a compound or site abroad."""
    _require(actor, "cases.edit")
    name = _text(name, "name", max_length=120, required=True)
    code = str(country or "").strip().upper()
    if len(code) != 2 or country_name(code) == code:
        raise ValidationFailed(_("Choose a country."), field="country")
    if kind not in Compound.Kind.values:
        raise ValidationFailed(_("Choose a kind."), field="kind")
    if status not in Compound.Status.values:
        raise ValidationFailed(_("Choose a status."), field="status")
    try:
        with transaction.atomic():
            compound = Compound.objects.create(
                name=name,
                country=code,
                locality=_text(locality, "locality", max_length=120),
                kind=kind,
                status=status,
                recorded_by=actor if getattr(actor, "pk", None) else None,
            )
            audit_record(
                actor=actor, action="legal.compound_create", target=compound, data={"country": code, "kind": kind}
            )
    except IntegrityError:
        raise Conflict(_("A compound of this name is already registered in this country.")) from None
    return compound


def compound_fact_add(*, actor, compound: Compound, kind: str, value: str, source: str, observed_on,
                      today: dt.date | None = None) -> CompoundFact:  # fmt: skip
    """Record a fact about a compound with its source and date; a status fact also changes the compound's status."""
    _require(actor, "cases.edit")
    if kind not in CompoundFact.Kind.values:
        raise ValidationFailed(_("Choose a kind."), field="kind")
    value = _text(value, "value", max_length=500, required=True)
    if kind == CompoundFact.Kind.STATUS and value not in Compound.Status.values:
        raise ValidationFailed(_("Choose a status."), field="value")
    source = _text(source, "source", max_length=200, required=True)
    observed = _date(observed_on, "observed_on", today=today)
    with transaction.atomic():
        fact = CompoundFact.objects.create(
            compound=compound,
            kind=kind,
            value=value,
            source=source,
            observed_on=observed,
            recorded_by=actor if getattr(actor, "pk", None) else None,
            recorded_at=timezone.now(),
        )
        if kind == CompoundFact.Kind.STATUS:
            latest = compound.facts.filter(kind=kind).order_by("-observed_on", "-id").first()
            if latest.pk == fact.pk:
                Compound.objects.filter(pk=compound.pk).update(status=value, updated_at=timezone.now())
        audit_record(actor=actor, action="legal.compound_fact", target=compound, data={"kind": kind, "on": observed})
    return fact


def compound_link(*, actor, compound: Compound, case, case_role: CaseRole | None = None, source: str, observed_on,
                  today: dt.date | None = None) -> CompoundLink:  # fmt: skip
    """Link a case (or one person of it) to a compound, with the source and date of the fact."""
    _require(actor, "cases.view")
    if actor is not None and not cases_visible_to(actor).filter(pk=case.pk).exists():
        raise NotFound(_("No such case."))
    if case_role is not None and case_role.case_id != case.pk:
        raise ValidationFailed(_("Choose a person of this case."), field="case_role")
    source = _text(source, "source", max_length=200, required=True)
    observed = _date(observed_on, "observed_on", today=today)
    try:
        with transaction.atomic():
            link = CompoundLink.objects.create(
                compound=compound,
                case=case,
                case_role=case_role,
                source=source,
                observed_on=observed,
                recorded_by=actor if getattr(actor, "pk", None) else None,
                recorded_at=timezone.now(),
            )
            audit_record(
                actor=actor,
                action="legal.compound_link",
                target=compound,
                data={"case": case.pk, "case_role": case_role.pk if case_role else None},
            )
    except IntegrityError:
        raise Conflict(_("Already linked to this compound.")) from None
    return link


# --- online exploitation ---------------------------------------------------------------------------


def online_item_add(*, actor, case, category: str, platform: str, account: str = "", url: str = "", first_seen_on,
                    today: dt.date | None = None) -> OnlineItem:  # fmt: skip
    """Record the platform, account and URL involved in a case's online exploitation."""
    if actor is not None and not access.can_record_online(actor, case):
        raise NotFound(_("No such case."))
    if category not in OnlineCategory.values:
        raise ValidationFailed(_("Choose a category."), field="category")
    platform = _text(platform, "platform", max_length=60, required=True)
    account = _text(account, "account", max_length=300)
    url = _text(url, "url", max_length=1000)
    if not account and not url:
        raise ValidationFailed(_("Give the account or the URL."), field="url")
    if url and not url.lower().startswith(("http://", "https://")):
        raise ValidationFailed(_("A URL starts with http:// or https://."), field="url")
    seen = _date(first_seen_on, "first_seen_on", today=today)
    with transaction.atomic():
        item = OnlineItem.objects.create(
            case=case,
            category=category,
            platform=platform,
            account=account or None,
            url=url or None,
            first_seen_on=seen,
            recorded_by=actor if getattr(actor, "pk", None) else None,
            recorded_unit_id=getattr(actor, "unit_id", None),
        )
        audit_record(
            actor=actor,
            action="legal.online_item",
            target=item,
            data={"case": case.pk, "category": category, "platform": platform},
        )
    return item


def takedown_send(*, actor, item: OnlineItem, kind: str, recipient: str, sent_on, reference: str = "",
                  today: dt.date | None = None) -> TakedownRequest:  # fmt: skip
    """A takedown or preservation request sent to Komdigi or to the platform."""
    if actor is not None and not access.can_record_online(actor, item.case):
        raise NotFound(_("No such case."))
    if kind not in TakedownRequest.Kind.values:
        raise ValidationFailed(_("Choose takedown or preservation."), field="kind")
    if recipient not in TakedownRequest.Recipient.values:
        raise ValidationFailed(_("Choose to whom it was sent."), field="recipient")
    sent = _date(sent_on, "sent_on", today=today)
    with transaction.atomic():
        request = TakedownRequest.objects.create(
            item=item,
            kind=kind,
            recipient=recipient,
            reference=_text(reference, "reference", max_length=80),
            sent_on=sent,
            sent_by=actor if getattr(actor, "pk", None) else None,
            sent_unit_id=getattr(actor, "unit_id", None),
        )
        audit_record(
            actor=actor,
            action="legal.takedown_send",
            target=request,
            data={"kind": kind, "recipient": recipient, "on": sent},
        )
    return request


def takedown_answer(
    *, actor, request: TakedownRequest, outcome: str, answered_on, today: dt.date | None = None
) -> TakedownRequest:
    """Record the answer to a request: done, partly done, refused or no answer."""
    if actor is not None and not access.can_record_online(actor, request.item.case):
        raise NotFound(_("No such case."))
    if outcome not in TakedownRequest.Outcome.values or outcome == TakedownRequest.Outcome.PENDING:
        raise ValidationFailed(_("Choose the outcome."), field="outcome")
    answered = _date(answered_on, "answered_on", today=today)
    if answered < request.sent_on:
        raise ValidationFailed(_("The answer cannot precede the request."), field="answered_on")
    with transaction.atomic():
        changed = TakedownRequest.objects.filter(pk=request.pk, outcome=TakedownRequest.Outcome.PENDING).update(
            outcome=outcome, answered_on=answered, updated_at=timezone.now()
        )
        if changed != 1:
            raise Conflict(_("This request was already answered."))
        audit_record(
            actor=actor, action="legal.takedown_answer", target=request, data={"outcome": outcome, "on": answered}
        )
    request.refresh_from_db()
    return request
