"""Writes of referrals: consent, sending, the lifecycle, reminders and escalation, notifications.

Every function is one transaction: validate, write, record the referral's event, audit, and
notify (rows in the transaction, e-mails on commit). State changes lock the referral row
(``select_for_update``) and check its ``version``: of two people answering at once, one wins and
the other gets a Conflict that says who answered first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gugus.accounts.actors import is_system, require_actor
from gugus.accounts.models import User
from gugus.accounts.roles import ROLE_CAPABILITIES, Role, has_capability
from gugus.audit.services import audit_record
from gugus.core.errors import Conflict, GugusError, NotFound, PermissionDenied, ValidationFailed
from gugus.functions.models import Function
from gugus.organisations.models import AgencyUnit, TaskForce, Tier
from gugus.people.models import CaseRole
from gugus.referrals.access import unit_held_shares
from gugus.referrals.models import (
    Consent,
    DeadlineRule,
    NoGuardianReason,
    Notification,
    Referral,
    ReferralEvent,
    Share,
    codes_join,
)

S = Referral.Status

# Deadlines the law sets, per function, with the article (docs/domain.md). UU 21/2007 Pasal 52
# ayat (1): health and social rehabilitation, return and social reintegration (the rights of
# Pasal 51 ayat (1)) within 7 days of the request. No other function has a deadline in the law:
# restitution (Pasal 48-50) runs on its own checkpoints (gugus.assistance), repatriation from
# abroad (Pasal 54) and LPSK's protection and assistance (UU 31/2014) set none. Those get the
# task force's working deadline (DEFAULT_DAYS), shown as such, and a DeadlineRule row (admin,
# API) overrides any of them with its own source.
SERVICE_FUNCTIONS = frozenset(
    {
        "health_rehabilitation",
        "social_rehabilitation",
        "return_home",
        "social_reintegration",
    }
)
SERVICE_DAYS = 7
SERVICE_LEGAL_BASIS = "UU 21/2007 Pasal 52 ayat (1)"
DEFAULT_DAYS = 14
DEFAULT_REMIND_DAYS_BEFORE = 2
# Functions for which a referral may go without the victim's consent, under a recorded legal basis.
LAW_ENFORCEMENT_FUNCTIONS = frozenset({"investigation", "prosecution", "financial_investigation"})
# The exception goes only to a law-enforcement unit: police and prosecution, or an agency the
# authority matrix in force names for the function (PPATK for financial investigation).
LAW_ENFORCEMENT_AGENCY_KINDS = frozenset({"police", "prosecution"})
# A legal basis names an instrument and an article or number ("KUHAP Pasal 7", "UU 21/2007 Pasal 44").
_LEGAL_BASIS = re.compile(
    r"\b(UU|Undang-Undang|KUHAP|KUHP|PP|Perpres|Peraturan|Perkap|Perpol|Perja|Pasal|Putusan|Penetapan)\b", re.I
)
# Functions carried out abroad: routing looks for a unit in the destination country.
ABROAD_FUNCTIONS = frozenset({"repatriation_abroad"})

_SECRETARIAT_ROLES = (Role.SECRETARIAT_NATIONAL, Role.SECRETARIAT_REGIONAL)


def _require(actor, capability: str) -> None:
    if not has_capability(actor, capability):
        raise PermissionDenied(_("Your role does not allow this."))


def _actor_pk(actor):
    return getattr(actor, "pk", None)


def _event(referral: Referral, kind: str, actor, *, at=None, from_status="", to_status="", data=None, note=""):
    return ReferralEvent.objects.create(
        referral=referral,
        at=at or timezone.now(),
        actor_id=_actor_pk(actor),
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        data=data or {},
        note=str(note or "").strip() or None,
    )


# --- deadlines -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    days: int
    remind_days_before: int
    legal_basis: str


def deadline_for(function: Function) -> Deadline:
    """The deadline of a function: its DeadlineRule row, else 7 days for the services of UU 21/2007
    Pasal 51 ayat (1) (Pasal 52 ayat (1)), else the working deadline of 14 days with no legal basis."""
    rule = DeadlineRule.objects.filter(function=function).first()
    if rule is not None:
        return Deadline(rule.days, rule.remind_days_before, rule.legal_basis)
    if function.code in SERVICE_FUNCTIONS:
        return Deadline(SERVICE_DAYS, DEFAULT_REMIND_DAYS_BEFORE, SERVICE_LEGAL_BASIS)
    return Deadline(DEFAULT_DAYS, DEFAULT_REMIND_DAYS_BEFORE, "")


def deadline_rule_set(*, actor, function: Function, days: int, remind_days_before: int = 2, legal_basis: str = ""):
    """Set the deadline of a function (national secretariat); applies to referrals sent afterwards."""
    require_actor(actor)
    if not is_system(actor) and getattr(actor, "role", None) != Role.SECRETARIAT_NATIONAL:
        raise PermissionDenied(_("Only the national secretariat sets deadlines."))
    try:
        days, remind = int(days), int(remind_days_before)
    except (TypeError, ValueError):
        raise ValidationFailed(_("Give whole numbers of days."), field="days") from None
    if not 1 <= days <= 365:
        raise ValidationFailed(_("Give between 1 and 365 days."), field="days")
    if not 0 <= remind < days:
        raise ValidationFailed(_("Remind fewer days before than the deadline."), field="remind_days_before")
    with transaction.atomic():
        rule, _created = DeadlineRule.objects.update_or_create(
            function=function, defaults={"days": days, "remind_days_before": remind, "legal_basis": legal_basis}
        )
        audit_record(
            actor=actor, action="referral.deadline_set", target=rule, data={"function": function.code, "days": days}
        )
    return rule


# --- routing ---------------------------------------------------------------------------------------


def victim_home_region(victim: CaseRole):
    """Where a victim is served at home: the person's region, else the case's region of origin."""
    person = victim.person
    return person.address_region or victim.case.origin_region


def routing_proposal(*, function: Function, victim: CaseRole, place: str | None = None):
    """What the authority matrix proposes for this victim: ``route(...)`` at the victim's place, or None.

    The place is ``place`` when given (a region code or a country), else the destination country for
    functions carried out abroad, else the victim's home region.
    """
    from gugus.functions.routing import route

    if not place:
        if function.code in ABROAD_FUNCTIONS and victim.case.destination_country:
            place = victim.case.destination_country
        else:
            region = victim_home_region(victim)
            place = region.code if region else None
    if not place:
        return None
    try:
        return route(function, place)
    except GugusError:
        return None


# --- notifications ---------------------------------------------------------------------------------


def _unit_users(unit_id, capability: str) -> list[User]:
    roles = [role for role, caps in ROLE_CAPABILITIES.items() if capability in caps]
    return list(User.objects.filter(unit_id=unit_id, is_active=True, role__in=roles).order_by("id"))


def _secretariat_users(task_force) -> list[User]:
    return list(User.objects.filter(task_force=task_force, is_active=True, role__in=_SECRETARIAT_ROLES).order_by("id"))


def _send_emails(notification_ids: list[int], subject: str, body: str) -> None:
    """Send the e-mails of notifications just committed (Django's backend; console in development)."""
    rows = list(
        Notification.objects.filter(pk__in=notification_ids, emailed=False)
        .exclude(recipient__email="")
        .select_related("recipient")
    )
    if not rows:
        return
    connection = get_connection(fail_silently=True)
    messages = [
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to=[n.recipient.email], connection=connection)
        for n in rows
    ]
    sent = connection.send_messages(messages) or 0
    if sent:
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed=True)


