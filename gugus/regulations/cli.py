"""``gugus regulation ...``: compare, consolidate and draft amendments from files, without the database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gugus.regulations.parser import RegulationParseError


def register(subparsers) -> None:
    parser = subparsers.add_parser("regulation", help="Compare regulation texts, consolidate amendments")
    commands = parser.add_subparsers(dest="regulation_command", metavar="ACTION")
    parser.set_defaults(handler=lambda args: (parser.print_help(), 2)[1], needs_django=False)

    compare = commands.add_parser("compare", help="Compare a base text and a draft (.txt, .docx, .pdf)")
    compare.add_argument("base", type=Path)
    compare.add_argument("draft", type=Path)
    compare.add_argument("--format", choices=["text", "json", "xlsx", "docx"], default="text")
    compare.add_argument("-o", "--output", type=Path, help="write to this file (required for xlsx and docx)")
    compare.set_defaults(handler=compare_command, needs_django=False)

    consolidate = commands.add_parser("consolidate", help="Apply amending regulations, in order, to a base text")
    consolidate.add_argument("base", type=Path)
    consolidate.add_argument("amendments", type=Path, nargs="+", metavar="AMENDMENT")
    consolidate.add_argument("-o", "--output", type=Path)
    consolidate.set_defaults(handler=consolidate_command, needs_django=False)

    amend = commands.add_parser("amend", help="Write the amending regulation that turns BASE into DRAFT")
    amend.add_argument("base", type=Path)
    amend.add_argument("draft", type=Path)
    amend.add_argument("--number", default="...")
    amend.add_argument("--year", default="...")
    amend.add_argument("--amended-by", type=Path, action="append", default=[], metavar="AMENDMENT",
                       help="An amending regulation already in force, in order (repeat): the draft is the next one")
    amend.add_argument("-o", "--output", type=Path)
    amend.set_defaults(handler=amend_command, needs_django=False)


def _read(path: Path):
    from gugus.regulations.parser import parse_file

    return parse_file(path)


def _fail(path: Path, error: Exception) -> int:
    if isinstance(error, RegulationParseError):
        print(f"error: {path}: line {error.line}: {error.message}", file=sys.stderr)
    else:
        print(f"error: {path}: {error}", file=sys.stderr)
    return 1


def _write(output: Path | None, data: str | bytes) -> None:
    if output is None:
        sys.stdout.write(data)
    elif isinstance(data, bytes):
        output.write_bytes(data)
    else:
        output.write_text(data, encoding="utf-8")


def compare_command(args: argparse.Namespace) -> int:
    from gugus.regulations import export
    from gugus.regulations.compare import compare

    if args.format in ("xlsx", "docx") and args.output is None:
        print(f"error: --format {args.format} needs -o FILE", file=sys.stderr)
        return 2
    documents = []
    for path in (args.base, args.draft):
        try:
            documents.append(_read(path))
        except (RegulationParseError, OSError) as error:
            return _fail(path, error)
    comparison = compare(*documents)
    render = {"text": export.to_text, "json": export.to_json, "xlsx": export.matrix_xlsx,
              "docx": export.matrix_docx}[args.format]
    _write(args.output, render(comparison))
    return 0


def consolidate_command(args: argparse.Namespace) -> int:
    from gugus.regulations.consolidate import apply_amendment, parse_amendment
    from gugus.regulations.parser import read_document, render

    try:
        regulation = _read(args.base)
    except (RegulationParseError, OSError) as error:
        return _fail(args.base, error)
    for path in args.amendments:
        try:
            regulation = apply_amendment(regulation, parse_amendment(read_document(path)))
        except (RegulationParseError, OSError) as error:
            return _fail(path, error)
    _write(args.output, render(regulation))
    return 0


def amend_command(args: argparse.Namespace) -> int:
    from gugus.regulations.amend import amendment_draft

    documents = []
    for path in (args.base, args.draft):
        try:
            documents.append(_read(path))
        except (RegulationParseError, OSError) as error:
            return _fail(path, error)
    from gugus.regulations.amend import regulation_name_of_text

    try:
        amended_by = [regulation_name_of_text(path.read_text(encoding="utf-8")) for path in args.amended_by]
    except OSError as error:
        return _fail(args.amended_by[0], error)
    draft = amendment_draft(*documents, number=args.number, year=args.year, amended_by=amended_by)
    for warning in draft.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    _write(args.output, draft.text)
    return 0
