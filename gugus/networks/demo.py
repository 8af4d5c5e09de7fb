"""Demo: a recruiter's phone number joins four cases of three agencies.

"Bu Rina" recruits for scam compounds in Cambodia through one phone number (+62 812 7000 4411),
written differently in each agency's record; two cases also name the same placement agency (PT
Maju Jaya Abadi, once in old spelling) and a broker's bank account receives the victims' fees.
A fifth case shares nothing and stays out of the group. Idempotent."""

from __future__ import annotations

import datetime as dt

from gugus.cases.demo import CASE_TIMES
from gugus.cases.models import Case
from gugus.cases.services import case_open, case_person_add
from gugus.core.demo import DemoClock
from gugus.networks.models import Identifier
from gugus.networks.services import identifier_add
from gugus.organisations.models import AgencyUnit

PHONE = ["+62 812 7000 4411", "0812-7000-4411", "081270004411", "62 812 7000 4411"]
CASES = [
    ("demo-network-1", "POLRI-POLDA-21", "Nur Aini", "5201014402010003", "Rina Marlina", PHONE[0], "PT Maju Jaya"),
    ("demo-network-2", "KEMENLU-KBRI-KH", "Lalu Ahmad Fauzi", "5201011203980001", "Bu Rina", PHONE[1], None),
    ("demo-network-3", "DINSOS-52.01", "Baiq Sulastri", "5201014907000002", "Rina", PHONE[2], "PT. MADJU DJAYA"),
    ("demo-network-4", "KP2MI-BP3MI-52", "Zainal Arifin", "5201010511970005", "Rina M.", PHONE[3], None),
    ("demo-network-5", "POLRI-POLDA-21", "Yohana Bria", "", "Markus Seran", "+62 813 5500 9090", None),
]  # fmt: skip
BANK = ("BRI", "0123-01-000456-50-1")


def demo_step(*, rng, actor, out) -> None:
    units = {u.code: u for u in AgencyUnit.objects.filter(code__in=[c[1] for c in CASES])}
    if len(units) < len({c[1] for c in CASES}) or Case.objects.filter(import_key="demo-network-1").exists():
        return
    today = dt.date.today()
    # Each case entered the day it was reported, with what it names (DemoClock).
    clock = DemoClock([*CASE_TIMES, (Identifier, "created_at")])
    for number, (key, unit_code, victim, nik, recruiter, phone, agency) in enumerate(CASES):
        case = case_open(
            actor=actor,
            unit=units[unit_code],
            victims=[{"full_name": victim, "nik": nik, "address_region": "52.01"}],
            import_key=key,
            source="demo",
            channel="police_report",
            reported_on=today - dt.timedelta(days=200 - 35 * number),
            exploitation_types=["online_scam"],
            modus="fake_job_ad",
            origin="52.01",
            destination_country="KH",
            narrative="Perekrut menawarkan kerja sebagai admin dengan gaji besar lewat WhatsApp.",
        ).case
        suspect, _warnings = case_person_add(
            actor=actor, case=case, role="suspect", full_name=recruiter, sex="P", phones=[phone]
        )
        if number in (0, 3):
            identifier_add(actor=actor, person=suspect.person, kind="bank_account", label=BANK[0], value=BANK[1],
                           unit=units[unit_code])  # fmt: skip
        if agency:
            case_person_add(actor=actor, case=case, role="suspect", kind="organisation", full_name=agency)
        clock.stamp(clock.at(case.reported_on, 9 + number))
    print(f"networks: {len(CASES)} demo cases, four joined by a recruiter's phone number", file=out)
