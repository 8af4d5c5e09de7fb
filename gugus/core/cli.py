"""Operator commands: serve, migrate, demo, stats."""

from __future__ import annotations

import argparse
import sys

# Tables counted by ``gugus stats``: later apps append (label, "app_label.Model").
STATS_MODELS: list[tuple[str, str]] = [
    ("regions", "organisations.Region"),
    ("agencies", "organisations.Agency"),
    ("agency_units", "organisations.AgencyUnit"),
    ("task_forces", "organisations.TaskForce"),
    ("structures", "organisations.StructureVersion"),
    ("memberships", "organisations.Membership"),
    ("users", "accounts.User"),
    ("functions", "functions.Function"),
    ("assignments", "functions.Assignment"),
    ("cases", "cases.Case"),
    ("people", "people.Person"),
    ("case_roles", "people.CaseRole"),
    ("assessments", "cases.Assessment"),
    ("referrals", "referrals.Referral"),
    ("services", "assistance.Service"),
    ("identities", "identity.Identity"),
    ("identity_reviews", "identity.ReviewPair"),
    ("network_identifiers", "networks.Identifier"),
    ("budget_lines", "budgets.BudgetLine"),
    ("realisations", "budgets.Realisation"),
    ("meetings", "meetings.Meeting"),
    ("action_items", "meetings.ActionItem"),
    ("regulations", "regulations.Regulation"),
    ("audit_entries", "audit.AuditEntry"),
]


def register(subparsers) -> None:
    p = subparsers.add_parser("serve", help="serve the web application")
    p.add_argument("--addr", default="127.0.0.1:8000", help="address:port (default 127.0.0.1:8000)")
    p.set_defaults(handler=serve)

    p = subparsers.add_parser("migrate", help="create or update the database tables")
    p.set_defaults(handler=migrate)

    p = subparsers.add_parser("demo", help="load reference data and the seeded demo data, then serve")
    p.add_argument("--no-serve", action="store_true", help="load only, do not serve")
    p.add_argument("--seed", type=int, default=2025)
    p.add_argument("--addr", default="127.0.0.1:8000")
    p.add_argument("--worker", action="store_true", help="run the background task worker beside the server")
    p.set_defaults(handler=demo)

    p = subparsers.add_parser("stats", help="row counts of the main tables")
    p.set_defaults(handler=stats)

    p = subparsers.add_parser("manage", help="run a Django management command", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(handler=manage)


def serve(args) -> int:
    from django.core.management import call_command

    call_command("runserver", args.addr, use_reloader=False)
    return 0


def migrate(args) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    return 0


def demo(args) -> int:
    from django.core.management import call_command

    from gugus.core.demo import demo_generate

    call_command("migrate", interactive=False, verbosity=0)
    logins = demo_generate(seed=args.seed, out=sys.stdout)
    print(demo_logins_table(logins))
    from gugus.accounts.demo import demo_second_factors

    print(demo_second_factors_table(demo_second_factors()))
    if args.no_serve:
        return 0
    print(f"\nServing on http://{args.addr}/ (Ctrl+C to stop)")
    worker = _start_worker() if getattr(args, "worker", False) else None
    try:
        call_command("runserver", args.addr, use_reloader=False)
    finally:
        if worker is not None:
            _stop_worker(worker)
    return 0


def demo_second_factors_table(rows) -> str:
    """The TOTP secrets of the demo logins that need a second factor (issue 19)."""
    if not rows:
        return ""
    width = max(len(u) for u, _secret in rows)
    lines = [
        "\nThese logins also ask for a six-digit code (second factor, TOTP, 30 s): add the secret to an",
        "authenticator app (FreeOTP, Aegis, Google Authenticator), or print the code of the moment with",
        "GUGUS_ENV=demo .venv/bin/gugus users demo-code LOGIN.",
        "",
    ]
    lines += [f"  {u.ljust(width)}  {secret}" for u, secret in rows]
    return "\n".join(lines)


def demo_logins_table(logins) -> str:
    """Every demo login as one table: username, role, unit, what to try (the password once, above)."""
    if not logins:
        return "\nNo demo logins."
    header = ("login", "role", "unit", "try")
    rows = [(u, role, unit, what) for u, _password, role, unit, what in logins]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(3)]
    lines = [f"\nDemo logins; the password of every one: {logins[0][1]}", ""]
    for row in [header, tuple("-" * w for w in widths) + ("---",), *rows]:
        lines.append("  " + "  ".join(str(v).ljust(widths[i]) for i, v in enumerate(row[:3])) + "  " + str(row[3]))
    lines.append("\nThe command line on this demo: GUGUS_ENV=demo .venv/bin/gugus stats (or any gugus command).")
    return "\n".join(lines)


def _start_worker():
    """The background task worker (``gugus worker``) as a child process of the demo server."""
    import subprocess

    print("Background task worker started (gugus worker)")
    return subprocess.Popen([sys.executable, "-m", "gugus", "worker"])


def _stop_worker(worker) -> None:
    """Stop the worker started beside the server (on Ctrl+C, or when the server stops)."""
    import subprocess

    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
    print("Background task worker stopped")


def stats(args) -> int:
    from django.apps import apps

    for label, model_path in STATS_MODELS:
        try:
            model = apps.get_model(model_path)
        except LookupError:
            continue
        print(f"{label} {model.objects.count()}")
    return 0


def manage(args) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gugus manage", *args.rest])
    return 0
