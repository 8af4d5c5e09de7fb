"""The identity-resolution pipeline on Splink 5: prepare, block, score, guard, cluster.

DuckDB runs it by default; `backend="spark"` runs the same SQL on Spark for national-scale
registries. Records are plain mappings or a DataFrame with the resolve CSV columns; every value is
normalised here, in memory, and nothing is written to disk unless a model path is given.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.clustering import cluster_pairwise_predictions_at_threshold
from splink.internals.exceptions import EMTrainingException, SplinkException

from gugus.linkage.keys import COMMON_NAME_TOKENS
from gugus.linkage.normalise import (
    normalise_birth_date,
    normalise_name,
    normalise_nik,
    normalise_passport,
    normalise_phone,
    normalise_region,
    normalise_sex,
    phonetic_key,
)

DEFAULT_THRESHOLD = 0.9
MODEL_FORMAT = "gugus-linkage-model/1"
PREPARED_COLUMNS = [
    "unique_id",
    "source",
    "name",
    "name_compact",
    "name_phonetic",
    "name_phonetic_key",
    "first_phonetic",
    "name_first",
    "name_initials",
    "name_abbreviated",
    "name_tokens",
    "sex",
    "birth_date",
    "birth_year",
    "dob",
    "any_year",
    "nik_birth_date",
    "nik_sex",
    "nik_valid",
    "nik",
    "nik_a",
    "nik_b",
    "nik_c",
    "phone",
    "passport",
    "regions",
    "provinces",
    "home_regency",
]

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


# --- preparation ---------------------------------------------------------------------------------


def prepare_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """One raw record (resolve CSV fields) as the normalised row the model compares."""

    def text(field: str) -> str | None:
        value = record.get(field)
        if value is None or (isinstance(value, float) and value != value):  # NaN from pandas
            return None
        value = str(value).strip()
        return value or None

    name = normalise_name(text("full_name"))
    nik = normalise_nik(text("nik"))
    birth = normalise_birth_date(text("birth_date"))
    nik_digits = nik.nik if nik.nik and len(nik.nik) == 16 else None
    phonetic = sorted({phonetic_key(t) for t in name.tokens}) if name else []
    first_token = next((t for t in name.tokens if t not in COMMON_NAME_TOKENS), name.tokens[0]) if name else None
    regions = [code for code in (normalise_region(text("address_region")), normalise_region(text("birth_place")))
               if code]
    regions = sorted(set(regions))
    nik_date = nik.birth_date.isoformat() if nik.birth_date else None
    # the date the record stands for: as recorded, else the one its NIK encodes
    dob = birth.iso if birth and birth.iso else nik_date
    any_year = str(birth.year) if birth else (nik_date[:4] if nik_date else None)
    return {
        "unique_id": text("record_id"),
        "source": text("source"),
        "name": name.text if name else None,
        "name_compact": name.compact if name else None,
        "name_phonetic": phonetic or None,
        "name_phonetic_key": " ".join(phonetic) or None,
        "first_phonetic": phonetic_key(first_token) if first_token else None,
        "name_first": name.tokens[0] if name else None,
        "name_initials": "".join(t[0] for t in name.tokens) if name else None,
        # 'Hendra K.': a name with a token cut to its initial
        "name_abbreviated": "1" if name and len(name.tokens) > 1 and any(len(t) == 1 for t in name.tokens) else None,
        "name_tokens": list(name.tokens) if name else None,
        "sex": normalise_sex(text("sex")) or nik.sex,
        "birth_date": birth.iso if birth else None,
        "birth_year": str(birth.year) if birth else None,
        "dob": dob,
        "any_year": any_year,
        "nik_birth_date": nik_date,
        "nik_sex": nik.sex if nik.birth_date else None,
        # a valid NIK's birth date and sex are facts about the person: two that differ are two people
        "nik_valid": "1" if nik.is_valid else None,
        "nik": nik_digits,
        "nik_a": nik_digits[:12] if nik_digits else None,
        "nik_b": nik_digits[6:] if nik_digits else None,
        "nik_c": nik_digits[:6] + nik_digits[12:] if nik_digits else None,
        "phone": normalise_phone(text("phone")),
        "passport": normalise_passport(text("passport_no")),
        "regions": regions or None,
        "provinces": sorted({code[:2] for code in regions}) or None,
        "home_regency": regions[0] if regions else None,
    }


# Below this many records one process normalises them all: starting workers costs more than it saves.
PARALLEL_FROM_RECORDS = 50_000
_CHUNK_RECORDS = 50_000


def _prepare_chunk(rows: list[Mapping[str, Any]]) -> list[tuple]:
    # runs in a worker process started by the forkserver
    return [tuple(prepare_record(row).values()) for row in rows]


def _worker_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _worker_context():
    # Not "fork": the parent may hold DuckDB, Arrow or JVM threads, and forking a process with
    # running threads can crash the child. The forkserver starts workers from a clean process.
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # the forkserver imports the engine once; each worker forked from it starts with it imported
    # (without this, every worker imported pandas, DuckDB and Splink again: seconds per worker)
    context.set_forkserver_preload([__name__])
    return context


def _prepare_in_workers(rows: list[Mapping[str, Any]], workers: int, progress: Progress) -> list[tuple]:
    chunks = (rows[start : start + _CHUNK_RECORDS] for start in range(0, len(rows), _CHUNK_RECORDS))
    prepared: list[tuple] = []
    with _worker_context().Pool(workers) as pool:
        # imap keeps the input order, so the result does not depend on the number of workers
        for chunk in pool.imap(_prepare_chunk, chunks):
            prepared.extend(chunk)
            if len(prepared) % 200_000 < _CHUNK_RECORDS:
                progress(f"normalised {len(prepared):,} of {len(rows):,} records")
    return prepared


def prepare_records(
    records: pd.DataFrame | Iterable[Mapping[str, Any]], progress: Progress = _quiet, workers: int | None = None
) -> pd.DataFrame:
    """All records normalised into the frame the Splink model reads (columns PREPARED_COLUMNS).

    Large inputs are normalised in worker processes (workers: default one per available CPU);
    the result is the same whatever the number of workers.
    """
    rows = records.to_dict("records") if isinstance(records, pd.DataFrame) else list(records)
    workers = _worker_count() if workers is None else workers
    if workers > 1 and len(rows) >= PARALLEL_FROM_RECORDS:
        prepared = _prepare_in_workers(rows, workers, progress)
    else:
        prepared = []
        for number, row in enumerate(rows, start=1):
            prepared.append(tuple(prepare_record(row).values()))
            if number % 200_000 == 0:
                progress(f"normalised {number:,} of {len(rows):,} records")
    frame = pd.DataFrame.from_records(prepared, columns=PREPARED_COLUMNS)
    frame["first_regency"] = _first_name_in_regency(frame)
    if frame["unique_id"].isna().any():
        raise ValueError("every record needs a record_id")
    if frame["unique_id"].duplicated().any():
        duplicate = frame.loc[frame["unique_id"].duplicated(), "unique_id"].iloc[0]
        raise ValueError(f"record_id {duplicate!r} appears more than once")
    return frame


# A first name in a regency is a blocking key only where it is shared by at most this many
# records: 'Budi' in Indramayu would pair thousands of records that only a name links.
FIRST_NAME_BLOCK_LIMIT = 40


def _first_name_in_regency(frame: pd.DataFrame) -> pd.Series:
    """The key 'first name sound|regency' for records whose key is rare enough to block on, else None.

    It finds the same person written with another birth date, without NIK and phone (an age
    falsified, a date mistyped), at a cost bounded by FIRST_NAME_BLOCK_LIMIT whatever the size.
    """
    key = frame["first_phonetic"].astype(object) + "|" + frame["home_regency"].astype(object)
    counts = key.map(key.value_counts())
    return key.where(key.notna() & (counts <= FIRST_NAME_BLOCK_LIMIT), None)


# --- the model -----------------------------------------------------------------------------------

# Levels are listed most specific first; their gamma values count down to 0 (else), -1 is null.
# The guard below refers to these numbers.
DOB_CONFLICT_LEVELS = (0, 1)  # else; same year, different full dates
NAME_CONFLICT_LEVELS = (0, 1)  # else; one shared sound-alike token only
# else; two valid NIKs encoding another birth date or sex; another NIK with the same birth date
# and sex (more than one digit apart: a twin, or someone born the same day in the same district)
NIK_CONFLICT_LEVELS = (0, 1, 2)
NIK_SAME_BIRTH_LEVEL = 2
# Levels that identify the person, not the household, and can outweigh given names in conflict:
# the NIK exactly, the passport exactly or but for one character. A birth date does not (twins
# share it), nor does a NIK one digit away (twins born in one district get consecutive serials).
PERSONAL_AGREEMENT = {"gamma_nik": 4, "gamma_passport": 1}
GUARD_COLUMNS = ["gamma_nik", "gamma_birth_date", "gamma_name", "gamma_passport"]


def _nik_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="nik",
        comparison_levels=[
            cll.NullLevel("nik"),
            cll.ExactMatchLevel("nik"),
            cll.DamerauLevenshteinLevel("nik", 1).configure(label_for_charts="one digit wrong or two swapped"),
            cll.CustomLevel(
                "nik_birth_date_l = nik_birth_date_r AND nik_sex_l = nik_sex_r",
                label_for_charts="other NIK, same encoded birth date and sex",
                base_dialect_str="duckdb",
            ),
            cll.CustomLevel(
                "nik_valid_l IS NOT NULL AND nik_valid_r IS NOT NULL",
                label_for_charts="two valid NIKs encoding another birth date or sex",
                base_dialect_str="duckdb",
            ),
            cll.ElseLevel(),
        ],
    )


def _birth_date_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=[
            cll.CustomLevel(
                "(birth_date_l IS NULL AND nik_birth_date_l IS NULL AND birth_year_l IS NULL) OR "
                "(birth_date_r IS NULL AND nik_birth_date_r IS NULL AND birth_year_r IS NULL)",
                base_dialect_str="duckdb",
            ).configure(is_null_level=True),
            cll.ExactMatchLevel("birth_date"),
            cll.CustomLevel(
                "nik_birth_date_l = birth_date_r OR birth_date_l = nik_birth_date_r "
                "OR nik_birth_date_l = nik_birth_date_r",
                label_for_charts="a recorded date or a NIK's date agrees with the date in the other NIK",
                base_dialect_str="duckdb",
            ),
            cll.DamerauLevenshteinLevel("dob", 1).configure(label_for_charts="one digit wrong"),
            cll.CustomLevel(
                "substr(dob_l, 6, 5) = substr(dob_r, 6, 5)",
                label_for_charts="same day and month, year changed",
                base_dialect_str="duckdb",
                # rarely seen in training (a NIK usually explains the change): a prior, not a guess of 0
            ).configure(m_probability=0.005),
            cll.CustomLevel(
                "any_year_l = any_year_r AND (dob_l IS NULL OR dob_r IS NULL)",
                label_for_charts="same year, one side year only",
                base_dialect_str="duckdb",
            ),
            cll.CustomLevel("any_year_l = any_year_r", label_for_charts="same year, dates differ",
                            base_dialect_str="duckdb"),
            cll.ElseLevel(),
        ],
    )


_JARO_WINKLER = {"duckdb": "jaro_winkler_similarity", "spark": "jaro_winkler"}
# Two name tokens agree when equal, one is the other's initial, they are similar (Jaro-Winkler
# 0.85: Hendra/Hendaa) or one holds the other (Sugengfirmansyah/Sugeng).
_TOKEN_AGREES = {
    "duckdb": (
        "t = o OR jaro_winkler_similarity(t, o) >= 0.85 OR (length(t) = 1 AND starts_with(o, t)) "
        "OR (length(o) = 1 AND starts_with(t, o)) OR (length(t) >= 3 AND contains(o, t)) "
        "OR (length(o) >= 3 AND contains(t, o))"
    ),
    "spark": (
        "t = o OR jaro_winkler(t, o) >= 0.85 OR (length(t) = 1 AND startswith(o, t)) "
        "OR (length(o) = 1 AND startswith(t, o)) OR (length(t) >= 3 AND contains(o, t)) "
        "OR (length(o) >= 3 AND contains(t, o))"
    ),
}


def _every_token_agrees(dialect: str) -> str:
    """SQL: every token of one name agrees with some token of the other (either way round)."""
    agrees = _TOKEN_AGREES[dialect]
    if dialect == "spark":
        one_way = "forall(name_tokens_{a}, t -> exists(name_tokens_{b}, o -> " + agrees + "))"
    else:
        one_way = "list_bool_and(list_transform(name_tokens_{a}, lambda t: list_bool_or(list_transform(name_tokens_{b}, lambda o: " + agrees + "))))"  # noqa: E501
    return "(" + one_way.format(a="l", b="r") + ") OR (" + one_way.format(a="r", b="l") + ")"


def _name_comparison(dialect: str = "duckdb") -> cl.CustomComparison:
    # Term frequencies make a common name ('Muhammad', 'Wati Purnamasari') weak evidence: the
    # exact and written-together levels weigh a pair by how often its name occurs in the batch.
    return cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name"),
            cll.ExactMatchLevel("name").configure(tf_adjustment_column="name", tf_adjustment_weight=1.0),
            cll.ExactMatchLevel("name_compact").configure(
                label_for_charts="same name written together/apart",
                tf_adjustment_column="name_compact",
                tf_adjustment_weight=1.0,
            ),
            cll.ExactMatchLevel("name_phonetic_key").configure(label_for_charts="same sounds, any order"),
            cll.JaroWinklerLevel("name_compact", 0.92),
            cll.CustomLevel(
                "name_initials_l = name_initials_r "
                "AND (name_abbreviated_l IS NOT NULL OR name_abbreviated_r IS NOT NULL) "
                f"AND {_JARO_WINKLER[dialect]}(name_first_l, name_first_r) >= 0.85",
                label_for_charts="same first name, the others cut to their initials",
                base_dialect_str=dialect,
            ),
            cll.CustomLevel(
                _every_token_agrees(dialect),
                label_for_charts="every token of one name agrees with a token of the other",
                base_dialect_str=dialect,
            ),
            cll.ArraySubsetLevel("name_phonetic").configure(label_for_charts="one name inside the other"),
            cll.ArrayIntersectLevel("name_phonetic", 1).configure(label_for_charts="one shared token"),
            cll.ElseLevel(),
        ],
    )


def _identifier_comparison(column: str, near: bool) -> cl.CustomComparison:
    levels: list[Any] = [cll.NullLevel(column), cll.ExactMatchLevel(column)]
    if near:
        levels.append(cll.DamerauLevenshteinLevel(column, 1))
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(output_column_name=column, comparison_levels=levels)


def _region_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="regions",
        comparison_levels=[
            cll.NullLevel("regions"),
            cll.ArrayIntersectLevel("regions", 1).configure(label_for_charts="a shared regency or city"),
            cll.ArrayIntersectLevel("provinces", 1).configure(label_for_charts="same province"),
            cll.ElseLevel(),
        ],
    )


# Pairs and recall per rule were measured on generated records (docs/bench/linkage.md). Left out
# for their cost: exact NIK (every pair also shares a NIK part), sound-alike name + birth year
# (1.3 million pairs at 200,000 records for 28 true pairs no other rule finds), compact name +
# birth year (18 million pairs at 1,000,000 records, 0.4% of true pairs), first name sound + NIK
# birth date (3 true pairs at 200,000).
BLOCKING_RULES = [
    block_on("nik_a"),
    block_on("nik_b"),
    block_on("nik_c"),
    block_on("phone"),
    block_on("passport"),
    # a passport number with one character wrong keeps one of its halves
    block_on("substr(passport, 1, 5)"),
    block_on("substr(passport, -5, 5)"),
    block_on("first_phonetic", "dob"),
    # given name and surname in the other order
    block_on("name_phonetic_key", "dob"),
    block_on("first_regency"),
    block_on("name_compact", "home_regency"),
    block_on("dob", "home_regency"),
]


def model_settings(sql_dialect: str = "duckdb") -> SettingsCreator:
    """The untrained model: comparisons for Indonesian records and recall-first blocking."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            _nik_comparison(),
            _birth_date_comparison(),
            _name_comparison(sql_dialect),
            _identifier_comparison("phone", near=False),
            _identifier_comparison("passport", near=True),
            _region_comparison(),
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=BLOCKING_RULES,
        retain_intermediate_calculation_columns=False,
        probability_two_random_records_match=1e-4,
    )


