"""Does one row lock on the audit chain per page view serialise readers? (issue 11)

    PYTHONPATH=. .venv/bin/python -m bench.audit_bench --threads 1 4 8 --views 100

Every read of personal data appends an entry to the hash-chained audit log, which locks its one
head row (``AuditHead``, ``select_for_update``) for the length of a short transaction. The
benchmark runs ``T`` threads, each doing ``--views`` "page views" (read one person, then write
the read's audit entry) on PostgreSQL, in three variants side by side in one run:

- ``no_audit``: the read only (the ceiling);
- ``unchained``: the read and an append to a log table with no chain (what any audit costs);
- ``chained``: the read and ``audit_read`` sealed in its own call (``GUGUS_AUDIT_SEAL_READS =
  "immediate"``: journal row, then the lock on the head row, MAC, entry): the old design's cost;
- ``sealed``: the built design: ``audit_read`` as the pages call it in production (``"deferred"``:
  a journal row with its MAC, no lock) while a sealer thread runs ``audit_seal()`` as
  ``gugus audit seal --every 0.05`` would (one lock per batch); the time until every read is in the
  chain is reported, and the chain verifies at the end.

It reports views per second and p95 latency per variant and the ratio chained / unchained at
each thread count: a ratio that falls as threads grow means the lock serialises readers.
Uses its own database (default gugus_kernel_bench on 127.0.0.1:5432) and bench-only keys.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time

DEFAULT_DB = "gugus_kernel_bench"
BENCH_KEYS = {
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
    os.environ["GUGUS_HOME"] = os.environ.get("GUGUS_HOME", "/tmp/gugus-bench-audit")
    # A fresh database gets fresh checkpoints: an old run's file would not match the new chain.
    os.environ["GUGUS_AUDIT_CHECKPOINTS"] = tempfile.mkdtemp(prefix="gugus-bench-checkpoints-") + "/checkpoints.jsonl"
    os.environ["DJANGO_SETTINGS_MODULE"] = "gugus.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_read_log (id bigserial primary key, at timestamptz not null, "
            "actor_id integer, object_id varchar(64), data jsonb)"
        )


def _people(n: int) -> list[int]:
    from gugus.people.models import Person

    rows = [Person(full_name=f"Orang {i}", kind=Person.Kind.INDIVIDUAL) for i in range(n)]
    return [p.pk for p in Person.objects.bulk_create(rows)]


def _view(variant: str, person_id: int, actor) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from gugus.audit.services import audit_read
    from gugus.people.models import Person

    person = Person.objects.get(pk=person_id)
    _ = person.full_name  # decrypt, as a page does
    if variant in ("chained", "sealed"):
        audit_read(actor=actor, target=person, purpose="bench", fields=["full_name"])
    elif variant == "unchained":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_read_log (at, actor_id, object_id, data) VALUES (%s, %s, %s, %s)",
                [timezone.now(), None, str(person_id), '{"fields": ["full_name"]}'],
            )


def _seal() -> int:
    from gugus.audit.services import audit_seal

    return audit_seal().sealed


def _run(variant: str, threads: int, views: int, people: list[int]) -> dict:
    from django.conf import settings
    from django.db import connections

    settings.GUGUS_AUDIT_SEAL_READS = "immediate" if variant == "chained" else "deferred"

    from gugus.accounts.actors import system_actor

    actor = system_actor("bench")
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)

    def worker(index: int) -> None:
        mine = []
        try:
            barrier.wait()
            for i in range(views):
                start = time.perf_counter()
                _view(variant, people[(index * views + i) % len(people)], actor)
                mine.append(time.perf_counter() - start)
        finally:
            connections.close_all()
        with lock:
            latencies.extend(mine)

    done = threading.Event()

    def sealer() -> None:
        try:
            while not done.is_set() or _pending():
                if not _seal():
                    time.sleep(0.05)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    seal_thread = threading.Thread(target=sealer) if variant == "sealed" else None
    start = time.perf_counter()
    if seal_thread:
        seal_thread.start()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    readers_done = time.perf_counter() - start
    done.set()
    if seal_thread:
        seal_thread.join()
    elapsed = readers_done
    sealed_after = time.perf_counter() - start
    latencies.sort()
    return {
        "sealed_after_s": sealed_after,
        "readers_s": readers_done,
        "per_second": len(latencies) / elapsed,
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "median_ms": statistics.median(latencies) * 1000,
    }


def _pending() -> int:
    from gugus.audit.models import AuditJournal

    return AuditJournal.objects.count()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=DEFAULT_DB)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--views", type=int, default=100, help="page views per thread and variant")
    args = parser.parse_args(argv)
    _setup(args.db)
    people = _people(2000)
    _pending()  # the table exists
    print("| threads | variant | views/s | median ms | p95 ms | views/s ÷ unchained |")
    print("|---|---|---|---|---|---|")
    for threads in args.threads:
        variants = ("no_audit", "unchained", "chained", "sealed")
        results = {v: _run(v, threads, args.views, people) for v in variants}
        for variant, r in results.items():
            ratio = r["per_second"] / results["unchained"]["per_second"]
            tail = f"{ratio:.2f}" if variant in ("chained", "sealed") else ""
            if variant == "sealed":
                tail += f" (all sealed {r['sealed_after_s'] - r['readers_s']:.2f} s after the last read)"
            row = (threads, variant, f"{r['per_second']:.0f}", f"{r['median_ms']:.1f}", f"{r['p95_ms']:.1f}", tail)
            print("| " + " | ".join(map(str, row)) + " |", flush=True)
    from gugus.audit.services import audit_verify_chain

    report = audit_verify_chain()
    print(f"chain verified: {report.ok}, {report.checked} entries, {report.unsealed} left unsealed {report.reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
