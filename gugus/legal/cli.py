"""Commands: repatriation import (a batch arriving together, screened, all rows or none)."""

from __future__ import annotations

import sys
from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser("repatriation", help="mass repatriation batches")
    sp = p.add_subparsers(dest="repatriation_command", metavar="ACTION", required=True)
    q = sp.add_parser("import", help="import a batch (the case import's columns plus screening): all rows or none")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--unit", required=True, metavar="UNIT_CODE", help="the receiving unit, e.g. KEMENLU-KBRI-KH")
    q.add_argument("--batch", required=True, metavar="NAME", help="the batch's name, unique in the unit")
    q.add_argument("--compound", metavar="ID", type=int, help="the compound the people come from (its number)")
    q.add_argument("--as", dest="username", metavar="USERNAME", help="the user on whose behalf (default: system)")
    q.set_defaults(handler=repatriation_import)


def repatriation_import(args) -> int:
    from gugus.accounts.models import User
    from gugus.core.errors import GugusError, ImportRejected
    from gugus.legal.models import Compound
    from gugus.legal.repatriation import repatriation_import as run_import
    from gugus.organisations.models import AgencyUnit

    unit = AgencyUnit.objects.filter(code=args.unit).first()
    if unit is None:
        print(f"unknown unit {args.unit!r} (see: gugus units list)", file=sys.stderr)
        return 2
    # Without --as the system imports, as the case import does.
    from gugus.accounts.actors import system_actor

    actor = system_actor("command:repatriation import")
    if args.username:
        actor = User.objects.filter(username=args.username, is_active=True).first()
        if actor is None:
            print(f"unknown user {args.username!r}", file=sys.stderr)
            return 2
    compound = None
    if args.compound is not None:
        compound = Compound.objects.filter(pk=args.compound).first()
        if compound is None:
            print(f"unknown compound {args.compound}", file=sys.stderr)
            return 2
    path = Path(args.file)
    if not path.is_file():
        print(f"no such file: {path}", file=sys.stderr)
        return 2

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total} people checked", end="" if done < total else "\n", file=sys.stderr, flush=True)

    try:
        result = run_import(
            actor=actor,
            unit=unit,
            name=args.batch,
            data=path.read_bytes(),
            filename=path.name,
            compound=compound,
            progress=progress,
        )
    except ImportRejected as rejected:
        print(f"{path.name}: {len(rejected.errors)} problem(s); nothing was imported", file=sys.stderr)
        for error in rejected.errors:
            print(f"line {error.row}, column {error.column}: {error.message}", file=sys.stderr)
        return 1
    except GugusError as error:
        print(str(error.message), file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"warning: line {warning.row}, column {warning.column}: {warning.message}")
    b = result.batch
    print(
        f"batch {b.name}: {b.people} people: {b.victims} victims, {b.possible_perpetrators} possible perpetrators, "
        f"{b.not_victims} not victims, {b.re_recruited} re-recruited, {b.not_screened} not yet screened"
    )
    print(f"{len(result.cases.created)} cases created, {len(result.cases.skipped)} already imported")
    print(f"{b.matched} people matched to existing identities (queued for review)")
    return 0