# --- backends ------------------------------------------------------------------------------------


def _spark_session():
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    return (
        SparkSession.builder.master("local[2]")
        .appName("gugus-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.driver.memory", "2g")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate()
    )


def _db_api(backend: str, spark_session=None):
    if backend == "duckdb":
        import duckdb
        from splink.backends.duckdb import DuckDBAPI

        # No temporary directory: DuckDB must never spill (possibly decrypted) records to files on
        # disk; past its memory limit it fails instead, and the limit is then raised deliberately.
        return DuckDBAPI(connection=duckdb.connect(":memory:", config={"temp_directory": ""}))
    if backend == "spark":
        from splink.backends.spark import SparkAPI

        # persist keeps intermediate tables in executor memory: no decrypted values in files on disk
        return SparkAPI(spark_session=spark_session or _spark_session(), break_lineage_method="persist")
    raise ValueError(f"unknown backend {backend!r}: use duckdb or spark")


def _table_name(stem: str) -> str:
    # a Spark session outlives one resolution: every run registers its own tables
    return f"{stem}_{uuid.uuid4().hex[:12]}"


def _register(db_api, frame: pd.DataFrame, backend: str, name: str):
    if backend == "spark":
        from pyspark.sql import types as T

        arrays = ["name_phonetic", "name_tokens", "regions", "provinces"]
        string_columns = [c for c in frame.columns if c not in arrays]
        schema = T.StructType(
            [T.StructField(c, T.StringType()) for c in string_columns]
            + [T.StructField(c, T.ArrayType(T.StringType())) for c in arrays]
        )
        records = frame[string_columns + arrays]
        rows = [tuple(None if v is None or v != v else v for v in row) for row in records.itertuples(index=False)]
        spark = db_api.spark
        return db_api.register(spark.createDataFrame(rows, schema=schema), table_name=name)
    return db_api.register(frame, table_name=name)


