"""Commands: analyse a structure's authority matrix, compare two versions, route a function."""

from __future__ import annotations

import json
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser("functions", help="the function catalogue and the authority matrix")
    sp = p.add_subparsers(dest="functions_command", metavar="ACTION", required=True)

    q = sp.add_parser("analyse", help="overlaps, gaps, idle members and leanness figures of a structure")
    q.add_argument("structure", metavar="STRUCTURE", help="structure version, e.g. 49-2023 or draft-2025")
    q.add_argument("--format", choices=["text", "json"], default="text")
    q.set_defaults(handler=analyse)

    q = sp.add_parser("compare", help="what changed in the matrix between two structure versions")
    q.add_argument("base", metavar="BASE")
    q.add_argument("draft", metavar="DRAFT")
    q.add_argument("--format", choices=["text", "json"], default="text")
    q.set_defaults(handler=compare)

    q = sp.add_parser("route", help="the unit that should act for FUNCTION in a region or destination country")
    q.add_argument("function", metavar="FUNCTION", help="function code, e.g. social_rehabilitation")
    q.add_argument("place", metavar="REGION_CODE|COUNTRY_CODE", help="Kemendagri code (52.01) or ISO country (KH)")
    q.add_argument("--structure", metavar="S", help="structure version (default: the one in force)")
    q.add_argument("--format", choices=["text", "json"], default="text")
    q.set_defaults(handler=route)

    q = sp.add_parser("catalogue", help="list the function codes")
    q.set_defaults(handler=catalogue)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _slot(item: dict) -> str:
    return f"{item['function']} @ {item['tier']}"


def analyse(args) -> int:
    from gugus.core.errors import GugusError
    from gugus.functions.selectors import analyse as run
    from gugus.functions.selectors import structure_by_key

    try:
        result = run(structure_by_key(args.structure))
    except GugusError as error:
        return _fail(str(error.message))
    data = result.as_dict()
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{result.structure.name} ({result.structure.key}, {result.structure.get_status_display()})")
    print(f"\nOverlaps ({len(data['overlaps'])}): more than one Accountable")
    for item in data["overlaps"]:
        print(f"  {_slot(item)}: {', '.join(item['agencies'])}")
    print(f"\nGaps ({len(data['gaps'])}): no Accountable or no Responsible")
    for item in data["gaps"]:
        print(f"  {_slot(item)}: missing {', '.join(item['missing'])}")
    print(f"\nIdle members ({len(data['idle_members'])}): neither Accountable nor Responsible for any function")
    for abbreviation in data["idle_members"]:
        print(f"  {abbreviation}")
    print("\nFigures")
    for name, value in data["figures"].items():
        print(f"  {name}: {value}")
    return 0


def compare(args) -> int:
    from gugus.core.errors import GugusError
    from gugus.functions.selectors import compare as run
    from gugus.functions.selectors import structure_by_key

    try:
        result = run(structure_by_key(args.base), structure_by_key(args.draft))
    except GugusError as error:
        return _fail(str(error.message))
    data = result.as_dict()
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{result.base.structure.key} → {result.draft.structure.key}")
    sections = [
        (
            "Overlaps resolved",
            data["overlaps_resolved"],
            lambda i: f"{', '.join(i['agencies'])} → {', '.join(i['now']) or '-'}",
        ),
        ("Overlaps remaining", data["overlaps_remaining"], lambda i: ", ".join(i["agencies"])),
        ("Overlaps introduced", data["overlaps_introduced"], lambda i: ", ".join(i["agencies"])),
        ("Gaps closed", data["gaps_closed"], lambda i: "missing " + ", ".join(i["missing"])),
        ("Gaps remaining", data["gaps_remaining"], lambda i: "missing " + ", ".join(i["missing"])),
        ("Gaps introduced", data["gaps_introduced"], lambda i: "missing " + ", ".join(i["missing"])),
    ]
    for title, items, describe in sections:
        print(f"\n{title} ({len(items)})")
        for item in items:
            print(f"  {_slot(item)}: {describe(item)}")
    print(f"\nMembers added ({len(data['members_added'])}): {', '.join(data['members_added']) or '-'}")
    print(f"Members removed ({len(data['members_removed'])}): {', '.join(data['members_removed']) or '-'}")
    for item in data["members_renamed"]:
        print(f"Member renamed: {item['from']} → {', '.join(item['to'])}")
    print(f"Letters added: {len(data['assignments_added'])}, removed: {len(data['assignments_removed'])}")
    base, draft = data["figures"]["base"], data["figures"]["draft"]
    print("\nFigures (base → draft)")
    for name in base:
        print(f"  {name}: {base[name]} → {draft[name]}")
    return 0


def route(args) -> int:
    from gugus.core.errors import GugusError
    from gugus.functions.routing import route as run

    try:
        result = run(args.function, args.place, args.structure)
    except GugusError as error:
        return _fail(str(error.message))
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return 0 if result.found else 1
    if not result.found:
        return _fail(result.message)
    print(f"{result.unit.code}\t{result.unit.name}")
    print(f"  {result.outcome}: {result.message}", file=sys.stderr)
    if result.overlap:
        print(f"  overlap: accountable are {', '.join(a.abbreviation for a in result.accountable)}", file=sys.stderr)
    return 0


def catalogue(args) -> int:
    from gugus.functions.selectors import catalogue as functions

    for function in functions():
        kind = "group" if function.is_group else "".join(t[0].upper() for t in function.tiers)
        print(f"{'  ' * function.depth}{function.code}\t{kind}\t{function.name_en}")
    return 0
