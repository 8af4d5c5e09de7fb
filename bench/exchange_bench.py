"""The de-identified release and the HTCDS export at national scale, on PostgreSQL.

    .venv/bin/python -m bench.exchange_bench --cases 250000             # load (if empty) and measure
    .venv/bin/python -m bench.exchange_bench --skip-load                # measure an already loaded database

Uses its own database (default gugus_bench_exchange), the bench-only keys of cases_bench, the
project's seeded case generator, and seeded synthetic assessments (the generator writes none): a
current assessment for 80% of the victims (identified or suspected), so the release has rows to
generalise. The goal (issue 13): the 250,000-case release within 2 minutes, k >= 11 checked by pycanon.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from bench.cases_bench import _setup

DEFAULT_DB = "gugus_bench_exchange"


def _assess_all(seed: int) -> int:
    """Seeded current assessments for 80% of the victims that have none (bulk, bench only)."""
    from django.utils import timezone

    from gugus.accounts.models import User
    from gugus.cases.models import Assessment, MeansKind
    from gugus.people.models import CaseRole

    rng = random.Random(seed)
    decider = User.objects.filter(is_active=True).order_by("id").first()
    victims = CaseRole.objects.filter(role="victim", assessments__isnull=True).values_list("id", "case_id")
    means = list(MeansKind.values)
    batch, made, now = [], 0, timezone.now()
    for victim_id, case_id in victims.iterator(chunk_size=10000):
        if rng.random() >= 0.8:
            continue
        batch.append(
            Assessment(
                case_id=case_id, victim_id=victim_id, act="present", act_kinds="recruiting", means="present",
                means_kinds=",".join(sorted(rng.sample(means, rng.choice([1, 1, 2])))), purpose="present",
                purpose_kinds="exploitation", result=rng.choice(["identified", "identified", "suspected"]),
                reason="bench", decided_by=decider, decided_at=now, is_current=True,
            )
        )  # fmt: skip
        if len(batch) == 5000:
            Assessment.objects.bulk_create(batch)
            made += len(batch)
            batch = []
    Assessment.objects.bulk_create(batch)
    return made + len(batch)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="exchange_bench")
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--db", default=DEFAULT_DB)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--assess", action="store_true", help="assess the victims without an assessment first")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--k", type=int, default=11)
    args = parser.parse_args(argv)
    _setup(args.db, args.fresh)

    import io

    from django.core.management import call_command
    from pycanon import anonymity

    from gugus.accounts.actors import system_actor
    from gugus.accounts.demo import demo_step as accounts_step
    from gugus.cases.generate import cases_generate
    from gugus.cases.models import Assessment, Case
    from gugus.exchange.release import COLUMNS
    from gugus.exchange.services import htcds_export, release_csv, release_make, release_records
    from gugus.organisations.demo import demo_step as organisations_step
    from gugus.organisations.services import agencies_load, regions_load

    call_command("migrate", interactive=False, verbosity=0)
    regions_load(actor=system_actor("bench"))
    agencies_load(actor=system_actor("bench"))
    organisations_step(rng=random.Random(1), actor=system_actor("bench"), out=io.StringIO())
    accounts_step(rng=random.Random(1), actor=system_actor("bench"), out=io.StringIO())
    if not args.skip_load and not Case.objects.exists():
        start = time.perf_counter()
        cases_generate(n_cases=args.cases, seed=2025, batch_size=1000, workers=args.workers)
        print(f"load: {Case.objects.count()} cases in {time.perf_counter() - start:.1f} s")
    if args.assess or not Assessment.objects.exists():
        start = time.perf_counter()
        print(f"assessments: {_assess_all(2025)} written in {time.perf_counter() - start:.1f} s")
    cases = Case.objects.all()
    print(f"database: {cases.count()} cases, {Assessment.objects.filter(is_current=True).count()} current assessments")

    actor = system_actor("bench")
    start = time.perf_counter()
    people = len(release_records(cases))
    read = time.perf_counter() - start
    start = time.perf_counter()
    made = release_make(actor=actor, cases=cases, k=args.k)
    content = release_csv(made)
    total = time.perf_counter() - start
    print(
        f"release: {people} people read in {read:.1f} s; whole release (read, generalise, suppress, CSV) "
        f"{total:.1f} s; {len(made.frame)} rows released, {made.rows_suppressed} suppressed, "
        f"k = {made.k_achieved}, l = {made.l_achieved}, {len(content) / 1e6:.1f} MB"
    )
    print("  " + "; ".join(made.generalisation()))
    start = time.perf_counter()
    independent = anonymity.k_anonymity(made.frame, list(COLUMNS)) if len(made.frame) else 0
    print(f"pycanon: k = {independent} ({time.perf_counter() - start:.1f} s)")
    start = time.perf_counter()
    export = htcds_export(actor=actor, cases=cases[:20000])
    print(f"htcds export of 20,000 cases: {len(export.rows)} rows in {time.perf_counter() - start:.1f} s")
    status = 0 if independent >= args.k and total < 120 else 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
