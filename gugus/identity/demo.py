"""Demo: one victim registered by three agencies. KBRI Phnom Penh and Dinas Sosial Lombok Barat
wrote the same woman (a NIK typo, the name in capitals): the intake check queued the pair and
the national secretariat merged them (the merge can be undone on the person page). Polda Kepri
wrote her again from a passport with another birth year: that pair waits in the review queue.
Idempotent."""

from __future__ import annotations

import datetime as dt

from gugus.accounts.models import User
from gugus.cases.demo import CASE_TIMES
from gugus.cases.models import Case
from gugus.cases.services import case_open
from gugus.core.demo import DemoClock
from gugus.identity.models import Identity, Merge, ReviewPair
from gugus.identity.services import review_decide
from gugus.organisations.models import AgencyUnit
from gugus.people.models import CaseRole

NIK = "5201015708990004"  # district 52.01.01 (Lombok Barat), a woman born 17 August 1999
RECORDS = [
    ("demo-identity-1", "KEMENLU-KBRI-KH", {"full_name": "Dewi Lestari binti Suparman", "nik": NIK, "sex": "P",
     "birth_date": "1999-08-17", "phones": ["+62 819 0700 1234"], "passport_no": "C7012345",
     "address_region": "Kab. Lombok Barat"}),
    ("demo-identity-2", "DINSOS-52.01", {"full_name": "DEWI LESTARI", "nik": NIK[:-1] + "9", "sex": "P",
     "birth_date": "17-08-1999", "phones": ["0819-0700-1234"], "address_region": "Lombok Barat"}),
    ("demo-identity-3", "POLRI-POLDA-21", {"full_name": "Dewi Lestari", "sex": "P", "birth_date": "1996-08-17",
     "passport_no": "C7012345", "address_region": "52.01"}),
]  # fmt: skip


def demo_step(*, rng, actor, out) -> None:
    units = {u.code: u for u in AgencyUnit.objects.filter(code__in=[r[1] for r in RECORDS])}
    if len(units) < len(RECORDS) or Case.objects.filter(import_key="demo-identity-1").exists():
        return
    today = dt.date.today()
    # Each record entered the day it was reported; the pair it made was queued then (DemoClock).
    clock = DemoClock([*CASE_TIMES, (ReviewPair, "created_at"), (Identity, "created_at")])
    for number, (key, unit_code, person) in enumerate(RECORDS):
        case_open(
            actor=actor,
            unit=units[unit_code],
            victims=[person],
            import_key=key,
            source="demo",
            channel="embassy" if unit_code.startswith("KEMENLU") else "walk_in",
            reported_on=today - dt.timedelta(days=120 - 30 * number),
            exploitation_types=["online_scam"],
            origin="52.01",
            destination_country="KH",
            narrative="Direkrut lewat iklan kerja di media sosial; dipekerjakan di pusat penipuan daring.",
        )
        clock.stamp(clock.at(today - dt.timedelta(days=120 - 30 * number), 10))
    people = [CaseRole.objects.get(case__import_key=key, role="victim").person_id for key, _u, _p in RECORDS]
    reviewer = User.objects.filter(username="sekretariat.pusat").first()
    first = ReviewPair.objects.filter(person_a_id=people[0], person_b_id=people[1]).first()
    if first is not None and reviewer is not None:
        review_decide(
            actor=reviewer,
            review=first,
            decision="same",
            reason="Demo: same NIK and phone in the embassy's and the police's records.",
            confirmed=True,
        )
        # The secretariat decided two days after the second record came in.
        decided = clock.at(today - dt.timedelta(days=88), 11)
        ReviewPair.objects.filter(pk=first.pk).update(decided_at=decided)
        Merge.objects.filter(reviews=first).update(at=decided)
    print(f"identity: {ReviewPair.objects.count()} pairs to review or decided, one victim merged", file=out)