def notify(*, users, kind: str, referral: Referral | None, text: str) -> list[Notification]:
    """Notify each user once, in the application now and by e-mail after the transaction commits.

    ``text`` carries no personal data (function, units, dates), since it travels by e-mail.
    """
    seen, rows = set(), []
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, kind=kind, referral=referral, text=str(text)[:300]))
    if not rows:
        return []
    created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created if n.pk]
    if not ids:  # backends that return no keys from bulk_create
        ids = list(
            Notification.objects.filter(referral=referral, kind=kind, recipient__in=list(seen)).values_list(
                "pk", flat=True
            )
        )
    subject = f"[Gugus] {Notification.Kind(kind).label}"
    path = f"/referrals/{referral.pk}/" if referral else ""
    body = f"{text}\n\n{path}\n"
    transaction.on_commit(lambda: _send_emails(ids, str(subject), str(body)))
    return created


def notification_mark_read(*, actor, notification_ids=None) -> int:
    """Mark the actor's notifications read (all unread ones when no ids are given); returns how many."""
    if actor is None or not getattr(actor, "pk", None):
        raise PermissionDenied(_("Sign in first."))
    queryset = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=[int(i) for i in notification_ids if str(i).isdigit()])
    return queryset.update(read_at=timezone.now())


def _label(referral: Referral) -> dict:
    return {
        "id": referral.pk,
        "function": referral.function.name,
        "from": referral.from_unit.name,
        "to": referral.to_unit.name,
        "due": timezone.localtime(referral.due_at).strftime("%Y-%m-%d %H:%M"),
    }


