"""Commands: cases import, cases generate, keys rotate (re-encryption of personal data)."""

from __future__ import annotations

import sys
from pathlib import Path

from gugus.accounts.actors import system_actor


def register(subparsers) -> None:
    p = subparsers.add_parser("cases", help="cases and victims")
    sp = p.add_subparsers(dest="cases_command", metavar="ACTION", required=True)
    q = sp.add_parser("import", help="import a repatriation or intake list (CSV or XLSX): all rows or none")
    import_arguments(q, unit_help="the reporting unit, e.g. KEMENLU-KBRI-KH")
    q.set_defaults(handler=cases_import)
    q = sp.add_parser("generate", help="load seeded synthetic cases (for demos and benchmarks)")
    q.add_argument("--cases", type=int, default=1000, metavar="N")
    q.add_argument("--seed", type=int, default=2025)
    q.add_argument(
        "--workers", type=int, default=None, metavar="N", help="processes preparing the rows (default: one per CPU)"
    )
    q.set_defaults(handler=cases_generate)

    p = subparsers.add_parser("keys", help="encryption keys of personal data")
    sp = p.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    q = sp.add_parser(
        "rotate",
        help="re-encrypt every value with the first key of GUGUS_FIELD_KEYS, in batches, while the service runs",
    )
    q.add_argument("--batch-size", type=int, default=500)
    q.set_defaults(handler=keys_rotate)


def import_arguments(parser, *, unit_help: str) -> None:
    """The arguments every import command shares (cases, repatriation): the file, the unit, on whose behalf."""
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--unit", required=True, metavar="UNIT_CODE", help=unit_help)
    parser.add_argument("--as", dest="username", metavar="USERNAME", help="the user on whose behalf (default: system)")


def import_run(args, *, purpose: str, counted: str, run, check=None):
    """Run an import command: resolve ``--unit``, ``--as`` (the system actor by default) and the file,
    call ``run(actor=, unit=, data=, filename=, progress=)``, and print its problems and warnings.

    Returns ``(exit_code, result)``: 2 for a bad argument, 1 for a refused import (nothing written), 0
    with the result otherwise. ``check()`` may refuse further arguments with a message (exit code 2).
    """
    from gugus.accounts.models import User
    from gugus.core.errors import GugusError, ImportRejected
    from gugus.organisations.models import AgencyUnit

    unit = AgencyUnit.objects.filter(code=args.unit).first()
    if unit is None:
        print(f"unknown unit {args.unit!r} (see: gugus units list)", file=sys.stderr)
        return 2, None
    actor = system_actor(purpose)
    if args.username:
        actor = User.objects.filter(username=args.username, is_active=True).first()
        if actor is None:
            print(f"unknown user {args.username!r}", file=sys.stderr)
            return 2, None
    problem = check() if check else None
    if problem:
        print(problem, file=sys.stderr)
        return 2, None
    path = Path(args.file)
    if not path.is_file():
        print(f"no such file: {path}", file=sys.stderr)
        return 2, None

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total} {counted}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    try:
        result = run(actor=actor, unit=unit, data=path.read_bytes(), filename=path.name, progress=progress)
    except ImportRejected as rejected:
        print(f"{path.name}: {len(rejected.errors)} problem(s); nothing was imported", file=sys.stderr)
        for error in rejected.errors:
            print(f"line {error.row}, column {error.column}: {error.message}", file=sys.stderr)
        return 1, None
    except GugusError as error:
        print(str(error.message), file=sys.stderr)
        return 1, None
    for warning in result.warnings:
        print(f"warning: line {warning.row}, column {warning.column}: {warning.message}")
    return 0, result


def cases_import(args) -> int:
    from gugus.cases.importer import cases_import as run_import

    code, result = import_run(args, purpose="command:cases import", counted="rows written", run=run_import)
    if code:
        return code
    print(f"{result.rows} rows: {len(result.created)} cases created, {len(result.skipped)} already imported")
    for number in result.created:
        print(f"created {number}")
    return 0


def cases_generate(args) -> int:
    from gugus.cases.generate import cases_generate as generate

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total} cases", end="" if done < total else "\n", file=sys.stderr, flush=True)

    summary = generate(n_cases=args.cases, seed=args.seed, workers=args.workers, progress=progress)
    print(f"{summary['cases']} cases, {summary['people']} people generated")
    return 0


def keys_rotate(args) -> int:
    from gugus.core.crypto import current_key_id, rotate_keys

    print(f"re-encrypting with key {current_key_id()}")

    def progress(label: str, rewritten: int) -> None:
        print(f"\r{label}: {rewritten} rows re-encrypted", end="", file=sys.stderr, flush=True)

    done = rotate_keys(batch_size=args.batch_size, progress=progress)
    print(file=sys.stderr)
    for label, count in done.items():
        print(f"{label} {count}")
    return 0
