"""The engine's pairwise comparison, in memory, for the few candidates of one intake check.

Running Splink for one record against twenty candidates would cost more than the whole check may
take; this computes the same comparison levels as ``gugus.linkage.matching.model_settings()`` in
plain Python, weighs them with the m and u probabilities of the engine's trained model (the
shipped one unless another is given), and applies the engine's sibling / falsified-document
guard (with its NIK rule). Two differences, both on purpose: a person's phones are compared as a set (any shared
number agrees), and the exact and written-together name levels are not term-frequency adjusted (there is no name
frequency table; a common name is still kept in check by the birth date and identifiers).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jellyfish

from gugus.linkage.matching import (
    DOB_CONFLICT_LEVELS,
    NAME_CONFLICT_LEVELS,
    NIK_CONFLICT_LEVELS,
    NIK_SAME_BIRTH_LEVEL,
    PERSONAL_AGREEMENT,
    Model,
    default_model,
    prepare_record,
)

# Level codes per comparison, most specific first (as in matching.py); gamma counts down to 0.
LEVELS: dict[str, tuple[str, ...]] = {
    "nik": ("exact", "one_typo", "same_birth", "conflict", "different"),
    "birth_date": (
        "exact",
        "nik_date",
        "one_typo",
        "year_changed",
        "same_year_one_partial",
        "same_year",
        "different",
    ),
    "name": ("exact", "compact", "same_sounds", "similar", "initials", "tokens", "subset", "one_token", "different"),
    "phone": ("exact", "different"),
    "passport": ("exact", "one_typo", "different"),
    "regions": ("same_regency", "same_province", "different"),
    "sex": ("exact", "different"),
}
COMPARISONS = tuple(LEVELS)


def _dl1(a: str, b: str) -> bool:
    return jellyfish.damerau_levenshtein_distance(a, b) <= 1


def _level(field: str, left: Mapping[str, Any], right: Mapping[str, Any]) -> str | None:
    """The level code of one comparison for a pair, or None when one side lacks the value."""
    if field == "nik":
        a, b = left["nik"], right["nik"]
        if a is None or b is None:
            return None
        if a == b:
            return "exact"
        if _dl1(a, b):
            return "one_typo"
        if (
            left["nik_birth_date"] is not None
            and left["nik_birth_date"] == right["nik_birth_date"]
            and (left["nik_sex"] is not None and left["nik_sex"] == right["nik_sex"])
        ):
            return "same_birth"
        return "conflict" if left["nik_valid"] and right["nik_valid"] else "different"
    if field == "birth_date":
        if all(left[k] is None for k in ("birth_date", "nik_birth_date", "birth_year")) or all(
            right[k] is None for k in ("birth_date", "nik_birth_date", "birth_year")
        ):
            return None
        a, b = left["birth_date"], right["birth_date"]
        if a is not None and a == b:
            return "exact"
        nik_l, nik_r = left["nik_birth_date"], right["nik_birth_date"]
        if (nik_l is not None and nik_l in (b, nik_r)) or (a is not None and a == nik_r):
            return "nik_date"
        dob_l, dob_r = left["dob"], right["dob"]
        if dob_l is not None and dob_r is not None and _dl1(dob_l, dob_r):
            return "one_typo"
        if dob_l is not None and dob_r is not None and dob_l[5:10] == dob_r[5:10]:
            return "year_changed"
        same_year = left["any_year"] is not None and left["any_year"] == right["any_year"]
        if same_year and (dob_l is None or dob_r is None):
            return "same_year_one_partial"
        if same_year:
            return "same_year"
        return "different"
    if field == "name":
        if left["name"] is None or right["name"] is None:
            return None
        if left["name"] == right["name"]:
            return "exact"
        if left["name_compact"] == right["name_compact"]:
            return "compact"
        if left["name_phonetic_key"] == right["name_phonetic_key"]:
            return "same_sounds"
        if jellyfish.jaro_winkler_similarity(left["name_compact"], right["name_compact"]) >= 0.92:
            return "similar"
        if (
            left["name_initials"] == right["name_initials"]
            and (left["name_abbreviated"] or right["name_abbreviated"])
            and jellyfish.jaro_winkler_similarity(left["name_first"], right["name_first"]) >= 0.85
        ):
            return "initials"
        if _every_token_agrees(left["name_tokens"], right["name_tokens"]):
            return "tokens"
        sounds_l, sounds_r = set(left["name_phonetic"] or ()), set(right["name_phonetic"] or ())
        shared = sounds_l & sounds_r
        if min(len(sounds_l), len(sounds_r)) and len(shared) == min(len(sounds_l), len(sounds_r)):
            return "subset"
        return "one_token" if shared else "different"
    if field == "phone":
        a, b = left.get("phones") or set(), right.get("phones") or set()
        if not a or not b:
            return None
        return "exact" if a & b else "different"
    if field == "passport":
        a, b = left["passport"], right["passport"]
        if a is None or b is None:
            return None
        return "exact" if a == b else "one_typo" if _dl1(a, b) else "different"
    if field == "regions":
        if not left["regions"] or not right["regions"]:
            return None
        if set(left["regions"]) & set(right["regions"]):
            return "same_regency"
        if set(left["provinces"] or ()) & set(right["provinces"] or ()):
            return "same_province"
        return "different"
    if field == "sex":
        a, b = left["sex"], right["sex"]
        if not a or not b:
            return None
        return "exact" if a == b else "different"
    raise KeyError(field)


def _token_agrees(t: str, o: str) -> bool:
    # as matching._TOKEN_AGREES
    return (
        t == o
        or jellyfish.jaro_winkler_similarity(t, o) >= 0.85
        or (len(t) == 1 and o.startswith(t))
        or (len(o) == 1 and t.startswith(o))
        or (len(t) >= 3 and t in o)
        or (len(o) >= 3 and o in t)
    )


def _every_token_agrees(left, right) -> bool:
    if not left or not right:
        return False

    def one_way(a, b):
        return all(any(_token_agrees(t, o) for o in b) for t in a)

    return one_way(left, right) or one_way(right, left)


def gamma(field: str, level: str | None) -> int:
    """Splink's comparison vector value of a level: -1 for null, then counting down to 0 (else)."""
    if level is None:
        return -1
    codes = LEVELS[field]
    return len(codes) - 1 - codes.index(level)


