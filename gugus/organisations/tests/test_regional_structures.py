"""Regional task forces have their own structures: regional units as members, sub-task-forces and an
authority matrix at their tier, edited by their own secretariat only."""

import random
import sys

import pytest
from django.urls import reverse

from gugus.accounts.actors import system_actor
from gugus.core.errors import NotFound, PermissionDenied, ValidationFailed
from gugus.organisations.models import Agency, AgencyUnit, Membership, StructureVersion, TaskForce
from gugus.organisations.services import membership_add, membership_remove, structure_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def regional_demo(users):
    from gugus.functions.services import catalogue_load
    from gugus.organisations.demo import demo_step as organisations_demo
    from gugus.organisations.regional_demo import demo_step

    organisations_demo(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)
    catalogue_load(actor=system_actor("tests"))
    demo_step(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)
    demo_step(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)  # idempotent


def test_province_and_regency_have_their_own_structures(regional_demo):
    for code, tier, key, members in (("35", "province", "pergub-35", 9), ("32.12", "regency", "perbup-32-12", 9)):
        task_force = TaskForce.objects.get(region_id=code)
        structure = StructureVersion.objects.get(task_force=task_force)
        assert (structure.key, structure.status) == (key, "in_force")
        assert structure.signed_on is not None and "Contoh data demo" in structure.source
        memberships = list(structure.memberships.select_related("unit"))
        assert len(memberships) == members
        assert all(m.unit is not None and m.unit.region_id.startswith(code) for m in memberships)
        assert structure.sub_task_forces.count() == 3
        assert set(structure.assignments.values_list("tier", flat=True)) == {tier}
    jatim = StructureVersion.objects.get(key="pergub-35")
    assert jatim.memberships.get(position="ketua_harian").unit.name == "Dinas PPPA Provinsi Jawa Timur"


def test_regional_page_shows_its_own_structure(regional_demo, users, client_for):
    jatim = TaskForce.objects.get(region_id="35")
    page = client_for(users["analyst"]).get(reverse("organisations:structure") + f"?task_force={jatim.pk}")
    html = page.content.decode()
    assert 'data-version="pergub-35"' in html
    assert 'data-testid="task-force-name">Gugus Tugas PP-TPPO Provinsi Jawa Timur' in html
    assert 'data-unit="DINSOS-35"' in html and 'data-unit="POLRI-POLDA-35"' in html
    matrix = html.split('data-testid="regional-matrix"')[1].split("</section>")[0]
    assert "Dinas Sosial" in matrix and "Sub Gugus Tugas Penegakan Hukum" in matrix
    assert client_for(users["analyst"]).get(reverse("organisations:structure") + "?task_force=x").status_code == 404


@pytest.fixture
def kepri_draft(users, province_task_force):
    return structure_create(
        actor=system_actor("tests"),
        task_force=province_task_force,
        key="draft-kepri",
        name="Rancangan SK",
        status="draft",
    )


def test_only_its_own_secretariat_edits_a_regional_structure(users, units, kepri_draft):
    polda = units["polda"]  # Polda Kepulauan Riau, in the province
    for role in ("secretariat_national", "system_admin", "case_worker"):
        with pytest.raises((NotFound, PermissionDenied)):
            membership_add(
                actor=users[role], structure=kepri_draft, agency=polda.agency, unit=polda, position="anggota"
            )
    member = membership_add(
        actor=users["secretariat_regional"], structure=kepri_draft, agency=polda.agency, unit=polda, position="anggota"
    )
    assert (member.unit, member.agency) == (polda, polda.agency)
    with pytest.raises(NotFound):
        membership_remove(actor=users["secretariat_national"], membership=member)
    membership_remove(actor=users["secretariat_regional"], membership=member)
    assert not Membership.objects.filter(structure=kepri_draft).exists()


def test_a_member_unit_must_be_in_the_region(users, kepri_draft):
    from gugus.organisations.models import Region
    from gugus.organisations.services import unit_create

    outside = unit_create(
        actor=system_actor("tests"),
        code="DINSOS-TEST-35",
        agency=Agency.objects.get(abbreviation="Dinas Sosial"),
        name="Dinas Sosial Provinsi Jawa Timur (uji)",
        kind="provincial",
        region=Region.objects.get(code="35"),
    )
    with pytest.raises(ValidationFailed) as error:
        membership_add(
            actor=users["secretariat_regional"],
            structure=kepri_draft,
            agency=outside.agency,
            unit=outside,
            position="anggota",
        )
    assert error.value.field == "unit"
    assert AgencyUnit.objects.filter(code="DINSOS-TEST-35").exists()
