"""Who may see and change budget lines; the only way to reach them.

Reading follows the user's jurisdiction (secretariat staff: their task force's region; others:
their unit's region; national units and the national secretariat: everything), plus the lines
of their own unit and the higher-tier lines that fund a line in scope, so a flow can be
followed up to the APBN. Only budget officers change budgets: those of their own unit, and of
the task force at their tier and region when they serve its secretariat or the regional
government. Not found and not allowed look the same.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gugus.accounts.roles import has_capability
from gugus.budgets.models import BudgetLine, Flow
from gugus.organisations.jurisdiction import (
    acts_for_own_unit,
    in_region,
    one_in_scope,
    reach_region,
    task_forces_in,
)
from gugus.organisations.models import Agency, AgencyUnit, TaskForce


def jurisdiction(user) -> str | None:
    """The region-code prefix a user oversees: "" for the whole country, "21" or "21.71", None for none."""
    return reach_region(user)


def _with_funding_sources(ids: set[int]) -> set[int]:
    """The lines and every line upstream of them (APBN → province → regency, a few steps)."""
    found, frontier = set(ids), set(ids)
    while frontier:
        upstream = set(Flow.objects.filter(target_id__in=frontier).values_list("source_id", flat=True)) - found
        found |= upstream
        frontier = upstream
    return found


def lines_visible_to(user) -> QuerySet[BudgetLine]:
    """Budget lines the user may read."""
    if not has_capability(user, "budgets.view"):
        return BudgetLine.objects.none()
    prefix = reach_region(user)
    if prefix == "":
        return BudgetLine.objects.all()
    scope = Q(pk__in=[])
    if prefix:
        scope |= in_region("region__code", prefix)
    if acts_for_own_unit(user):
        scope |= Q(unit_id=user.unit_id)
    ids = set(BudgetLine.objects.filter(scope).values_list("pk", flat=True))
    return BudgetLine.objects.filter(pk__in=_with_funding_sources(ids))


def task_force_of_officer(user) -> TaskForce | None:
    """The task force whose budget a budget officer keeps: same tier and region as their unit, when
    the unit is a task-force secretariat or a regional-government office."""
    unit: AgencyUnit | None = getattr(user, "unit", None)
    if unit is None or unit.country:
        return None
    if unit.kind != AgencyUnit.Kind.SECRETARIAT and unit.agency.kind != Agency.Kind.REGIONAL_GOVERNMENT:
        return None
    return TaskForce.objects.filter(tier=unit.tier, region_id=unit.region_id).first()


def lines_editable_by(user) -> QuerySet[BudgetLine]:
    """Lines a budget officer may change: their unit's and their task force's."""
    if not has_capability(user, "budgets.edit") or user.unit_id is None:
        return BudgetLine.objects.none()
    scope = Q(unit_id=user.unit_id)
    task_force = task_force_of_officer(user)
    if task_force is not None:
        scope |= Q(task_force=task_force)
    return BudgetLine.objects.filter(scope)


def holders_editable_by(user) -> list:
    """The holders (unit, task force) a budget officer may create lines for."""
    if not has_capability(user, "budgets.edit") or user.unit_id is None:
        return []
    holders: list = [user.unit]
    task_force = task_force_of_officer(user)
    if task_force is not None:
        holders.append(task_force)
    return holders


def can_edit_holder(user, holder) -> bool:
    return any(type(h) is type(holder) and h.pk == holder.pk for h in holders_editable_by(user))


def access_line(user, line_id) -> BudgetLine:
    """The line if the user may read it; NotFound otherwise."""
    related = ("task_force", "unit__agency", "region", "function")
    return one_in_scope(lines_visible_to(user).select_related(*related), line_id, "Budget line not found.")


def access_line_for_edit(user, line_id) -> BudgetLine:
    return one_in_scope(lines_editable_by(user), line_id, "Budget line not found.")


def task_forces_visible_to(user) -> QuerySet[TaskForce]:
    """Task forces within the user's budget scope (for "task forces with no budget")."""
    if not has_capability(user, "budgets.view"):
        return TaskForce.objects.none()
    prefix = reach_region(user)
    if prefix is None:
        return TaskForce.objects.none()
    return TaskForce.objects.filter(task_forces_in(prefix))
