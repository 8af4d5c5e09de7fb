import datetime as dt

import pytest

from gugus.accounts.actors import system_actor
from gugus.audit.models import AuditEntry
from gugus.core.errors import ValidationFailed
from gugus.organisations.models import Agency, AgencySuccession, Membership, Region, StructureVersion
from gugus.organisations.selectors import agency_current_names, regions_summary, structure_compare
from gugus.organisations.services import (
    agencies_load,
    membership_add,
    regions_load,
    structure_apply_current_names,
    structure_create,
    task_force_create,
    unit_create,
)


@pytest.mark.django_db
def test_regions_complete_and_load_is_idempotent():
    # Loaded once per test database (django_db_setup); loading again changes nothing.
    assert Region.objects.count() == 7837
    assert regions_summary() == [("province", 38), ("regency", 514), ("district", 7285)]
    entries = AuditEntry.objects.count()
    assert regions_load(actor=system_actor("tests")) == {"created": 0, "updated": 0, "total": 7837}
    assert AuditEntry.objects.count() == entries
    indramayu = Region.objects.get(code="32.12")
    assert indramayu.parent_id == "32" and indramayu.level == "regency"
    assert Region.objects.get(code="32.12.01").parent_id == "32.12"


@pytest.mark.django_db
def test_agencies_load_is_idempotent_and_records_history(reference_data):
    count, successions = Agency.objects.count(), AgencySuccession.objects.count()
    assert agencies_load(actor=system_actor("tests"))["created"] == 0
    assert (Agency.objects.count(), AgencySuccession.objects.count()) == (count, successions)
    split = AgencySuccession.objects.filter(predecessor__abbreviation="Kemenkumham")
    assert sorted(s.successor.abbreviation for s in split) == ["KemenHAM", "Kemenimipas", "Kemenkum"]
    assert {s.kind for s in split} == {"split"}
    assert Agency.objects.get(abbreviation="Kemenkumham").valid_to == dt.date(2024, 10, 20)
    assert Agency.objects.get(abbreviation="Kemenkumham").is_current is False
    assert Agency.objects.get(abbreviation="Kemenkum").is_current is True


@pytest.mark.django_db
def test_kemenkumham_today_is_its_three_successors(reference_data):
    names = [a.abbreviation for a in agency_current_names("Kemenkumham")]
    assert names == ["KemenHAM", "Kemenimipas", "Kemenkum"]
    # Before the split it was itself.
    assert [a.abbreviation for a in agency_current_names("kemenkumham", today=dt.date(2023, 1, 1))] == ["Kemenkumham"]
    # By official name, any case; and through two steps (BNP2TKI → BP2MI → KP2MI).
    assert [a.abbreviation for a in agency_current_names("Badan Pelindungan Pekerja Migran Indonesia")] == ["KP2MI"]
    assert [a.abbreviation for a in agency_current_names("BNP2TKI", on=dt.date(2015, 1, 1))] == ["KP2MI"]
    assert [a.abbreviation for a in agency_current_names("Kemenko Polhukam")] == [
        "Kemenko Kumham Imipas",
        "Kemenko Polkam",
    ]
    assert agency_current_names("Kementerian Urusan Fiktif") == []


@pytest.mark.django_db
def test_unit_must_be_in_a_region_or_abroad(reference_data):
    kemenlu = Agency.objects.get(abbreviation="Kemenlu")
    unit = unit_create(
        actor=system_actor("tests"),
        code="KBRI-KH",
        agency=kemenlu,
        name="KBRI Phnom Penh",
        kind="mission_abroad",
        country="kh",
    )
    assert unit.country == "KH" and unit.tier == "national"
    with pytest.raises(ValidationFailed) as error:
        unit_create(actor=system_actor("tests"), code="X", agency=kemenlu, name="X", kind="provincial")
    assert error.value.field == "region"
    with pytest.raises(ValidationFailed) as error:
        unit_create(
            actor=system_actor("tests"), code="Y", agency=kemenlu, name="Y", kind="mission_abroad", country="ZZ"
        )
    assert error.value.field == "country"
    with pytest.raises(ValidationFailed):
        unit_create(
            actor=system_actor("tests"), code="KBRI-KH", agency=kemenlu, name="dup", kind="mission_abroad", country="KH"
        )


