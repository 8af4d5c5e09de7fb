"""Demo: a scam compound in Cambodia, a repatriation batch from it, Baiq's investigation to a verdict
with restitution ordered and paid, and a takedown request.

Builds on the referrals demo (Baiq, KBRI Phnom Penh, Bareskrim's accepted investigation referral).
Everything goes through the services, with dates counted back from today. The compound, its
operators and the suspects are fictitious. Idempotent: nothing is added once the compound exists.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gugus.accounts.actors import system_actor
from gugus.accounts.models import User
from gugus.accounts.roles import Role
from gugus.accounts.services import user_create
from gugus.assistance.models import Service
from gugus.cases.models import CaseImport
from gugus.core.demo import DemoClock, demo_password
from gugus.legal import models as legal
from gugus.legal import services
from gugus.legal.generate import batch_csv
from gugus.legal.models import Article, Compound
from gugus.legal.repatriation import repatriation_import
from gugus.organisations.models import AgencyUnit, Region
from gugus.people.models import Person
from gugus.referrals.demo import STORY_TIMES
from gugus.referrals.models import Referral

# Beside the cases', referrals' and services' times, what the legal services stamp with the real "now".
LEGAL_TIMES = [
    *STORY_TIMES,
    (CaseImport, "imported_at"),
    (legal.Investigation, "created_at"),
    (legal.Investigation, "updated_at"),
    (legal.Step, "recorded_at"),
    (legal.Suspect, "created_at"),
    (legal.Suspect, "updated_at"),
    (legal.Charge, "recorded_at"),
    (legal.Verdict, "recorded_at"),
    (legal.Compound, "created_at"),
    (legal.Compound, "updated_at"),
    (legal.CompoundFact, "recorded_at"),
    (legal.CompoundLink, "recorded_at"),
    (legal.RepatriationBatch, "imported_at"),
    (legal.BatchMember, "screened_at"),
    (legal.OnlineItem, "created_at"),
    (legal.OnlineItem, "updated_at"),
    (legal.TakedownRequest, "created_at"),
    (legal.TakedownRequest, "updated_at"),
]

COMPOUND = "Kompleks Teluk Sihanoukville (fiktif)"
STORY_DAYS = 150  # as the referrals demo: Baiq's story began this many days ago


def demo_step(*, rng, actor, out) -> None:
    if Compound.objects.filter(name=COMPOUND).exists():
        print("legal: demo already loaded", file=out)
        return
    referral = (
        Referral.objects.filter(function__code="investigation", to_unit__code="POLRI-MABES")
        .select_related("case")
        .order_by("id")
        .first()
    )
    kbri = User.objects.filter(username="supervisor.kbri.phnompenh").first()
    bareskrim = User.objects.filter(username="penyidik.bareskrim").first()
    kejagung = AgencyUnit.objects.filter(code="KEJAKSAAN-AGUNG").first()
    if referral is None or kbri is None or bareskrim is None or kejagung is None:
        return
    jaksa = User.objects.filter(username="jaksa.kejagung").first() or user_create(
        actor=system_actor("demo"),
        username="jaksa.kejagung",
        password=demo_password(),
        role=Role.CASE_WORKER,
        unit=kejagung,
    )
    start = timezone.localdate() - dt.timedelta(days=STORY_DAYS)

    def day(n: int) -> dt.date:
        return start + dt.timedelta(days=n)

    # Each step is recorded on the day it happened (DemoClock; the audit log keeps the seeding's time).
    clock = DemoClock(LEGAL_TIMES)

    def on(n: int, hour: int = 10) -> None:
        clock.stamp(clock.at(day(n), hour))

    # The compound, its facts with their sources.
    compound = services.compound_create(
        actor=kbri, name=COMPOUND, country="KH", locality="Sihanoukville, Preah Sihanouk", status="active"
    )
    facts = [
        ("company", "Golden Bay Technology Co., Ltd. (fiktif)", "Keterangan korban kepada KBRI Phnom Penh", day(1)),
        ("operator", '"Boss Chen" (fiktif), pengelola lantai 3', "Keterangan korban kepada KBRI Phnom Penh", day(1)),
        ("address", "Jalan Ochheuteal, Sihanoukville (perkiraan)", "Koordinat dari ponsel korban", day(2)),
        ("status", "raided", "Kepolisian Kamboja melalui Atase Polri", day(120)),
    ]
    on(1)
    for kind, value, source, observed_on in facts:
        services.compound_fact_add(
            actor=kbri, compound=compound, kind=kind, value=value, source=source, observed_on=observed_on
        )
        clock.stamp(clock.at(observed_on, 11))
    case = referral.case
    services.compound_link(actor=kbri, compound=compound, case=case, source="Keterangan korban", observed_on=day(1))
    on(1, 12)

    # The batch: 60 people repatriated from the compound after the raid, 3 of them already in Gugus.
    districts = list(
        Region.objects.filter(level=Region.Level.DISTRICT, code__regex=r"^(52|32|33|35|12)\.").values_list(
            "code", flat=True
        )[:300]
    )
    known = []
    for person in Person.objects.exclude(nik=None).filter(kind="individual").order_by("id")[:40]:
        if person.nik and person.birth_date and len(known) < 3:
            known.append({
                "full_name": person.full_name, "sex": {"F": "P", "M": "L"}.get(person.sex, ""),
                "birth_date": person.birth_date, "nik": person.nik, "passport_no": "", "birth_place": "",
                "address_region": person.address_region_id or "",
            })  # fmt: skip
    data = batch_csv(seed=rng.randint(1, 10**6), people=60, districts=districts, known=known, report_date=day(125))
    batch = repatriation_import(
        actor=kbri,
        unit=kbri.unit,
        name="Pemulangan Sihanoukville (demo)",
        data=data,
        filename="demo.csv",
        compound=compound,
    ).batch
    on(125)

    # Baiq's investigation, from the accepted referral to a final verdict with restitution paid.
    track = services.investigation_open(
        actor=bareskrim, case=case, report_number="LP/A/0217/DEMO/Bareskrim", report_date=day(3),
        sprindik_number="SP.Sidik/311/DEMO/Dittipid PPA-PPO", sprindik_date=day(4), referral=referral,
    )  # fmt: skip
    on(4)
    services.articles_load()
    articles = {(a.law, a.number, a.paragraph): a for a in Article.objects.all()}
    rudi = services.suspect_add(
        actor=bareskrim, investigation=track, full_name="Rudi Hartono (demo)", sex="L", status_on=day(6)
    )
    lina = services.suspect_add(
        actor=bareskrim, investigation=track, full_name="Lina Marlina (demo)", sex="P", status_on=day(6)
    )
    services.suspect_add(
        actor=bareskrim, investigation=track, full_name="Boss Chen (demo)", sex="L", status="abroad", status_on=day(6)
    )  # noqa: E501
    for suspect, keys in ((rudi, [("uu_21_2007", "4", ""), ("kuhp", "55", "1")]), (lina, [("uu_18_2017", "81", "")])):
        for key in keys:
            services.charge_add(actor=bareskrim, suspect=suspect, article=articles[key])
    on(6)

    def step(*, on: dt.date, **values) -> None:
        services.step_record(on=on, **values)
        clock.stamp(clock.at(on, 10))

    step(
        actor=bareskrim,
        investigation=track,
        kind="spdp",
        on=day(8),
        reference="B/SPDP/88/DEMO",
        prosecutor_unit=kejagung,
    )
    step(actor=bareskrim, investigation=track, kind="file_sent", on=day(40))
    step(actor=jaksa, investigation=track, kind="file_returned", on=day(46), reference="B-19/E.2/DEMO")
    step(actor=bareskrim, investigation=track, kind="file_sent", on=day(55))
    step(actor=jaksa, investigation=track, kind="p21", on=day(60), reference="B-21/E.2/DEMO")
    step(actor=bareskrim, investigation=track, kind="handover", on=day(66))
    step(actor=jaksa, investigation=track, kind="indictment", on=day(75), reference="PDM-45/JKT.PST/DEMO")
    court = "Pengadilan Negeri Jakarta Pusat"
    # The verdict orders restitution to Baiq: it lands on LPSK's claim for her (referrals demo), if any.
    claim = Service.objects.filter(victim__case=case, kind="restitution").first()
    baiq = claim.victim if claim is not None else case.roles.filter(role="victim").order_by("pk").first()
    verdict = services.verdict_record(
        actor=jaksa, suspect=rudi, court_name=court, decision_number="512/Pid.Sus/DEMO/PN Jkt.Pst", decided_on=day(118),
        outcome="convicted", prison_months=84, fine_idr="200.000.000", restitution_ordered_idr="30.000.000",
        restitution_victim=baiq,
    )  # fmt: skip
    lina_verdict = services.verdict_record(
        actor=jaksa, suspect=lina, court_name=court, decision_number="513/Pid.Sus/DEMO/PN Jkt.Pst", decided_on=day(118),
        outcome="convicted", prison_months=48, fine_idr="100.000.000",
    )  # fmt: skip
    on(118, 15)
    services.verdict_final(actor=jaksa, verdict=verdict, final_on=day(126))
    services.verdict_final(actor=jaksa, verdict=lina_verdict, final_on=day(126))
    on(126)
    services.restitution_paid(actor=jaksa, verdict=verdict, amount="30.000.000", paid_on=day(135))
    on(135)

    # The recruitment advertisement: taken down through Komdigi; the platform asked to preserve it.
    item = services.online_item_add(
        actor=bareskrim, case=case, category="recruitment_ad", platform="Facebook",
        account="Lowongan Admin Kamboja Gaji 15 Juta (demo)", url="https://facebook.example/groups/lowongan-kamboja-demo",
        first_seen_on=day(0),
    )  # fmt: skip
    on(5, 9)
    takedown = services.takedown_send(
        actor=bareskrim,
        item=item,
        kind="takedown",
        recipient="komdigi",
        sent_on=day(5),
        reference="B/77/DEMO/Dittipidsiber",
    )
    on(5)
    services.takedown_answer(actor=bareskrim, request=takedown, outcome="done", answered_on=day(9))
    on(9)
    services.takedown_send(actor=bareskrim, item=item, kind="preservation", recipient="platform", sent_on=day(5))
    on(5, 11)
    print(
        f"legal: compound, batch of {batch.people} ({batch.victims} victims, {batch.possible_perpetrators} possible "
        f"perpetrators, {batch.matched} already in Gugus), investigation {track.report_number} to a final verdict",
        file=out,
    )
