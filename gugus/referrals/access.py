"""Who may see which referral, and what of the victim a referral lets its receiving unit see.

A referral is visible, to a user whose role grants ``referrals.view``:
- to the sending and the receiving unit;
- to the task-force secretariat of its tier: the national one sees every referral, a regional one
  the referrals from or to units in its region and those escalated to it.

What of the victim a user sees (``victim_shares``):
- everything, when the user may see the whole case (``cases_visible_to``) and personal data;
- otherwise only the categories that open referrals to the user's unit share, and only while the
  victim's consent (or a recorded legal exception) stands: nothing after consent is withdrawn,
  nothing once the referral is closed.

Everything fails closed; "not found" and "not allowed" look the same (NotFound).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from gugus.accounts.roles import has_capability
from gugus.cases.access import cases_visible_to
from gugus.core.errors import NotFound
from gugus.organisations.jurisdiction import (
    EVERYTHING,
    one_in_scope,
    oversight_condition,
    secretariat_task_force,
)
from gugus.people.models import CaseRole
from gugus.referrals.models import Consent, Referral, Share

ALL_SHARES = frozenset(Share.values)


def secretariat_scope(user) -> Q | None:
    """The referrals a secretariat user oversees (None when the user is no secretariat)."""
    condition = oversight_condition(user, "to_unit__region__code", "from_unit__region__code")
    if condition is None or condition is EVERYTHING:
        return condition
    task_force = secretariat_task_force(user)
    if task_force is not None:
        condition |= Q(escalated_to_id=task_force.pk)
    return condition


def referrals_visible_to(user) -> QuerySet[Referral]:
    """Every referral ``user`` may see (empty when none)."""
    if not has_capability(user, "referrals.view"):
        return Referral.objects.none()
    condition = None
    if user.unit_id:
        condition = Q(from_unit_id=user.unit_id) | Q(to_unit_id=user.unit_id)
    scope = secretariat_scope(user)
    if scope is not None and scope == EVERYTHING:
        return Referral.objects.all()  # the national secretariat: no condition to slow its lists
    if scope is not None:
        condition = scope if condition is None else condition | scope
    if condition is None:
        return Referral.objects.none()
    return Referral.objects.filter(condition)


def access_referral(user, referral_id) -> Referral:
    """The referral, if ``user`` may see it; NotFound otherwise."""
    related = (
        "function",
        "from_unit",
        "to_unit",
        "proposed_unit",
        "consent",
        "escalated_to",
        "victim",
        "case",
        "sent_by",
    )
    return one_in_scope(referrals_visible_to(user).select_related(*related), referral_id, "No such referral.")


def _sharing_active() -> Q:
    """Open referrals whose consent stands (or that rest on a recorded legal exception)."""
    return Q(status__in=Referral.OPEN_STATUSES) & (
        Q(consent__isnull=False, consent__withdrawn_at__isnull=True) | ~Q(legal_exception="")
    )


def case_file_referrals(unit_id) -> QuerySet[Referral]:
    """Open referrals to ``unit_id`` that share the whole case file, with consent standing."""
    return Referral.objects.filter(_sharing_active(), to_unit_id=unit_id, shares__contains=",case_file,")


def case_file_grant(user) -> Q | None:
    """For ``gugus.cases.access``: cases whose whole file an active referral shares with the user's unit."""
    if not getattr(user, "unit_id", None):
        return None
    referrals = case_file_referrals(user.unit_id)
    # A subquery of the cases query, not a query of its own: scoped lists keep their query count.
    return Q(pk__in=referrals.values("case_id"))


def unit_held_shares(unit_id, victim: CaseRole) -> frozenset[str]:
    """What a unit itself holds of a victim, and so the most it may pass on in an onward referral.

    Everything for the case's reporting unit, or for a unit to which an open referral shares the
    whole case file; otherwise the categories that accepted or ongoing referrals to the unit
    share while consent (or a recorded legal exception) stands; nothing for anyone else.
    """
    if not unit_id:
        return frozenset()
    if victim.case.reporting_unit_id == unit_id:
        return ALL_SHARES
    codes: set[str] = set()
    for shares in referrals_holding(unit_id, victim).values_list("shares", flat=True):
        codes.update(c for c in shares.split(",") if c)
    if Share.CASE_FILE in codes:
        return ALL_SHARES
    return frozenset(codes)


