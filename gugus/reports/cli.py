"""Operator commands: ``gugus reports annual`` and ``gugus worker``."""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    p = subparsers.add_parser("reports", help="reports to the President")
    sub = p.add_subparsers(dest="reports_command", metavar="SUBCOMMAND")
    a = sub.add_parser("annual", help="write the annual (or five-year) report as PDF or XLSX")
    a.add_argument("--year", type=int, required=True)
    a.add_argument("--lang", choices=["id", "en"], default="id")
    a.add_argument("--five-year", action="store_true", help="the five-year report ending in --year")
    a.add_argument("--cutoff", help="figures as of this date (YYYY-MM-DD, end of day); default now")
    a.add_argument("-o", "--output", required=True, help="FILE.pdf or FILE.xlsx")
    a.set_defaults(handler=annual)

    w = subparsers.add_parser("worker", help="run the background task worker (reports, exports)")
    w.add_argument("--batch", action="store_true", help="run the waiting tasks, then stop")
    w.add_argument(
        "--no-schedule",
        action="store_true",
        help="do not enqueue the periodic jobs (escalation, reminders)",
    )
    w.add_argument("--interval", type=float, default=1.0, help="seconds between looks at an empty queue")
    w.set_defaults(handler=worker)


def _bar(percent: int, step: str) -> None:
    filled = percent // 5
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (20 - filled)}] {percent:3d}% {step:<10}")
    sys.stderr.flush()
    if percent >= 100:
        sys.stderr.write("\n")


def annual(args) -> int:
    import datetime as dt
    from pathlib import Path

    from django.db import transaction
    from django.utils import timezone

    from gugus.audit.services import audit_record
    from gugus.reports import annual as builder

    out = Path(args.output)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("pdf", "xlsx"):
        print("the output file must end in .pdf or .xlsx", file=sys.stderr)
        return 2
    cutoff = timezone.now()
    if args.cutoff:
        try:
            day = dt.date.fromisoformat(args.cutoff)
        except ValueError:
            print("--cutoff: a date as YYYY-MM-DD", file=sys.stderr)
            return 2
        cutoff = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))
    if not 2000 <= args.year <= timezone.localdate().year:
        print(f"--year: from 2000 to {timezone.localdate().year}", file=sys.stderr)
        return 2
    content = builder.report_content(
        year=args.year, five_year=args.five_year, language=args.lang, cutoff=cutoff, progress=_bar
    )
    data = builder.render_pdf(content, _bar) if fmt == "pdf" else builder.render_xlsx(content, _bar)
    out.write_bytes(data)
    _bar(100, "done")
    # The command runs as the operator, not as a user: the entry names the command (the existing
    # pattern for commands, until the system actor of the scoping work lands).
    with transaction.atomic():
        audit_record(
            actor="cli:reports annual",
            action="report.generate",
            target=("reports.file", out.name),
            data={
                "kind": content.kind,
                "year": args.year,
                "language": args.lang,
                "format": fmt,
                "bytes": len(data),
                "cutoff": cutoff.isoformat(),
            },
        )
    print(f"{out} ({len(data)} bytes, figures as of {timezone.localtime(cutoff):%Y-%m-%d %H:%M})")
    return 0


def worker(args) -> int:
    from django.conf import settings
    from django.core.management import call_command

    if not args.batch:
        # Reads of personal data are journalled without the audit chain's lock; the worker seals
        # them into the chain every few seconds (gugus/audit/services.py).
        import threading

        from gugus.audit.cli import seal_loop

        every = float(getattr(settings, "GUGUS_AUDIT_SEAL_EVERY", 5))
        threading.Thread(target=seal_loop, args=(every,), name="audit-sealer", daemon=True).start()
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_db."):
        # django-tasks-db's worker with a heartbeat, the reaper of tasks whose worker died, and
        # the schedule (gugus/ops/worker.py)
        from gugus.ops.worker import run_worker

        run_worker(batch=args.batch, schedule=not args.no_schedule, interval=args.interval)
        return 0
    if backend.startswith("django_tasks_rq."):
        call_command("rqworker", *settings.TASKS["default"].get("QUEUES", ["default"]))
        return 0
    print(f"the task backend {backend} runs its tasks without a worker", file=sys.stderr)
    return 0