# --- training, saving, loading -------------------------------------------------------------------


@dataclass
class Model:
    """A trained model: Splink's settings dictionary and the size of the data it was trained on."""

    splink_settings: dict[str, Any]
    trained_on_records: int

    def to_json(self) -> str:
        return json.dumps(
            {"format": MODEL_FORMAT, "trained_on_records": self.trained_on_records, "splink": self.splink_settings},
            indent=1,
        )

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def from_json(cls, text: str) -> Model:
        data = json.loads(text)
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"not a Gugus linkage model (format {data.get('format')!r})")
        return cls(data["splink"], int(data["trained_on_records"]))

    @classmethod
    def load(cls, path: str | Path) -> Model:
        return cls.from_json(Path(path).read_text(encoding="utf-8"))

    def settings_for(self, n_records: int, sql_dialect: str = "duckdb") -> dict[str, Any]:
        """The settings for a data set of n_records on a backend, with the trained parameters.

        The SQL and blocking rules come from model_settings() in the backend's dialect and the m
        and u values from the saved model, level by level, so that a model trained on DuckDB runs
        on Spark. In a deduplication the number of true pairs grows with n while all pairs grow
        with n², so the prior match probability is scaled by 1/n.
        """
        settings = json.loads(json.dumps(self.splink_settings))
        # always rebuilt, so that the blocking rules are this version's, not the ones saved with the model
        fresh = model_settings(sql_dialect).get_settings(sql_dialect).as_dict()
        for fresh_comparison, comparison in zip(fresh["comparisons"], settings["comparisons"], strict=True):
            levels = zip(fresh_comparison["comparison_levels"], comparison["comparison_levels"], strict=True)
            for fresh_level, level in levels:
                for key in ("m_probability", "u_probability"):
                    if key in level:
                        fresh_level[key] = level[key]
        fresh["probability_two_random_records_match"] = settings["probability_two_random_records_match"]
        settings = fresh
        prior = settings["probability_two_random_records_match"] * (self.trained_on_records - 1)
        settings["probability_two_random_records_match"] = min(0.5, prior / max(n_records - 1, 1))
        return settings