def victim_shares(user, victim: CaseRole) -> frozenset[str]:
    """The categories of the victim's data ``user`` may see (empty: nothing personal)."""
    try:
        return access_victim(user, victim.pk).shares
    except NotFound:
        return frozenset()


# How a user reaches a victim (``VictimAccess.basis``).
BASIS_CASE = "case"  # sees the whole case: its reporting unit, a secretariat of its tier, a case-file referral
BASIS_SERVING = "serving_unit"  # the unit serves the victim under an accepted or ongoing referral
BASIS_REFERRAL = "referral"  # a referral to the unit awaits its answer


@dataclass(frozen=True)
class VictimAccess:
    """What a user may see and do of one victim: the answer of ``access_victim``."""

    victim: CaseRole
    basis: str
    shares: frozenset[str]  # the categories of ``Share`` the user sees
    referral_ids: tuple[int, ...] = ()  # the open referrals to the user's unit that share them
    can_refer: bool = False  # may send an (onward) referral for this victim
    can_record_service: bool = False  # may record a service delivered to this victim

    def __iter__(self):
        # ``victim, shares = access_victim(...)`` as before VictimAccess existed
        yield self.victim
        yield self.shares


# The statuses in which a referral's receiving unit holds the victim (accepted, being served).
HOLDING_STATUSES = (Referral.Status.ACCEPTED, Referral.Status.IN_PROGRESS)


def referrals_holding(unit_id, victim: CaseRole | None = None) -> QuerySet[Referral]:
    """The one "held by referral" rule: accepted or ongoing referrals to ``unit_id`` (of ``victim``)
    whose consent stands or that rest on a recorded legal exception."""
    referrals = Referral.objects.filter(_sharing_active(), to_unit_id=unit_id, status__in=HOLDING_STATUSES)
    return referrals if victim is None else referrals.filter(victim=victim)


def unit_holds_victim(unit_id, victim: CaseRole) -> bool:
    """The unit reported the victim's case, or holds them through a referral (``referrals_holding``)."""
    if not unit_id:
        return False
    return victim.case.reporting_unit_id == unit_id or referrals_holding(unit_id, victim).exists()


def _open_referrals_to(unit_id, victim_id=None) -> QuerySet[Referral]:
    referrals = Referral.objects.filter(_sharing_active(), to_unit_id=unit_id)
    return referrals if victim_id is None else referrals.filter(victim_id=victim_id)


def access_victim(user, victim_id) -> VictimAccess:
    """A victim and what ``user`` may see and do of them; NotFound when nothing at all.

    The whole case (``BASIS_CASE``) for those who may see it and personal data; otherwise the
    categories open referrals to the user's unit share while consent stands (``BASIS_SERVING``
    once accepted, ``BASIS_REFERRAL`` before); nothing, and NotFound, for anyone else.
    """
    try:
        pk = int(victim_id)
    except (TypeError, ValueError):
        raise NotFound("No such victim.") from None
    victim = (
        CaseRole.objects.select_related("case", "case__reporting_unit", "person", "person__address_region")
        .filter(pk=pk, role=CaseRole.Role.VICTIM)
        .first()
    )
    if victim is None or not has_capability(user, "people.view_personal"):
        raise NotFound("No such victim.")
    unit_id = getattr(user, "unit_id", None)
    open_referrals = []
    if unit_id and has_capability(user, "referrals.view"):
        open_referrals = list(_open_referrals_to(unit_id, victim.pk).values_list("pk", "status", "shares"))
    serving = [r for r in open_referrals if r[1] in HOLDING_STATUSES]  # referrals_holding, from the list
    held_by_unit = bool(unit_id) and (victim.case.reporting_unit_id == unit_id or bool(serving))
    if cases_visible_to(user).filter(pk=victim.case_id).exists():
        basis, shares = BASIS_CASE, ALL_SHARES
    elif open_referrals:
        basis = BASIS_SERVING if serving else BASIS_REFERRAL
        shares = frozenset(c for _pk, _status, codes in open_referrals for c in codes.split(",") if c)
    else:
        raise NotFound("No such victim.")
    return VictimAccess(
        victim=victim,
        basis=basis,
        shares=shares,
        referral_ids=tuple(sorted(r[0] for r in open_referrals)),
        can_refer=held_by_unit and has_capability(user, "referrals.send"),
        can_record_service=held_by_unit and has_capability(user, "assistance.record"),
    )


