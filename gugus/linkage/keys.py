"""Candidate-retrieval keys: the plain strings the application turns into keyed blind indexes.

The application never stores these strings: it HMACs each one with its blind-index key and
looks up people who share at least one HMAC. The same keys drive the engine's blocking rules, so
a candidate the intake check finds is a candidate the batch resolution also compares.
"""

from __future__ import annotations

from collections.abc import Mapping

from gugus.linkage.normalise import (
    normalise_birth_date,
    normalise_name,
    normalise_nik,
    normalise_passport,
    normalise_phone,
    phonetic_key,
)

# Tokens so common that a key made of them alone would fetch a large part of the registry.
COMMON_NAME_TOKENS = frozenset({"muhammad", "siti", "nur", "sri", "dewi", "abdul", "ahmad", "putri", "nurul"})


def nik_keys(nik: str | None) -> list[str]:
    """The exact NIK and three overlapping parts of it, so that one typo still finds the record.

    A one-digit error or a swap of neighbouring digits leaves at least one of the parts intact
    (district+birth date, birth date+serial, district+serial).
    """
    if not nik or len(nik) != 16:
        return [f"nik:{nik}"] if nik else []
    return [
        f"nik:{nik}",
        f"nik_ab:{nik[:12]}",
        f"nik_bc:{nik[6:]}",
        f"nik_ac:{nik[:6]}{nik[12:]}",
    ]


def name_keys(full_name: str | None, birth_year: int | None = None) -> list[str]:
    """Name-token keys, phonetic keys and the compact name; with the birth year when known.

    Keys made of one common token ('siti', 'muhammad') are left out: they would match half
    the registry.
    """
    name = normalise_name(full_name)
    if name is None:
        return []
    keys = {f"name:{name.compact}"}
    phonetic = sorted({phonetic_key(token) for token in name.tokens})
    keys.add("phon:" + " ".join(phonetic))
    for token in name.tokens:
        if token not in COMMON_NAME_TOKENS and len(token) > 2:
            keys.add(f"phon_token:{phonetic_key(token)}")
    if birth_year is not None:
        keys.add(f"name_year:{name.compact}:{birth_year}")
        keys.update(f"phon_year:{phonetic_key(t)}:{birth_year}" for t in name.tokens)
    return sorted(keys)


def candidate_keys(record: Mapping[str, str | None]) -> list[str]:
    """All retrieval keys for one raw record (fields as in the resolve CSV), sorted, no duplicates."""
    keys: set[str] = set()
    nik = normalise_nik(record.get("nik"))
    keys.update(nik_keys(nik.nik))
    if phone := normalise_phone(record.get("phone")):
        keys.add(f"phone:{phone}")
    if passport := normalise_passport(record.get("passport_no")):
        keys.add(f"passport:{passport}")
    birth = normalise_birth_date(record.get("birth_date"))
    year = birth.year if birth else (nik.birth_date.year if nik.birth_date else None)
    keys.update(name_keys(record.get("full_name"), year))
    return sorted(keys)
