"""The case list never counts victims across assessment statuses in one figure."""

import pytest
from django.urls import reverse

from gugus.cases.services import assessment_record
from gugus.cases.tests.fixtures import victim
from gugus.identity.selectors import victim_counts_by_status
from gugus.people.models import CaseRole

pytestmark = pytest.mark.django_db


def _assess(case, actor, result, **extra):
    role = CaseRole.objects.get(case=case, role="victim")
    values = {"act": "unknown", "means": "unknown", "purpose": "unknown", "result": result, "reason": "Awal"}
    if result == "identified":
        values.update(
            act="present", act_kinds=["recruiting"], act_evidence="Direkrut",
            means="present", means_kinds=["fraud"], means_evidence="Ditipu",
            purpose="present", purpose_kinds=["exploitation"], purpose_evidence="Kerja paksa",
        )  # fmt: skip
    return assessment_record(actor=actor, case=case, victim=role, **values, **extra)


def test_statuses_are_counted_apart(open_case, users, client_for):
    supervisor = users["supervisor"]
    open_case(victims=[victim(full_name="Rina", nik="", passport_no="", phones=[])])
    suspected = open_case(victims=[victim(full_name="Dewi", nik="", passport_no="", phones=[])])
    identified = open_case(victims=[victim(full_name="Budi", nik="", passport_no="", phones=[], sex="L")])
    not_victim = open_case(victims=[victim(full_name="Agus", nik="", passport_no="", phones=[], sex="L")])
    _assess(suspected, supervisor, "suspected")
    _assess(identified, supervisor, "identified")
    _assess(not_victim, supervisor, "not_victim")
    rows = victim_counts_by_status(CaseRole.objects.filter(role="victim"))
    assert [(r["status"], r["people"], r["records"]) for r in rows] == [
        ("not_assessed", 1, 1),
        ("suspected", 1, 1),
        ("identified", 1, 1),
        ("not_victim", 1, 1),
    ]
    text = client_for(supervisor).get(reverse("identity:case_count")).content.decode()
    assert 'data-status="suspected" data-people="1" data-records="1"' in text
    assert 'data-status="identified" data-people="1" data-records="1"' in text
    assert "4 people" not in text and "4 orang" not in text
