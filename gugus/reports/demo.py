"""Demo data for the dashboards and the reports: a fuller caseload of the last two years, opened,
assessed and moved along through the services, so that every panel and every table of the demo
year's report shows real figures rather than "<5"; and one annual report asked for, which the
worker of ``make demo`` generates."""

from __future__ import annotations

import datetime as dt

from gugus.accounts.models import User
from gugus.cases.demo import DEMO_SUPERVISOR, _assess
from gugus.cases.generate import synthetic_cases
from gugus.cases.models import Case
from gugus.cases.services import case_open, case_transition
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
    opened = 0
    for index, item in enumerate(synthetic_cases(EXTRA_CASES * 3, seed=seed, today=today)):
        fields = dict(item["case"])
        # only the last two years: the demo year's report and its comparison
        if fields["reported_on"].year < today.year - 1:
            continue
        result = case_open(actor=actor, unit=unit, victims=item["victims"], source="demo", **fields)
        case = result.case
        stage = index % 5
        if stage in (1, 2, 3):
            _assess(case, supervisor, identified=stage != 1)
            if stage != 1:
                case_transition(actor=supervisor, case=case, to_status="identified")
        elif stage == 4:
            case_transition(actor=actor, case=case, to_status="under_assessment")
        opened += 1
        if opened >= EXTRA_CASES:
            break
    print(f"reports: {opened} more cases of {today.year - 1}–{today.year} opened and assessed", file=out)
    _ask_for_the_annual_report(today.year)


def _ask_for_the_annual_report(year: int) -> None:
    from gugus.reports.models import ReportRun
    from gugus.reports.services import report_request

    secretariat = User.objects.filter(username="sekretariat.pusat").first()
    if secretariat is None or ReportRun.objects.exists():
        return
    report_request(actor=secretariat, year=year, language="id", fmt="pdf")
