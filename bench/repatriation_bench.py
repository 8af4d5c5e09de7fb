"""A mass repatriation batch on PostgreSQL: 300 people, 30 of them already in Gugus, linked for review.

    .venv/bin/python -m bench.repatriation_bench                      # defaults: 300 people, 30 known, 5,000 cases
    .venv/bin/python -m bench.repatriation_bench --people 300 --known 30 --background 20000

Uses its own database (default gugus_legal on 127.0.0.1:5432, user postgres), recreated each run,
with fixed bench-only keys. Measured side by side in one run: the plain case import of a file of
the same size (no screening, no identity check) and the repatriation import of the batch.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time

DEFAULT_DB = "gugus_legal"
BENCH_KEYS = {
    # bench-only keys, never used outside this throwaway database
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    "GUGUS_FIELD_KEYS": "b1:YmVuY2gtb25seS1maWVsZC1rZXktMzItYnl0ZXMhISE=",
    "GUGUS_BLIND_INDEX_KEY": "YmVuY2gtb25seS1ibGluZC1pbmRleC1rZXktMzJieXQ=",
}


def _setup(db: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone():
            conn.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')
    os.environ.update(BENCH_KEYS)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{db}"
    os.environ["GUGUS_ENV"] = "development"
    os.environ["GUGUS_HOME"] = os.environ.get("GUGUS_HOME", "/tmp/gugus-bench-legal")
    os.environ["DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "gugus.settings"
    import django

    django.setup()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench.repatriation_bench")
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--known", type=int, default=30)
    parser.add_argument("--background", type=int, default=5000, help="synthetic cases loaded first")
    parser.add_argument("--db", default=DEFAULT_DB)
    args = parser.parse_args(argv)
    _setup(args.db)
    from django.core.management import call_command

    from gugus.accounts.actors import system_actor
    from gugus.accounts.roles import Role
    from gugus.accounts.services import user_create
    from gugus.cases.generate import cases_generate
    from gugus.cases.importer import cases_import
    from gugus.identity.models import ReviewPair
    from gugus.legal.generate import batch_csv, synthetic_person
    from gugus.legal.repatriation import repatriation_import
    from gugus.organisations.models import Agency, Region
    from gugus.organisations.services import agencies_load, regions_load, unit_create
    from gugus.people.models import Person

    call_command("migrate", interactive=False, verbosity=0)
    regions_load(actor=system_actor("bench"))
    agencies_load(actor=system_actor("bench"))
    kemenlu = Agency.objects.get(abbreviation="Kemenlu")
    kbri = unit_create(
        actor=system_actor("bench"),
        code="BENCH-KBRI-KH",
        agency=kemenlu,
        name="KBRI Phnom Penh (bench)",
        kind="mission_abroad",
        country="KH",
    )
    other = unit_create(
        actor=system_actor("bench"),
        code="BENCH-KBRI-MM",
        agency=kemenlu,
        name="KBRI Yangon (bench)",
        kind="mission_abroad",
        country="MM",
    )
    actor = user_create(
        actor=system_actor("bench"),
        username="bench.kbri",
        password="bench-only-password-0123",
        role=Role.SUPERVISOR,
        unit=kbri,
    )  # noqa: E501
    other_actor = user_create(
        actor=system_actor("bench"),
        username="bench.kbri.mm",
        password="bench-only-password-0123",
        role=Role.SUPERVISOR,
        unit=other,
    )  # noqa: E501
    start = time.perf_counter()
    loaded = cases_generate(n_cases=args.background, seed=2025, workers=1)
    print(f"background: {loaded} in {time.perf_counter() - start:.1f} s; {Person.objects.count()} people", flush=True)

    districts = list(Region.objects.filter(level=Region.Level.DISTRICT).values_list("code", flat=True)[:400])
    rng = random.Random(2026)
    # The known people: registered earlier by another unit (through the import, so with all their tokens).
    known = [synthetic_person(rng, districts) for _ in range(args.known)]
    known_file = batch_csv(seed=1, people=0, districts=districts)  # header only
    known_file += b"".join(
        (",".join([p["full_name"], p["sex"], p["birth_date"], "", p["nik"], p["phone"], p["passport_no"],
                   p["address_region"], "KH", "online_scam", "2024-11-01"]) + "\n").encode()
        for p in known
    )  # fmt: skip
    cases_import(actor=other_actor, unit=other, data=known_file.replace(b",screening", b""), filename="known.csv")
    known_ids = set(Person.objects.order_by("-id").values_list("id", flat=True)[: args.known])

    plain = batch_csv(seed=3, people=args.people, districts=districts, report_date=dt.date(2025, 2, 1))
    plain = b"\n".join(line.rsplit(b",", 1)[0] for line in plain.splitlines()) + b"\n"  # drop the screening column
    start, cpu = time.perf_counter(), time.process_time()
    cases_import(actor=other_actor, unit=other, data=plain, filename="plain.csv")
    plain_s, plain_cpu = time.perf_counter() - start, time.process_time() - cpu

    batch = batch_csv(seed=4, people=args.people, districts=districts, known=known)
    start, cpu = time.perf_counter(), time.process_time()
    result = repatriation_import(actor=actor, unit=kbri, name="Bench batch", data=batch, filename="batch.csv")
    batch_s, batch_cpu = time.perf_counter() - start, time.process_time() - cpu
    b = result.batch
    new_ids = set(b.members.values_list("case_role__person_id", flat=True))
    pairs = ReviewPair.objects.all()
    linked = {
        (a if a in known_ids else c)
        for a, c in pairs.values_list("person_a_id", "person_b_id")
        if (a in known_ids and c in new_ids) or (c in known_ids and a in new_ids)
    }
    print(f"people in Gugus before the batch: {Person.objects.count() - len(new_ids)}")
    print(f"load average (1, 5, 15 min): {os.getloadavg()}")
    print(f"plain case import of {args.people} rows: {plain_s:.2f} s wall, {plain_cpu:.2f} s CPU in this process")
    print(f"repatriation import of {args.people} rows ({args.known} known): "
          f"{batch_s:.2f} s wall, {batch_cpu:.2f} s CPU "
          f"(ratio to the plain import {batch_s / plain_s:.2f})")  # fmt: skip
    print(f"batch counts: {b.people} people, {b.victims} victims, {b.possible_perpetrators} possible perpetrators, "
          f"{b.not_victims} not victims, {b.re_recruited} re-recruited, {b.not_screened} not screened; "
          f"matched {b.matched}")  # fmt: skip
    print(f"known people linked for review: {len(linked)} of {args.known}")
    ok = len(linked) == args.known and batch_s < 30
    print("goal (all known linked within 30 s):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
