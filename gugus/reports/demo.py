"""Demo data for the dashboards and the reports: a fuller caseload of the last two years, opened,
assessed and moved along through the services, so that every panel and every table of the demo
year's report shows real figures rather than "<5"; and one annual report asked for, which the
worker of ``make demo`` generates."""

from __future__ import annotations

import datetime as dt

from gugus.accounts.models import User
from gugus.cases.demo import CASE_TIMES, DEMO_SUPERVISOR, _assess
from gugus.cases.generate import synthetic_cases
from gugus.cases.models import Case
from gugus.cases.services import case_open, case_transition
from gugus.core.demo import DemoClock
from gugus.organisations.models import AgencyUnit

EXTRA_CASES = 160


def demo_step(*, rng, actor, out) -> None:
    supervisor = User.objects.filter(username=DEMO_SUPERVISOR).select_related("unit").first()
    if supervisor is None or supervisor.unit is None:
        return
    unit: AgencyUnit = supervisor.unit
    if Case.objects.count() >= EXTRA_CASES:
        print(f"reports: caseload already loaded ({Case.objects.count()} cases)", file=out)
        return
    today = dt.date.today()
    seed = rng.randint(0, 10**6)
    clock = DemoClock(CASE_TIMES)
    opened = 0
    for index, item in enumerate(synthetic_cases(EXTRA_CASES * 3, seed=seed, today=today)):
        fields = dict(item["case"])
        # only the last two years: the demo year's report and its comparison
        if fields["reported_on"].year < today.year - 1:
            continue
        result = case_open(actor=actor, unit=unit, victims=item["victims"], source="demo", **fields)
        case = result.case
        # Entered the day it was reported, assessed within days (see gugus.cases.demo).
        clock.stamp(clock.at(case.reported_on, 8 + index % 8, index % 60))
        assessed = case.reported_on + dt.timedelta(days=1 + index % 6)
        stage = index % 5
        if stage in (1, 2, 3):
            _assess(case, supervisor, identified=stage != 1)
            clock.stamp(clock.at(assessed, 10))
            if stage != 1:
                case_transition(actor=supervisor, case=case, to_status="identified")
                clock.stamp(clock.at(assessed, 14))
        elif stage == 4:
            case_transition(actor=actor, case=case, to_status="under_assessment")
            clock.stamp(clock.at(assessed, 10))
        opened += 1
        if opened >= EXTRA_CASES:
            break
    print(f"reports: {opened} more cases of {today.year - 1}–{today.year} opened and assessed", file=out)
    _referrals_for_the_polda(supervisor, out)
    _ask_for_the_annual_report(today.year)


def _referrals_for_the_polda(supervisor: User, out) -> None:
    """Referrals so the Polda's dashboard has work: one it sent three weeks ago that is overdue at
    Dinas Sosial Lombok Barat, and one KBRI Phnom Penh sent it today that waits for its answer."""
    from django.utils import timezone

    from gugus.functions.models import Function
    from gugus.people.models import CaseRole
    from gugus.referrals.demo import STORY_TIMES
    from gugus.referrals.models import Referral
    from gugus.referrals.services import consent_record, referral_send

    units = {u.code: u for u in AgencyUnit.objects.filter(code__in=["DINSOS-52.01", "KEMENLU-KBRI-KH"])}
    functions = {f.code: f for f in Function.objects.filter(code__in=["social_rehabilitation", "investigation"])}
    kbri = User.objects.filter(username="supervisor.kbri.phnompenh").first()
    if len(units) < 2 or len(functions) < 2 or kbri is None:
        return
    if Referral.objects.filter(from_unit=supervisor.unit).exists():
        return
    now = timezone.now()
    clock = DemoClock(STORY_TIMES)
    victim = (
        CaseRole.objects.filter(role="victim", case__reporting_unit=supervisor.unit, assessments__result="identified")
        .order_by("id")
        .first()
    )
    if victim is not None:
        when = now - dt.timedelta(days=21)
        consent = consent_record(
            actor=supervisor,
            victim=victim,
            recipient_unit=units["DINSOS-52.01"],
            function=functions["social_rehabilitation"],
            scope=["identity", "needs"],
            given_on=when.date(),
            method="written",
        )
        referral_send(
            actor=supervisor,
            victim=victim,
            function=functions["social_rehabilitation"],
            to_unit=units["DINSOS-52.01"],
            shares=["identity", "needs"],
            consent=consent,
            message="Mohon rumah aman dan pendampingan.",
            deviation_reason="Korban memilih pulang ke Lombok Barat.",
            now=when,
        )
        clock.stamp(when)
    abroad = CaseRole.objects.filter(role="victim", case__reporting_unit=kbri.unit).order_by("id").first()
    if abroad is not None:
        referral_send(
            actor=kbri,
            victim=abroad,
            function=functions["investigation"],
            to_unit=supervisor.unit,
            shares=["identity", "contact", "case_summary"],
            legal_exception="law_enforcement",
            legal_basis="UU 21/2007 Pasal 28; KUHAP Pasal 7",
            place="21",
            deviation_reason="Perekrut berada di Batam.",
            message="Mohon penyidikan perekrut di Batam.",
            now=now,
        )
    print("reports: two referrals for the Polda's dashboard", file=out)


def _ask_for_the_annual_report(year: int) -> None:
    from gugus.reports.models import ReportRun
    from gugus.reports.services import report_request

    secretariat = User.objects.filter(username="sekretariat.pusat").first()
    if secretariat is None or ReportRun.objects.exists():
        return
    report_request(actor=secretariat, year=year, language="id", fmt="pdf")
