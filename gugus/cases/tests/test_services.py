import datetime as dt

import pytest

from gugus.audit.models import AuditEntry
from gugus.cases.models import Assessment, Case, CaseEvent
from gugus.cases.services import (
    assessment_record,
    case_number_allocate,
    case_open,
    case_person_add,
    case_transition,
    exploitation_code,
)
from gugus.cases.tests.fixtures import NIK_BUDI, victim
from gugus.core.errors import Conflict, PermissionDenied, ValidationFailed
from gugus.people.models import CaseRole, Person

pytestmark = pytest.mark.django_db


def test_open_numbers_per_unit_and_year(open_case, units, users):
    first = open_case()
    second = open_case()
    next_year = open_case(reported_on=dt.date(2024, 12, 31))
    other_unit = open_case(unit=units["dinsos"], actor=users["supervisor@other"])
    assert first.number == "T-POLDA-21/2025/0001"
    assert second.number == "T-POLDA-21/2025/0002"
    assert next_year.number == "T-POLDA-21/2024/0001"
    assert other_unit.number == "T-DINSOS-21.71/2025/0001"
    assert case_number_allocate(units["polda"], 2025) == 3


def test_open_records_victim_timeline_and_audit(open_case, users):
    case = open_case()
    assert case.status == "reported"
    assert case.exploitation_types == ["online_scam"]
    assert case.origin_region_id == "32.12"
    assert case.destination_country == "KH"
    role = CaseRole.objects.get(case=case)
    assert role.role == "victim"
    person = role.person
    assert person.full_name == "Siti Aminah binti Kasim"
    assert person.sex == "F"
    assert person.phone_list == ["+6281234567890"]
    assert person.passport_no == "C1234567"
    assert person.address_region_id == "32.12"
    assert person.birth_year == 1990
    assert person.nik_warnings == []
    assert list(case.events.values_list("kind", flat=True)) == ["opened"]
    entry = AuditEntry.objects.filter(action="case.open").get()
    assert entry.object_id == str(case.pk)
    assert entry.data == {"number": case.number, "source": "intake", "victims": 1, "warnings": []}
    assert "Siti" not in str(entry.data)


def test_nik_disagreement_warns_but_keeps(users, units):
    opened = case_open(
        actor=users["case_worker"],
        unit=units["polda"],
        channel="hotline",
        reported_on="01/03/2025",
        exploitation_types="Domestic servitude",
        victims=[victim(birth_date="1991-05-05", sex="L")],
    )
    assert sorted(w.code for w in opened.warnings) == ["nik_birth_date_mismatch", "nik_sex_mismatch"]
    assert [w.field for w in opened.warnings] == ["victims.0.nik", "victims.0.nik"]
    person = Person.objects.get()
    assert person.nik == "3212014505900001"
    assert person.nik_warnings == ["nik_birth_date_mismatch", "nik_sex_mismatch"]
    assert opened.case.exploitation_types == ["domestic_servitude"]


@pytest.mark.parametrize(
    ("nik", "code"),
    [("12345", "nik_format"), ("9912014505900001", "nik_unknown_district"), ("3212019905900001", "nik_invalid_date")],
)
def test_bad_nik_refused_and_nothing_written(users, units, nik, code):
    with pytest.raises(ValidationFailed) as error:
        case_open(
            actor=users["case_worker"],
            unit=units["polda"],
            channel="hotline",
            reported_on="2025-03-01",
            exploitation_types=["forced_labour"],
            victims=[victim(nik=nik)],
        )
    assert error.value.field == "victims.0.nik"
    assert error.value.code == code
    assert Case.objects.count() == 0 and Person.objects.count() == 0


def test_unresolved_places_kept_with_warning(users, units):
    opened = case_open(
        actor=users["case_worker"],
        unit=units["polda"],
        channel="walk_in",
        reported_on="2025-03-01",
        exploitation_types=["fishing_crew"],
        origin="Lamsel",
        destination_country="Negeri Antah",
        victims=[victim(address_region="TTS", nik="")],
    )
    assert [w.code for w in opened.warnings] == ["region_unresolved", "country_unresolved", "region_unresolved"]
    case = opened.case
    assert (case.origin_region_id, case.origin_as_written) == (None, "Lamsel")
    assert (case.destination_country, case.destination_as_written) == ("", "Negeri Antah")
    assert Person.objects.get().address_as_written == "TTS"


def test_exploitation_labels_and_codes():
    assert exploitation_code("online_scam") == "online_scam"
    assert exploitation_code("Online scam centre") == "online_scam"
    assert exploitation_code("fishing crew") == "fishing_crew"
    assert exploitation_code("nope") is None


def test_capabilities_checked(users, units):
    with pytest.raises(PermissionDenied):
        case_open(
            actor=users["analyst"],
            unit=units["polda"],
            channel="hotline",
            reported_on="2025-03-01",
            exploitation_types=["other"],
        )


def _assess(case, actor, **overrides):
    role = CaseRole.objects.filter(case=case, role="victim").first()
    values = {
        "act": "present",
        "act_kinds": ["recruiting", "transporting"],
        "act_evidence": "Direkrut lewat Facebook",
        "means": "present",
        "means_kinds": ["fraud"],
        "means_evidence": "Dijanjikan kerja admin",
        "purpose": "present",
        "purpose_kinds": ["exploitation"],
        "purpose_evidence": "Dipaksa menipu 14 jam sehari",
        "result": "identified",
        "reason": "Tiga unsur terpenuhi",
    }
    values.update(overrides)
    return assessment_record(actor=actor, case=case, victim=role, **values)


