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

from django.db.models import Q, QuerySet

from gugus.accounts.roles import Role, has_capability
from gugus.cases.access import cases_visible_to
from gugus.core.errors import NotFound
from gugus.organisations.models import Tier
from gugus.people.models import CaseRole
from gugus.referrals.models import Consent, Referral, Share

ALL_SHARES = frozenset(Share.values)
_SECRETARIAT_ROLES = {Role.SECRETARIAT_NATIONAL, Role.SECRETARIAT_REGIONAL}


def _in_region(field: str, code: str) -> Q:
    return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})


def secretariat_scope(user) -> Q | None:
    """The referrals a secretariat user oversees (None when the user is no secretariat)."""
    task_force = getattr(user, "task_force", None)
    if task_force is None or user.role not in _SECRETARIAT_ROLES:
        return None
    if task_force.tier == Tier.NATIONAL:
        return Q(pk__isnull=False)
    if not task_force.region_id:
        return None
    code = task_force.region_id
    return (
        _in_region("to_unit__region__code", code)
        | _in_region("from_unit__region__code", code)
        | Q(escalated_to_id=task_force.pk)
    )


def referrals_visible_to(user) -> QuerySet[Referral]:
    """Every referral ``user`` may see (empty when none)."""
    if not has_capability(user, "referrals.view"):
        return Referral.objects.none()
    condition = None
    if user.unit_id:
        condition = Q(from_unit_id=user.unit_id) | Q(to_unit_id=user.unit_id)
    scope = secretariat_scope(user)
    if scope is not None and scope == Q(pk__isnull=False):
        return Referral.objects.all()  # the national secretariat: no condition to slow its lists
    if scope is not None:
        condition = scope if condition is None else condition | scope
    if condition is None:
        return Referral.objects.none()
    return Referral.objects.filter(condition)


def access_referral(user, referral_id) -> Referral:
    """The referral, if ``user`` may see it; NotFound otherwise."""
    try:
        pk = int(referral_id)
    except (TypeError, ValueError):
        raise NotFound("No such referral.") from None
    referral = (
        referrals_visible_to(user)
        .select_related(
            "function", "from_unit", "to_unit", "proposed_unit", "consent", "escalated_to", "victim", "case", "sent_by"
        )
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise NotFound("No such referral.")
    return referral


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
    if not referrals.exists():
        return None
    return Q(pk__in=referrals.values("case_id"))


def victim_shares(user, victim: CaseRole) -> frozenset[str]:
    """The categories of the victim's data ``user`` may see (empty: nothing personal)."""
    if not has_capability(user, "people.view_personal"):
        return frozenset()
    if cases_visible_to(user).filter(pk=victim.case_id).exists():
        return ALL_SHARES
    if not user.unit_id or not has_capability(user, "referrals.view"):
        return frozenset()
    codes = set()
    for shares in Referral.objects.filter(_sharing_active(), victim=victim, to_unit_id=user.unit_id).values_list(
        "shares", flat=True
    ):
        codes.update(c for c in shares.split(",") if c)
    return frozenset(codes)


def access_victim(user, victim_id) -> tuple[CaseRole, frozenset[str]]:
    """A victim and what ``user`` may see of them; NotFound when nothing at all."""
    try:
        pk = int(victim_id)
    except (TypeError, ValueError):
        raise NotFound("No such victim.") from None
    victim = (
        CaseRole.objects.select_related("case", "case__reporting_unit", "person", "person__address_region")
        .filter(pk=pk, role=CaseRole.Role.VICTIM)
        .first()
    )
    if victim is None:
        raise NotFound("No such victim.")
    shares = victim_shares(user, victim)
    if not shares:
        raise NotFound("No such victim.")
    return victim, shares


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
    held = Referral.objects.filter(
        _sharing_active(), to_unit_id=user.unit_id, status__in=(Referral.Status.ACCEPTED, Referral.Status.IN_PROGRESS)
    ).values("victim_id")
    return CaseRole.objects.filter(role=CaseRole.Role.VICTIM).filter(
        Q(case__reporting_unit_id=user.unit_id) | Q(pk__in=held)
    )


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
    if not referrals.exists():
        return None
    return Q(pk__in=referrals.values("case_id"))