# --- consent ---------------------------------------------------------------------------------------


def shares_clean(shares, *, field: str = "shares") -> list[str]:
    if isinstance(shares, str):
        shares = shares.replace(";", ",").split(",")
    codes = [str(s).strip() for s in shares or [] if str(s).strip()]
    unknown = [c for c in codes if c not in Share.values]
    if unknown:
        raise ValidationFailed(_("Unknown category of data '%(code)s'.") % {"code": unknown[0][:40]}, field=field)
    if not codes:
        raise ValidationFailed(_("Choose what is shared."), field=field)
    return list(dict.fromkeys(codes))


def _parse_date(value, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise ValidationFailed(_("Write the date as YYYY-MM-DD."), field=field) from None


def _victim_checked(victim) -> CaseRole:
    if not isinstance(victim, CaseRole) or victim.role != CaseRole.Role.VICTIM:
        raise ValidationFailed(_("Choose a victim."), field="victim")
    return victim


def unit_may_refer(unit_id, victim: CaseRole) -> bool:
    """A unit may refer a victim it is responsible for: the case's reporting unit, or a unit holding
    an accepted or ongoing referral for this victim (an onward referral)."""
    if unit_id is None:
        return False
    if victim.case.reporting_unit_id == unit_id:
        return True
    return (
        Referral.objects.filter(victim=victim, to_unit_id=unit_id, status__in=(S.ACCEPTED, S.IN_PROGRESS))
        .filter(Q(consent__withdrawn_at__isnull=True, consent__isnull=False) | ~Q(legal_exception=""))
        .exists()
    )


def is_law_enforcement_unit(unit: AgencyUnit, function: Function) -> bool:
    """True when ``unit`` may receive a referral under the law-enforcement exception for ``function``."""
    from gugus.functions.models import Assignment

    if unit.agency.kind in LAW_ENFORCEMENT_AGENCY_KINDS:
        return True
    return Assignment.objects.filter(
        function=function, agency_id=unit.agency_id, structure__status="in_force"
    ).exists()


def legal_basis_is_real(text: str) -> bool:
    """A legal basis names an instrument and carries a number: "KUHAP Pasal 7", not "-"."""
    text = str(text or "").strip()
    return len(text) >= 6 and bool(_LEGAL_BASIS.search(text)) and any(ch.isdigit() for ch in text)


def _require_held(actor, victim: CaseRole, codes, field: str) -> None:
    """A unit passes on at most what it holds of the victim (its own case, or what it was sent)."""
    held = unit_held_shares(actor.unit_id, victim)
    beyond = [c for c in codes if c not in held]
    if beyond:
        raise ValidationFailed(
            _("Your unit does not hold '%(code)s' for this victim, so it cannot share it.")
            % {"code": Share(beyond[0]).label},
            field=field,
        )
def _victim_is_minor(victim: CaseRole, on: dt.date) -> bool:
    """Whether the victim is (treated as) under 18 on ``on``: birth date, birth year, or assessment."""
    from gugus.cases import law

    person = victim.person
    try:
        birth = dt.date.fromisoformat(person.birth_date) if person.birth_date else None
    except ValueError:
        birth = None
    presumed = victim.assessments.filter(is_current=True, child_presumed=True).exists()
    return law.is_minor_on(
        on,
        birth_date=birth,
        birth_year=person.birth_year,
        age_at_recruitment=victim.age_at_recruitment,
        child_presumed=presumed,
    )


def consent_record(
    *,
    actor,
    victim: CaseRole,
    recipient_unit: AgencyUnit,
    function: Function,
    scope,
    given_on,
    method: str,
    note: str = "",
    guardian_name: str = "",
    guardian_relation: str = "",
    no_guardian_reason: str = "",
) -> Consent:
    """Record a victim's consent to share ``scope`` with ``recipient_unit`` for ``function``.

    A victim under 18 on that day (or treated as one, ``gugus.cases.law.is_minor_on``) consents
    through a parent or guardian, whose name and relation are recorded; when none can give it
    (the guardian is a suspect, none can be reached, there is none) the reason is recorded and the
    note says who decided in the child's best interests (UU 35/2014 Pasal 1 angka 1, Pasal 26)."""
    _require(actor, "referrals.send")
    if actor is None or not actor.unit_id:
        raise PermissionDenied(_("Consent is taken by a person of an agency unit."))
    victim = _victim_checked(victim)
    if not unit_may_refer(actor.unit_id, victim):
        raise NotFound(_("No such victim."))
    if recipient_unit is None or not recipient_unit.active:
        raise ValidationFailed(_("Choose an active unit."), field="to_unit")
    codes = shares_clean(scope, field="scope")
    _require_held(actor, victim, codes, "scope")
    if method not in Consent.Method.values:
        raise ValidationFailed(_("Say how consent was given."), field="method")
    given = _parse_date(given_on, "given_on")
    if given > timezone.localdate():
        raise ValidationFailed(_("The date is in the future."), field="given_on")
    minor = _victim_is_minor(victim, given)
    guardian_name = str(guardian_name or "").strip()
    guardian_relation = str(guardian_relation or "").strip()[:60]
    if no_guardian_reason and no_guardian_reason not in NoGuardianReason.values:
        raise ValidationFailed(_("Choose why no parent or guardian gave consent."), field="no_guardian_reason")
    guardian_missing = method != Consent.Method.GUARDIAN or not guardian_name or not guardian_relation
    if minor and not no_guardian_reason and guardian_missing:
        raise ValidationFailed(
            _(
                "The victim is under 18: consent is given by a parent or guardian (name and relation), "
                "or record why none can give it."
            ),
            field="guardian_name",
        )
    if minor and no_guardian_reason and not str(note or "").strip():
        raise ValidationFailed(
            _("Say who decided in the child's best interests when no parent or guardian consents."), field="note"
        )
    with transaction.atomic():
        consent = Consent.objects.create(
            case=victim.case,
            victim=victim,
            recipient_unit=recipient_unit,
            function=function,
            scope=codes_join(codes),
            given_on=given,
            method=method,
            taken_by=actor,
            taken_by_unit_id=actor.unit_id,
            note=str(note or "").strip() or None,
            minor_at_consent=minor,
            guardian_name=guardian_name or None,
            guardian_relation=guardian_relation,
            no_guardian_reason=no_guardian_reason if minor else "",
        )
        audit_record(
            actor=actor,
            action="consent.record",
            target=consent,
            data={"victim": victim.pk, "to_unit": recipient_unit.code, "function": function.code, "scope": codes},
        )
    return consent


def consent_withdraw(*, actor, consent: Consent, note: str = "") -> Consent:
    """The victim withdraws consent: nothing more is shared; referrals not yet accepted are cancelled.

    Recorded by the unit that took it or by a unit that received a referral under it.
    """
    require_actor(actor)
    if not is_system(actor):
        allowed = (has_capability(actor, "referrals.send") and actor.unit_id == consent.taken_by_unit_id) or (
            has_capability(actor, "referrals.respond") and actor.unit_id == consent.recipient_unit_id
        )
        if not allowed:
            raise NotFound(_("No such consent."))
    now = timezone.now()
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_at is not None:
            raise Conflict(_("This consent was already withdrawn."))
        locked.withdrawn_at = now
        locked.withdrawn_by_id = _actor_pk(actor)
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
        affected = list(
            Referral.objects.select_for_update(of=("self",))
            .filter(consent=locked, status__in=Referral.OPEN_STATUSES)
            .select_related("function", "from_unit", "to_unit")
        )
        for referral in affected:
            previous = referral.status
            update = ["version", "updated_at"]
            if referral.status == S.SENT:
                referral.status, referral.cancelled_at = S.CANCELLED, now
                referral.cancel_reason = Referral.CancelReason.CONSENT_WITHDRAWN
                update += ["status", "cancelled_at", "cancel_reason"]
            referral.version += 1
            referral.save(update_fields=update)
            _event(
                referral,
                ReferralEvent.Kind.CONSENT_WITHDRAWN,
                actor,
                at=now,
                from_status=previous,
                to_status=referral.status,
                note=note,
            )
            notify(
                users=_unit_users(referral.to_unit_id, "referrals.view")
                + _unit_users(referral.from_unit_id, "referrals.view"),
                kind=Notification.Kind.CONSENT_WITHDRAWN,
                referral=referral,
                text=_("Referral #%(id)s (%(function)s): the victim withdrew consent; nothing more is shared.")
                % _label(referral),
            )
        audit_record(
            actor=actor,
            action="consent.withdraw",
            target=locked,
            data={"referrals": [r.pk for r in affected]},
        )
    return locked


# --- sending ---------------------------------------------------------------------------------------


def referral_send(
    *,
    actor,
    victim: CaseRole,
    function: Function,
    to_unit: AgencyUnit,
    shares,
    consent: Consent | None = None,
    legal_exception: str = "",
    legal_basis: str = "",
    message: str = "",
    deviation_reason: str = "",
    place: str | None = None,
    parent: Referral | None = None,
    now: dt.datetime | None = None,
) -> Referral:
    """Refer a victim from the actor's unit to ``to_unit`` for ``function``.

    Refused without the victim's consent for that recipient and purpose, unless a law-enforcement
    exception with its legal basis is recorded. The matrix's proposal and whether the sender
    followed it are kept on the referral.
    """
    _require(actor, "referrals.send")
    if actor is None or not actor.unit_id:
        raise PermissionDenied(_("Referrals are sent by an agency unit."))
    victim = _victim_checked(victim)
    if not unit_may_refer(actor.unit_id, victim):
        raise NotFound(_("No such victim."))
    if not isinstance(function, Function) or not function.active or function.children.exists():
        raise ValidationFailed(_("Choose a function (not a group of functions)."), field="function")
    if to_unit is None or not to_unit.active:
        raise ValidationFailed(_("Choose an active unit."), field="to_unit")
    if to_unit.pk == actor.unit_id:
        raise ValidationFailed(_("A unit does not refer to itself."), field="to_unit")
    codes = shares_clean(shares)
    _require_held(actor, victim, codes, "shares")
    if legal_exception not in Referral.LegalException.values:
        raise ValidationFailed(_("Unknown legal exception."), field="legal_exception")
    if consent is not None:
        if consent.victim_id != victim.pk or consent.recipient_unit_id != to_unit.pk:
            raise ValidationFailed(_("This consent is for another victim or recipient."), field="consent")
        if consent.function_id != function.pk:
            raise ValidationFailed(_("This consent is for another purpose."), field="consent")
        if consent.withdrawn_at is not None:
            raise ValidationFailed(_("This consent was withdrawn."), field="consent")
        beyond = [c for c in codes if c not in consent.scope_codes]
        if beyond:
            raise ValidationFailed(
                _("The victim did not consent to share '%(code)s'.") % {"code": Share(beyond[0]).label},
                field="shares",
            )
        legal_exception, legal_basis = "", ""
    elif legal_exception:
        if function.code not in LAW_ENFORCEMENT_FUNCTIONS:
            raise ValidationFailed(
                _("The law-enforcement exception covers investigation and prosecution only."),
                field="legal_exception",
            )
        if not is_law_enforcement_unit(to_unit, function):
            raise ValidationFailed(
                _("The law-enforcement exception applies only to a law-enforcement unit."), field="to_unit"
            )
        if not legal_basis_is_real(legal_basis):
            raise ValidationFailed(
                _("Name the legal basis of the exception (the law and its article, e.g. KUHAP Pasal 7)."),
                field="legal_basis",
            )
    else:
        raise ValidationFailed(
            _("A referral needs the victim's consent to share with this unit for this purpose."), field="consent"
        )
    if parent is not None and (parent.victim_id != victim.pk or parent.to_unit_id != actor.unit_id):
        raise ValidationFailed(_("The earlier referral is for another victim or unit."), field="parent")

    proposal = routing_proposal(function=function, victim=victim, place=place)
    proposed_unit = proposal.unit if proposal is not None and proposal.found else None
    follows = proposed_unit is not None and proposed_unit.pk == to_unit.pk
    deadline = deadline_for(function)
    now = now or timezone.now()
    due_at = now + dt.timedelta(days=deadline.days)
    remind_at = max(now, due_at - dt.timedelta(days=deadline.remind_days_before))
    with transaction.atomic():
        if consent is not None:
            # The check above read an unlocked copy; a withdrawal may have committed since. Under the
            # row lock (which consent_withdraw takes too) the consent either still stands, and a
            # later withdrawal will find and cancel this referral, or it is withdrawn and we refuse.
            consent = Consent.objects.select_for_update().get(pk=consent.pk)
            if consent.withdrawn_at is not None:
                raise ValidationFailed(_("This consent was withdrawn."), field="consent")
        referral = Referral.objects.create(
            case=victim.case,
            victim=victim,
            function=function,
            from_unit_id=actor.unit_id,
            to_unit=to_unit,
            sent_by=actor,
            parent=parent,
            proposed_unit=proposed_unit,
            routing_outcome=proposal.outcome if proposal is not None else "",
            follows_matrix=follows,
            deviation_reason="" if follows else str(deviation_reason or "").strip()[:300],
            consent=consent,
            legal_exception=legal_exception,
            legal_basis=str(legal_basis or "").strip()[:200],
            shares=codes_join(codes),
            message=str(message or "").strip() or None,
            status=S.SENT,
            sent_at=now,
            due_at=due_at,
            remind_at=remind_at,
        )
        data = {
            "function": function.code,
            "to_unit": to_unit.code,
            "follows_matrix": follows,
            "proposed_unit": proposed_unit.code if proposed_unit else None,
            "routing_outcome": referral.routing_outcome,
            "shares": codes,
            "legal_exception": legal_exception,
            "deadline_days": deadline.days,
        }
        _event(referral, ReferralEvent.Kind.SENT, actor, at=now, to_status=S.SENT, data=data)
        audit_record(actor=actor, action="referral.send", target=referral, data={"case": victim.case_id, **data})
        notify(
            users=_unit_users(to_unit.pk, "referrals.respond"),
            kind=Notification.Kind.REFERRAL_RECEIVED,
            referral=referral,
            text=_("New referral #%(id)s for %(function)s from %(from)s; the service is to begin by %(due)s.")
            % _label(referral),
        )
    return referral


# --- lifecycle -------------------------------------------------------------------------------------

# to_status: (statuses it may come from, side that acts, capability)
_TRANSITIONS = {
    S.ACCEPTED: ((S.SENT,), "to", "referrals.respond"),
    S.DECLINED: ((S.SENT,), "to", "referrals.respond"),
    S.IN_PROGRESS: ((S.ACCEPTED,), "to", "referrals.respond"),
    S.COMPLETED: ((S.ACCEPTED, S.IN_PROGRESS), "to", "referrals.respond"),
    S.CANCELLED: ((S.SENT, S.ACCEPTED), "from", "referrals.send"),
}
_EVENT_KIND = {
    S.ACCEPTED: ReferralEvent.Kind.ACCEPTED,
    S.DECLINED: ReferralEvent.Kind.DECLINED,
    S.IN_PROGRESS: ReferralEvent.Kind.STARTED,
    S.COMPLETED: ReferralEvent.Kind.COMPLETED,
    S.CANCELLED: ReferralEvent.Kind.CANCELLED,
}


def allowed_transitions(user, referral: Referral) -> list[str]:
    """The statuses ``user`` may move this referral to now."""
    result = []
    for to_status, (sources, side, capability) in _TRANSITIONS.items():
        unit_id = referral.to_unit_id if side == "to" else referral.from_unit_id
        if referral.status in sources and has_capability(user, capability) and user.unit_id == unit_id:
            result.append(to_status)
    return result


def _conflict_message(locked: Referral) -> str:
    last = locked.events.order_by("-at", "-id").select_related("actor").first()
    who = last.actor.username if last is not None and last.actor_id else _("another user")
    when = timezone.localtime(last.at).strftime("%Y-%m-%d %H:%M") if last is not None else ""
    return _(
        "This referral is already %(status)s (by %(who)s at %(when)s); your change was not recorded. "
        "Reload the page to see its current state."
    ) % {"status": locked.get_status_display().lower(), "who": who, "when": when}


def _transition(
    *,
    actor,
    referral: Referral,
    to_status: str,
    version: int | None,
    note: str = "",
    fields: dict | None = None,
    now: dt.datetime | None = None,
) -> Referral:
    sources, side, capability = _TRANSITIONS[to_status]
    _require(actor, capability)
    if not is_system(actor):
        unit_id = referral.to_unit_id if side == "to" else referral.from_unit_id
        if actor.unit_id != unit_id:
            raise NotFound(_("No such referral."))
    if version not in (None, ""):
        try:
            version = int(version)
        except (TypeError, ValueError):
            raise ValidationFailed(_("Invalid version."), field="version") from None
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Referral.objects.select_for_update(of=("self",))
            .select_related("function", "from_unit", "to_unit", "consent")
            .get(pk=referral.pk)
        )
        if locked.status not in sources or (version not in (None, "") and version != locked.version):
            raise Conflict(_conflict_message(locked))
        if to_status == S.IN_PROGRESS and not locked.sharing_active:
            raise Conflict(_("The victim withdrew consent; the service cannot begin under this referral."))
        previous = locked.status
        update = {"status": to_status, "version": locked.version + 1, **(fields or {})}
        if to_status in (S.ACCEPTED, S.DECLINED):
            update.update(responded_at=now, responded_by_id=_actor_pk(actor))
        elif to_status == S.IN_PROGRESS:
            update["started_at"] = now
        elif to_status == S.COMPLETED:
            update["completed_at"] = now
            if locked.started_at is None:
                update["started_at"] = now
        elif to_status == S.CANCELLED:
            update["cancelled_at"] = now
        # The row is locked; the version in the WHERE clause backs the lock up on every backend.
        changed = Referral.objects.filter(pk=locked.pk, version=locked.version, status=previous).update(
            updated_at=now, **update
        )
        if changed != 1:
            raise Conflict(_conflict_message(locked))
        locked.refresh_from_db()
        data = {k: v for k, v in (fields or {}).items() if k in ("decline_reason", "outcome", "cancel_reason")}
        _event(
            locked,
            _EVENT_KIND[to_status],
            actor,
            at=now,
            from_status=previous,
            to_status=to_status,
            data=data,
            note=note,
        )
        audit_record(
            actor=actor,
            action=f"referral.{_EVENT_KIND[to_status]}",
            target=locked,
            data={"from": previous, "to": to_status, **data},
        )
        if side == "to":
            recipients = _unit_users(locked.from_unit_id, "referrals.send")
            kind = Notification.Kind.REFERRAL_ANSWERED
        else:
            recipients = _unit_users(locked.to_unit_id, "referrals.respond")
            kind = Notification.Kind.REFERRAL_CHANGED
        notify(
            users=recipients,
            kind=kind,
            referral=locked,
            text=_("Referral #%(id)s for %(function)s (%(from)s → %(to)s) is now: %(status)s.")
            % {**_label(locked), "status": locked.get_status_display()},
        )
    return locked


