"""Commands: repatriation import (a batch arriving together, screened, all rows or none)."""

from __future__ import annotations

from gugus.cases.cli import import_arguments, import_run


def register(subparsers) -> None:
    p = subparsers.add_parser("repatriation", help="mass repatriation batches")
    sp = p.add_subparsers(dest="repatriation_command", metavar="ACTION", required=True)
    q = sp.add_parser("import", help="import a batch (the case import's columns plus screening): all rows or none")
    import_arguments(q, unit_help="the receiving unit, e.g. KEMENLU-KBRI-KH")
    q.add_argument("--batch", required=True, metavar="NAME", help="the batch's name, unique in the unit")
    q.add_argument("--compound", metavar="ID", type=int, help="the compound the people come from (its number)")
    q.set_defaults(handler=repatriation_import)


def repatriation_import(args) -> int:
    """The case import command's handling (``gugus.cases.cli.import_run``) with the batch and its compound."""
    from gugus.legal.models import Compound
    from gugus.legal.repatriation import repatriation_import as run_import

    compound = None

    def check() -> str | None:
        nonlocal compound
        if args.compound is not None:
            compound = Compound.objects.filter(pk=args.compound).first()
            if compound is None:
                return f"unknown compound {args.compound}"
        return None

    def run(**common):
        return run_import(name=args.batch, compound=compound, **common)

    code, result = import_run(
        args, purpose="command:repatriation import", counted="people checked", run=run, check=check
    )
    if code:
        return code
    b = result.batch
    print(
        f"batch {b.name}: {b.people} people: {b.victims} victims, {b.possible_perpetrators} possible perpetrators, "
        f"{b.not_victims} not victims, {b.re_recruited} re-recruited, {b.not_screened} not yet screened"
    )
    print(f"{len(result.cases.created)} cases created, {len(result.cases.skipped)} already imported")
    print(f"{b.matched} people matched to existing identities (queued for review)")
    return 0
