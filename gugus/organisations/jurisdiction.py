"""The one jurisdiction rule: which regions, units and task forces are a user's, at which tier.

Every ``*_visible_to`` selector and every access function asks this module, never the user's
fields directly, so the rule exists once:

- **Region.** Kemendagri codes nest (``21`` Kepulauan Riau, ``21.71`` Kota Batam, ``21.71.01`` a
  district): a region lies in a jurisdiction when its code is the jurisdiction's code or starts with
  it followed by a dot (``in_region``). ``""`` stands for the whole country, ``None`` for nothing.
- **Oversight** (``oversight_region``): what a task-force secretariat oversees, by its task force's
  tier and region: the national secretariat the whole country, a provincial one its province, a
  regency/city one its regency. Agency staff oversee nothing beyond their own unit's work.
- **Reach** (``reach_region``): the area whose structural data (budgets, meetings) a user reads: a
  secretariat's oversight region; for agency staff their unit's region ("" for a national
  headquarters; nothing for a mission abroad); the whole country for the system administrator.
- **Editing by tier** (``task_forces_editable_by``): a secretariat edits its own task force and
  those below it, never one above; nobody else edits a task force's structure, meetings or
  assignments, except the system administrator for the organisation register.
- The explicit system actor (``gugus.accounts.actors``) sees and edits the whole country.
- **One object in scope** (``one_in_scope``): every ``access_<object>(user, id)`` takes its object
  from its ``*_visible_to`` queryset the same way: a malformed id, a missing object and a
  forbidden one are the same ``NotFound``.

Everything fails closed: a user with no role, no unit and no task force has no jurisdiction.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gugus.accounts.actors import is_system
from gugus.accounts.roles import Role, has_capability
from gugus.organisations.models import TaskForce, Tier

SECRETARIAT_ROLES = frozenset({Role.SECRETARIAT_NATIONAL, Role.SECRETARIAT_REGIONAL})
# Roles whose reach of structural data (budgets, meetings) is the whole country, wherever their unit is.
NATIONAL_REACH_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECRETARIAT_NATIONAL})

EVERYTHING = Q(pk__isnull=False)  # never ``Q()``: an empty Q vanishes when or-ed with another
NOTHING = Q(pk__in=[])


def in_region(field: str, code: str | None) -> Q:
    """Rows whose region code ``field`` is ``code`` or lies inside it; everything for "", nothing for None."""
    if code is None:
        return NOTHING
    if code == "":
        return EVERYTHING
    return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})


def oversight_condition(user, *fields: str) -> Q | None:
    """What a secretariat oversees of objects placed by the region ``fields``: those lying in its
    oversight region by any of them (everything for the national one); None for anyone else."""
    region = oversight_region(user)
    if region is None:
        return None
    if region == "":
        return EVERYTHING
    condition = NOTHING
    for field in fields:
        condition |= in_region(field, region)
    return condition


def region_covers(outer: str | None, inner: str | None) -> bool:
    """The same test in Python: region ``inner`` lies in jurisdiction ``outer``."""
    if outer is None or inner is None:
        return outer == ""
    return outer == "" or inner == outer or inner.startswith(outer + ".")


def acts_for_own_unit(user) -> bool:
    """Agency staff see their own unit's and agency's structural data (budget lines, meetings);
    secretariat staff act for their task force, not for the agency that employs them."""
    return bool(getattr(user, "unit_id", None)) and getattr(user, "role", "") not in SECRETARIAT_ROLES


def is_secretariat(user) -> bool:
    return getattr(user, "role", "") in SECRETARIAT_ROLES and getattr(user, "task_force_id", None) is not None


def secretariat_task_force(user) -> TaskForce | None:
    """The task force whose secretariat ``user`` serves, or None."""
    return user.task_force if is_secretariat(user) else None


def oversight_region(user) -> str | None:
    """The region a user oversees as a secretariat: "" (the country), a code, or None (no oversight)."""
    if is_system(user):
        return ""
    task_force = secretariat_task_force(user)
    if task_force is None:
        return None
    if task_force.tier == Tier.NATIONAL:
        return ""
    return task_force.region_id or None


def oversees_nationally(user) -> bool:
    return oversight_region(user) == ""


def reach_region(user) -> str | None:
    """The region whose structural data (budgets, meetings) a user reads: "", a code, or None."""
    role = getattr(user, "role", "")
    if is_system(user) or role in NATIONAL_REACH_ROLES:
        return ""
    if role in SECRETARIAT_ROLES:
        return oversight_region(user)
    unit = getattr(user, "unit", None)
    if unit is None or unit.country:
        return None
    return unit.region_id or ""


def task_forces_in(region: str | None, *, upward: bool = False) -> Q:
    """Task forces within a region, and (``upward``) the ones above it (its province's, the national one)."""
    if region is None:
        return Q(tier=Tier.NATIONAL) if upward else NOTHING
    if region == "":
        return EVERYTHING
    condition = in_region("region__code", region)
    if upward:
        condition |= Q(tier=Tier.NATIONAL) | Q(region_id=region[:2])
    return condition


def task_forces_editable_by(user, capability: str) -> QuerySet[TaskForce]:
    """Task forces whose structure, meetings or assignments ``user`` may change under ``capability``.

    A secretariat edits its own task force and those below it; the system administrator edits the
    organisation register of every tier; the system actor everything; nobody else any.
    """
    if not has_capability(user, capability):
        return TaskForce.objects.none()
    if is_system(user):
        return TaskForce.objects.all()
    if getattr(user, "role", "") == Role.SYSTEM_ADMIN and capability == "organisations.edit":
        return TaskForce.objects.all()
    if not is_secretariat(user):
        return TaskForce.objects.none()
    return TaskForce.objects.filter(task_forces_in(oversight_region(user)))


def can_edit_task_force(user, task_force_id, capability: str) -> bool:
    """True when ``user`` may change the task force ``task_force_id`` under ``capability``."""
    if task_force_id is None:
        return False
    return task_forces_editable_by(user, capability).filter(pk=task_force_id).exists()


def require_capability(actor, capability: str) -> None:
    """Refuse ``actor=None`` and actors whose role lacks ``capability`` (PermissionDenied)."""
    from django.utils.translation import gettext as _

    from gugus.accounts.actors import require_actor
    from gugus.core.errors import PermissionDenied

    require_actor(actor)
    if not has_capability(actor, capability):
        raise PermissionDenied(_("Your role does not allow this."))


def require_task_force_editable(actor, task_force_id, capability: str) -> None:
    """Refuse a change to a task force outside the actor's tier (NotFound, like a missing one)."""
    from gugus.core.errors import NotFound

    require_capability(actor, capability)
    if not can_edit_task_force(actor, task_force_id, capability):
        raise NotFound("Task force not found.")


def one_in_scope(queryset: QuerySet, object_id, missing: str):
    """The object ``object_id`` of the scoped ``queryset``; ``NotFound(missing)`` when the id is
    malformed, the object absent or out of scope (the three look the same to the caller)."""
    from gugus.core.errors import NotFound

    try:
        pk = int(object_id)
    except (TypeError, ValueError):
        raise NotFound(missing) from None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise NotFound(missing)
    return found
