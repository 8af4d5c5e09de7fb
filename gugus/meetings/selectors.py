"""Reads of meetings: lists, the calendar, the meeting page and the follow-up report."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from gugus.meetings import access
from gugus.meetings.models import ActionItem, Agreement, Meeting, Participant
from gugus.organisations.models import Agency
from gugus.organisations.selectors import agency_successors_on


def meetings_list(user, *, kind: str = "", year: int | None = None, task_force_id: int | None = None) -> QuerySet:
    """Meetings the user may read, newest first, with counts of agreements and open items."""
    qs = access.meetings_visible_to(user).select_related("task_force", "task_force__region")
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(held_on__year=year)
    if task_force_id:
        qs = qs.filter(task_force_id=task_force_id)
    return qs.annotate(
        agreement_count=Count("agreements", distinct=True),
        open_item_count=Count(
            "agreements__action_items",
            filter=Q(agreements__action_items__status__in=ActionItem.OPEN_STATUSES),
            distinct=True,
        ),
    ).order_by("-held_on", "-id")


@dataclass
class CalendarDay:
    day: dt.date | None
    meetings: list[Meeting] = field(default_factory=list)


def meetings_calendar(user, year: int, month: int) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of one month, each day with the meetings the user may read."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    by_day: dict[dt.date, list[Meeting]] = {}
    for meeting in access.meetings_visible_to(user).filter(held_on__range=(first, last)).order_by("held_on", "id"):
        by_day.setdefault(meeting.held_on, []).append(meeting)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([CalendarDay(d if d.month == month else None, by_day.get(d, [])) for d in week])
    return weeks


def current_names(agency: Agency, today: dt.date | None = None) -> list[Agency]:
    """The names an agency carries today, when they differ from the recorded one (else empty)."""
    successors = agency_successors_on(agency, today or dt.date.today())
    return [] if successors == [agency] else successors


@dataclass
class MeetingPage:
    meeting: Meeting
    participants: list[Participant]
    agreements: list[Agreement]
    follow_ups: list[Meeting]
    overdue: int
    done: int
    total: int


def meeting_page(meeting: Meeting, today: dt.date | None = None) -> MeetingPage:
    """Everything shown on a meeting's page: participants with today's names, agreements, items."""
    today = today or dt.date.today()
    participants = list(meeting.participants.select_related("agency"))
    for participant in participants:
        participant.current_names = current_names(participant.agency, today)
    items_qs = ActionItem.objects.select_related("owner_agency", "concerns_type").order_by("due_on", "id")
    agreements = list(meeting.agreements.prefetch_related(Prefetch("action_items", queryset=items_qs)))
    total = overdue = done = 0
    for agreement in agreements:
        for item in agreement.action_items.all():
            item.overdue = item.is_overdue(today)
            item.owner_current_names = current_names(item.owner_agency, today)
            total += 1
            overdue += item.overdue
            done += item.status == ActionItem.Status.DONE
    return MeetingPage(
        meeting=meeting,
        participants=participants,
        agreements=agreements,
        follow_ups=list(meeting.follow_up_meetings.order_by("held_on")),
        overdue=overdue,
        done=done,
        total=total,
    )


def action_items_list(
    user, *, mine: bool = False, overdue_only: bool = False, status: str = "", today: dt.date | None = None
) -> list[ActionItem]:
    """Action items the user may see: of their agency (``mine``) or of every meeting in scope."""
    today = today or dt.date.today()
    qs = access.action_items_of_my_agency(user) if mine else access.action_items_visible_to(user)
    if overdue_only:
        qs = qs.filter(status__in=ActionItem.OPEN_STATUSES, due_on__lt=today)
    if status:
        qs = qs.filter(status=status)
    items = list(qs.select_related("owner_agency", "agreement__meeting__task_force").order_by("due_on", "id")[:1000])
    for item in items:
        item.overdue = item.is_overdue(today)
        item.owner_current_names = current_names(item.owner_agency, today)
    return items
