"""`gugus linkage resolve`: group the records of a CSV file into people, without the web application."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable
from pathlib import Path

from gugus.core.spreadsheets import csv_writer
from gugus.linkage.generate import INPUT_COLUMNS
from gugus.linkage.matching import DEFAULT_THRESHOLD, Model, resolve

OUTPUT_COLUMNS = ["record_id", "cluster_id", "match_probability"]
PROGRESS_FROM_RECORDS = 10_000


class InputError(ValueError):
    """A malformed input file; the message names the line."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `linkage resolve` to the project command line."""
    linkage = subparsers.add_parser("linkage", help="identity resolution across agencies' records")
    commands = linkage.add_subparsers(dest="linkage_command", metavar="COMMAND", required=True)
    command = commands.add_parser(
        "resolve",
        help="group the records of a CSV file into people",
        description=(
            "Read INPUT (header: " + ",".join(INPUT_COLUMNS) + "; every field but record_id may be empty) "
            "and write OUTPUT with record_id,cluster_id,match_probability, one row per input record. "
            "match_probability is the record's best link inside its cluster; for a record alone, its "
            "best score against any candidate (below the threshold)."
        ),
    )
    command.add_argument("input", type=Path, metavar="INPUT.csv")
    command.add_argument("-o", "--output", type=Path, required=True, metavar="OUTPUT.csv")
    command.add_argument(
        "--threshold", type=float, default=DEFAULT_THRESHOLD, metavar="P",
        help=f"link pairs with a match probability of at least P (default {DEFAULT_THRESHOLD})",
    )
    command.add_argument("--backend", choices=("duckdb", "spark"), default="duckdb")
    command.add_argument("--model", type=Path, help="a saved model (JSON); default: the shipped model")
    command.add_argument("--train", action="store_true", help="train a new model on INPUT (large inputs)")
    command.add_argument("--save-model", type=Path, metavar="PATH", help="write the model used to PATH")
    command.add_argument("--quiet", action="store_true", help="no progress messages")
    command.set_defaults(handler=handle_resolve, needs_django=False)


def read_records(path: Path) -> list[dict[str, str]]:
    """The input rows as dictionaries; InputError naming the line for anything malformed."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from error
    with handle:
        reader = csv.reader(handle)
        line = 1
        try:
            header = next(reader, None)
            if header is None:
                raise InputError(f"{path}, line 1: the file is empty; expected the header {','.join(INPUT_COLUMNS)}")
            header = [name.strip() for name in header]
            missing = [name for name in INPUT_COLUMNS if name not in header]
            if missing:
                raise InputError(f"{path}, line 1: the header lacks {', '.join(missing)}")
            duplicated = sorted({name for name in header if header.count(name) > 1})
            if duplicated:
                raise InputError(f"{path}, line 1: the header repeats {', '.join(duplicated)}")
            records: list[dict[str, str]] = []
            first_line_of: dict[str, int] = {}
            previous_end = reader.line_num
            for row in reader:
                # a row starts on the line after the previous one ended (quoted fields may span lines)
                line, previous_end = previous_end + 1, reader.line_num
                if not any(field.strip() for field in row):
                    continue  # blank lines are harmless
                if len(row) != len(header):
                    raise InputError(f"{path}, line {line}: {len(row)} fields where the header has {len(header)}")
                record = dict(zip(header, row, strict=True))
                record_id = record["record_id"].strip()
                if not record_id:
                    raise InputError(f"{path}, line {line}: record_id is empty")
                if record_id in first_line_of:
                    first = first_line_of[record_id]
                    raise InputError(f"{path}, line {line}: record_id {record_id!r} already appears on line {first}")
                first_line_of[record_id] = line
                record["record_id"] = record_id
                records.append(record)
        except csv.Error as error:
            raise InputError(f"{path}, line {reader.line_num}: {error}") from error
        except UnicodeDecodeError as error:
            raise InputError(f"{path}, after line {line}: not UTF-8 text") from error
    return records


def write_clusters(path: Path, clusters) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv_writer(handle)  # neutralises ids a spreadsheet would run as formulas
        writer.writerow(OUTPUT_COLUMNS)
        for record_id, cluster_id, probability in clusters[OUTPUT_COLUMNS].itertuples(index=False):
            writer.writerow([record_id, cluster_id, f"{probability:.6f}"])


def handle_resolve(args: argparse.Namespace, stderr=None) -> int:
    """Resolve INPUT into OUTPUT; exit code 0, or 2 for bad input or options."""
    stderr = stderr or sys.stderr

    def say(message: str) -> None:
        print(message, file=stderr)

    if not 0 < args.threshold <= 1:
        say("--threshold must be a probability above 0 and at most 1")
        return 2
    try:
        records = read_records(args.input)
    except InputError as error:
        say(str(error))
        return 2
    if args.model and args.train:
        say("--model and --train exclude each other")
        return 2
    progress: Callable[[str], None] = (
        say if len(records) >= PROGRESS_FROM_RECORDS and not args.quiet else (lambda _message: None)
    )
    progress(f"read {len(records):,} records from {args.input}")
    try:
        model = Model.load(args.model) if args.model else None
    except (OSError, ValueError, KeyError) as error:
        say(f"{args.model}: not a usable model ({error})")
        return 2
    if not records:
        write_clusters(args.output, _empty_clusters())
        return 0
    resolution = resolve(
        records, threshold=args.threshold, backend=args.backend, model=model, train=args.train, progress=progress
    )
    order = {record["record_id"]: number for number, record in enumerate(records)}
    clusters = resolution.clusters.sort_values("record_id", key=lambda ids: ids.map(order))
    write_clusters(args.output, clusters)
    if args.save_model:
        resolution.model.save(args.save_model)
    progress(
        f"wrote {len(clusters):,} records in {clusters['cluster_id'].nunique():,} clusters to {args.output} "
        f"in {resolution.seconds:.1f} s"
    )
    return 0


def _empty_clusters():
    import pandas as pd

    return pd.DataFrame(columns=OUTPUT_COLUMNS)
