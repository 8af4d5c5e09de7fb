"""Commands: ``gugus referrals escalate`` (run by a scheduler: reminders before the deadline, escalation
of overdue referrals; idempotent), ``gugus referrals overdue``, ``gugus referrals deadlines``.

``gugus.cli`` lists this module; it also registers the assistance app's commands.
"""

from __future__ import annotations

import datetime as dt

from gugus.accounts.actors import system_actor


def _when(text: str) -> dt.datetime:
    from django.utils import timezone

    value = dt.datetime.fromisoformat(text)
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def register(subparsers) -> None:
    p = subparsers.add_parser("referrals", help="referrals between agency units")
    sp = p.add_subparsers(dest="referrals_command", metavar="ACTION", required=True)
    q = sp.add_parser("escalate", help="remind before deadlines and escalate overdue referrals (idempotent)")
    q.add_argument("--now", type=_when, help="moment to act as now (ISO 8601, e.g. 2025-03-20T08:00)")
    q.set_defaults(handler=escalate)
    q = sp.add_parser("overdue", help="list overdue referrals, one per line")
    q.add_argument("--now", type=_when)
    q.set_defaults(handler=overdue)
    q = sp.add_parser("deadlines", help="show the deadline of each function, or set one")
    q.add_argument("--set", nargs=2, metavar=("FUNCTION", "DAYS"), help="set a function's deadline in days")
    q.add_argument("--remind", type=int, default=2, help="days before the deadline to remind (with --set)")
    q.add_argument("--legal-basis", default="", help="legal basis of the deadline (with --set)")
    q.set_defaults(handler=deadlines)
    from gugus.assistance.cli import register as register_assistance

    register_assistance(subparsers)


def escalate(args) -> int:
    from gugus.referrals.services import referrals_remind_and_escalate

    counts = referrals_remind_and_escalate(now=args.now)
    print(f"reminded {counts['reminded']} escalated {counts['escalated']}")
    return 0


def overdue(args) -> int:
    from django.utils import timezone

    from gugus.referrals.models import Referral

    now = args.now or timezone.now()
    rows = (
        Referral.objects.filter(status__in=Referral.AWAITING_START, due_at__lt=now)
        .select_related("function", "from_unit", "to_unit", "escalated_to")
        .order_by("due_at", "id")
    )
    for r in rows.iterator(chunk_size=1000):
        days = (now - r.due_at).days
        escalated = r.escalated_to.name if r.escalated_to_id else "-"
        print(
            f"{r.pk}\t{r.due_at:%Y-%m-%d}\t{days}d\t{r.function.code}\t{r.from_unit.code}\t{r.to_unit.code}\t{escalated}"
        )
    return 0


def deadlines(args) -> int:
    from gugus.core.errors import GugusError
    from gugus.functions.models import Function
    from gugus.referrals.services import deadline_for, deadline_rule_set

    if args.set:
        code, days = args.set
        function = Function.objects.filter(code=code).first()
        if function is None:
            print(f"unknown function {code}")
            return 1
        try:
            deadline_rule_set(
                actor=system_actor("command"),
                function=function,
                days=days,
                remind_days_before=args.remind,
                legal_basis=args.legal_basis,
            )
        except GugusError as error:
            print(f"{error.field}: {error.message}")
            return 1
    for function in Function.objects.filter(active=True, children__isnull=True).order_by("position", "code"):
        d = deadline_for(function)
        print(f"{function.code}\t{d.days}\t{d.remind_days_before}\t{d.legal_basis}")
    return 0
