"""Commands: ``gugus meetings remind`` (run daily by a scheduler) and ``gugus meetings overdue``."""

from __future__ import annotations

import datetime as dt


def register(subparsers) -> None:
    p = subparsers.add_parser("meetings", help="meetings and their action items")
    sp = p.add_subparsers(dest="meetings_command", metavar="ACTION", required=True)
    q = sp.add_parser("remind", help="e-mail reminders of action items due soon or overdue (each sent once)")
    q.add_argument("--today", type=dt.date.fromisoformat, help="date to act as today (YYYY-MM-DD)")
    q.add_argument("--days", type=int, default=7, help="remind this many days before the due date (default 7)")
    q.add_argument("--also-to", action="append", default=[], metavar="ADDRESS", help="also send to this address")
    q.set_defaults(handler=remind)
    q = sp.add_parser("overdue", help="list overdue action items, one per line")
    q.add_argument("--today", type=dt.date.fromisoformat)
    q.set_defaults(handler=overdue)


def remind(args) -> int:
    from gugus.meetings.services import reminders_send

    counts = reminders_send(today=args.today, days_before=args.days, also_to=tuple(args.also_to))
    print(
        f"due_soon {counts['due_soon']} overdue {counts['overdue']} "
        f"skipped_no_recipient {counts['skipped_no_recipient']}"
    )
    return 0


def overdue(args) -> int:
    from gugus.meetings.models import ActionItem

    today = args.today or dt.date.today()
    items = (
        ActionItem.objects.filter(status__in=ActionItem.OPEN_STATUSES, due_on__lt=today)
        .select_related("owner_agency", "agreement__meeting")
        .order_by("due_on", "id")
    )
    for item in items:
        print(f"{item.due_on}\t{item.owner_agency.abbreviation}\t{item.agreement.meeting.held_on}\t{item.description}")
    return 0
