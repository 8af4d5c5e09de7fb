"""Cases on PostgreSQL: generator load time, case-list and NIK-lookup latency, API intake throughput.

    .venv/bin/python -m bench.cases_bench --cases 250000          # load and measure
    .venv/bin/python -m bench.cases_bench --skip-load             # measure an already loaded database

Uses its own database (default gugus_bench on 127.0.0.1:5432, user postgres) and fixed
bench-only keys, so a loaded database can be measured again in a later run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

from gugus.accounts.actors import system_actor

DEFAULT_DB = "gugus_bench"
BENCH_KEYS = {
    # bench-only keys, never used outside this throwaway database
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    "GUGUS_FIELD_KEYS": "b1:YmVuY2gtb25seS1maWVsZC1rZXktMzItYnl0ZXMhISE=",
    "GUGUS_BLIND_INDEX_KEY": "YmVuY2gtb25seS1ibGluZC1pbmRleC1rZXktMzJieXQ=",
}


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
    # one signed-checkpoint file per database: a checkpoint of another database's chain reads as a rewrite
    home = Path(os.environ.get("GUGUS_HOME") or Path.cwd() / "var")
    os.environ.setdefault("GUGUS_AUDIT_CHECKPOINTS", str(home / f"audit-checkpoints-{db}.jsonl"))
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{db}"
    os.environ["GUGUS_ENV"] = "development"
    os.environ["DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "gugus.settings"
    import django

    django.setup()
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.cases_bench"


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
    return {"p50": statistics.median(samples), "p95": _p(samples, 0.95), "max": max(samples)}


# --- the bare view the API is compared with ---------------------------------------------------------


def bare_intake(request):
    """Insert the same rows as the API (case, person, case role, timeline event): no validation,
    no search tokens, no audit, no access check. Encryption still happens (it is in the model)."""
    from django.db import transaction
    from django.http import JsonResponse
    from django.utils import timezone

    from gugus.cases.models import Case, CaseEvent
    from gugus.people.models import CaseRole, Person

    data = json.loads(request.body)
    unit = request.user.unit
    with transaction.atomic():
        last = Case.objects.filter(reporting_unit=unit, year=9999).count()
        case = Case.objects.create(
            number=f"BARE-{unit.code}/{last + 1}-{time.perf_counter_ns()}",
            reporting_unit=unit,
            year=9999,
            sequence=last + 1,
            channel=data["channel"],
            reported_on=data["reported_on"],
            exploitation_codes="," + ",".join(data["exploitation_types"]) + ",",
            destination_country=data["destination_country"],
        )
        victim = data["victims"][0]
        person = Person.objects.create(full_name=victim["full_name"], nik=victim["nik"] or None)
        CaseRole.objects.create(case=case, person=person, role="victim")
        CaseEvent.objects.create(case=case, at=timezone.now(), kind="opened", to_status="reported")
    return JsonResponse({"id": case.pk}, status=201)


def _urlpatterns():
    from django.urls import path

    from gugus.accounts.decorators import public
    from gugus.urls import urlpatterns as base

    return [*base, path("bench/bare-intake/", public(bare_intake))]


def __getattr__(name):
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


# --- the run ----------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="cases_bench")
    parser.add_argument("--cases", type=int, default=20000, help="synthetic cases to load (about 4 people each)")
    parser.add_argument("--db", default=DEFAULT_DB)
    parser.add_argument("--skip-load", action="store_true", help="measure the database as it is")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database first")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--intake", type=int, default=300, help="cases posted to the API and to the bare view")
    parser.add_argument("--workers", type=int, default=None, help="processes preparing the load (default: one per CPU)")
    parser.add_argument(
        "--intake-only", action="store_true", help="skip the read measurements: only the API against the bare view"
    )
    parser.add_argument(
        "--profile", metavar="FILE", help="profile the API intake with pyinstrument and write its text report to FILE"
    )
    args = parser.parse_args(argv)
    _setup(args.db, args.fresh)

    import io

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from gugus.accounts.demo import demo_step as accounts_step
    from gugus.accounts.models import User
    from gugus.cases.generate import cases_generate
    from gugus.cases.models import Case
    from gugus.cases.selectors import CaseFilters, cases_page
    from gugus.organisations.demo import demo_step as organisations_step
    from gugus.organisations.services import agencies_load, regions_load
    from gugus.people.models import Person

    call_command("migrate", interactive=False, verbosity=0)
    regions_load(actor=system_actor("bench"))
    agencies_load(actor=system_actor("bench"))
    organisations_step(rng=random.Random(1), actor=system_actor("bench"), out=io.StringIO())
    accounts_step(rng=random.Random(1), actor=system_actor("bench"), out=io.StringIO())
    print(f"PostgreSQL {connection.pg_version}, database {args.db}, {os.cpu_count()} CPUs, workers {args.workers}")

    if not args.skip_load:
        start = time.perf_counter()
        summary = cases_generate(
            n_cases=args.cases,
            seed=2025,
            batch_size=1000,
            workers=args.workers,
            progress=lambda done, total: print(f"\r  loaded {done}/{total}", end="", file=sys.stderr, flush=True),
        )
        elapsed = time.perf_counter() - start
        print(file=sys.stderr)
        print(
            f"load: {summary['cases']} cases, {summary['people']} people in {elapsed:.1f} s "
            f"({summary['cases'] / elapsed:.0f} cases/s, {summary['people'] / elapsed:.0f} people/s)"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    n_cases, n_people = Case.objects.count(), Person.objects.count()
    print(f"database: {n_cases} cases, {n_people} people")

    national = User.objects.get(username="sekretariat.pusat")
    regional = User.objects.get(username="sekretariat.kepri")
    unit_user = User.objects.get(username="supervisor.polda.kepri")
    rng = random.Random(11)
    if args.intake_only:
        return _intake(args, rng, unit_user)
    sample = list(Person.objects.exclude(nik=None).order_by("?").values_list("pk", flat=True)[:200])
    niks = [p.nik for p in Person.objects.filter(pk__in=sample) if p.nik][: args.runs]

    results = {}
    for label, user in (("national secretariat", national), ("regional secretariat", regional), ("unit", unit_user)):
        results[f"first page ({label})"] = _timed(lambda u=user: cases_page(u, CaseFilters()), args.runs)
        results[f"filtered ({label})"] = _timed(
            lambda u=user: cases_page(
                u, CaseFilters(status="reported", exploitation_type="online_scam", destination_country="KH")
            ),
            args.runs,
        )
    nik_iter = iter(niks * 3)
    results["NIK lookup (national)"] = _timed(lambda: cases_page(national, CaseFilters(q=next(nik_iter))), args.runs)
    client = Client()
    client.force_login(national, backend="django.contrib.auth.backends.ModelBackend")
    results["case list page, HTTP (national)"] = _timed(lambda: client.get("/cases/"), args.runs)
    results["filtered page, HTTP (national)"] = _timed(
        lambda: client.get("/cases/?exploitation_type=domestic_servitude&destination_country=MY&status=reported"),
        args.runs,
    )
    nik_iter = iter(niks * 3)
    results["NIK search page, HTTP (national)"] = _timed(lambda: client.get(f"/cases/?q={next(nik_iter)}"), args.runs)
    for name, r in results.items():
        print(f"{name:<40} p50 {r['p50']:7.1f} ms   p95 {r['p95']:7.1f} ms   max {r['max']:7.1f} ms")

    return _intake(args, rng, unit_user)


def _intake(args, rng, unit_user) -> int:
    """Intake: the API against a bare view, same payloads, same run, one client; the two alternate
    payload by payload, so that a change of load on the machine weighs on both alike."""
    from django.test import Client

    from gugus.accounts.services import api_token_issue
    from gugus.cases.generate import synthetic_cases

    token = api_token_issue(actor=system_actor("bench"), user=unit_user, name="bench")
    api_client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    bare_client = Client()
    bare_client.force_login(unit_user, backend="django.contrib.auth.backends.ModelBackend")
    payloads = []
    for item in synthetic_cases(args.intake, seed=rng.randint(0, 10**6)):
        case = dict(item["case"])
        case["reported_on"] = case["reported_on"].isoformat()
        case["events_from"] = case["events_from"].isoformat()
        victim = {k: v for k, v in item["victims"][0].items() if k not in ("recruited_on",)}
        payloads.append({**case, "victims": [victim]})

    def post(client, url, payload) -> float:
        start = time.perf_counter()
        response = client.post(url, json.dumps(payload), content_type="application/json")
        assert response.status_code == 201, response.content[:300]
        return time.perf_counter() - start

    # one of each first, to warm both paths (imports, caches, prepared plans)
    post(api_client, "/api/cases/", payloads[0])
    post(bare_client, "/bench/bare-intake/", payloads[0])
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
    api_seconds = bare_seconds = 0.0
    for payload in payloads[1:]:
        if profiler:
            profiler.start()
        api_seconds += post(api_client, "/api/cases/", payload)
        if profiler:
            profiler.stop()
        bare_seconds += post(bare_client, "/bench/bare-intake/", payload)
    api_rate, bare_rate = (len(payloads) - 1) / api_seconds, (len(payloads) - 1) / bare_seconds
    if profiler:
        from pathlib import Path

        Path(args.profile).write_text(profiler.output_text(unicode=False, color=False, show_all=False))
        print(f"profile of the API intake written to {args.profile}")
    print(f"intake: API {api_rate:.1f} cases/s, bare view {bare_rate:.1f} cases/s, ratio {api_rate / bare_rate:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
