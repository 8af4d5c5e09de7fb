"""The de-identified release: victims as CTDC-style rows, generalised and suppressed to k-anonymity.

Method (documented for partners in docs/htcds.md, "De-identified release"):

1. One row per victim registration, with the quasi-identifiers generalised to CTDC's level from the
   start: the year instead of the date, CTDC's ``ageBroad`` bands instead of the age, the province
   of origin instead of the regency, countries as ISO codes.
2. Every released column counts as a quasi-identifier (CTDC's rule): a row's equivalence class is
   the set of rows identical to it in every column.
3. While more rows would be suppressed than ``max_suppression`` allows, the attribute whose next
   generalisation step saves the most rows is generalised one step for all rows (full-domain
   generalisation along fixed hierarchies: province → island group → withheld; country → world
   region → withheld; year → period → withheld; ageBroad → minor/adult → withheld; exploitation
   types → broad category → withheld; means of control → any/none → withheld).
4. Rows still in a class smaller than k are suppressed (left out), and the k and l achieved are
   measured on the rows released, where l is the distinct l-diversity of the exploitation type
   within the demographic classes.

Plain values in, plain values out (pandas only): no Django here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

WITHHELD = "*"
MISSING_FLAG = -99

AGE_BANDS = ((0, 8, "0--8"), (9, 17, "9--17"), (18, 20, "18--20"), (21, 23, "21--23"), (24, 26, "24--26"),
             (27, 29, "27--29"), (30, 38, "30--38"), (39, 47, "39--47"), (48, 200, "48+"))  # fmt: skip

# Kemendagri province code (first two digits) -> island group.
ISLAND_GROUP = {
    **dict.fromkeys(["11", "12", "13", "14", "15", "16", "17", "18", "19", "21"], "Sumatera"),
    **dict.fromkeys(["31", "32", "33", "34", "35", "36"], "Jawa"),
    **dict.fromkeys(["51", "52", "53"], "Bali dan Nusa Tenggara"),
    **dict.fromkeys(["61", "62", "63", "64", "65"], "Kalimantan"),
    **dict.fromkeys(["71", "72", "73", "74", "75", "76"], "Sulawesi"),
    **dict.fromkeys(["81", "82"], "Maluku"),
    **dict.fromkeys(["91", "92", "93", "94", "95", "96"], "Papua"),
}

# ISO 3166 alpha-2 -> UN M49 sub-region, for the destinations of Indonesian victims (others: "Other").
WORLD_REGION = {
    **dict.fromkeys(["KH", "MM", "LA", "TH", "VN", "PH", "MY", "SG", "BN", "TL", "ID"], "South-eastern Asia"),
    **dict.fromkeys(["CN", "HK", "MO", "TW", "JP", "KR", "KP", "MN"], "Eastern Asia"),
    **dict.fromkeys(["SA", "AE", "QA", "KW", "OM", "BH", "JO", "TR", "IQ", "SY", "YE", "LB", "IL"], "Western Asia"),
    **dict.fromkeys(["IN", "PK", "BD", "LK", "NP", "MV", "IR", "AF"], "Southern Asia"),
    **dict.fromkeys(["AU", "NZ", "PG", "FJ"], "Oceania"),
    **dict.fromkeys(["US", "CA", "MX"], "Northern America"),
}

# Gugus exploitation code -> CTDC flag column.
EXPLOITATION_FLAGS = {
    "forced_labour": "isForcedLabour",
    "fishing_crew": "isForcedLabour",
    "domestic_servitude": "isSlaveryAndPractices",
    "sexual_exploitation": "isSexualExploit",
    "online_child_sexual_exploitation": "isSexualExploit",
    "forced_marriage": "isForcedMarriage",
    "organ_removal": "isOrganRemoval",
    "online_scam": "isOtherExploit",
    "begging": "isOtherExploit",
    "other": "isOtherExploit",
}
EXPLOITATION_COLUMNS = (
    "isForcedLabour", "isSexualExploit", "isOtherExploit", "isSexAndLabour", "isForcedMarriage",
    "isOrganRemoval", "isSlaveryAndPractices",
)  # fmt: skip
BROAD_EXPLOITATION = {
    "isForcedLabour": "Labour", "isSlaveryAndPractices": "Labour", "isSexualExploit": "Sexual",
    "isForcedMarriage": "Other", "isOrganRemoval": "Other", "isOtherExploit": "Other",
}  # fmt: skip

# Means of UU 21/2007 -> CTDC means-of-control flag.
MEANS_FLAGS = {
    "debt_bondage": "meansOfControlDebtBondage",
    "threat": "meansOfControlThreats",
    "force": "meansOfControlPhysicalAbuse",
    "fraud": "meansOfControlFalsePromises",
    "confinement": "meansOfControlRestrictsMovement",
    "forgery": "meansOfControlOther",
    "abduction": "meansOfControlOther",
    "abuse_of_power": "meansOfControlOther",
    "payment": "meansOfControlOther",
}
MEANS_COLUMNS = tuple(dict.fromkeys(MEANS_FLAGS.values()))

DEMOGRAPHIC = ("yearOfRegistration", "gender", "ageBroad", "majorityStatus", "citizenship", "idn_provinceOfOrigin",
               "CountryOfExploitation")  # fmt: skip
COLUMNS = (
    *DEMOGRAPHIC, "idn_victimStatus", *EXPLOITATION_COLUMNS, "typeOfExploitConcatenated", "isAbduction",
    *MEANS_COLUMNS, "meansOfControlConcatenated",
)  # fmt: skip
SENSITIVE = "typeOfExploitConcatenated"


def age_broad(age: int | None) -> str:
    if age is None:
        return ""
    return next(label for low, high, label in AGE_BANDS if low <= age <= high)


@dataclass(frozen=True)
class VictimRecord:
    """What the release is made from: one victim registration, already without identifiers."""

    year: int
    sex: str  # "F", "M" or ""
    age: int | None
    citizenship: str
    province: str  # Kemendagri province code or ""
    province_name: str
    destination: str  # ISO 3166 alpha-2 or ""
    status: str  # "identified" or "suspected"
    exploitation: tuple[str, ...] = ()
    means: tuple[str, ...] = ()


# Each attribute: a function (record, level) -> value; level 0 is CTDC's own level.
def _year(r: VictimRecord, level: int) -> str:
    return [
        str(r.year),
        f"{r.year - r.year % 2}-{r.year - r.year % 2 + 1}",
        f"{r.year - r.year % 5}-{r.year - r.year % 5 + 4}",
        WITHHELD,
    ][level]


def _age(r: VictimRecord, level: int) -> str:
    if level == 0:
        return age_broad(r.age)
    if level == 1:
        return "" if r.age is None else ("0--17" if r.age < 18 else "18+")
    return WITHHELD


def _province(r: VictimRecord, level: int) -> str:
    return [r.province_name, ISLAND_GROUP.get(r.province, "") if r.province else "", WITHHELD][level]


def _country(r: VictimRecord, level: int) -> str:
    return [r.destination, WORLD_REGION.get(r.destination, "Other") if r.destination else "", WITHHELD][level]


def _exploitation(r: VictimRecord, level: int) -> str:
    flags = sorted({EXPLOITATION_FLAGS.get(code, "isOtherExploit") for code in r.exploitation})
    if level == 0:
        return ";".join(flags)
    if level == 1:
        return ";".join(sorted({BROAD_EXPLOITATION[f] for f in flags}))
    return WITHHELD


def _means(r: VictimRecord, level: int) -> str:
    flags = sorted({MEANS_FLAGS[code] for code in r.means if code in MEANS_FLAGS})
    if level == 0:
        return ";".join(flags)
    if level == 1:
        return "any" if flags else "none"
    return WITHHELD


def _sex(r: VictimRecord, level: int) -> str:
    return [{"F": "Female", "M": "Male"}.get(r.sex, ""), WITHHELD][level]


def _citizenship(r: VictimRecord, level: int) -> str:
    return [r.citizenship, WITHHELD][level]


ATTRIBUTES: dict[str, tuple[Callable[[VictimRecord, int], str], int]] = {
    "year": (_year, 3),
    "age": (_age, 2),
    "province": (_province, 2),
    "country": (_country, 2),
    "exploitation": (_exploitation, 2),
    "means": (_means, 2),
    "sex": (_sex, 1),
    "citizenship": (_citizenship, 1),
}
# Tried in this order when two steps are worth as much (the least useful first).
_PREFERENCE = ["means", "country", "province", "year", "citizenship", "age", "exploitation", "sex"]
# What a step costs analysts (the information lost); withholding an attribute costs twice its first step.
_COST = {"means": 1, "citizenship": 1, "country": 2, "province": 2, "year": 2, "exploitation": 3, "age": 3, "sex": 4}


def _step_cost(name: str, level: int) -> float:
    """The cost of taking ``name`` from ``level`` to the next level."""
    last = ATTRIBUTES[name][1]
    return _COST[name] * (2 if level + 1 == last else 1)


@dataclass
class Release:
    """A k-anonymous release and what it took to reach it."""

    frame: pd.DataFrame
    k_requested: int
    k_achieved: int
    l_achieved: int
    rows_in: int
    rows_suppressed: int
    levels: dict[str, int] = field(default_factory=dict)

    def generalisation(self) -> list[str]:
        """What was applied, in words, for the release's notes."""
        words = {
            "year": ["year of registration", "two-year period", "five-year period", "withheld"],
            "age": ["CTDC age bands (ageBroad)", "minor or adult", "withheld"],
            "province": ["province of origin", "island group", "withheld"],
            "country": ["country of exploitation", "world region", "withheld"],
            "exploitation": ["type of exploitation", "broad category", "withheld"],
            "means": ["means of control", "whether any means was recorded", "withheld"],
            "sex": ["gender", "withheld"],
            "citizenship": ["citizenship", "withheld"],
        }
        return [f"{name}: {words[name][level]}" for name, level in self.levels.items()]