def _train(linker: Linker, n_records: int, seed: int, progress: Progress) -> None:
    progress("training: prior match probability")
    try:
        linker.training.estimate_probability_two_random_records_match(
            [block_on("nik"), block_on("passport"), block_on("name_compact", "birth_date")], recall=0.7
        )
    except SplinkException as error:
        progress(f"training: prior left at its default ({error.__class__.__name__})")
    progress("training: u by random sampling")
    linker.training.estimate_u_using_random_sampling(max_pairs=min(5e6, max(1e5, n_records * 100)), seed=seed)
    # each EM session trains the comparisons its blocking rule does not fix; a data set without
    # NIKs or passports (FEBRL, an embassy's list) skips those sessions
    for label, rule in (
        ("NIK", block_on("nik")),
        ("name sound and birth date", block_on("name_phonetic_key", "birth_date")),
        ("passport", block_on("passport")),
    ):
        progress(f"training: m by expectation maximisation (blocked on {label})")
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
        except EMTrainingException:
            progress(f"training: no pairs share {label}; session skipped")


def train_model(
    records: pd.DataFrame | Iterable[Mapping[str, Any]],
    *,
    backend: str = "duckdb",
    seed: int = 42,
    progress: Progress = _quiet,
    spark_session=None,
) -> Model:
    """Train the model unsupervised on records (u by random sampling, m by EM)."""
    prepared = records if _is_prepared(records) else prepare_records(records, progress)
    db_api = _db_api(backend, spark_session)
    table = _register(db_api, prepared, backend, _table_name("gugus_records"))
    linker = Linker(table, model_settings(db_api.sql_dialect.sql_dialect_str), log_level=logging.WARNING)
    _train(linker, len(prepared), seed, progress)
    return Model(linker.misc.save_model_to_json(), len(prepared))


