"""Who may see and change meetings and action items; the only way to reach them.

Scope follows the user's jurisdiction: secretariat staff by their task force's tier and
region, everyone else by their unit's region. A user also sees the meetings in which their
agency (under any of its former names) took part or owns an action item. Not found and not
allowed look the same.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gugus.accounts.roles import has_capability
from gugus.core.errors import NotFound
from gugus.meetings.models import ActionItem, Attachment, Meeting
from gugus.organisations.jurisdiction import (
    acts_for_own_unit,
    one_in_scope,
    reach_region,
    task_forces_in,
)
from gugus.organisations.jurisdiction import task_forces_editable_by as _editable_by
from gugus.organisations.models import Agency, AgencySuccession, TaskForce


def jurisdiction(user) -> str | None:
    """The region-code prefix a user oversees: "" for the whole country, "21" or "21.71", None for none."""
    return reach_region(user)


def agency_lineage(agency_id: int | None) -> set[int]:
    """The agency and every agency it continues (its former names), so old items stay theirs."""
    if agency_id is None:
        return set()
    edges: dict[int, list[int]] = {}
    for predecessor, successor in AgencySuccession.objects.values_list("predecessor_id", "successor_id"):
        edges.setdefault(successor, []).append(predecessor)
    found, frontier = {agency_id}, [agency_id]
    while frontier:
        for previous in edges.get(frontier.pop(), []):
            if previous not in found:
                found.add(previous)
                frontier.append(previous)
    return found


def user_agencies(user) -> set[int]:
    """Ids of the user's agency and its former names.

    Empty without a unit, and for regional-government office types (Dinas Sosial, Pemda):
    those name a kind of office in every region, so they scope by region instead.
    """
    unit = getattr(user, "unit", None)
    if unit is None or unit.agency.kind == Agency.Kind.REGIONAL_GOVERNMENT:
        return set()
    return agency_lineage(unit.agency_id)


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """Meetings the user may read."""
    if not has_capability(user, "meetings.view"):
        return Meeting.objects.none()
    prefix = reach_region(user)
    if prefix == "":
        return Meeting.objects.all()
    scope = Q(task_force__in=TaskForce.objects.filter(task_forces_in(prefix, upward=True)))
    agencies = user_agencies(user) if acts_for_own_unit(user) else set()
    if agencies:
        scope |= Q(participants__agency_id__in=agencies) | Q(agreements__action_items__owner_agency_id__in=agencies)
    ids = Meeting.objects.filter(scope).values("pk")
    return Meeting.objects.filter(pk__in=ids)


def task_forces_editable_by(user) -> QuerySet[TaskForce]:
    """Task forces whose meetings the user may record: the secretariat's own and those below it."""
    return _editable_by(user, "meetings.edit")


def structure_editable_by(user, structure) -> bool:
    """Whether ``user`` may change a task force's structure (members, sub-task-forces, functions).

    A province's or a regency's structure (its Pergub/Perbup/SK) is edited by its own secretariat
    only: a regional secretariat user whose task force it is. The national structure keeps the rule
    of ``organisations.edit`` until the tier-scoped editing of the kernel covers it too.
    """
    if not has_capability(user, "organisations.edit"):
        return False
    from gugus.accounts.actors import is_system

    if is_system(user):
        return True
    task_force = structure.task_force
    if task_force.tier == "national":
        return True
    from gugus.accounts.roles import Role

    return getattr(user, "role", "") == Role.SECRETARIAT_REGIONAL and user.task_force_id == task_force.pk


_MEETING = "Meeting not found."


def meetings_editable_by(user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(task_force__in=task_forces_editable_by(user))


def access_meeting(user, meeting_id) -> Meeting:
    """The meeting if the user may read it; NotFound otherwise."""
    return one_in_scope(meetings_visible_to(user).select_related("task_force", "chair_agency"), meeting_id, _MEETING)


def access_meeting_for_edit(user, meeting_id) -> Meeting:
    return one_in_scope(meetings_editable_by(user).select_related("task_force"), meeting_id, _MEETING)


def can_edit_meeting(user, meeting: Meeting) -> bool:
    return task_forces_editable_by(user).filter(pk=meeting.task_force_id).exists()


def action_items_visible_to(user) -> QuerySet[ActionItem]:
    """Action items of the meetings the user may read."""
    return ActionItem.objects.filter(agreement__meeting__in=meetings_visible_to(user))


def action_items_of_my_agency(user) -> QuerySet[ActionItem]:
    """Items owned by the user's agency under its current or former names."""
    unit = getattr(user, "unit", None)
    if unit is None:
        return ActionItem.objects.none()
    return action_items_visible_to(user).filter(owner_agency_id__in=agency_lineage(unit.agency_id))


def access_action_item_for_edit(user, item_id) -> ActionItem:
    editable = ActionItem.objects.filter(agreement__meeting__in=meetings_editable_by(user))
    return one_in_scope(editable.select_related("agreement__meeting"), item_id, "Action item not found.")


def access_action_item_for_progress(user, item_id) -> ActionItem:
    """An item the user's agency owns (under its current or former names), for reporting its progress."""
    mine = action_items_of_my_agency(user).select_related("agreement__meeting")
    return one_in_scope(mine, item_id, "Action item not found.")


def access_attachment(user, attachment_id) -> Attachment:
    visible = Attachment.objects.filter(meeting__in=meetings_visible_to(user))
    return one_in_scope(visible, attachment_id, "Attachment not found.")


def access_evidence(user, item_id) -> ActionItem:
    return one_in_scope(action_items_visible_to(user).exclude(evidence_file=""), item_id, "Evidence not found.")


def agency_by_id(agency_id) -> Agency:
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise NotFound("Agency not found.")
    return agency
