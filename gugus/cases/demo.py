"""Demo cases: synthetic cases opened through the services, some assessed and moved along."""

from __future__ import annotations

import datetime as dt

from gugus.accounts.models import User
from gugus.cases.generate import synthetic_cases
from gugus.cases.models import Assessment, Case, CaseEvent
from gugus.cases.services import assessment_record, case_open, case_person_add, case_transition
from gugus.core.demo import DemoClock
from gugus.organisations.models import AgencyUnit
from gugus.people.models import CaseRole, Person

# What the case services stamp with the real "now": the demo moves these to the story's moments.
CASE_TIMES = [
    (Case, "created_at"),
    (Case, "updated_at"),
    (Case, "status_changed_at"),
    (CaseEvent, "at"),
    (Assessment, "decided_at"),
    (Person, "created_at"),
    (Person, "updated_at"),
    (CaseRole, "created_at"),
    (CaseRole, "updated_at"),
]

DEMO_CASES = 40
DEMO_SUPERVISOR = "supervisor.polda.kepri"


def _assess(case: Case, supervisor: User, identified: bool) -> None:
    for victim in CaseRole.objects.filter(case=case, role=CaseRole.Role.VICTIM):
        child = victim.is_child_at_recruitment
        assessment_record(
            actor=supervisor,
            case=case,
            victim=victim,
            act="present",
            act_kinds=["recruiting", "transporting"],
            act_evidence="Keterangan korban dan pesan perekrut (tangkapan layar).",
            means="absent" if child else ("present" if identified else "unknown"),
            means_kinds=[] if child or not identified else ["fraud"],
            means_evidence="" if child or not identified else "Janji gaji dan pekerjaan yang tidak ada.",
            purpose="present" if identified else "unknown",
            purpose_kinds=["exploitation"] if identified else [],
            purpose_evidence="Dipaksa bekerja tanpa upah." if identified else "",
            result="identified" if identified else "suspected",
            reason="Unsur proses, cara dan tujuan terpenuhi." if identified else "Menunggu keterangan lanjutan.",
        )


def demo_step(*, rng, actor, out) -> None:
    units = {u.code: u for u in AgencyUnit.objects.all()}
    if "POLRI-POLDA-21" not in units:
        return
    if Case.objects.filter(reporting_unit__code__in=list(units)).exists():
        print(f"cases: {Case.objects.count()} (already loaded)", file=out)
        return
    supervisor = User.objects.filter(username=DEMO_SUPERVISOR).first()
    today = dt.date.today()
    clock = DemoClock(CASE_TIMES)
    seed = rng.randint(0, 10**6)
    own = 0
    for index, item in enumerate(synthetic_cases(DEMO_CASES, seed=seed, today=today)):
        unit = units.get(item["unit"]) or units["POLRI-POLDA-21"]
        opened = case_open(actor=actor, unit=unit, victims=item["victims"], source="demo", **item["case"])
        case = opened.case
        reported = case.reported_on
        for suspect in item["suspects"]:
            case_person_add(actor=actor, case=case, role="suspect", **suspect)
        # Entered the day it was reported; assessed within days; referred for handling a week on.
        clock.stamp(clock.at(reported, 9 + index % 6, index % 60))
        if supervisor is None or unit.pk != supervisor.unit_id:
            if index % 3 == 0:
                case_transition(actor=actor, case=case, to_status="under_assessment")
                clock.stamp(clock.at(reported + dt.timedelta(days=1), 10))
            continue
        # Cases of the demo supervisor's unit go further along the lifecycle.
        own += 1
        stage = own % 4
        if stage == 0:
            continue
        assessed = reported + dt.timedelta(days=1 + index % 5)
        _assess(case, supervisor, identified=stage >= 2)
        clock.stamp(clock.at(assessed, 11))
        if stage >= 2:
            case_transition(actor=supervisor, case=case, to_status="identified")
            clock.stamp(clock.at(assessed, 15))
        if stage == 3:
            case_transition(actor=supervisor, case=case, to_status="handling", note="Rujukan ke UPTD PPA dan LPSK.")
            clock.stamp(clock.at(assessed + dt.timedelta(days=7), 10))
    print(f"cases: {Case.objects.count()} synthetic cases opened", file=out)