def victims_served_by(user) -> QuerySet[CaseRole]:
    """Victims the user's unit serves under an accepted or ongoing referral with consent standing."""
    if not getattr(user, "unit_id", None) or not has_capability(user, "referrals.view"):
        return CaseRole.objects.none()
    held = referrals_holding(user.unit_id)
    return CaseRole.objects.filter(role=CaseRole.Role.VICTIM, pk__in=held.values("victim_id"))


def can_withdraw_consent(user, consent: Consent) -> bool:
    if consent.withdrawn_at is not None:
        return False
    return (has_capability(user, "referrals.send") and user.unit_id == consent.taken_by_unit_id) or (
        has_capability(user, "referrals.respond") and user.unit_id == consent.recipient_unit_id
    )


def victims_referable_by(user) -> QuerySet[CaseRole]:
    """Victims the user's unit may refer: of its own cases, or referred to it and accepted."""
    if not has_capability(user, "referrals.send") or not user.unit_id:
        return CaseRole.objects.none()
    held = referrals_holding(user.unit_id).values("victim_id")
    return CaseRole.objects.filter(role=CaseRole.Role.VICTIM).filter(
        Q(case__reporting_unit_id=user.unit_id) | Q(pk__in=held)
    )


def access_referable_victim(user, victim_id) -> CaseRole:
    """A victim the user's unit may refer; NotFound otherwise."""
    return one_in_scope(victims_referable_by(user).select_related("case", "person"), victim_id, "No such victim.")


def referable_victim_name(user, victim: CaseRole, *, purpose: str = "referral_send") -> str:
    """The victim's name for a page about referring them, if the user may see it ("" otherwise).

    Showing the name is a read of personal data: audited here, so no caller can forget it.
    """
    from gugus.audit.reads import read_record

    if Share.IDENTITY not in victim_shares(user, victim):
        return ""
    read_record(actor=user, target=victim.person, purpose=purpose)
    return victim.person.full_name or ""


def referral_shares_for(user, referral: Referral) -> frozenset[str]:
    """What a referral's page shows of its victim to ``user``: what the referral shares, as far as
    the user may see it now (nothing for the receiving unit once the referral closed or consent
    was withdrawn). The one answer for the page and the API."""
    if referral.to_unit_id == getattr(user, "unit_id", None) and not referral.sharing_active:
        return frozenset()
    return frozenset(referral.share_codes) & victim_shares(user, referral.victim)


def access_victim_to_serve(user, victim_id) -> CaseRole:
    """A victim for whom the user may record a service (its unit's case, or an accepted or ongoing
    referral to it with consent standing); NotFound otherwise."""
    access = access_victim(user, victim_id)
    if not access.can_record_service:
        raise NotFound("No such victim.")
    return access.victim


# Investigation and prosecution referrals (function codes), and the statuses in which their
# receiving unit works the case: accepted (the investigation is being opened) and in progress.
INVESTIGATION_FUNCTIONS = ("investigation", "prosecution", "financial_investigation")
INVESTIGATION_WORKING = (Referral.Status.ACCEPTED, Referral.Status.IN_PROGRESS)


def investigation_referral_grant(user) -> Q | None:
    """For ``gugus.cases.access``: cases referred to the user's unit for investigation or prosecution.

    An investigator needs the parties, their identifiers and the narrative, whatever the referral's
    shares list: once the unit has accepted an investigation referral (consent standing or, as
    usual for these, a recorded law-enforcement exception), the whole case is visible to its users
    who hold ``legal.view``, until the referral is closed. Every grant is audited when the referral
    is accepted (``referral.accepted``) and every read of the case by its detail page.
    """
    if not getattr(user, "unit_id", None) or not has_capability(user, "legal.view"):
        return None
    referrals = Referral.objects.filter(
        Q(consent__isnull=False, consent__withdrawn_at__isnull=True) | ~Q(legal_exception=""),
        to_unit_id=user.unit_id,
        status__in=INVESTIGATION_WORKING,
        function__code__in=INVESTIGATION_FUNCTIONS,
    )
    # A subquery of the cases query, not a query of its own: scoped lists keep their query count.
    return Q(pk__in=referrals.values("case_id"))
