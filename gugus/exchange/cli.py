"""Commands: exchange htcds-export, htcds-import, release, handoff-open, signing-key, expire."""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser("exchange", help="data exchange by standard: HTCDS, de-identified release, hand-offs")
    sp = p.add_subparsers(dest="exchange_command", metavar="ACTION", required=True)
    q = sp.add_parser("htcds-export", help="every case in the database as HTCDS v2.0 (an administrator's export)")
    q.add_argument("-o", "--output", required=True, metavar="FILE.csv|FILE.json")
    q.set_defaults(handler=htcds_export)
    q = sp.add_parser("htcds-import", help="import an HTCDS file (CSV, XLSX or JSON) into a unit: every row or none")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--unit", required=True, metavar="UNIT_CODE")
    q.add_argument(
        "--as", dest="username", metavar="USERNAME",
        help="the supervisor of the unit in whose name assessments in the file are recorded",
    )  # fmt: skip
    q.set_defaults(handler=htcds_import)
    q = sp.add_parser("release", help="the k-anonymous de-identified release of every victim (CTDC style)")
    q.add_argument("-o", "--output", required=True, metavar="FILE.csv")
    q.add_argument("--k", type=int, default=11, help="smallest group of identical rows (default 11)")
    q.set_defaults(handler=release)
    q = sp.add_parser("handoff-open", help="verify and decrypt a hand-off package (asks for its password)")
    q.add_argument("package", metavar="PACKAGE.zip")
    q.add_argument("--public-key", metavar="KEY", help="the sender's public key, given out of band")
    q.add_argument("-o", "--output", metavar="FILE.json", help="write the data here (default: standard output)")
    q.set_defaults(handler=handoff_open, needs_django=True)
    q = sp.add_parser("signing-key", help="print the public key that verifies this installation's hand-off packages")
    q.set_defaults(handler=signing_key)
    q = sp.add_parser("expire", help="erase the files of identified exports past their expiry (run by a scheduler)")
    q.set_defaults(handler=expire)


def _say_rejected(name: str, rejected) -> None:
    print(f"{name}: {len(rejected.errors)} problem(s); nothing was imported", file=sys.stderr)
    for error in rejected.errors:
        print(f"line {error.row}, column {error.column}: {error.message}", file=sys.stderr)


def htcds_export(args) -> int:
    from gugus.accounts.actors import system_actor
    from gugus.cases.models import Case
    from gugus.exchange.services import htcds_export as export

    path = Path(args.output)
    if path.suffix.lower() not in {".csv", ".json"}:
        print("the output must end in .csv or .json", file=sys.stderr)
        return 2
    made = export(actor=system_actor("command:exchange htcds-export"), cases=Case.objects.all(), purpose="system")
    path.write_bytes(made.as_json() if path.suffix.lower() == ".json" else made.as_csv())
    print(f"{made.cases} cases, {len(made.rows)} victims written to {path}")
    return 0


def htcds_import(args) -> int:
    from gugus.accounts.actors import system_actor
    from gugus.accounts.models import User
    from gugus.core.errors import GugusError, ImportRejected
    from gugus.exchange.services import htcds_import as run_import
    from gugus.organisations.models import AgencyUnit

    unit = AgencyUnit.objects.filter(code=args.unit).first()
    if unit is None:
        print(f"unknown unit {args.unit!r} (see: gugus units list)", file=sys.stderr)
        return 2
    path = Path(args.file)
    if not path.is_file():
        print(f"no such file: {path}", file=sys.stderr)
        return 2
    actor = system_actor("command:exchange htcds-import")
    if args.username:
        actor = User.objects.filter(username=args.username, is_active=True).first()
        if actor is None:
            print(f"unknown user {args.username!r}", file=sys.stderr)
            return 2

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total} cases written", end="" if done < total else "\n", file=sys.stderr, flush=True)

    try:
        result = run_import(actor=actor, unit=unit, data=path.read_bytes(), filename=path.name, progress=progress)
    except ImportRejected as rejected:
        _say_rejected(path.name, rejected)
        return 1
    except GugusError as error:
        print(str(error.message), file=sys.stderr)
        return 1
    print(f"{result.rows} rows: {len(result.created)} cases created, {result.skipped} already imported")
    for number in result.created:
        print(f"created {number}")
    return 0


def release(args) -> int:
    from gugus.accounts.actors import system_actor
    from gugus.cases.models import Case
    from gugus.exchange.services import release_csv, release_make, release_notes

    if args.k < 2:
        print("--k must be at least 2", file=sys.stderr)
        return 2
    path = Path(args.output)
    print("reading victims and generalising…", file=sys.stderr, flush=True)
    made = release_make(actor=system_actor("command:exchange release"), cases=Case.objects.all(), k=args.k)
    path.write_bytes(release_csv(made))
    notes = release_notes(made)
    notes_path = path.with_name(path.name + ".json")
    notes_path.write_text(json.dumps(notes, indent=2, ensure_ascii=False))
    print(f"k = {made.k_achieved} (asked {made.k_requested}), l = {made.l_achieved}")
    print(f"{len(made.frame)} rows released, {made.rows_suppressed} suppressed, of {made.rows_in}")
    for line in made.generalisation():
        print(f"  {line}")
    print(f"written to {path} (notes in {notes_path})")
    return 0


def handoff_open(args) -> int:
    from gugus.core.errors import ValidationFailed
    from gugus.exchange.services import handoff_open as open_package

    path = Path(args.package)
    if not path.is_file():
        print(f"no such file: {path}", file=sys.stderr)
        return 2
    password = getpass.getpass("password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    try:
        opened = open_package(path.read_bytes(), password=password, public_key=args.public_key)
    except ValidationFailed as error:
        print(str(error.message), file=sys.stderr)
        return 1
    text = json.dumps(opened, indent=2, ensure_ascii=False)
    if args.output:
        Path(args.output).write_text(text)
    else:
        print(text)
    return 0


def signing_key(args) -> int:
    from gugus.exchange.services import signing_public_key

    print(signing_public_key())
    return 0


def expire(args) -> int:
    from gugus.accounts.actors import system_actor
    from gugus.exchange.services import exports_expire

    count = exports_expire(actor=system_actor("command:exchange expire"))
    print(f"{count} export file(s) erased")
    return 0