@pytest.mark.django_db
def test_task_force_tier_must_match_region(reference_data):
    with pytest.raises(ValidationFailed) as error:
        task_force_create(
            actor=system_actor("tests"), tier="province", region=Region.objects.get(code="32.12"), name="x"
        )
    assert error.value.field == "region"
    tf = task_force_create(
        actor=system_actor("tests"), tier="regency", region=Region.objects.get(code="32.12"), name="GT Indramayu"
    )
    assert tf.tier == "regency"
    with pytest.raises(ValidationFailed):
        task_force_create(
            actor=system_actor("tests"), tier="regency", region=Region.objects.get(code="32.12"), name="again"
        )


def _structure(task_force, key, status, members):
    structure = structure_create(actor=system_actor("tests"), task_force=task_force, key=key, name=key, status=status)
    for abbreviation, position in members:
        membership_add(
            actor=system_actor("tests"),
            structure=structure,
            agency=Agency.objects.get(abbreviation=abbreviation),
            position=position,
            allow_fixed=True,
        )
    return structure


@pytest.mark.django_db
def test_structure_comparison(national_task_force):
    base = _structure(
        national_task_force,
        "base",
        "in_force",
        [
            ("Kemenko Polhukam", "ketua_1"),
            ("Polri", "ketua_harian"),
            ("Kemenkumham", "anggota"),
            ("BP2MI", "anggota"),
            ("Bappenas", "anggota"),
            ("Kemensos", "anggota"),
        ],
    )
    draft = _structure(
        national_task_force,
        "draft",
        "draft",
        [
            ("Kemenko Polkam", "ketua_1"),
            ("Polri", "ketua_harian"),
            ("Polri", "sekretariat"),
            ("Kemenkum", "anggota"),
            ("Kemenimipas", "anggota"),
            ("KP2MI", "anggota"),
            ("Kemensos", "anggota"),
            ("Komdigi", "anggota"),
            ("Kemenparekraf", "anggota"),
        ],
    )
    result = structure_compare(base, draft).as_dict()
    assert result["left"] == ["Bappenas"]
    assert result["joined"] == ["Kemenparekraf", "Komdigi"]
    assert result["renamed"] == [
        {"from": "BP2MI", "to": ["KP2MI"]},
        {"from": "Kemenko Polhukam", "to": ["Kemenko Polkam"]},
        {"from": "Kemenkumham", "to": ["Kemenimipas", "Kemenkum"]},
    ]
    assert result["position_changed"] == [
        {"agency": "Polri", "from": ["ketua_harian"], "to": ["ketua_harian", "sekretariat"]}
    ]
    assert result["outdated_in_draft"] == ["Kemenparekraf"]


@pytest.mark.django_db
def test_apply_current_names_to_a_draft_only(national_task_force):
    fixed = _structure(national_task_force, "fixed", "in_force", [("Kemenkumham", "anggota")])
    with pytest.raises(ValidationFailed):
        structure_apply_current_names(actor=system_actor("tests"), structure=fixed)
    draft = _structure(
        national_task_force,
        "d",
        "draft",
        [("Kemenkumham", "anggota"), ("Kominfo", "anggota"), ("Polri", "ketua_harian")],
    )
    changes = structure_apply_current_names(actor=system_actor("tests"), structure=draft)
    assert changes == [
        {"from": "Kemenkumham", "to": ["KemenHAM", "Kemenimipas", "Kemenkum"], "position": "anggota"},
        {"from": "Kominfo", "to": ["Komdigi"], "position": "anggota"},
    ]
    members = sorted(Membership.objects.filter(structure=draft).values_list("agency__abbreviation", flat=True))
    assert members == ["KemenHAM", "Kemenimipas", "Kemenkum", "Komdigi", "Polri"]
    assert structure_apply_current_names(actor=system_actor("tests"), structure=draft) == []
    assert AuditEntry.objects.filter(action="structure.apply_current_names", object_id=str(draft.pk)).count() == 1


@pytest.mark.django_db
def test_only_one_structure_in_force(national_task_force):
    first = _structure(national_task_force, "a", "in_force", [])
    _structure(national_task_force, "b", "in_force", [])
    first.refresh_from_db()
    assert first.status == StructureVersion.Status.HISTORICAL