def _values(records: list[VictimRecord], levels: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame(
        {name: [fn(r, levels[name]) for r in records] for name, (fn, _) in ATTRIBUTES.items()}
        | {"status": [r.status for r in records]}
    )


def _small(frame: pd.DataFrame, k: int) -> pd.Series:
    """True for each row whose equivalence class (identical in every attribute) has fewer than k rows."""
    sizes = frame.groupby(list(frame.columns), sort=False, dropna=False)[frame.columns[0]].transform("size")
    return sizes < k


def _output(attributes: pd.DataFrame, levels: dict[str, int]) -> pd.DataFrame:
    out = pd.DataFrame(index=attributes.index)
    year = attributes["year"]
    out["yearOfRegistration"] = year
    out["gender"] = attributes["sex"]
    out["ageBroad"] = attributes["age"]
    out["majorityStatus"] = attributes["age"].map(
        lambda v: (
            WITHHELD if v == WITHHELD else "" if v == "" else ("Minor" if v in ("0--8", "9--17", "0--17") else "Adult")
        )
    )
    out["citizenship"] = attributes["citizenship"]
    out["idn_provinceOfOrigin"] = attributes["province"]
    out["CountryOfExploitation"] = attributes["country"]
    out["idn_victimStatus"] = attributes["status"].map({"identified": "Identified", "suspected": "Suspected"})
    exploitation = attributes["exploitation"]
    exact = levels["exploitation"] == 0
    for column in EXPLOITATION_COLUMNS:
        if column == "isSexAndLabour":
            continue
        out[column] = exploitation.map(lambda v, c=column: int(c in v.split(";"))) if exact else MISSING_FLAG
    out["isSexAndLabour"] = (
        exploitation.map(
            lambda v: int("isSexualExploit" in v and ("isForcedLabour" in v or "isSlaveryAndPractices" in v))
        )
        if exact
        else MISSING_FLAG
    )
    out["typeOfExploitConcatenated"] = exploitation
    means = attributes["means"]
    means_exact = levels["means"] == 0
    out["isAbduction"] = MISSING_FLAG  # abduction is one of the "other" means; never released on its own
    for column in MEANS_COLUMNS:
        out[column] = means.map(lambda v, c=column: int(c in v.split(";"))) if means_exact else MISSING_FLAG
    out["meansOfControlConcatenated"] = means
    return out[list(COLUMNS)]


def k_of(frame: pd.DataFrame, columns) -> int:
    """The smallest equivalence class over ``columns`` (0 for an empty frame)."""
    if frame.empty:
        return 0
    return int(frame.groupby(list(columns), sort=False, dropna=False).size().min())


def l_of(frame: pd.DataFrame, columns, sensitive: str) -> int:
    """Distinct l-diversity: the fewest distinct sensitive values in any class over ``columns``."""
    if frame.empty:
        return 0
    return int(frame.groupby(list(columns), sort=False, dropna=False)[sensitive].nunique().min())


def build_release(records: list[VictimRecord], *, k: int = 11, max_suppression: float = 0.05) -> Release:
    """Generalise and suppress ``records`` until every released row is in a class of at least ``k``."""
    if k < 2:
        raise ValueError("k must be at least 2")
    levels = dict.fromkeys(ATTRIBUTES, 0)
    attributes = _values(records, levels)
    allowed = int(len(records) * max_suppression)
    while len(records):
        small = int(_small(attributes, k).sum())
        if small <= allowed:
            break
        best = None
        for name in _PREFERENCE:
            if levels[name] >= ATTRIBUTES[name][1]:
                continue
            trial = attributes.copy()
            trial[name] = [ATTRIBUTES[name][0](r, levels[name] + 1) for r in records]
            worth = (small - int(_small(trial, k).sum())) / _step_cost(name, levels[name])
            if best is None or worth > best[1]:
                best = (name, worth, trial)
        if best is None:
            break
        levels[best[0]] += 1
        attributes = best[2]
    keep = ~_small(attributes, k) if len(records) else pd.Series([], dtype=bool)
    released = _output(attributes[keep].reset_index(drop=True), levels)
    achieved_k = k_of(released, COLUMNS)
    achieved_l = l_of(released, DEMOGRAPHIC, SENSITIVE)
    if len(released) and achieved_k < k:  # cannot happen by construction; never release if it does
        raise AssertionError(f"release reached k={achieved_k} < {k}")
    return Release(
        frame=released,
        k_requested=k,
        k_achieved=achieved_k,
        l_achieved=achieved_l,
        rows_in=len(records),
        rows_suppressed=int((~keep).sum()) if len(records) else 0,
        levels=levels,
    )
