"""Referrals on PostgreSQL: a unit's inbox and the secretariat's overdue list at 100,000 referrals.

    .venv/bin/python -m bench.referrals_bench --referrals 100000     # load and measure
    .venv/bin/python -m bench.referrals_bench --skip-load            # measure an already loaded database

Uses its own database (default gugus_bench_referrals on 127.0.0.1:5432, user postgres) and fixed
bench-only keys. The load writes rows in bulk (no audit, no notifications): what is measured is
the reading, through the same selectors and pages the users get.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import statistics
import sys
import time

from gugus.accounts.actors import system_actor

DEFAULT_DB = "gugus_bench_referrals"
BENCH_KEYS = {
    # bench-only keys, never used outside this throwaway database
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    "GUGUS_FIELD_KEYS": "b1:YmVuY2gtb25seS1maWVsZC1rZXktMzItYnl0ZXMhISE=",
    "GUGUS_BLIND_INDEX_KEY": "YmVuY2gtb25seS1ibGluZC1pbmRleC1rZXktMzJieXQ=",
}
# Status mix of a year of referrals (open ones are the most recent).
STATUS_MIX = [
    ("completed", 0.45),
    ("in_progress", 0.15),
    ("declined", 0.08),
    ("cancelled", 0.04),
    ("accepted", 0.08),
    ("sent", 0.20),
]


def _setup(db: str, fresh: bool) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{db}"')
    os.environ.update(BENCH_KEYS)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{db}"
    os.environ["GUGUS_ENV"] = "development"
    os.environ["GUGUS_HOME"] = os.environ.get("GUGUS_HOME", "/tmp/gugus-bench-referrals")
    os.environ["DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "gugus.settings"
    import django

    django.setup()


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _timed(fn, runs: int) -> dict:
    fn()  # warm
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "p50": round(statistics.median(samples), 2),
        "p95": round(_p(samples, 0.95), 2),
        "max": round(max(samples), 2),
    }


def _load(total: int, seed: int) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from gugus.accounts.demo import demo_step as accounts_step
    from gugus.cases.models import Case
    from gugus.functions.demo import demo_step as functions_step
    from gugus.functions.models import Function
    from gugus.organisations.demo import demo_step as organisations_step
    from gugus.organisations.models import AgencyUnit, TaskForce
    from gugus.organisations.services import agencies_load, regions_load
    from gugus.people.models import CaseRole, Person
    from gugus.referrals.models import Referral

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    regions_load(actor=system_actor("bench"))
    agencies_load(actor=system_actor("bench"))
    rng = random.Random(seed)
    out = io.StringIO()
    for step in (organisations_step, accounts_step, functions_step):
        with transaction.atomic():
            step(rng=rng, actor=system_actor("bench"), out=out)
    units = list(AgencyUnit.objects.exclude(kind="secretariat").order_by("code"))
    functions = list(Function.objects.filter(active=True, children__isnull=True).order_by("code"))
    task_forces = list(TaskForce.objects.all())
    now = timezone.now()
    victims_count = max(1, total // 5)
    today = timezone.localdate()
    batch = 5000
    with transaction.atomic():
        cases = []
        for i in range(victims_count):
            unit = rng.choice(units)
            cases.append(
                Case(
                    number=f"BENCH/{unit.code}/{i:07d}",
                    reporting_unit=unit,
                    year=today.year,
                    sequence=i + 1,
                    channel="embassy",
                    reported_on=today - dt.timedelta(days=rng.randint(0, 400)),
                    exploitation_codes=",online_scam,",
                    status="handling",
                )
            )
        Case.objects.bulk_create(cases, batch_size=batch)
        people = [Person(recorded_by_unit_id=c.reporting_unit_id) for c in cases]
        Person.objects.bulk_create(people, batch_size=batch)
        roles = [CaseRole(case=c, person=p, role="victim") for c, p in zip(cases, people, strict=True)]
        CaseRole.objects.bulk_create(roles, batch_size=batch)
    weights = [w for _, w in STATUS_MIX]
    statuses = [s for s, _ in STATUS_MIX]
    rows = []
    for _ in range(total):
        role = rng.choice(roles)
        source = role.case.reporting_unit
        target = rng.choice(units)
        while target.pk == source.pk:
            target = rng.choice(units)
        status = rng.choices(statuses, weights)[0]
        # Open referrals are mostly recent; a share of them is past the deadline.
        age_days = rng.uniform(0, 30) if status in ("sent", "accepted") else rng.uniform(0, 365)
        sent_at = now - dt.timedelta(days=age_days)
        due_at = sent_at + dt.timedelta(days=7)
        escalated = status in ("sent", "accepted") and due_at < now
        rows.append(
            Referral(
                case_id=role.case_id,
                victim_id=role.pk,
                function=rng.choice(functions),
                from_unit_id=source.pk,
                to_unit_id=target.pk,
                legal_exception="law_enforcement",
                legal_basis="bench",
                shares=",identity,",
                status=status,
                sent_at=sent_at,
                due_at=due_at,
                remind_at=due_at - dt.timedelta(days=2),
                responded_at=sent_at + dt.timedelta(hours=rng.uniform(1, 72)) if status != "sent" else None,
                completed_at=sent_at + dt.timedelta(days=rng.uniform(3, 60)) if status == "completed" else None,
                escalated_at=due_at if escalated else None,
                escalated_to=rng.choice(task_forces) if escalated else None,
            )
        )
        if len(rows) == batch:
            Referral.objects.bulk_create(rows)
            rows = []
    if rows:
        Referral.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"load_seconds": round(time.perf_counter() - started, 1), "victims": victims_count}


def _measure(runs: int) -> dict:
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from gugus.accounts.models import User
    from gugus.referrals import selectors
    from gugus.referrals.models import Referral

    now = timezone.now()
    busiest = (
        Referral.objects.filter(status__in=Referral.OPEN_STATUSES)
        .values("to_unit_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    worker = User.objects.filter(username="petugas.polda.kepri").first()
    worker.unit_id = busiest["to_unit_id"]  # measured as a case worker of the busiest unit (not saved)
    national = User.objects.get(username="sekretariat.pusat")
    regional = User.objects.get(username="sekretariat.kepri")
    result = {
        "referrals": Referral.objects.count(),
        "overdue": Referral.objects.filter(status__in=Referral.AWAITING_START, due_at__lt=now).count(),
        "busiest_unit_open": busiest["n"],
        "inbox_selector": _timed(lambda: selectors.inbox(worker), runs),
        "overdue_national_selector": _timed(lambda: selectors.overdue(national), runs),
        "overdue_regional_selector": _timed(lambda: selectors.overdue(regional), runs),
        "overdue_national_page_5": _timed(lambda: selectors.overdue(national, page=5), runs),
    }
    # Whole pages through Django (middleware, session, template), as a browser gets them.
    worker.save(update_fields=["unit"])
    clients = {}
    for key, user in (("inbox_page", worker), ("overdue_national_page", national), ("overdue_regional_page", regional)):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        clients[key] = client
    result["inbox_page"] = _timed(lambda: clients["inbox_page"].get("/referrals/"), runs)
    result["overdue_national_page"] = _timed(lambda: clients["overdue_national_page"].get("/referrals/overdue/"), runs)
    result["overdue_regional_page"] = _timed(lambda: clients["overdue_regional_page"].get("/referrals/overdue/"), runs)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--db", default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--skip-load", action="store_true", help="measure the database as it is")
    args = parser.parse_args(argv)
    _setup(args.db, fresh=not args.skip_load)
    report = {}
    if not args.skip_load:
        report["load"] = _load(args.referrals, args.seed)
    report.update(_measure(args.runs))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
