"""Seeded synthetic repatriation batches (for the demo, the tests and the benchmark): never real people."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

from gugus.cases.generate import FAMILY, FEMALE, MALE, _nik, _phone
from gugus.cases.importer import HEADER

# Roughly what screening at arrival finds in a scam-compound batch.
SCREENING_WEIGHTS = (("victim", 70), ("possible_perpetrator", 6), ("not_a_victim", 14), ("re_recruited", 5), ("", 5))


def synthetic_person(rng: random.Random, districts: list[str]) -> dict:
    """One returnee's columns: name, sex, birth date, NIK of a real district code, phone, passport."""
    female = rng.random() < 0.45
    birth = dt.date(rng.randint(1985, 2004), rng.randint(1, 12), rng.randint(1, 28))
    district = rng.choice(districts)
    given = rng.choice(FEMALE if female else MALE)
    name = f"{given} {rng.choice(FEMALE if female else MALE)} {rng.choice(FAMILY)}"
    return {
        "full_name": name,
        "sex": "P" if female else "L",
        "birth_date": birth.isoformat(),
        "birth_place": "",
        "nik": _nik(rng, district, birth, female),
        "phone": _phone(rng),
        "passport_no": f"{rng.choice('ABCEX')}{rng.randint(1000000, 9999999)}",
        "address_region": ".".join(district.split(".")[:2]),
    }


def batch_csv(
    *,
    seed: int,
    people: int,
    districts: list[str],
    known: list[dict] = (),
    report_date: dt.date = dt.date(2025, 3, 1),
    destination: str = "KH",
    screening: str | None = None,
) -> bytes:
    """A batch file of ``people`` rows; the first ``len(known)`` rows are people already registered
    (their columns as given, written again by another agency: the name in capitals, another phone)."""
    rng = random.Random(seed)
    codes, weights = zip(*SCREENING_WEIGHTS, strict=True)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*HEADER, "screening"])
    for index in range(people):
        if index < len(known):
            person = dict(known[index])
            person["full_name"] = person["full_name"].upper()
            person["phone"] = _phone(rng)
        else:
            person = synthetic_person(rng, districts)
        person.update(
            destination_country=destination, exploitation_type="online_scam", report_date=report_date.isoformat()
        )
        chosen = screening if screening is not None else rng.choices(codes, weights)[0]
        writer.writerow([person.get(column, "") for column in HEADER] + [chosen])
    return out.getvalue().encode()
