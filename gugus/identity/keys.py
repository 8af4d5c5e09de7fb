"""The retrieval keys a person is found by at intake: plain strings, HMACed before they are stored.

Built from the engine's primitives (``gugus.linkage``) so that the intake check retrieves the
candidates the batch resolution would compare: NIK parts that survive one wrong digit, the
compact name, the name's sounds, and name or sounds with the birth year. Exact NIK, passport and
phone have their own tokens (``PersonToken`` purposes nik, passport, phone).

Keys made of one very common token ('siti', 'muhammad') with a year are left out: they would
fetch a large part of the registry and agree by chance.
"""

from __future__ import annotations

from gugus.linkage.keys import COMMON_NAME_TOKENS, nik_keys
from gugus.linkage.normalise import normalise_name, normalise_nik, phonetic_key

# How much one agreeing key says, to rank the few candidates worth decrypting.
KEY_WEIGHTS = {
    "nik": 10,
    "passport": 10,
    "nik_ab": 5,
    "nik_bc": 5,
    "nik_ac": 5,
    "phone": 3,
    "name_year": 4,
    "phon_year": 2,
    "name": 2,
    "phon": 1,
}


def key_kind(key: str) -> str:
    """'nik_ab:321201450590' -> 'nik_ab'."""
    return key.split(":", 1)[0]


def birth_year_of(birth_year: int | None, nik: str | None) -> int | None:
    """The recorded birth year, else the year encoded in the NIK."""
    if birth_year:
        return int(birth_year)
    info = normalise_nik(nik)
    return info.birth_date.year if info.birth_date else None


def retrieval_keys(*, nik: str | None, names: list[str], birth_year: int | None) -> list[str]:
    """The linkage keys of one person (sorted, no duplicates); nik is the 16 normalised digits."""
    keys: set[str] = set()
    if nik and len(nik) == 16:
        keys.update(k for k in nik_keys(nik) if key_kind(k) != "nik")
    year = birth_year_of(birth_year, nik)
    for raw in names:
        name = normalise_name(raw)
        if name is None or not name.compact:
            continue
        keys.add(f"name:{name.compact}")
        sounds = sorted({phonetic_key(t) for t in name.tokens})
        keys.add("phon:" + " ".join(sounds))
        if year is not None:
            keys.add(f"name_year:{name.compact}:{year}")
            keys.update(
                f"phon_year:{phonetic_key(t)}:{year}" for t in name.tokens if t not in COMMON_NAME_TOKENS and len(t) > 2
            )
    return sorted(keys)
