"""Meetings endpoints: meetings in scope, their agreements and action items, and status updates."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from gugus.api.auth import require
from gugus.api.capabilities import capability
from gugus.api.params import Date, Id, Year
from gugus.core.errors import NotFound
from gugus.meetings import access, selectors, services
from gugus.meetings.models import ActionItem

router = Router(tags=["meetings"])


class AgencyRef(Schema):
    abbreviation: str
    current: list[str]


class ItemOut(Schema):
    id: int
    meeting_id: int
    agreement_number: int
    description: str
    owner: AgencyRef
    due_on: Date
    status: str
    overdue: bool
    completed_on: Date | None
    evidence: str
    concerns: str


class AgreementOut(Schema):
    number: int
    text: str
    action_items: list[ItemOut]


class MeetingOut(Schema):
    id: int
    kind: str
    title: str
    task_force: str
    held_on: Date
    place: str
    chair: str


class MeetingDetailOut(MeetingOut):
    agenda: str
    minutes: str
    participants: list[AgencyRef]
    agreements: list[AgreementOut]
    follows_from: int | None


class StatusIn(Schema):
    status: str
    evidence: str | None = None
    completed_on: Date | None = None


def _ref(agency, current) -> AgencyRef:
    return AgencyRef(abbreviation=agency.abbreviation, current=[a.abbreviation for a in current])


def _item(item: ActionItem, today: dt.date) -> ItemOut:
    return ItemOut(
        id=item.pk,
        meeting_id=item.agreement.meeting_id,
        agreement_number=item.agreement.number,
        description=item.description,
        owner=_ref(item.owner_agency, selectors.current_names(item.owner_agency, today)),
        due_on=item.due_on,
        status=item.status,
        overdue=item.is_overdue(today),
        completed_on=item.completed_on,
        evidence=item.evidence,
        concerns=item.concerns_label,
    )


def _meeting(m) -> dict:
    return {
        "id": m.pk,
        "kind": m.kind,
        "title": m.title,
        "task_force": str(m.task_force),
        "held_on": m.held_on,
        "place": m.place,
        "chair": m.chair,
    }


@router.get("/", response=list[MeetingOut])
@capability("meetings.view")
def list_meetings(request, kind: str = "", year: Year | None = None):
    """Meetings the caller may read, newest first."""
    user = require(request, "meetings.view")
    return [MeetingOut(**_meeting(m)) for m in selectors.meetings_list(user, kind=kind, year=year)[:500]]


@router.get("/action-items", response=list[ItemOut])
@capability("meetings.view")
def list_action_items(request, mine: bool = True, overdue: bool = False):
    """Action items of the caller's agency (``mine``) or of every meeting in scope."""
    user = require(request, "meetings.view")
    today = dt.date.today()
    return [_item(i, today) for i in selectors.action_items_list(user, mine=mine, overdue_only=overdue, today=today)]


@router.get("/{meeting_id}", response=MeetingDetailOut)
@capability("meetings.view")
def meeting_detail(request, meeting_id: Id):
    user = require(request, "meetings.view")
    meeting = access.access_meeting(user, meeting_id)
    today = dt.date.today()
    page = selectors.meeting_page(meeting, today)
    return MeetingDetailOut(
        **_meeting(meeting),
        agenda=meeting.agenda,
        minutes=meeting.minutes,
        follows_from=meeting.preceded_by_id,
        participants=[_ref(p.agency, p.current_names) for p in page.participants],
        agreements=[
            AgreementOut(number=a.number, text=a.text, action_items=[_item(i, today) for i in a.action_items.all()])
            for a in page.agreements
        ],
    )


@router.post("/action-items/{item_id}/status", response=ItemOut)
@capability("meetings.edit")
def action_item_status(request, item_id: Id, payload: StatusIn):
    """Move an action item to a status (the secretariat of the meeting's task force)."""
    user = require(request, "meetings.edit")
    item = access.access_action_item_for_edit(user, item_id)
    item = services.action_item_update(
        actor=user, item=item, status=payload.status, evidence=payload.evidence, completed_on=payload.completed_on
    )
    item = ActionItem.objects.select_related("agreement", "owner_agency").filter(pk=item.pk).first()
    if item is None:
        raise NotFound("Action item not found.")
    return _item(item, dt.date.today())