def _is_prepared(records: Any) -> bool:
    return isinstance(records, pd.DataFrame) and list(records.columns)[: len(PREPARED_COLUMNS)] == PREPARED_COLUMNS


def default_model() -> Model:
    """The model shipped with the engine, trained on the seeded synthetic records."""
    from importlib import resources

    return Model.from_json(resources.files("gugus.linkage").joinpath("model.json").read_text(encoding="utf-8"))


# --- resolution ----------------------------------------------------------------------------------


@dataclass
class Resolution:
    """The outcome of resolve(): clusters, the scored pairs behind them, and the model used."""

    clusters: pd.DataFrame  # record_id, cluster_id, match_probability
    pairs: pd.DataFrame  # record_id_l, record_id_r, match_probability, guarded, linked
    birth_years: pd.DataFrame  # record_id, recorded_year, nik_year
    model: Model
    seconds: float

    def birth_year_conflicts(self) -> pd.DataFrame:
        """Records of people whose records give more than one birth year (recorded or in the NIK).

        A minor's document falsified to look adult shows up here: the same person, the same NIK,
        another year. Columns: cluster_id, record_id, recorded_year, nik_year.
        """
        years = self.clusters[["record_id", "cluster_id"]].merge(self.birth_years, on="record_id")
        stacked = pd.concat([years[["cluster_id", "recorded_year"]].set_axis(["cluster_id", "year"], axis=1),
                             years[["cluster_id", "nik_year"]].set_axis(["cluster_id", "year"], axis=1)])
        distinct = stacked.dropna().groupby("cluster_id")["year"].nunique()
        conflicted = distinct[distinct > 1].index
        result = years[years["cluster_id"].isin(conflicted)]
        return result.sort_values(["cluster_id", "record_id"]).reset_index(drop=True)