def test_lifecycle_to_closed(open_case, users):
    case = open_case()
    supervisor = users["supervisor"]
    with pytest.raises(Conflict):
        case_transition(actor=supervisor, case=case, to_status="handling")
    case = case_transition(actor=supervisor, case=case, to_status="under_assessment", note="mulai asesmen")
    with pytest.raises(ValidationFailed):
        case_transition(actor=supervisor, case=case, to_status="identified")
    _assess(case, supervisor)
    case = case_transition(actor=supervisor, case=case, to_status="identified")
    case = case_transition(actor=users["case_worker"], case=case, to_status="handling")
    with pytest.raises(ValidationFailed) as error:
        case_transition(actor=supervisor, case=case, to_status="closed")
    assert error.value.field == "close_reason"
    case = case_transition(actor=supervisor, case=case, to_status="closed", close_reason="services_completed")
    assert case.status == "closed" and case.close_reason == "services_completed"
    timeline = list(case.events.values_list("kind", "from_status", "to_status"))
    assert timeline == [
        ("opened", "", "reported"),
        ("status_changed", "reported", "under_assessment"),
        ("assessment", "", ""),
        ("status_changed", "under_assessment", "identified"),
        ("status_changed", "identified", "handling"),
        ("status_changed", "handling", "closed"),
    ]
    assert CaseEvent.objects.filter(case=case, kind="status_changed").first().note == "mulai asesmen"


def test_not_trafficking_forwarded(open_case, users):
    case = open_case()
    supervisor = users["supervisor"]
    case_transition(actor=supervisor, case=case, to_status="under_assessment")
    with pytest.raises(PermissionDenied):
        case_transition(actor=users["case_worker"], case=case, to_status="not_trafficking")
    case_transition(actor=supervisor, case=case, to_status="not_trafficking")
    with pytest.raises(ValidationFailed):
        case_transition(actor=supervisor, case=case, to_status="forwarded")
    case = case_transition(actor=supervisor, case=case, to_status="forwarded", forwarded_as="smuggling")
    assert (case.status, case.forwarded_as) == ("forwarded", "smuggling")
    with pytest.raises(Conflict):
        case_transition(actor=supervisor, case=case, to_status="closed", close_reason="other")


def test_assessment_child_rule_and_history(open_case, users):
    case = open_case(victims=[victim(birth_date="2008-05-05", nik="3212014505080001", age_at_recruitment=16)])
    supervisor = users["supervisor"]
    with pytest.raises(ValidationFailed) as error:
        _assess(case, supervisor, means="present", means_kinds=[], means_evidence="")
    assert error.value.field == "means_kinds"
    first = _assess(case, supervisor, means="absent", means_kinds=[], means_evidence="", result="suspected")
    assert (first.child_rule_applied, first.elements_met, first.age_at_recruitment) == (True, True, 16)
    second = _assess(case, supervisor, means="absent", means_kinds=[], means_evidence="")
    assert second.result == "identified"
    assert list(Assessment.objects.filter(case=case).order_by("id").values_list("is_current", flat=True)) == [
        False,
        True,
    ]
    assert second.supersedes_id == first.pk
    assert Case.objects.get(pk=case.pk).status == "under_assessment"
    assert second.reason == "Tiga unsur terpenuhi"


def test_adult_without_means_cannot_be_identified(open_case, users):
    case = open_case()
    with pytest.raises(ValidationFailed) as error:
        _assess(case, users["supervisor"], means="absent", means_kinds=[], means_evidence="")
    assert error.value.field == "result"
    with pytest.raises(PermissionDenied):
        _assess(case, users["case_worker"])


def test_person_added_to_case(open_case, users):
    case = open_case()
    role, warnings = case_person_add(
        actor=users["case_worker"],
        case=case,
        role="suspect",
        full_name="PT Maju Jaya Sentosa",
        kind="organisation",
        nik="",
    )
    assert warnings == []
    assert role.person.full_name == "PT Maju Jaya Sentosa"
    witness, _ = case_person_add(
        actor=users["case_worker"], case=case, role="witness", full_name="Budi", nik=NIK_BUDI, birth_date="1985-08-12"
    )
    assert witness.person.nik == NIK_BUDI
    with pytest.raises(Conflict):
        case_person_add(actor=users["case_worker"], case=case, role="witness", person=witness.person)
    assert list(case.events.values_list("kind", flat=True)) == ["opened", "person_added", "person_added"]


def test_nik_from_papua_before_the_split_is_kept_with_a_note(users, units):
    # Issued in Merauke under the 2018-2022 lists (91.01.01); today Merauke is 93.01.01.
    opened = case_open(
        actor=users["case_worker"],
        unit=units["polda"],
        channel="hotline",
        reported_on="2025-03-01",
        exploitation_types=["forced_labour"],
        victims=[victim(nik="9101014505900001")],
    )
    assert [w.code for w in opened.warnings] == ["nik_former_district"]
    person = Person.objects.get()
    assert person.nik == "9101014505900001"
    assert person.nik_warnings == ["nik_former_district"]
    assert person.nik_notes == [
        "The NIK carries the former district code 91.01.01 (Merauke, KAB. MERAUKE), used until the 2022 list; "
        "that place is now 93.01.01 Merauke, Kabupaten Merauke."
    ]


def test_nik_with_serial_0000_refused(users, units):
    with pytest.raises(ValidationFailed) as error:
        case_open(
            actor=users["case_worker"],
            unit=units["polda"],
            channel="hotline",
            reported_on="2025-03-01",
            exploitation_types=["forced_labour"],
            victims=[victim(nik="3212014505900000")],
        )
    assert error.value.code == "nik_invalid_serial"
    assert Person.objects.count() == 0
