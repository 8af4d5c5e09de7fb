"""Demo: one victim followed from identification abroad to reintegration at home, and an overdue
referral that escalates.

Baiq (a fictitious woman from Lombok Barat, NTB) was recruited through a fake job advertisement
into a scam compound in Sihanoukville. KBRI Phnom Penh identifies her; Bareskrim investigates
(law-enforcement exception); Kemenlu repatriates her; Kemensos shelters her in Jakarta and refers
her to Kemenkes for care; LPSK protects her and claims restitution (ordered, not yet paid: where
restitution stops); Kemensos returns her to Dinas Sosial Lombok Barat, which runs her
reintegration and follows her up for more than three months. A referral from Dinas Sosial to
BP3MI NTB for economic support is never answered and escalates to the task force.

Everything goes through the services, with back-dated moments; what the services stamp with the
real "now" (rows' creation, the assessment, notifications) is then moved to the story's moment
(``DemoClock``; the audit log keeps the seeding's time). Idempotent: nothing is added when
the demo victim's referrals exist.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gugus.accounts.actors import system_actor
from gugus.accounts.models import User
from gugus.accounts.roles import Role
from gugus.accounts.services import user_create
from gugus.assistance import services as assistance
from gugus.assistance.models import Restitution, Service
from gugus.cases.demo import CASE_TIMES
from gugus.cases.services import assessment_record, case_open
from gugus.core.demo import DemoClock, demo_password
from gugus.functions.models import Function
from gugus.organisations.models import AgencyUnit
from gugus.referrals import services
from gugus.referrals.models import Consent, Notification, Referral

# Beside the cases' times, what the referral and assistance services stamp with the real "now".
STORY_TIMES = [
    *CASE_TIMES,
    (Consent, "created_at"),
    (Consent, "updated_at"),
    (Referral, "created_at"),
    (Referral, "updated_at"),
    (Notification, "created_at"),
    (Service, "created_at"),
    (Service, "updated_at"),
    (Restitution, "created_at"),
    (Restitution, "updated_at"),
]

# username: (role, unit code) — the people who act in the demo story, beside gugus.accounts.demo's.
STORY_USERS = {
    "supervisor.kbri.phnompenh": (Role.SUPERVISOR, "KEMENLU-KBRI-KH"),
    "penyidik.bareskrim": (Role.CASE_WORKER, "POLRI-MABES"),
    "petugas.kemensos": (Role.CASE_WORKER, "KEMENSOS-PUSAT"),
    "petugas.kemenkes": (Role.CASE_WORKER, "KEMENKES-PUSAT"),
    "petugas.lpsk": (Role.SUPERVISOR, "LPSK-PUSAT"),
    "petugas.bp3mi.ntb": (Role.CASE_WORKER, "KP2MI-BP3MI-52"),
}
STORY_DAYS = 150  # the story began this many days ago


def _user(username: str, password: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    role, unit_code = STORY_USERS[username]
    return user_create(
        actor=system_actor("demo"),
        username=username,
        password=password,
        role=role,
        unit=AgencyUnit.objects.get(code=unit_code),
    )


def demo_step(*, rng, actor, out) -> None:
    needed = {"KEMENLU-KBRI-KH", "DINSOS-52.01", "KEMENSOS-PUSAT", "LPSK-PUSAT", "KP2MI-BP3MI-52", "POLRI-MABES"}
    units = {u.code: u for u in AgencyUnit.objects.filter(code__in=needed | {"KEMENKES-PUSAT"})}
    if not needed <= set(units) or not Function.objects.filter(code="social_rehabilitation").exists():
        return
    if Referral.objects.filter(from_unit__code="KEMENLU-KBRI-KH").exists():
        print(f"referrals: {Referral.objects.count()} (already loaded)", file=out)
        return
    password = demo_password()
    kbri = User.objects.filter(username="petugas.kbri.phnompenh").first()
    lobar = User.objects.filter(username="petugas.dinsos.lobar").first()
    if kbri is None or lobar is None:
        return
    people = {name: _user(name, password) for name in STORY_USERS}
    kbri_supervisor = people["supervisor.kbri.phnompenh"]
    kemensos, kemenkes, lpsk = people["petugas.kemensos"], people["petugas.kemenkes"], people["petugas.lpsk"]
    bareskrim, bp3mi = people["penyidik.bareskrim"], people["petugas.bp3mi.ntb"]
    fn = {f.code: f for f in Function.objects.all()}

    now = timezone.now()
    start = timezone.localdate() - dt.timedelta(days=STORY_DAYS)
    clock = DemoClock(STORY_TIMES)

    def at(day: int, hour: int = 9) -> dt.datetime:
        return clock.at(start + dt.timedelta(days=day), hour)

    def day(n: int) -> dt.date:
        return start + dt.timedelta(days=n)

    # Day 0: identified at KBRI Phnom Penh.
    case = case_open(
        actor=kbri,
        unit=units["KEMENLU-KBRI-KH"],
        victims=[
            {
                "full_name": "Baiq Nurhayati (demo)",
                "sex": "P",
                "birth_date": "1999-08-17",
                "phones": ["0819-0700-1234"],
                "address_region": "52.01",
                "needs": "Luka ringan, trauma; ingin pulang ke Lombok Barat dan bekerja di kampung.",
            }
        ],
        channel="embassy",
        reported_on=day(0),
        exploitation_types=["online_scam"],
        origin="52.01",
        destination_country="KH",
        destination_region="Sihanoukville",
        modus="fake_job_ad",
        narrative="Direkrut lewat iklan kerja palsu di media sosial; dipaksa menjalankan penipuan daring.",
        source="demo",
    ).case
    clock.stamp(at(0, 8))
    victim = case.roles.get(role="victim")
    assessment_record(
        actor=kbri_supervisor,
        case=case,
        victim=victim,
        act="present",
        act_kinds=["recruiting", "transporting", "harbouring"],
        act_evidence="Tiket dan pesan perekrut.",
        means="present",
        means_kinds=["fraud", "confinement"],
        means_evidence="Dijanjikan kerja admin; paspor ditahan.",
        purpose="present",
        purpose_kinds=["exploitation"],
        purpose_evidence="Dipaksa menipu 14 jam sehari tanpa upah.",
        result="identified",
        reason="Tiga unsur terpenuhi.",
    )
    # Assessed the day she came to the embassy, before anyone is referred or served.
    clock.stamp(at(0, 15))

    def consent(by, to, function, scope, on):
        return services.consent_record(
            actor=by,
            victim=victim,
            recipient_unit=units[to],
            function=fn[function],
            scope=scope,
            given_on=day(on),
            method="written",
        )

    def refer(by, to, function, shares, on, *, with_consent=True, place=None, reason="", **extra):
        referral = services.referral_send(
            actor=by,
            victim=victim,
            function=fn[function],
            to_unit=units[to],
            shares=shares,
            consent=consent(by, to, function, shares, on) if with_consent else None,
            place=place,
            deviation_reason=reason,
            now=at(on),
            **extra,
        )
        clock.stamp(at(on))
        return referral

    def accept_start(user, referral, on, start_on=None):
        services.referral_accept(actor=user, referral=referral, now=at(on, 14))
        clock.stamp(at(on, 14))
        started = services.referral_start(actor=user, referral=referral, now=at(start_on or on, 16))
        clock.stamp(at(start_on or on, 16))
        return started

    def complete(user, referral, on):
        services.referral_complete(actor=user, referral=referral, outcome="delivered", now=at(on))
        clock.stamp(at(on))

    def record(**values):
        service = assistance.service_record(**values)
        clock.stamp(clock.at(values["started_on"], 10))
        return service

    # Day 1: Bareskrim investigates, under the law-enforcement exception.
    investigation = refer(
        kbri,
        "POLRI-MABES",
        "investigation",
        ["identity", "contact", "case_summary"],
        1,
        with_consent=False,
        place="KH",
        legal_exception="law_enforcement",
        legal_basis="UU 21/2007 Pasal 28; KUHAP Pasal 7",
    )
    accept_start(bareskrim, investigation, 2)
    # Days 3-4: KBRI repatriates her (Kemenlu's own service).
    record(
        actor=kbri,
        victim=victim,
        kind="repatriation",
        started_on=day(3),
        ended_on=day(4),
        status="completed",
        outcome="delivered",
        from_country="KH",
        cost="12500000",
    )
    # Day 2: shelter by Kemensos on arrival in Jakarta.
    shelter_referral = refer(
        kbri,
        "KEMENSOS-PUSAT",
        "social_rehabilitation",
        ["identity", "contact", "needs", "case_summary", "journey"],
        2,
        place="KH",
    )
    accept_start(kemensos, shelter_referral, 3, 4)
    record(
        actor=kemensos,
        victim=victim,
        kind="shelter",
        started_on=day(4),
        ended_on=day(25),
        status="completed",
        outcome="delivered",
        cost="6300000",
        referral=shelter_referral,
    )
    # Day 5: Kemensos refers her to Kemenkes for care (no regional unit serves Jakarta in the demo matrix).
    care = refer(
        kemensos,
        "KEMENKES-PUSAT",
        "health_rehabilitation",
        ["identity", "needs"],
        5,
        place="31",
        reason="Dirawat di Jakarta selama di rumah aman Kemensos.",
    )
    accept_start(kemenkes, care, 5, 6)
    record(
        actor=kemenkes,
        victim=victim,
        kind="medical",
        started_on=day(6),
        ended_on=day(10),
        status="completed",
        outcome="delivered",
        cost="1850000",
        referral=care,
    )
    record(
        actor=kemenkes,
        victim=victim,
        kind="psychosocial",
        started_on=day(6),
        ended_on=day(40),
        status="completed",
        outcome="delivered",
        cost="2400000",
        referral=care,
    )
    complete(kemenkes, care, 40)
    # Day 3: LPSK protection; the matrix names two accountable agencies, the sender chose LPSK.
    protection = refer(
        kbri,
        "LPSK-PUSAT",
        "witness_victim_protection",
        ["identity", "contact", "documents", "case_summary"],
        3,
        place="KH",
        reason="Saksi korban dalam penyidikan Bareskrim; LPSK menilai restitusi.",
    )
    accept_start(lpsk, protection, 4, 6)
    record(
        actor=lpsk,
        victim=victim,
        kind="lpsk_protection",
        started_on=day(6),
        referral=protection,
    )
    restitution = assistance.restitution_request(
        actor=lpsk, victim=victim, requested_amount="48000000", requested_on=day(20)
    )
    clock.stamp(at(20))
    # LPSK assesses the amount (UU 31/2014 Pasal 7A) before the prosecutor puts it in the indictment.
    assistance.restitution_advance(actor=lpsk, service=restitution, stage="assessed", amount="48000000", on=day(40))
    clock.stamp(at(40))
    assistance.restitution_advance(actor=lpsk, service=restitution, stage="indicted", amount="48000000", on=day(75))
    clock.stamp(at(75))
    # The court's order (day 118) and the payment are written by the legal track's verdict (legal demo).
    # Day 24: return home to Lombok Barat, then reintegration by Dinas Sosial Lombok Barat.
    going_home = refer(kemensos, "DINSOS-52.01", "return_home", ["identity", "contact", "needs", "journey"], 24)
    accept_start(lobar, going_home, 24, 25)
    record(
        actor=lobar,
        victim=victim,
        kind="return_home",
        started_on=day(25),
        ended_on=day(26),
        status="completed",
        outcome="delivered",
        to_region="52.01",
        cost="2100000",
        referral=going_home,
    )
    complete(lobar, going_home, 26)
    reintegration = refer(
        kemensos,
        "DINSOS-52.01",
        "social_reintegration",
        ["identity", "contact", "needs", "journey"],
        25,
    )
    # Kemensos closes its shelter referral once the onward referrals are out.
    complete(kemensos, shelter_referral, 25)
    accept_start(lobar, reintegration, 26, 30)
    training = record(
        actor=lobar,
        victim=victim,
        kind="vocational_training",
        started_on=day(30),
        ended_on=day(75),
        status="completed",
        outcome="delivered",
        cost="3500000",
        referral=reintegration,
    )
    record(
        actor=lobar,
        victim=victim,
        kind="economic_support",
        started_on=day(80),
        cost="5000000",
        referral=reintegration,
    )
    for offset, situation in ((60, "stable"), (95, "needs_support"), (125, "stable")):
        assistance.follow_up_record(actor=lobar, service=training, on=day(offset), situation=situation)
        clock.stamp(at(offset))
    # Ten days ago: BP3MI NTB is asked for economic support and never answers: overdue, escalated.
    overdue = refer(
        lobar,
        "KP2MI-BP3MI-52",
        "social_reintegration",
        ["identity", "contact"],
        STORY_DAYS - 10,
        reason="Bantuan usaha bagi purna pekerja migran.",
    )
    # The reminder and the escalation happen now, when the deadline job runs: they keep the real time.
    counts = services.referrals_remind_and_escalate(now=now)
    overdue.refresh_from_db()
    print(
        f"referrals: demo victim (case {case.number}) referred to "
        f"{Referral.objects.filter(victim=victim).values('to_unit__agency').distinct().count()} agencies; "
        f"overdue referral #{overdue.pk} escalated to {overdue.escalated_to} "
        f"(reminded {counts['reminded']}, escalated {counts['escalated']}); "
        f"story logins: {', '.join(STORY_USERS)} (demo password)",
        file=out,
    )
    _ = bp3mi, rng, actor