def _apply_guard(pairs: pd.DataFrame) -> pd.Series:
    """True for pairs that must not be linked whatever their score.

    Siblings share a household phone, an address and a father's name, which together outweigh
    a differing given name in a Fellegi-Sunter sum. Two rules keep them apart:
    - a person has one NIK, one birth date and one given name: two of them in conflict means two
      people, however much else they share (one conflict alone, a mistyped NIK or a falsified
      birth year, does not block the link);
    - a shared phone, region or birth date is household evidence (twins share the last): with
      given names in conflict, only an identifying document (the same NIK or passport) can link
      two records.
    Two NIKs more than one digit apart with the same encoded birth date are two people unless a
    passport links them; two valid NIKs that encode different birth dates or sexes always are
    (``nik_conflicts``: it needs the records, not just the levels).
    """
    name_conflict = pairs["gamma_name"].isin(NAME_CONFLICT_LEVELS)
    conflicts = (
        pairs["gamma_nik"].isin(NIK_CONFLICT_LEVELS).astype(int)
        + pairs["gamma_birth_date"].isin(DOB_CONFLICT_LEVELS).astype(int)
        + name_conflict.astype(int)
    )
    personal = pd.Series(False, index=pairs.index)
    for column, level in PERSONAL_AGREEMENT.items():
        personal |= pairs[column] >= level
    # two NIKs more than a digit apart that encode one birth date: namesakes born the same day
    # (the date in the NIK only repeats the birth date's evidence); a passport may still link them
    namesake = (pairs["gamma_nik"] == NIK_SAME_BIRTH_LEVEL) & ~(pairs["gamma_passport"] >= 1)
    return (conflicts >= 2) | (name_conflict & ~personal) | namesake


def nik_signature(prepared: pd.DataFrame) -> pd.Series:
    """Per record (indexed by unique_id): the birth date and sex its valid NIK encodes, else None."""
    signature = prepared["nik_birth_date"].astype(object) + ":" + prepared["nik_sex"].astype(object)
    signature = signature.where(prepared["nik_valid"].notna() & prepared["nik_birth_date"].notna(), None)
    return pd.Series(signature.to_numpy(), index=prepared["unique_id"].to_numpy())


def nik_conflicts(pairs: pd.DataFrame, signatures: pd.Series) -> pd.Series:
    """True for pairs of records whose valid NIKs encode different birth dates or sexes: two people.

    A one-digit typo in the date part of a NIK also counts: a reviewer merges such records by hand.
    """
    left = pairs["record_id_l"].map(signatures)
    right = pairs["record_id_r"].map(signatures)
    return (left.notna() & right.notna() & (left != right)).astype(bool)


# A merge of two groups of records must be supported by the pairs between them: the mean match
# probability of the scored pairs across must reach this, so that one strong link between two
# otherwise unlike groups does not chain them into one person.
CLUSTER_COHESION = 0.5
# Two groups of two or more records join only when the probabilities across them, pairs never
# compared counting 0, average at least this: one link between two pairs of records is not enough.
GROUP_DENSITY = 0.3


def constrained_clusters(
    record_ids: Iterable[str],
    pairs: pd.DataFrame,
    signatures: Mapping[str, str | None],
    *,
    threshold: float,
    cohesion: float = CLUSTER_COHESION,
) -> dict[str, str]:
    """Group records into people from scored pairs; returns record_id -> cluster_id (its smallest id).

    Not plain connected components: links (match probability >= threshold, not guarded) are taken
    strongest first, and one joins two groups only when (1) no pair across them is guarded or
    has conflicting NIKs, (2) the groups' valid NIKs do not encode two birth dates or sexes, and
    (3) the scored pairs across them have a mean probability of at least ``cohesion`` (a pair
    that was scored low counts against the merge; a pair never compared does not count).
    Records that no link touches stay alone; a component of two records is one link, so the
    greedy work is only done inside larger components.
    """
    ids = list(record_ids)
    position = {record_id: number for number, record_id in enumerate(ids)}
    cluster_of = {record_id: record_id for record_id in ids}
    if pairs.empty:
        return cluster_of
    left = pairs["record_id_l"].map(position).to_numpy()
    right = pairs["record_id_r"].map(position).to_numpy()
    probability = pairs["match_probability"].to_numpy(dtype=float)
    blocked = pairs["guarded"].to_numpy(dtype=bool)
    linked = pairs["linked"].to_numpy(dtype=bool)
    import numpy as np

    n = len(ids)
    component = _components(n, left[linked], right[linked])
    sizes = np.bincount(component, minlength=n)
    pair_component = component[left]
    same = pair_component == component[right]
    big = same & (sizes[pair_component] > 2)
    # components of two records: their one link stands
    for i, j in zip(left[linked & ~big], right[linked & ~big], strict=True):
        a, b = ids[i], ids[j]
        cluster_of[a] = cluster_of[b] = min(a, b)
    if not big.any():
        return cluster_of
    order = np.argsort(pair_component[big], kind="stable")
    chosen = np.flatnonzero(big)[order]
    bounds = np.flatnonzero(np.diff(pair_component[chosen])) + 1
    for group in np.split(chosen, bounds):
        _cluster_component(group, left, right, probability, blocked, linked, ids, signatures, cluster_of, cohesion)
    return cluster_of