def referral_accept(
    *, actor, referral: Referral, version: int | None = None, note: str = "", now: dt.datetime | None = None
) -> Referral:
    """The receiving unit accepts: it will begin the service before the deadline."""
    return _transition(now=now, actor=actor, referral=referral, to_status=S.ACCEPTED, version=version, note=note)


def referral_decline(
    *,
    actor,
    referral: Referral,
    reason: str,
    version: int | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Referral:
    """The receiving unit declines, with a reason (and a note when the reason is "other")."""
    if reason not in Referral.DeclineReason.values:
        raise ValidationFailed(_("Give the reason for declining."), field="reason")
    if reason == Referral.DeclineReason.OTHER and not str(note or "").strip():
        raise ValidationFailed(_("Explain the reason."), field="note")
    return _transition(
        now=now,
        actor=actor,
        referral=referral,
        to_status=S.DECLINED,
        version=version,
        note=note,
        fields={"decline_reason": reason},
    )


def referral_start(
    *, actor, referral: Referral, version: int | None = None, note: str = "", now: dt.datetime | None = None
) -> Referral:
    """The service has begun (this stops the deadline clock)."""
    return _transition(now=now, actor=actor, referral=referral, to_status=S.IN_PROGRESS, version=version, note=note)


def referral_complete(
    *,
    actor,
    referral: Referral,
    outcome: str,
    version: int | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Referral:
    """The receiving unit closes the referral with its outcome."""
    if outcome not in Referral.Outcome.values:
        raise ValidationFailed(_("Give the outcome."), field="outcome")
    return _transition(
        now=now,
        actor=actor,
        referral=referral,
        to_status=S.COMPLETED,
        version=version,
        note=note,
        fields={"outcome": outcome},
    )


def referral_cancel(
    *,
    actor,
    referral: Referral,
    reason: str,
    version: int | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Referral:
    """The sending unit withdraws a referral not yet begun."""
    if reason not in Referral.CancelReason.values:
        raise ValidationFailed(_("Give the reason for cancelling."), field="reason")
    return _transition(
        now=now,
        actor=actor,
        referral=referral,
        to_status=S.CANCELLED,
        version=version,
        note=note,
        fields={"cancel_reason": reason},
    )


# --- reminders and escalation ----------------------------------------------------------------------


def escalation_task_force(unit: AgencyUnit) -> TaskForce | None:
    """The task force of the receiving unit's tier: its regency's, else its province's, else the national one."""
    candidates = []
    if unit.region_id and not unit.country:
        code = unit.region_id
        if len(code) >= 5:
            candidates.append((Tier.REGENCY, code[:5]))
        candidates.append((Tier.PROVINCE, code[:2]))
    for tier, code in candidates:
        task_force = TaskForce.objects.filter(tier=tier, region_id=code).first()
        if task_force is not None:
            return task_force
    return TaskForce.objects.filter(tier=Tier.NATIONAL).first()


def _task_force_chain(task_force: TaskForce | None) -> list[TaskForce]:
    """The task force and those above it, for finding a secretariat that has people."""
    chain = []
    if task_force is None:
        return list(TaskForce.objects.filter(tier=Tier.NATIONAL))
    chain.append(task_force)
    if task_force.tier == Tier.REGENCY:
        province = TaskForce.objects.filter(tier=Tier.PROVINCE, region_id=task_force.region_id[:2]).first()
        if province:
            chain.append(province)
    if task_force.tier != Tier.NATIONAL:
        chain.extend(TaskForce.objects.filter(tier=Tier.NATIONAL))
    return chain


def referral_escalate(*, referral: Referral, now: dt.datetime | None = None) -> bool:
    """Escalate one overdue referral to the secretariat of its tier; False when already escalated."""
    now = now or timezone.now()
    with transaction.atomic():
        task_force = escalation_task_force(referral.to_unit)
        # The conditional update makes a second run (or a second scheduler) do nothing.
        won = Referral.objects.filter(
            pk=referral.pk, escalated_at__isnull=True, status__in=Referral.AWAITING_START, due_at__lt=now
        ).update(escalated_at=now, escalated_to=task_force, updated_at=now)
        if not won:
            return False
        referral.refresh_from_db()
        notified_task_force, secretariat = None, []
        for candidate in _task_force_chain(task_force):
            secretariat = _secretariat_users(candidate)
            if secretariat:
                notified_task_force = candidate
                break
        data = {
            "task_force": task_force.pk if task_force else None,
            "notified_task_force": notified_task_force.pk if notified_task_force else None,
            "days_overdue": (now - referral.due_at).days,
        }
        _event(referral, ReferralEvent.Kind.ESCALATED, None, at=now, data=data)
        audit_record(actor="scheduler", action="referral.escalate", target=referral, data=data)
        referral = Referral.objects.select_related("function", "from_unit", "to_unit").get(pk=referral.pk)
        notify(
            users=secretariat
            + _unit_users(referral.to_unit_id, "referrals.respond")
            + _unit_users(referral.from_unit_id, "referrals.send"),
            kind=Notification.Kind.ESCALATED,
            referral=referral,
            text=_(
                "Overdue: referral #%(id)s for %(function)s from %(from)s to %(to)s was due by %(due)s "
                "and has not begun; escalated to the task-force secretariat."
            )
            % _label(referral),
        )
    return True


def referral_remind(*, referral: Referral, now: dt.datetime | None = None) -> bool:
    """Remind the receiving unit that the deadline is near; False when already reminded."""
    now = now or timezone.now()
    with transaction.atomic():
        won = Referral.objects.filter(
            pk=referral.pk, reminded_at__isnull=True, status__in=Referral.AWAITING_START, due_at__gte=now
        ).update(reminded_at=now, updated_at=now)
        if not won:
            return False
        _event(referral, ReferralEvent.Kind.REMINDED, None, at=now)
        audit_record(actor="scheduler", action="referral.remind", target=referral, data={})
        referral = Referral.objects.select_related("function", "from_unit", "to_unit").get(pk=referral.pk)
        notify(
            users=_unit_users(referral.to_unit_id, "referrals.respond"),
            kind=Notification.Kind.DEADLINE_NEAR,
            referral=referral,
            text=_("Reminder: the service of referral #%(id)s for %(function)s from %(from)s is to begin by %(due)s.")
            % _label(referral),
        )
    return True


def referrals_remind_and_escalate(*, now: dt.datetime | None = None) -> dict:
    """The scheduler's run: remind before deadlines, escalate overdue referrals. Idempotent."""
    now = now or timezone.now()
    counts = {"reminded": 0, "escalated": 0}
    to_remind = Referral.objects.filter(
        status__in=Referral.AWAITING_START, reminded_at__isnull=True, remind_at__lte=now, due_at__gte=now
    ).order_by("due_at", "id")
    for referral in to_remind.iterator(chunk_size=500):
        counts["reminded"] += referral_remind(referral=referral, now=now)
    overdue = Referral.objects.filter(
        status__in=Referral.AWAITING_START, escalated_at__isnull=True, due_at__lt=now
    ).order_by("due_at", "id")
    for referral in overdue.select_related("to_unit").iterator(chunk_size=500):
        counts["escalated"] += referral_escalate(referral=referral, now=now)
    return counts
