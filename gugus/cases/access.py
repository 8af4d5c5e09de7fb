"""Who may see which case: the only way to reach a case, its people and its assessments.

A case is visible, to a user whose role grants ``cases.view``:
- to its reporting unit;
- to the task-force secretariat of its tier: the national secretariat sees every case, a
  provincial one the cases whose origin region or reporting unit lies in its province, a
  regency/city one likewise for its regency;
- to units holding an active referral on it (``_referral_grants``, filled by the referrals app);
- to a secretariat officer holding an active break-glass grant on it (``_break_glass_grants``):
  emergency access with a written reason, for a limited time, flagged to the case's unit
  supervisors and the auditors (``gugus/cases/break_glass.py`` writes the grants).

Everything fails closed: no capability, no unit and no task force means no case. "Not found"
and "not allowed" look the same (NotFound).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gugus.accounts.roles import has_capability
from gugus.cases.models import Case
from gugus.organisations.jurisdiction import one_in_scope, oversight_condition


def _secretariat_grants(user) -> Q | None:
    """Cases in the region a secretariat oversees (by origin or by reporting unit)."""
    return oversight_condition(user, "origin_region__code", "reporting_unit__region__code")


def _referral_grants(user) -> Q | None:
    """Cases on which the user's unit holds an active referral that shares the whole case file.

    Filled by the referrals app: an open referral (sent, accepted, in progress) whose consent
    stands (or that rests on a recorded legal exception) and that shares ``case_file``. A referral
    that shares less shows its share on the referral's own page, never the case; nothing is
    granted once consent is withdrawn or the referral is closed. None when nothing is granted.
    """
    from gugus.referrals.access import case_file_grant, investigation_referral_grant

    grants = [g for g in (case_file_grant(user), investigation_referral_grant(user)) if g is not None]
    if not grants:
        return None
    return grants[0] if len(grants) == 1 else grants[0] | grants[1]


def _break_glass_grants(user) -> Q | None:
    """Cases on which ``user`` holds a break-glass grant not yet expired nor revoked (None when none).

    Only while the role still grants ``cases.break_glass``: a user moved to another role loses them.
    """
    if not has_capability(user, "cases.break_glass") or not getattr(user, "pk", None):
        return None
    from django.utils import timezone

    from gugus.cases.models import BreakGlassGrant

    active = BreakGlassGrant.objects.filter(user_id=user.pk, revoked_at__isnull=True, expires_at__gt=timezone.now())
    return Q(pk__in=active.values("case_id"))


def active_break_glass(user, case):
    """The user's active break-glass grant on ``case`` (shown on the case page), or None."""
    if not has_capability(user, "cases.break_glass") or not getattr(user, "pk", None):
        return None
    from django.utils import timezone

    from gugus.cases.models import BreakGlassGrant

    return (
        BreakGlassGrant.objects.filter(
            user_id=user.pk, case=case, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )


def cases_visible_to(user) -> QuerySet[Case]:
    """Every case ``user`` may see (an empty queryset when none)."""
    if not has_capability(user, "cases.view"):
        return Case.objects.none()
    grants = []
    if user.unit_id:
        grants.append(Q(reporting_unit_id=user.unit_id))
    for grant in (_secretariat_grants(user), _referral_grants(user), _break_glass_grants(user)):
        if grant is not None:
            grants.append(grant)
    if not grants:
        return Case.objects.none()
    condition = grants[0]
    for grant in grants[1:]:
        condition |= grant
    return Case.objects.filter(condition)


def access_case(user, case_id) -> Case:
    """The case, if ``user`` may see it; NotFound otherwise (whether it exists or not)."""
    return one_in_scope(
        cases_visible_to(user).select_related("reporting_unit", "origin_region"), case_id, "No such case."
    )


def can_view_personal(user) -> bool:
    """True when ``user`` may see names and identifiers of people in the cases they can see."""
    return has_capability(user, "people.view_personal")


def can_edit_case(user, case: Case) -> bool:
    """Changes are made by the reporting unit (secretariats oversee, they do not edit)."""
    return has_capability(user, "cases.edit") and user.unit_id == case.reporting_unit_id


def can_assess_case(user, case: Case) -> bool:
    return has_capability(user, "cases.assess") and user.unit_id == case.reporting_unit_id
