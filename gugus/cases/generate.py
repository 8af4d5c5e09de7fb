"""Seeded synthetic cases that look like the real caseload: scam centres in Cambodia and Myanmar,
migrant domestic workers to Malaysia and the Middle East, online sexual exploitation of children,
fishing crews. Every name, NIK and phone number is invented.

``synthetic_cases`` yields plain dicts (used by the demo through the services); ``cases_generate``
loads many cases fast for benchmarks: it encrypts and indexes every person exactly like the
services do, but writes in bulk and records one audit entry for the whole load.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from gugus.audit.services import audit_record
from gugus.cases.models import Case, CaseCounter, CaseEvent
from gugus.cases.services import case_clean, case_number_format
from gugus.organisations.models import AgencyUnit, Region
from gugus.people.models import CaseRole, PersonToken
from gugus.people.services import person_build, person_clean, person_tokens

FEMALE = ["Siti", "Nur", "Sri", "Dewi", "Putri", "Ayu", "Fitri", "Rina", "Yuni", "Lestari", "Indah", "Ratna", "Dian",
          "Eka", "Aminah", "Fatimah", "Wulandari", "Susanti", "Yanti", "Endang", "Maria", "Theresia", "Ni Luh",
          "Anggraini", "Novita", "Rahayu", "Kartini", "Sumiati", "Maryam", "Aisyah"]  # fmt: skip
MALE = ["Muhammad", "Ahmad", "Budi", "Agus", "Eko", "Joko", "Slamet", "Hendra", "Rizki", "Andi", "Dedi", "Yusuf",
        "Rahman", "Hidayat", "Setiawan", "Santoso", "Wibowo", "Saputra", "Pratama", "Kurniawan", "Nugroho", "Rudi",
        "Yohanes", "Petrus", "Fajar", "Bayu", "Dimas", "Ilham", "Fauzi", "Gede"]  # fmt: skip
FAMILY = ["Hartono", "Susilo", "Siregar", "Nasution", "Simanjuntak", "Lubis", "Manurung", "Wijaya", "Halim",
          "Pardede", "Ndun", "Tefa", "Benu", "Sabu", "Lado", "Ismail", "Hasan", "Kasim", "Umar", "Salim"]  # fmt: skip
COMPANIES = ["PT Maju Jaya Sentosa", "PT Bintang Samudra", "CV Karya Mandiri", "PT Duta Pekerja Global",
             "PT Sinar Harapan Abadi", "Golden Fortune Co.", "Huione Tech Park", "KK Park Trading"]  # fmt: skip


@dataclass(frozen=True)
class Profile:
    """One kind of case: where people come from and go, what happens to them, who reports it."""

    key: str
    weight: int
    exploitation: tuple[str, ...]
    destinations: tuple[str, ...]
    destination_regions: tuple[str, ...]
    origins: tuple[str, ...]
    modus: tuple[str, ...]
    channels: tuple[str, ...]
    units: tuple[str, ...]
    ages: tuple[int, int]
    female_share: float
    transit: tuple[str, ...]
    narrative: str


PROFILES = (
    Profile("scam", 40, ("online_scam",), ("KH", "KH", "MM", "LA", "PH"),
            ("Sihanoukville", "Phnom Penh", "Myawaddy", "Golden Triangle SEZ", "Pasay"),
            ("12.71", "32.12", "35.07", "21.71", "71.71", "32.73", "73.71"),
            ("fake_job_ad", "fake_job_ad", "acquaintance"), ("embassy", "repatriation_list", "hotline"),
            ("KEMENLU-KBRI-KH", "POLRI-POLDA-21", "POLRI-MABES", "POLRI-POLRESTA-21.71"), (19, 35), 0.35,
            ("Batam", "Kuala Lumpur", "Bangkok", "Mae Sot"),
            "Dijanjikan pekerjaan sebagai admin/customer service dengan gaji tinggi; paspor ditahan, "
            "dipaksa menjalankan penipuan daring."),
    Profile("domestic", 30, ("domestic_servitude", "forced_labour"), ("MY", "MY", "SA", "AE", "HK"),
            ("Kuala Lumpur", "Johor Bahru", "Riyadh", "Dubai", "Kowloon"),
            ("53.02", "53.01", "52.01", "32.12", "35.07", "61.01"),
            ("illegal_placement", "debt", "acquaintance"), ("walk_in", "ngo_referral", "embassy", "hotline"),
            ("UPTDPPA-53", "DINSOS-52.01", "DINSOS-32.12", "POLRI-POLDA-53", "POLRI-POLRES-32.12"), (16, 45), 0.92,
            ("Kupang", "Batam", "Entikong", "Jakarta"),
            "Berangkat lewat calo tanpa dokumen resmi; bekerja tanpa libur, gaji tidak dibayar, "
            "dilarang berkomunikasi dengan keluarga."),
    Profile("osec", 15, ("online_child_sexual_exploitation",), ("", "", "PH"), ("", "", ""),
            ("21.71", "32.73", "35.78", "31.74", "12.71"),
            ("online_grooming",), ("online", "police_report", "hotline"),
            ("POLRI-POLDA-21", "UPTDPPA-21", "POLRI-MABES", "POLRI-POLDA-32"), (11, 17), 0.8, (),
            "Korban dihubungi lewat media sosial dan gim daring, dibujuk mengirim gambar, lalu diperas."),
    Profile("fishing", 15, ("fishing_crew", "forced_labour"), ("TW", "KR", "ZA", "PE"),
            ("Kapal berbendera Taiwan", "Busan", "Cape Town", "Callao"),
            ("33.28", "33.27", "33.29", "71.71", "32.12"),
            ("illegal_placement", "debt"), ("repatriation_list", "embassy", "ngo_referral"),
            ("KEMENLU-KBRI-KH", "POLRI-POLDA-32", "POLRI-MABES"), (18, 40), 0.02, ("Singapura", "Kaohsiung"),
            "Direkrut sebagai awak kapal perikanan; kerja 20 jam sehari, kekerasan fisik, gaji dipotong utang."),
)  # fmt: skip


def _pick_profile(rng: random.Random) -> Profile:
    return rng.choices(PROFILES, weights=[p.weight for p in PROFILES])[0]


def _nik(rng: random.Random, district: str, birth: dt.date, female: bool) -> str:
    day = birth.day + (40 if female else 0)
    return f"{district.replace('.', '')}{day:02d}{birth.month:02d}{birth.year % 100:02d}{rng.randint(1, 9999):04d}"


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(["11", "12", "13", "21", "22", "52", "53", "57", "77", "78", "81", "95"])
    return f"08{prefix}{rng.randint(10**7, 10**8 - 1)}"


def _name(rng: random.Random, female: bool) -> str:
    given = rng.choice(FEMALE if female else MALE)
    second = rng.choice(FEMALE if female else MALE)
    if rng.random() < 0.3:
        return f"{given} {second}"
    return f"{given} {second} {rng.choice(FAMILY)}" if rng.random() < 0.5 else f"{given} {rng.choice(FAMILY)}"


class _Districts:
    def __init__(self):
        self.by_regency: dict[str, list[str]] = {}
        for code, parent in Region.objects.filter(level=Region.Level.DISTRICT).values_list("code", "parent_id"):
            self.by_regency.setdefault(parent, []).append(code)

    def pick(self, rng: random.Random, regency: str) -> str | None:
        options = self.by_regency.get(regency)
        return rng.choice(options) if options else None


def _victim(rng, profile: Profile, origin: str, reported_on: dt.date, districts: _Districts) -> dict:
    female = rng.random() < profile.female_share
    age_at_recruitment = rng.randint(*profile.ages)
    recruited_on = reported_on - dt.timedelta(days=rng.randint(30, 400))
    birth = recruited_on - dt.timedelta(days=age_at_recruitment * 365 + rng.randint(1, 360))
    district = districts.pick(rng, origin)
    nik = _nik(rng, district, birth, female) if district and rng.random() < 0.8 else ""
    recorded_birth = birth
    if nik and age_at_recruitment < 18 and rng.random() < 0.5:
        # a child sent abroad on falsified documents: the record says an adult's birth date
        recorded_birth = birth - dt.timedelta(days=3 * 365 + 1)
    return {
        "full_name": _name(rng, female),
        "sex": "P" if female else "L",
        "birth_date": recorded_birth.isoformat(),
        "birth_place": rng.choice(["", origin]),
        "nik": nik,
        "phones": [_phone(rng)] if rng.random() < 0.7 else [],
        "passport_no": f"{rng.choice('ABCX')}{rng.randint(10**6, 10**7 - 1)}" if profile.destinations[0] else "",
        "address_region": origin,
        "age_at_recruitment": age_at_recruitment,
        "recruited_on": recruited_on.isoformat(),
    }


def synthetic_cases(n: int, seed: int = 2025, *, today: dt.date | None = None) -> Iterator[dict]:
    """``n`` synthetic cases: {unit, case fields, victims, suspects, profile}; the same seed, the same cases."""
    rng = random.Random(seed)
    districts = _Districts()
    today = today or dt.date(2025, 6, 30)
    for _ in range(n):
        profile = _pick_profile(rng)
        index = rng.randrange(len(profile.destinations))
        origin = rng.choice(profile.origins)
        reported_on = today - dt.timedelta(days=int(rng.triangular(0, 5 * 365, 60)))
        victims = [_victim(rng, profile, origin, reported_on, districts) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
        suspects = [{"full_name": _name(rng, rng.random() < 0.4), "kind": "individual"}]
        if rng.random() < 0.5:
            suspects.append({"full_name": rng.choice(COMPANIES), "kind": "organisation"})
        yield {
            "profile": profile.key,
            "unit": rng.choice(profile.units),
            "case": {
                "channel": rng.choice(profile.channels),
                "reported_on": reported_on,
                "events_from": min(dt.date.fromisoformat(v["recruited_on"]) for v in victims),
                "exploitation_types": list(profile.exploitation),
                "origin": origin,
                "transit_points": "; ".join(rng.sample(profile.transit, k=min(2, len(profile.transit)))),
                "destination_country": profile.destinations[index],
                "destination_region": profile.destination_regions[index],
                "modus": rng.choice(profile.modus),
                "narrative": profile.narrative,
            },
            "victims": victims,
            "suspects": suspects,
        }


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Many rows at once: COPY on PostgreSQL (the generator's bulk of rows), bulk_create elsewhere."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            sql = f'COPY "{model._meta.db_table}" ({", ".join(columns)}) FROM STDIN'
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        return
    model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=2000)


def cases_generate(
    *, n_cases: int, seed: int = 2025, batch_size: int = 1000, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Load ``n_cases`` synthetic cases in bulk (benchmarks). Units missing from the database are
    replaced by existing units; every person is encrypted and indexed as by the services."""
    units = {u.code: u for u in AgencyUnit.objects.all()}
    if not units:
        raise RuntimeError("no agency units: load the demo organisations first (gugus demo --no-serve)")
    fallback = sorted(units)
    counters = {(c.reporting_unit_id, c.year): c.last for c in CaseCounter.objects.all()}
    regions = {r.code: r for r in Region.objects.all()}
    districts = {code for code, r in regions.items() if r.level == Region.Level.DISTRICT}

    def resolve(text: str):
        # The generator writes codes only; the lookups stay in memory.
        return regions.get(text) if text else None

    made_cases = made_people = 0
    batch: list[dict] = []
    rng_units = random.Random(seed + 1)

    def flush():
        nonlocal made_cases, made_people
        if not batch:
            return
        with transaction.atomic():
            cases, people, roles_spec, events = [], [], [], []
            for item in batch:
                unit = units.get(item["unit"]) or units[rng_units.choice(fallback)]
                clean_case = case_clean(**item["case"], resolve_region=resolve, today=dt.date(2100, 1, 1))
                values = clean_case.values
                year = values["reported_on"].year
                key = (unit.pk, year)
                counters[key] = counters.get(key, 0) + 1
                case = Case(
                    number=case_number_format(unit.code, year, counters[key]),
                    reporting_unit=unit,
                    year=year,
                    sequence=counters[key],
                    status_changed_at=timezone.now(),
                    **{k: v for k, v in values.items() if k != "narrative"},
                    narrative=values["narrative"] or None,
                )
                cases.append(case)
                for role, raw in [("victim", v) for v in item["victims"]] + [("suspect", s) for s in item["suspects"]]:
                    victim_facts = {k: raw.get(k) for k in ("age_at_recruitment", "recruited_on")}
                    fields = {k: v for k, v in raw.items() if k not in victim_facts}
                    person = person_build(
                        person_clean(**fields, district_exists=districts.__contains__, resolve_region=resolve),
                        unit=unit,
                    )
                    people.append(person)
                    roles_spec.append((case, person, role, victim_facts))
            Case.objects.bulk_create(cases, batch_size=batch_size)
            from gugus.people.models import Person

            Person.objects.bulk_create(people, batch_size=batch_size)
            _insert(
                PersonToken,
                ["person_id", "purpose", "digest"],
                [(t.person_id, t.purpose, t.digest) for p in people for t in person_tokens(p)],
            )
            now = timezone.now()
            _insert(
                CaseRole,
                ["uuid", "case_id", "person_id", "role", "age_at_recruitment", "recruited_on", "has_disability",
                 "created_at", "updated_at"],
                [
                    (uuid.uuid4(), case.pk, person.pk, role, facts.get("age_at_recruitment"), facts.get("recruited_on"),
                     False, now, now)
                    for case, person, role, facts in roles_spec
                ],
            )  # fmt: skip
            events = [
                CaseEvent(
                    case=c, at=now, kind=CaseEvent.Kind.IMPORTED, to_status=c.status, data={"source": "generator"}
                )
                for c in cases
            ]
            CaseEvent.objects.bulk_create(events, batch_size=batch_size)
            for (unit_pk, year), last in counters.items():
                CaseCounter.objects.update_or_create(reporting_unit_id=unit_pk, year=year, defaults={"last": last})
            made_cases += len(cases)
            made_people += len(people)
        batch.clear()
        if progress:
            progress(made_cases, n_cases)

    for item in synthetic_cases(n_cases, seed):
        batch.append(item)
        if len(batch) >= batch_size:
            flush()
    flush()
    audit_record(actor=None, action="cases.generate", data={"cases": made_cases, "people": made_people, "seed": seed})
    return {"cases": made_cases, "people": made_people}
