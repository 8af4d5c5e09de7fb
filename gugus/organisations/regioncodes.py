"""District codes as a NIK carries them: today's list and the codes of earlier lists.

Plain Python over the CSV files shipped in ``gugus.organisations.data`` (no database, no
Django), so that the NIK parser can be used by the linkage engine and by the web application
alike. A NIK keeps the district code of the day it was issued: a NIK issued in Merauke before
Papua was split in 2022 starts with 91.01.01, a code the 2025 list (Kepmendagri
300.2.2-2138/2025) no longer has; today Merauke is 93.01.01 in Papua Selatan.
``regions_former.csv`` lists those codes (Kemendagri lists of 2016–2023), and this module maps
each to today's region by the names of its regency and district.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class District:
    """A district code as found on a NIK: today's, or a former one with today's region beside it."""

    code: str
    name: str
    regency_name: str = ""
    former: bool = False
    # For a former code: the region that holds that place today (a district when it could be
    # matched by name, else the regency), and the lists that carried the former code.
    current_code: str = ""
    current_name: str = ""
    first_list: str = ""
    last_list: str = ""


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("gugus.organisations.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _fold_regency(name: str) -> str:
    """'KAB. MERAUKE' and 'Kabupaten Merauke' -> 'kabupaten merauke'; 'KOTA SORONG' -> 'kota sorong'."""
    text = name.lower().strip()
    text = re.sub(r"^kab\.?\s+", "kabupaten ", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.lower())


@cache
def _index() -> dict[str, District]:
    current = _rows("regions.csv")
    former = _rows("regions_former.csv")
    names = {row["code"]: row["name"] for row in current}
    index: dict[str, District] = {}
    regency_by_name: dict[str, list[str]] = {}
    districts_by_parent: dict[str, dict[str, str]] = {}
    for row in current:
        if row["level"] == "regency":
            regency_by_name.setdefault(_fold_regency(row["name"]), []).append(row["code"])
        elif row["level"] == "district":
            index[row["code"]] = District(row["code"], row["name"], names.get(row["parent_code"], ""))
            districts_by_parent.setdefault(row["parent_code"], {})[_fold(row["name"])] = row["code"]
    former_names = {row["code"]: row["name"] for row in former}
    regency_now: dict[str, str] = {}
    for row in former:
        if row["level"] == "regency":
            matches = regency_by_name.get(_fold_regency(row["name"]), [])
            if len(matches) == 1:
                regency_now[row["code"]] = matches[0]
    for row in former:
        if row["level"] != "district" or row["code"] in index:
            continue
        parent = row["parent_code"]
        regency = regency_now.get(parent) or (parent if parent in names else "")
        district = districts_by_parent.get(regency, {}).get(_fold(row["name"]), "")
        now = district or regency
        index[row["code"]] = District(
            code=row["code"],
            name=row["name"],
            regency_name=former_names.get(parent) or names.get(parent, ""),
            former=True,
            current_code=now,
            current_name=(f"{names[district]}, {names[regency]}" if district else names.get(regency, "")),
            first_list=row["first_list"],
            last_list=row["last_list"],
        )
    return index


def district_lookup(code: str) -> District | None:
    """The district of a dotted code ('91.01.01'), today's or former; None when no list has it."""
    return _index().get(code)
