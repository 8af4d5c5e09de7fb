"""Commands: ``gugus assistance restitution`` (where restitution stops). Registered by ``gugus.referrals.cli``."""

from __future__ import annotations


def register(subparsers) -> None:
    p = subparsers.add_parser("assistance", help="services delivered to victims")
    sp = p.add_subparsers(dest="assistance_command", metavar="ACTION", required=True)
    q = sp.add_parser("restitution", help="how many restitutions reached each stage, with the amounts")
    q.set_defaults(handler=restitution)


def restitution(args) -> int:
    from django.db.models import Count, Sum

    from gugus.assistance.models import Restitution

    rows = Restitution.objects.all()
    reached = {
        "requested": rows.count(),
        "indicted": rows.filter(indicted_on__isnull=False).count(),
        "verdict": rows.filter(verdict_on__isnull=False).count(),
        "paid_any": rows.filter(paid_amount__gt=0).count(),
        "paid_in_full": rows.filter(stage=Restitution.Stage.PAID).count(),
    }
    for stage, n in reached.items():
        print(f"{stage}\t{n}")
    sums = rows.aggregate(
        requested=Sum("requested_amount"),
        indicted=Sum("indicted_amount"),
        ordered=Sum("verdict_amount"),
        paid=Sum("paid_amount"),
    )
    for name, amount in sums.items():
        print(f"amount_{name}\t{amount or 0}")
    for row in rows.values("stage").annotate(n=Count("pk")).order_by("stage"):
        print(f"stage_{row['stage']}\t{row['n']}")
    return 0
