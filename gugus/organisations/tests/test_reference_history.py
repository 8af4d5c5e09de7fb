"""Renames and splits with their exact dates and legal bases, aliases, names of their own date."""

import datetime as dt
import random
import sys

import pytest
from django.urls import reverse

from gugus.accounts.actors import system_actor
from gugus.meetings import services as meeting_services
from gugus.meetings.models import Meeting
from gugus.organisations.demo import demo_step
from gugus.organisations.models import Agency, AgencySuccession, StructureVersion
from gugus.organisations.selectors import agency_current_names, current_agencies

pytestmark = pytest.mark.django_db


def agency(abbreviation):
    return Agency.objects.get(abbreviation=abbreviation)


def step(predecessor, successor):
    return AgencySuccession.objects.get(predecessor__abbreviation=predecessor, successor__abbreviation=successor)


def test_renames_carry_exact_dates_and_legal_bases(reference_data):
    bp2mi = step("BNP2TKI", "BP2MI")
    assert (bp2mi.on, bp2mi.uncertain) == (dt.date(2019, 12, 31), False)
    assert bp2mi.legal_basis.startswith("Perpres 90/2019")
    assert "30 December 2019" in bp2mi.source
    split = step("Kemenkumham", "Kemenimipas")
    assert (split.kind, split.on, split.uncertain) == ("split", dt.date(2024, 10, 21), False)
    assert split.legal_basis.startswith("Perpres 139/2024")
    knpp = step("KNPP", "KemenPPPA")
    assert (knpp.on, knpp.uncertain) == (dt.date(2009, 11, 3), True)  # marked until checked against JDIH
    assert agency("KNPP").valid_to == dt.date(2009, 11, 2)
    assert agency("KemenPPPA").valid_from == dt.date(2009, 11, 3)
    # No year is ever stored as 1 January.
    assert not Agency.objects.filter(valid_from__month=1, valid_from__day=1).exists()
    assert not AgencySuccession.objects.filter(on__isnull=True).exists()


def test_defunct_agencies_are_not_current(reference_data):
    current = set(current_agencies().values_list("abbreviation", flat=True))
    assert not {"BNP2TKI", "BP2MI", "KNPP", "Kemenkumham", "Depsos", "Kominfo"} & current
    assert {"KP2MI", "KemenPPPA", "Kemensos", "Kemenkum", "Komdigi"} <= current


def test_home_page_counts_only_current_agencies(users, client_for):
    page = client_for(users["system_admin"]).get(reverse("home"))  # the others' home is their work dashboard
    assert page.context["agency_count"] == current_agencies().count()
    assert page.context["agency_count"] == Agency.objects.count() - 20 == 37  # 20 former names


def test_pickers_of_current_agencies_leave_out_defunct_ones(reference_data):
    from gugus.functions.forms import AssignmentForm
    from gugus.meetings.forms import ActionItemForm

    for form in (AssignmentForm(), ActionItemForm()):
        field = form.fields["agency"] if "agency" in form.fields else form.fields["owner_agency"]
        names = set(field.queryset.values_list("abbreviation", flat=True))
        assert "BNP2TKI" not in names and "Kemenkumham" not in names and "KP2MI" in names


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("Kemlu", ["Kemenlu"]),
        ("kejagung", ["Kejaksaan RI"]),
        ("KemenP2MI", ["KP2MI"]),
        ("Kementerian Hukum dan HAM", ["KemenHAM", "Kemenimipas", "Kemenkum"]),
        ("BNP2TKI", ["KP2MI"]),
        ("Departemen Sosial", ["Kemensos"]),
    ],
)
def test_names_are_looked_up_by_alias(reference_data, alias, expected):
    assert [a.abbreviation for a in agency_current_names(alias)] == expected


def test_meeting_in_2009_accepts_knpp(users, national_task_force):
    meeting = meeting_services.meeting_create(
        actor=users["secretariat_national"],
        task_force=national_task_force,
        kind="rakor",
        title="Rakor",
        held_on=dt.date(2009, 6, 1),
        place="Jakarta",
        chair="Menko Kesra",
        participants=[agency("KNPP"), agency("Depsos")],
    )
    assert Meeting.objects.get() == meeting


@pytest.fixture
def demo_structures(reference_data):
    demo_step(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)


def test_69_2008_roster_uses_the_names_of_2008(demo_structures):
    structure = StructureVersion.objects.get(key="69-2008")
    names = set(structure.memberships.values_list("agency__abbreviation", flat=True))
    assert {"Depsos", "Depkes", "Deplu", "Depnakertrans", "Depkumham", "Depdiknas", "Depag", "KNPP"} <= names
    assert not {"Kemensos", "Kemnaker", "Kemenkumham", "Kemendikbudristek"} & names


def test_structure_versions_are_dated_with_their_source(demo_structures):
    perpres_49 = StructureVersion.objects.get(key="49-2023")
    assert (perpres_49.signed_on, perpres_49.effective_from) == (dt.date(2023, 8, 10), dt.date(2023, 8, 10))
    assert "10 August 2023" in perpres_49.source
    assert StructureVersion.objects.get(key="22-2021").effective_to == dt.date(2023, 8, 9)
    assert not StructureVersion.objects.filter(source="").exists()


def test_structure_page_shows_old_name_with_current_beside(users, demo_structures, client_for):
    page = client_for(users["case_worker"]).get(reverse("organisations:structure") + "?version=69-2008")
    html = page.content.decode()
    beside = html.split('data-testid="current-name-Depnakertrans">')[1].split("</small>")[0]
    assert "Kemnaker — Kementerian Ketenagakerjaan" in beside
    source = html.split('data-testid="structure-source">')[1].split("</p>")[0]
    assert "Peraturan Presiden Nomor 69 Tahun 2008" in source


def test_pages_carry_no_team_notes(users, demo_structures, client_for):
    client = client_for(users["case_worker"])
    pages = [
        client.get(reverse("organisations:structure") + f"?version={key}").content.decode()
        for key in ("69-2008", "22-2021", "49-2023", "draft-2025")
    ]
    pages += [
        client.get(reverse("organisations:agency_detail", args=[a.pk])).content.decode() for a in Agency.objects.all()
    ]
    for html in pages:
        for phrase in ("background knowledge", "illustrative", "compiled 2025", "added by Gugus", "assumed"):
            assert phrase not in html.replace('class="badge illustrative"', "")


def test_demo_rakor_is_chaired_by_the_plt_deputi_kamtibmas(demo_structures):
    from gugus.meetings.demo import demo_step as meetings_demo
    from gugus.regulations.models import RevisionStep

    meetings_demo(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)
    rakor = Meeting.objects.get(held_on=dt.date(2025, 10, 24))
    assert rakor.chair == (
        "Plt. Deputi Bidang Koordinasi Keamanan dan Ketertiban Masyarakat (Kamtibmas), Kemenko Polkam"
    )
    step = RevisionStep.objects.get(structure__key="draft-2025")
    assert (step.stage, step.meeting, step.on) == ("rakor_finalised", rakor, rakor.held_on)
