"""Who may manage which user account: the only way to reach another user's account.

Managing accounts needs ``accounts.manage``, which only the system administrator holds today. Its
scope is the administrator's reach (``gugus.organisations.jurisdiction.reach_region``): the
national system administrator reaches the whole country, so every account, including those with
no unit yet. Should the role matrix ever grant ``accounts.manage`` to a regional role, the same
rule keeps it to users whose unit lies in its region (and their task forces), without a change
here. Everything fails closed: no capability, no reach, no account. "Not found" and "not
allowed" look the same (NotFound); malformed ids too.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gugus.accounts.models import User
from gugus.accounts.roles import has_capability
from gugus.core.errors import NotFound
from gugus.organisations.jurisdiction import in_region, reach_region, region_covers


def users_visible_to(actor) -> QuerySet[User]:
    """The accounts ``actor`` may list and manage."""
    if not has_capability(actor, "accounts.manage"):
        return User.objects.none()
    region = reach_region(actor)
    if region is None:
        return User.objects.none()
    if region == "":
        return User.objects.all()
    return User.objects.filter(
        in_region("unit__region__code", region) | (Q(unit__isnull=True) & in_region("task_force__region__code", region))
    )


def access_user(actor, user_id) -> User:
    """The account ``user_id`` if ``actor`` may manage it; NotFound otherwise."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        raise NotFound("User not found.") from None
    user = users_visible_to(actor).select_related("unit", "unit__agency", "task_force").filter(pk=user_id).first()
    if user is None:
        raise NotFound("User not found.")
    return user


def unit_in_reach(actor, unit) -> bool:
    """True when ``actor`` may place a user in ``unit`` (or in no unit, at national reach only)."""
    return region_covers(reach_region(actor), getattr(unit, "region_id", None))


def units_assignable_by(actor):
    """The active units ``actor`` may place a user in (the form's choices)."""
    from gugus.organisations.models import AgencyUnit

    if not has_capability(actor, "accounts.manage"):
        return AgencyUnit.objects.none()
    region = reach_region(actor)
    units = AgencyUnit.objects.filter(active=True).select_related("agency").order_by("name")
    return units.filter(in_region("region__code", region)) if region != "" else units


def task_forces_assignable_by(actor):
    """The task forces whose secretariat ``actor`` may staff (the form's choices)."""
    from gugus.organisations.jurisdiction import task_forces_in
    from gugus.organisations.models import TaskForce

    if not has_capability(actor, "accounts.manage"):
        return TaskForce.objects.none()
    return TaskForce.objects.filter(task_forces_in(reach_region(actor))).order_by("tier", "name")
