"""The law of the case work: the child rule under both frameworks, presumed children, consent of a
child, deadlines with their own legal basis, restitution's checkpoints, victims never summed."""

import datetime as dt

import pytest
from django.urls import reverse

from gugus.cases.law import National, assess_elements, is_minor_on
from gugus.cases.services import assessment_record
from gugus.core.errors import ValidationFailed
from gugus.people.models import CaseRole

# --- pure rules ----------------------------------------------------------------------------------


def test_adult_with_means_is_met_under_both():
    finding = assess_elements(act="present", means="present", purpose="present", age=25)
    assert (finding.child, finding.palermo_met, finding.national, finding.frameworks_differ) == (
        False,
        True,
        National.MET,
        False,
    )


def test_child_without_means_differs_between_palermo_and_national_law():
    finding = assess_elements(act="present", means="absent", purpose="present", act_kinds=["recruiting"], age=15)
    assert (finding.child, finding.palermo_met, finding.national) == (True, True, National.CONTESTED)
    assert finding.frameworks_differ


def test_child_sent_abroad_without_means_is_pasal_6():
    finding = assess_elements(act="present", means="absent", purpose="present", act_kinds=["sending"], age=16)
    assert finding.national == National.MET_CHILD_SENDING
    assert not finding.frameworks_differ


def test_adult_without_means_is_met_under_neither():
    finding = assess_elements(act="present", means="absent", purpose="present", age=30)
    assert (finding.palermo_met, finding.national) == (False, National.NOT_MET)


def test_uncertain_age_with_reasons_is_treated_as_a_child():
    unknown = assess_elements(act="present", means="unknown", purpose="present", age=None)
    assert (unknown.child, unknown.palermo_met) == (False, False)
    presumed = assess_elements(
        act="present", means="unknown", purpose="present", age=None, child_indicators="Looks 14; school uniform"
    )
    assert (presumed.child, presumed.child_presumed, presumed.palermo_met) == (True, True, True)
    # documents say 19, but there are reasons to believe a child (falsified passport)
    falsified = assess_elements(act="present", means="absent", purpose="present", age=19, child_indicators="x")
    assert falsified.child_presumed


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"birth_date": dt.date(2008, 3, 2)}, True),
        ({"birth_date": dt.date(2007, 3, 1)}, False),
        ({"birth_year": 2007}, True),  # 17 or 18 on that day: treated as a child
        ({"birth_year": 2006}, False),
        ({"age_at_recruitment": 16}, True),
        ({"child_presumed": True}, True),
        ({}, False),
    ],
)
def test_minor_on_a_day(kwargs, expected):
    assert is_minor_on(dt.date(2025, 3, 1), **kwargs) is expected


# --- assessment through the service ----------------------------------------------------------------


def _assess(case, actor, **overrides):
    role = CaseRole.objects.filter(case=case, role="victim").first()
    values = {
        "act": "present",
        "act_kinds": ["recruiting"],
        "act_evidence": "Direkrut lewat Facebook",
        "means": "absent",
        "purpose": "present",
        "purpose_kinds": ["sexual"],
        "purpose_evidence": "Eksploitasi seksual daring",
        "result": "identified",
        "reason": "Anak; tindakan dan tujuan terpenuhi",
    }
    values.update(overrides)
    return assessment_record(actor=actor, case=case, victim=role, **values)


@pytest.mark.django_db
def test_child_assessment_records_both_findings_and_shows_the_flag(open_case, users, client_for):
    case = open_case()
    assessment = _assess(case, users["supervisor"], age_at_recruitment=15)
    assert (assessment.elements_met, assessment.national_finding, assessment.frameworks_differ) == (
        True,
        "contested",
        True,
    )
    page = client_for(users["supervisor"]).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="frameworks-differ"' in page
    assert 'data-testid="national-finding">Diperdebatkan' in page


@pytest.mark.django_db
def test_presumed_child_is_identified_without_means_and_flagged(open_case, users, client_for):
    case = open_case()
    with pytest.raises(ValidationFailed):
        _assess(case, users["supervisor"])  # age unknown, no reasons: an adult needs the means
    assessment = _assess(case, users["supervisor"], child_indicators="Tampak berusia 14 tahun; masih SMP")
    assert (assessment.child_rule_applied, assessment.child_presumed, assessment.result) == (True, True, "identified")
    assert assessment.child_indicators == "Tampak berusia 14 tahun; masih SMP"
    page = client_for(users["supervisor"]).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="child-presumed"' in page
