"""The one jurisdiction rule and tier-scoped editing (issue 11), and services that refuse actor=None."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q

from gugus.accounts.actors import system_actor
from gugus.core.errors import NotFound, PermissionDenied
from gugus.organisations.jurisdiction import (
    EVERYTHING,
    NOTHING,
    in_region,
    oversight_region,
    reach_region,
    region_covers,
    task_forces_editable_by,
)
from gugus.organisations.models import Agency, Membership, Region, StructureVersion


def test_region_containment():
    assert [region_covers("21", c) for c in ("21", "21.71", "21.71.01", "2", "31.71")] == [
        True, True, True, False, False,
    ]  # fmt: skip
    assert region_covers("", "32.12") and not region_covers(None, "32.12") and not region_covers("21", None)
    assert in_region("code", "21") == Q(code="21") | Q(code__startswith="21.")
    assert in_region("code", "") == EVERYTHING and in_region("code", None) == NOTHING


@pytest.mark.django_db
def test_oversight_and_reach_of_each_role(users, units):
    assert oversight_region(users["secretariat_national"]) == ""
    assert oversight_region(users["secretariat_regional"]) == "21"
    assert [oversight_region(users[k]) for k in ("case_worker", "supervisor", "analyst", "outsider")] == [None] * 4
    assert oversight_region(system_actor("tests")) == ""
    assert reach_region(users["case_worker@other"]) == "21.71"  # Dinas Sosial Kota Batam
    assert reach_region(users["system_admin"]) == ""
    assert reach_region(users["outsider"]) is None


@pytest.mark.django_db
def test_a_regional_secretariat_never_edits_the_national_task_force(users, national_task_force, province_task_force):
    regional, national = users["secretariat_regional"], users["secretariat_national"]
    assert list(task_forces_editable_by(regional, "organisations.edit")) == [province_task_force]
    assert set(task_forces_editable_by(national, "organisations.edit")) == {national_task_force, province_task_force}
    assert list(task_forces_editable_by(users["case_worker"], "organisations.edit")) == []
    assert list(task_forces_editable_by(regional, "meetings.edit")) == [province_task_force]
    from gugus.organisations.services import membership_add, structure_create

    draft = structure_create(
        actor=national, task_force=national_task_force, key="draft-x", name="Rancangan", status="draft"
    )
    bps = Agency.objects.get(abbreviation="BPS")
    with pytest.raises(NotFound):
        membership_add(actor=regional, structure=draft, agency=bps, position="anggota")
    with pytest.raises(NotFound):
        structure_create(actor=regional, task_force=national_task_force, key="draft-y", name="Y", status="draft")
    assert not Membership.objects.filter(structure=draft).exists()
    assert not StructureVersion.objects.filter(key="draft-y").exists()
    membership_add(actor=national, structure=draft, agency=bps, position="anggota")
    own = structure_create(actor=regional, task_force=province_task_force, key="kepri-x", name="Kepri", status="draft")
    membership_add(actor=regional, structure=own, agency=bps, position="anggota")
    assert Membership.objects.filter(agency=bps).count() == 2


@pytest.mark.django_db
def test_a_regional_secretariat_records_no_national_meeting(users, national_task_force, province_task_force):
    from gugus.meetings.models import Meeting
    from gugus.meetings.services import meeting_create

    common = {"kind": "rakor", "title": "Rakor", "held_on": dt.date(2025, 10, 24), "place": "Batam", "chair": "Ketua"}
    with pytest.raises(NotFound):
        meeting_create(actor=users["secretariat_regional"], task_force=national_task_force, **common)
    assert not Meeting.objects.exists()
    meeting_create(actor=users["secretariat_regional"], task_force=province_task_force, **common)
    assert Meeting.objects.count() == 1


@pytest.mark.django_db
def test_services_refuse_actor_none(reference_data, units):
    from gugus.cases.services import case_open
    from gugus.organisations.services import task_force_create, unit_create

    with pytest.raises(PermissionDenied):
        task_force_create(actor=None, tier="province", region=Region.objects.get(code="32"), name="Jawa Barat")
    with pytest.raises(PermissionDenied):
        unit_create(
            actor=None, code="X", agency=Agency.objects.get(abbreviation="Polri"), name="X", kind="headquarters"
        )
    with pytest.raises(PermissionDenied):
        case_open(actor=None, unit=units["polda"], channel="walk_in", reported_on=dt.date(2025, 3, 1))
