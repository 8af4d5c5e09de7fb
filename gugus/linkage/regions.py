"""The Kemendagri region list as the linkage engine needs it: code lookups and name lookups."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Region:
    """One row of the region list (province, regency/city or district)."""

    code: str
    name: str
    level: str
    parent_code: str


@dataclass(frozen=True)
class RegionIndex:
    """Regions by code, and regency codes by their normalised names."""

    by_code: dict[str, Region]
    # bare name ("indramayu") -> code; a regency beats a city, a city beats a district
    by_name: dict[str, str]
    # "kabupaten indramayu" / "kota batam" -> code
    by_qualified_name: dict[str, str]


_REGENCY_PREFIXES = (
    ("kabupaten administrasi ", "kabupaten"),
    ("kota administrasi ", "kota"),
    ("kabupaten ", "kabupaten"),
    ("kota ", "kota"),
)


def fold_place_name(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces: 'KAB. Indramayu ' -> 'kab indramayu'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def _load_rows() -> list[Region]:
    data = resources.files("gugus.organisations.data").joinpath("regions.csv").read_text(encoding="utf-8")
    return [
        Region(row["code"], row["name"], row["level"], row["parent_code"] or "")
        for row in csv.DictReader(io.StringIO(data))
    ]


@cache
def region_index() -> RegionIndex:
    """The region list loaded once from package `gugus.organisations.data`."""
    rows = _load_rows()
    by_code = {region.code: region for region in rows}
    by_name: dict[str, tuple[int, str]] = {}
    by_qualified_name: dict[str, str] = {}

    def offer(name: str, rank: int, code: str) -> None:
        current = by_name.get(name)
        if current is None or rank < current[0]:
            by_name[name] = (rank, code)

    for region in rows:
        folded = fold_place_name(region.name)
        if region.level == "province":
            offer(folded, 3, region.code)
            by_qualified_name[f"provinsi {folded}"] = region.code
        elif region.level == "regency":
            for prefix, kind in _REGENCY_PREFIXES:
                if folded.startswith(prefix):
                    bare = folded[len(prefix) :]
                    by_qualified_name[f"{kind} {bare}"] = region.code
                    offer(bare, 0 if kind == "kabupaten" else 1, region.code)
                    break
            else:
                offer(folded, 1, region.code)
        elif region.level == "district":
            # a district name stands for its regency, and only when nothing larger has that name
            offer(folded, 4, region.parent_code)
    return RegionIndex(by_code, {name: code for name, (_, code) in by_name.items()}, by_qualified_name)


def district_exists(code: str) -> bool:
    """True when the dotted code ('32.12.15') is a district (kecamatan) in the region list."""
    region = region_index().by_code.get(code)
    return region is not None and region.level == "district"
