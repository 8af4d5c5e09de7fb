"""Commands: regions, agencies, units, reference data."""

from __future__ import annotations

import datetime as dt
import sys

from gugus.accounts.actors import system_actor


def register(subparsers) -> None:
    p = subparsers.add_parser("reference", help="reference data")
    sp = p.add_subparsers(dest="reference_command", metavar="ACTION", required=True)
    q = sp.add_parser("load", help="load regions and agencies shipped with Gugus (idempotent)")
    q.set_defaults(handler=reference_load)

    p = subparsers.add_parser("regions", help="Kemendagri regions")
    sp = p.add_subparsers(dest="regions_command", metavar="ACTION", required=True)
    q = sp.add_parser("summary", help="count of regions per level")
    q.set_defaults(handler=regions_summary)

    p = subparsers.add_parser("agencies", help="ministries and agencies")
    sp = p.add_subparsers(dest="agencies_command", metavar="ACTION", required=True)
    q = sp.add_parser("current", help="what an agency known by NAME is called today")
    q.add_argument("name", metavar="NAME", help="abbreviation or official name")
    q.add_argument("--on", type=dt.date.fromisoformat, help="date on which NAME was valid (YYYY-MM-DD)")
    q.set_defaults(handler=agencies_current)

    p = subparsers.add_parser("units", help="agency units")
    sp = p.add_subparsers(dest="units_command", metavar="ACTION", required=True)
    q = sp.add_parser("list", help="one unit per line, its code first")
    q.add_argument("--agency", metavar="ABBR")
    q.set_defaults(handler=units_list)


def reference_load(args) -> int:
    from gugus.organisations.services import agencies_load, regions_load

    regions = regions_load(actor=system_actor("command"))
    agencies = agencies_load(actor=system_actor("command"))
    print(f"regions: {regions['total']} ({regions['created']} new, {regions['updated']} updated)")
    print(f"agencies: {agencies['total']} ({agencies['created']} new, {agencies['successions']} successions new)")
    return 0


def regions_summary(args) -> int:
    from gugus.organisations.selectors import regions_summary as summary

    for level, count in summary():
        print(f"{level} {count}")
    return 0


def agencies_current(args) -> int:
    from gugus.organisations.selectors import agency_current_names

    agencies = agency_current_names(args.name, on=args.on)
    if not agencies:
        print(f"unknown agency: {args.name}", file=sys.stderr)
        return 1
    for agency in agencies:
        print(f"{agency.abbreviation}\t{agency.official_name}")
    return 0


def units_list(args) -> int:
    from gugus.organisations.selectors import units_list as select

    units = select(args.agency)
    if args.agency and not units.exists():
        from gugus.organisations.models import Agency

        if not Agency.objects.filter(abbreviation__iexact=args.agency).exists():
            print(f"unknown agency: {args.agency}", file=sys.stderr)
            return 1
    for unit in units:
        place = unit.region_id or unit.country or "-"
        print(f"{unit.code}\t{unit.agency.abbreviation}\t{place}\t{unit.name}")
    return 0