@dataclass(frozen=True)
class Weights:
    """m/u probabilities per comparison level, and the prior at the size of the registry."""

    bayes_factors: dict[tuple[str, str], float]
    prior: float
    trained_on_records: int

    def at_population(self, n_records: int) -> Weights:
        """The prior scaled to a registry of n_records, as ``Model.settings_for`` does."""
        prior = min(0.5, self.prior * (self.trained_on_records - 1) / max(n_records - 1, 1))
        return Weights(self.bayes_factors, prior, self.trained_on_records)


@functools.lru_cache(maxsize=4)
def _weights_of(model_json: str) -> Weights:
    model = Model.from_json(model_json)
    settings = model.splink_settings
    factors = {}
    for comparison in settings["comparisons"]:
        field = comparison["output_column_name"]
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        if len(levels) != len(LEVELS[field]):
            raise ValueError(f"the model's {field} comparison does not have the levels this scorer knows")
        for code, level in zip(LEVELS[field], levels, strict=True):
            m, u = level.get("m_probability"), level.get("u_probability")
            factors[(field, code)] = (m / u) if m and u else 1.0
    return Weights(factors, settings["probability_two_random_records_match"], model.trained_on_records)


def model_weights(model: Model | None = None) -> Weights:
    """The weights of ``model`` (default: the engine's shipped model), at its training size."""
    if model is None:
        return _default_weights()
    return _weights_of(model.to_json())


@functools.lru_cache(maxsize=1)
def _default_weights() -> Weights:
    # The shipped model is a file of the package: read, parse and serialise it once per process, not
    # at every intake (it was 1 % of an API intake's time, see docs/benchmarks.md).
    return _weights_of(default_model().to_json())


def prepare(record: Mapping[str, Any]) -> dict[str, Any]:
    """A raw record (resolve CSV fields; ``phones`` may hold several numbers) as the scorer compares it."""
    from gugus.linkage.normalise import normalise_phone

    prepared = prepare_record(record)
    phones = record.get("phones") or ([record["phone"]] if record.get("phone") else [])
    prepared["phones"] = {p for p in (normalise_phone(str(x)) for x in phones) if p}
    return prepared


@dataclass
class Score:
    """One compared pair: its match probability, level per comparison, and whether the guard holds it apart."""

    probability: float
    levels: dict[str, str | None]
    weights: dict[str, float]
    guarded: bool


def guarded(levels: Mapping[str, str | None]) -> bool:
    """The engine's guard (``matching._apply_guard``) on one pair's levels."""
    g = {field: gamma(field, levels.get(field)) for field in ("nik", "birth_date", "name", "passport")}
    name_conflict = g["name"] in NAME_CONFLICT_LEVELS
    conflicts = int(g["nik"] in NIK_CONFLICT_LEVELS) + int(g["birth_date"] in DOB_CONFLICT_LEVELS) + int(name_conflict)
    personal = any(g[column.removeprefix("gamma_")] >= level for column, level in PERSONAL_AGREEMENT.items())
    namesake = g["nik"] == NIK_SAME_BIRTH_LEVEL and g["passport"] < 1
    return conflicts >= 2 or (name_conflict and not personal) or namesake


def nik_conflict(left: Mapping[str, Any], right: Mapping[str, Any]) -> bool:
    """The engine's NIK rule (``matching.nik_conflicts``): two valid NIKs encoding another birth date or sex."""
    if not (left["nik_valid"] and right["nik_valid"] and left["nik_birth_date"] and right["nik_birth_date"]):
        return False
    return (left["nik_birth_date"], left["nik_sex"]) != (right["nik_birth_date"], right["nik_sex"])


def score(left: Mapping[str, Any], right: Mapping[str, Any], weights: Weights) -> Score:
    """Compare two prepared records with the model's weights."""
    levels = {field: _level(field, left, right) for field in COMPARISONS}
    log_odds = math.log2(weights.prior / (1 - weights.prior))
    contributions = {}
    for field, level in levels.items():
        if level is None:
            continue
        w = math.log2(weights.bayes_factors[(field, level)])
        contributions[field] = round(w, 2)
        log_odds += w
    probability = 1 / (1 + 2 ** (-log_odds)) if log_odds > -1000 else 0.0
    return Score(probability, levels, contributions, guarded(levels) or nik_conflict(left, right))
