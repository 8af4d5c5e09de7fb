"""The intake check on PostgreSQL: p95 of ``possible_matches`` against a registry of N people.

    PYTHONPATH=. .venv/bin/python -m bench.identity_bench --prepare --people 1000000   # copy, key, top up
    PYTHONPATH=. .venv/bin/python -m bench.identity_bench --runs 400                   # measure

``--prepare`` copies the cases benchmark database (gugus_bench, left read-only) into
gugus_identity_bench unless that exists, migrates it, writes the retrieval-key tokens of every
person (``identity backfill-keys``) and tops the registry up with the cases generator (which
writes the keys itself) until it holds ``--people`` people. The copy keeps the cases benchmark's
bench-only keys, so its ciphertexts and blind indexes stay readable.

Measured: the whole check as the intake form and the API call it (blind-index lookups, three
queries, decryption of the candidates in memory, scoring), for three kinds of new record:
a registered person written again with noise (NIK typo, name spelling, phone format, year),
a registered person's sibling-like record (same surname, phone and region, another given name
and birth date), and a person not registered at all.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

SOURCE_DB = "gugus_bench"
DEFAULT_DB = "gugus_identity_bench"


def _setup(db: str, copy: bool) -> None:
    import psycopg

    from bench.cases_bench import BENCH_KEYS

    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
        if not exists:
            if not copy:
                raise SystemExit(f"database {db} does not exist: run with --prepare first")
            conn.execute(f'CREATE DATABASE "{db}" TEMPLATE "{SOURCE_DB}"')
    os.environ.update(BENCH_KEYS)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{db}"
    os.environ["GUGUS_ENV"] = "development"
    os.environ["DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "gugus.settings"
    import django

    django.setup()


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _prepare(target_people: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from gugus.cases.generate import cases_generate
    from gugus.identity.services import retrieval_keys_backfill
    from gugus.people.models import Person, PersonToken

    call_command("migrate", interactive=False, verbosity=0)
    if not PersonToken.objects.filter(purpose="linkage_key").exists():
        start = time.perf_counter()
        done, written = retrieval_keys_backfill(
            batch_size=5000,
            progress=lambda d, w: print(f"\r  keys: {d} people, {w} tokens", end="", file=sys.stderr, flush=True),
        )
        print(file=sys.stderr)
        print(f"backfill: {done} people, {written} keys in {time.perf_counter() - start:.0f} s")
    people = Person.objects.count()
    if people < target_people:
        missing = target_people - people
        n_cases = int(missing / 3.1) + 1
        start = time.perf_counter()
        summary = cases_generate(
            n_cases=n_cases,
            seed=7007,
            batch_size=2000,
            progress=lambda d, t: print(f"\r  generated {d}/{t} cases", end="", file=sys.stderr, flush=True),
        )
        print(file=sys.stderr)
        print(f"top-up: {summary['cases']} cases, {summary['people']} people in {time.perf_counter() - start:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE people_persontoken")
        cursor.execute("ANALYZE")


def _noisy(rng: random.Random, record: dict) -> dict:
    """The same person written by another agency: one or two of the usual kinds of noise."""
    from gugus.linkage.generate import _old_spelling  # the engine's generator: same noise model

    out = dict(record)
    for change in rng.sample(["nik_typo", "name", "phone_format", "year", "drop_nik", "upper"], 2):
        if change == "nik_typo" and out["nik"]:
            i = rng.randrange(12, 16)
            out["nik"] = out["nik"][:i] + str((int(out["nik"][i]) + 1) % 10) + out["nik"][i + 1 :]
        elif change == "name":
            out["full_name"] = " ".join(_old_spelling(t) for t in out["full_name"].split())
        elif change == "phone_format" and out["phones"]:
            out["phones"] = ["0" + p[3:] if p.startswith("+62") else p for p in out["phones"]]
        elif change == "year" and out["birth_date"] and len(out["birth_date"]) == 10:
            out["birth_date"] = str(int(out["birth_date"][:4]) - 2) + out["birth_date"][4:]
        elif change == "drop_nik":
            out["nik"] = ""
        elif change == "upper":
            out["full_name"] = out["full_name"].upper()
    return out


def _sibling(rng: random.Random, record: dict) -> dict:
    out = dict(record)
    tokens = out["full_name"].split()
    given = rng.choice(["Rina", "Dewi", "Agus", "Budi", "Wulan", "Eko"])
    out["full_name"] = " ".join([given, *tokens[1:]]) if len(tokens) > 1 else given + " " + tokens[0]
    out["nik"] = ""
    out["passport_no"] = ""
    if out["birth_date"] and len(out["birth_date"]) == 10:
        out["birth_date"] = (
            str(int(out["birth_date"][:4]) + 3) + "-0" + str(rng.randint(1, 9)) + "-1" + str(rng.randint(0, 9))
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=DEFAULT_DB)
    parser.add_argument("--prepare", action="store_true", help="copy, migrate, key and top up the database")
    parser.add_argument("--people", type=int, default=1_000_000, help="top the registry up to this many people")
    parser.add_argument("--runs", type=int, default=400, help="checks per kind of record")
    args = parser.parse_args(argv)
    _setup(args.db, copy=args.prepare)
    if args.prepare:
        _prepare(args.people)

    from django.db import connection

    from gugus.identity.selectors import person_record, possible_matches, registry_size
    from gugus.people.models import Person, PersonToken

    n_people = Person.objects.count()
    n_tokens = PersonToken.objects.count()
    n_keys = PersonToken.objects.filter(purpose="linkage_key").count()
    print(f"PostgreSQL {connection.pg_version}; {n_people} people, {n_tokens} tokens ({n_keys} retrieval keys)")
    registry_size()
    rng = random.Random(42)
    max_pk = Person.objects.order_by("-pk").values_list("pk", flat=True).first()
    sample_ids = set()
    while len(sample_ids) < args.runs:
        sample_ids.add(rng.randint(1, max_pk))
    sample = [p for p in Person.objects.filter(pk__in=sample_ids, kind="individual").order_by("pk") if p.full_name]
    records = [(p.pk, person_record(p)) for p in sample]

    from gugus.cases.generate import synthetic_cases

    strangers = [v for item in synthetic_cases(args.runs, seed=99_001) for v in item["victims"]][: args.runs]
    kinds = {
        "same person, written with noise": [(pk, _noisy(rng, r)) for pk, r in records],
        "sibling-like (same surname, phone, region)": [(pk, _sibling(rng, r)) for pk, r in records],
        "not registered": [(None, s) for s in strangers],
    }
    possible_matches(records[0][1])  # warm: model weights, connections
    print(f"{args.runs} checks per kind; the check's whole time (3 queries, decryption, scoring)")
    for label, items in kinds.items():
        samples, found_top, found_any, flagged = [], 0, 0, 0
        for original, record in items:
            start = time.perf_counter()
            candidates = possible_matches(record)
            samples.append((time.perf_counter() - start) * 1000)
            ids = [c.person_id for c in candidates]
            if original is not None and ids and ids[0] == original:
                found_top += 1
            if original is not None and original in ids:
                found_any += 1
            if any(c.band == "likely" for c in candidates):
                flagged += 1
        line = (
            f"{label:<45} p50 {statistics.median(samples):6.1f} ms  p95 {_p(samples, 0.95):6.1f} ms  "
            f"max {max(samples):6.1f} ms"
        )
        if label.startswith("same"):
            line += f"  original first {found_top}/{len(items)}, listed {found_any}/{len(items)}"
        line += f"  'likely' shown {flagged}/{len(items)}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
