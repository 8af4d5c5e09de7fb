"""Commands: identity review-batch (the engine over people in scope, uncertain pairs queued) and
identity backfill-keys (retrieval keys for people registered before the intake check existed)."""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    p = subparsers.add_parser("identity", help="one identity per person across agencies")
    sp = p.add_subparsers(dest="identity_command", metavar="ACTION", required=True)
    q = sp.add_parser(
        "review-batch",
        help="run the linkage engine over people (decrypted in memory) and queue the uncertain pairs for review",
    )
    q.add_argument("--unit", metavar="UNIT_CODE", help="only people recorded by this unit")
    q.add_argument("--region", metavar="CODE", help="only people of cases whose origin lies in this region")
    q.add_argument("--low", type=float, default=None, help="queue pairs from this probability (default 0.2)")
    q.add_argument("--high", type=float, default=None, help="upper threshold (default 0.9)")
    q.add_argument(
        "--merge-above", action="store_true", help="merge pairs from --high up (undoable) instead of queueing them"
    )
    q.add_argument("--backend", choices=["duckdb", "spark"], default="duckdb")
    q.set_defaults(handler=review_batch)
    q = sp.add_parser("backfill-keys", help="write the intake check's retrieval keys for people that lack them")
    q.add_argument("--batch-size", type=int, default=2000)
    q.set_defaults(handler=backfill_keys)


def review_batch(args) -> int:
    from gugus.cases.models import Case
    from gugus.identity.selectors import REVIEW_HIGH, REVIEW_LOW
    from gugus.identity.services import review_batch as run
    from gugus.organisations.models import AgencyUnit
    from gugus.people.models import CaseRole, Person

    low = REVIEW_LOW if args.low is None else args.low
    high = REVIEW_HIGH if args.high is None else args.high
    if not 0 < low < high <= 1:
        print("--low and --high must satisfy 0 < low < high <= 1", file=sys.stderr)
        return 2
    people = Person.objects.all()
    if args.unit:
        unit = AgencyUnit.objects.filter(code=args.unit).first()
        if unit is None:
            print(f"unknown unit {args.unit!r}", file=sys.stderr)
            return 2
        people = people.filter(recorded_by_unit=unit)
    if args.region:
        code = args.region
        cases = Case.objects.filter(origin_region__code=code) | Case.objects.filter(
            origin_region__code__startswith=code + "."
        )
        people = people.filter(pk__in=CaseRole.objects.filter(case__in=cases.values("pk")).values("person_id"))
    result = run(
        people=people,
        low=low,
        high=high,
        merge_above=args.merge_above,
        backend=args.backend,
        progress=lambda message: print(message, file=sys.stderr, flush=True),
    )
    print(
        f"records {result.records} pairs_scored {result.pairs_scored} queued {result.queued} "
        f"merged {result.merged} seconds {result.seconds:.1f}"
    )
    return 0


def backfill_keys(args) -> int:
    from gugus.identity.services import retrieval_keys_backfill

    def progress(done: int, written: int) -> None:
        print(f"\r{done} people read, {written} keys written", end="", file=sys.stderr, flush=True)

    done, written = retrieval_keys_backfill(batch_size=args.batch_size, progress=progress)
    print(file=sys.stderr)
    print(f"people {done} keys_written {written}")
    return 0