def _components(n: int, left, right):
    """Connected components of the link graph (union-find), as an array of component numbers."""
    import numpy as np

    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.array([find(x) for x in range(n)], dtype=np.int64)


def _cluster_component(group, left, right, probability, blocked, linked, ids, signatures, cluster_of, cohesion):
    # Agglomeration inside one component; "cross" holds, per pair of groups, the sum and count of
    # the scored probabilities between them and whether any pair between them is forbidden.
    members: dict[int, list[int]] = {}
    nik: dict[int, set[str]] = {}
    cross: dict[int, dict[int, list]] = {}
    for k in group:
        for node in (int(left[k]), int(right[k])):
            if node not in members:
                members[node] = [node]
                signature = signatures.get(ids[node])
                nik[node] = {signature} if signature else set()
                cross[node] = {}
        a, b = int(left[k]), int(right[k])
        entry = cross[a].get(b)
        if entry is None:
            entry = [0.0, 0, False]
            cross[a][b] = entry
            cross[b][a] = entry
        entry[0] += probability[k]
        entry[1] += 1
        entry[2] = entry[2] or bool(blocked[k])
    root = {node: node for node in members}
    links = sorted((k for k in group if linked[k]), key=lambda k: (-probability[k], ids[left[k]], ids[right[k]]))
    for k in links:
        a, b = root[int(left[k])], root[int(right[k])]
        if a == b:
            continue
        total, count, forbidden = cross[a][b]
        if forbidden or len(nik[a] | nik[b]) > 1 or total / count < cohesion:
            continue
        smaller = min(len(members[a]), len(members[b]))
        if smaller >= 2 and total / (len(members[a]) * len(members[b])) < GROUP_DENSITY:
            # two groups of several records joined by few links: the chain this method is against
            continue
        if len(members[a]) < len(members[b]):
            a, b = b, a
        # b joins a
        for other, entry in cross.pop(b).items():
            del cross[other][b]
            if other == a:
                continue
            mine = cross[a].get(other)
            if mine is None:
                cross[a][other] = entry
                cross[other][a] = entry
            else:
                mine[0] += entry[0]
                mine[1] += entry[1]
                mine[2] = mine[2] or entry[2]
        for node in members[b]:
            root[node] = a
        members[a].extend(members.pop(b))
        nik[a] |= nik.pop(b)
    for nodes in members.values():
        name = min(ids[node] for node in nodes)
        for node in nodes:
            cluster_of[ids[node]] = name


def resolve(
    records: pd.DataFrame | Iterable[Mapping[str, Any]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    backend: str = "duckdb",
    model: Model | str | Path | None = None,
    train: bool = False,
    seed: int = 42,
    progress: Progress = _quiet,
    spark_session=None,
) -> Resolution:
    """Group records into people: one row per record with its cluster and best link probability.

    model: a Model, a path to a saved one, or None for the shipped model; train=True trains a new
    model on these records instead (worth it from some ten thousand records up). A record's
    match_probability is its highest probability of being the same person as another record in
    its cluster; for a record alone in its cluster, its highest probability with any candidate
    (below the threshold), or 0 when it had none.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be a probability in (0, 1]")
    started = time.perf_counter()
    prepared = prepare_records(records, progress)
    progress(f"prepared {len(prepared):,} records")
    db_api = _db_api(backend, spark_session)
    table = _register(db_api, prepared, backend, _table_name("gugus_records"))
    if train:
        linker = Linker(table, model_settings(db_api.sql_dialect.sql_dialect_str), log_level=logging.WARNING)
        _train(linker, len(prepared), seed, progress)
        trained = Model(linker.misc.save_model_to_json(), len(prepared))
    else:
        trained = model if isinstance(model, Model) else Model.load(model) if model else default_model()
        settings = trained.settings_for(len(prepared), db_api.sql_dialect.sql_dialect_str)
        linker = Linker(table, settings, log_level=logging.WARNING)
    progress("scoring candidate pairs")
    # pairs scored low are kept too: in clustering they count against joining two groups
    floor = min(threshold, 0.5) / 25
    # levels that the training data never showed keep Splink's defaults; say so once, in the docs
    predictions = linker.inference.predict(threshold_match_probability=floor, warning_mode="never")
    pairs = _fetch_pairs(predictions, backend)
    progress(f"scored {len(pairs):,} pairs above {floor:.2f}")
    signatures = nik_signature(prepared)
    pairs["guarded"] = _apply_guard(pairs) | nik_conflicts(pairs, signatures)
    pairs["linked"] = (pairs["match_probability"] >= threshold) & ~pairs["guarded"]
    cluster_of = constrained_clusters(
        prepared["unique_id"], pairs, signatures.to_dict(), threshold=threshold, cohesion=CLUSTER_COHESION
    )
    clusters = pd.DataFrame({"record_id": list(cluster_of), "cluster_id": list(cluster_of.values())})
    clusters = _best_probability(clusters, pairs)
    progress(f"{clusters['cluster_id'].nunique():,} people in {len(clusters):,} records")
    columns = ["record_id_l", "record_id_r", "match_probability", "guarded", "linked"]
    birth_years = pd.DataFrame({
        "record_id": prepared["unique_id"],
        "recorded_year": prepared["birth_year"],
        "nik_year": prepared["nik_birth_date"].str[:4],
    })
    return Resolution(clusters, pairs[columns], birth_years, trained, time.perf_counter() - started)


def _fetch_pairs(predictions, backend: str) -> pd.DataFrame:
    wanted = ["unique_id_l", "unique_id_r", "match_probability", *GUARD_COLUMNS]
    present = {column.unquote().name for column in predictions.columns}
    # Splink leaves out a comparison whose column is empty in every record (no NIKs at all)
    columns = ", ".join(c if c in present else f"-1 AS {c}" for c in wanted)
    sql = f"SELECT {columns} FROM {predictions.physical_name}"  # noqa: S608  # nosec B608 - a Splink table name
    if backend == "spark":
        frame = predictions.db_api.spark.sql(sql).toPandas()
    else:
        frame = predictions.db_api._con.sql(sql).df()
    frame = frame.rename(columns={"unique_id_l": "record_id_l", "unique_id_r": "record_id_r"})
    frame["match_probability"] = frame["match_probability"].astype(float)
    return frame


def _cluster(db_api, record_ids: pd.Series, edges: pd.DataFrame, threshold: float, backend: str) -> pd.DataFrame:
    nodes = pd.DataFrame({"unique_id": record_ids})
    edge_frame = edges.rename(columns={"record_id_l": "unique_id_l", "record_id_r": "unique_id_r"})
    if backend == "spark":
        spark = db_api.spark
        nodes_table = db_api.register(spark.createDataFrame(nodes), table_name=_table_name("gugus_nodes"))
        if edge_frame.empty:
            schema = "unique_id_l string, unique_id_r string, match_probability double"
            edge_input = spark.createDataFrame([], schema)
        else:
            edge_input = spark.createDataFrame(edge_frame)
        edges_table = db_api.register(edge_input, table_name=_table_name("gugus_edges"))
    else:
        nodes_table = db_api.register(nodes, table_name=_table_name("gugus_nodes"))
        edge_input = edge_frame.astype({"match_probability": float})
        edges_table = db_api.register(edge_input, table_name=_table_name("gugus_edges"))
    result = cluster_pairwise_predictions_at_threshold(
        nodes_table, edges_table, db_api, node_id_column_name="unique_id", threshold_match_probability=threshold
    )
    frame = result.as_pandas_dataframe()
    frame = frame.rename(columns={"unique_id": "record_id"})[["record_id", "cluster_id"]]
    return frame


def _best_probability(clusters: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    cluster_of = dict(zip(clusters["record_id"], clusters["cluster_id"], strict=True))
    same_cluster = pairs["record_id_l"].map(cluster_of) == pairs["record_id_r"].map(cluster_of)
    linked = pairs[pairs["linked"] & same_cluster]
    best_linked = pd.concat(
        [linked[["record_id_l", "match_probability"]].set_axis(["record_id", "p"], axis=1),
         linked[["record_id_r", "match_probability"]].set_axis(["record_id", "p"], axis=1)]
    ).groupby("record_id")["p"].max()
    best_any = pd.concat(
        [pairs[["record_id_l", "match_probability"]].set_axis(["record_id", "p"], axis=1),
         pairs[["record_id_r", "match_probability"]].set_axis(["record_id", "p"], axis=1)]
    ).groupby("record_id")["p"].max()
    size = clusters.groupby("cluster_id")["record_id"].transform("size")
    probability = clusters["record_id"].map(best_linked).where(size > 1, clusters["record_id"].map(best_any))
    result = clusters.assign(match_probability=probability.fillna(0.0).round(6))
    return result.sort_values("record_id", kind="stable").reset_index(drop=True)
