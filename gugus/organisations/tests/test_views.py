import pytest
from django.urls import reverse

from gugus.accounts.actors import system_actor
from gugus.accounts.roles import ROLE_CAPABILITIES, Role
from gugus.organisations.demo import demo_step
from gugus.organisations.models import Membership, StructureVersion

PAGES = [
    ("organisations:structure", {}, "organisations.view"),
    ("organisations:structure_compare", {}, "organisations.view"),
    ("organisations:agencies", {}, "organisations.view"),
    ("organisations:coverage", {}, "organisations.view"),
    ("home", {}, "shell.view"),
]


@pytest.fixture
def demo_structures(reference_data):
    import random
    import sys

    demo_step(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in Role] + ["outsider", "anonymous"])
def test_page_permission_matrix(role, users, demo_structures, client_for):
    user = None if role == "anonymous" else users[role]
    client = client_for(user)
    for name, kwargs, capability in PAGES:
        response = client.get(reverse(name, kwargs=kwargs))
        allowed = role not in ("outsider", "anonymous") and capability in ROLE_CAPABILITIES[role]
        if role == "anonymous":
            assert response.status_code == 302, name
        else:
            assert response.status_code == (200 if allowed else 403), (name, role)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_apply_current_names_requires_edit(role, users, demo_structures, client_for):
    draft = StructureVersion.objects.get(key="draft-2025")
    before = sorted(Membership.objects.filter(structure=draft).values_list("agency__abbreviation", flat=True))
    response = client_for(users[role]).post(reverse("organisations:structure_apply_current_names", args=[draft.pk]))
    after = sorted(Membership.objects.filter(structure=draft).values_list("agency__abbreviation", flat=True))
    if role == "secretariat_regional":  # a provincial secretariat never edits the national structure
        assert response.status_code == 404
        assert before == after
    elif "organisations.edit" in ROLE_CAPABILITIES[role]:
        assert response.status_code == 302
        assert "Kemenparekraf" in before and "Kemenparekraf" not in after
        assert {"Kemenpar", "Kemenekraf"} <= set(after)
    else:
        assert response.status_code == 403
        assert before == after


@pytest.mark.django_db
def test_structure_page_shows_version_and_outdated_badges(users, demo_structures, client_for):
    client = client_for(users["case_worker"])
    page = client.get(reverse("organisations:structure") + "?version=49-2023").content.decode()
    assert 'data-version="49-2023"' in page
    assert 'data-agency="Kemenkumham"' in page
    assert page.count("badge outdated") >= 4  # Kemenko Polhukam, BP2MI, Kemenkumham, Kominfo, ...
    assert client.get(reverse("organisations:structure") + "?version=nope").status_code == 404


@pytest.mark.django_db
def test_compare_page_lists_changes(users, demo_structures, client_for):
    page = (
        client_for(users["analyst"])
        .get(reverse("organisations:structure_compare") + "?base=49-2023&draft=draft-2025")
        .content.decode()
    )
    assert "Kemenkumham → Kemenimipas, Kemenkum" in page
    assert "BP2MI → KP2MI" in page


@pytest.mark.django_db
def test_agency_search_answers_current_names(users, client_for, reference_data):
    page = client_for(users["auditor"]).get(reverse("organisations:agencies") + "?q=Kemenkumham").content.decode()
    resolved = page.split('data-testid="resolved"')[1].split("</article>")[0]
    assert "KemenHAM" in resolved and "Kemenimipas" in resolved and "Kemenkum" in resolved


@pytest.mark.django_db
def test_coverage_counts(users, demo_structures, client_for):
    page = client_for(users["analyst"]).get(reverse("organisations:coverage")).content.decode()
    assert page.count('class="formed"') == 8
    assert page.count("<rect") == 38


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_add_and_remove_member_of_a_draft(role, users, demo_structures, client_for):
    from gugus.audit.models import AuditEntry
    from gugus.organisations.models import Agency

    client = client_for(users[role])
    draft = StructureVersion.objects.get(key="draft-2025")
    bps = Agency.objects.get(abbreviation="BPS")
    response = client.post(
        reverse("organisations:membership_add", args=[draft.pk]), {"agency": bps.pk, "position": "anggota"}
    )
    added = Membership.objects.filter(structure=draft, agency=bps).first()
    if "organisations.edit" not in ROLE_CAPABILITIES[role]:
        assert response.status_code == 403 and added is None
        return
    if role == "secretariat_regional":  # Kepri's secretariat: the national draft is not its own
        assert response.status_code == 404 and added is None
        return
    assert response.status_code == 302 and added is not None
    assert AuditEntry.objects.filter(action="membership.add", object_id=str(added.pk)).count() == 1
    response = client.post(reverse("organisations:membership_remove", args=[added.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(structure=draft, agency=bps).exists()


@pytest.mark.django_db
def test_members_of_a_regulation_in_force_cannot_be_removed(users, demo_structures, client_for):
    in_force = Membership.objects.filter(structure__key="49-2023").first()
    client = client_for(users["secretariat_national"])
    response = client.post(reverse("organisations:membership_remove", args=[in_force.pk]), follow=True)
    assert Membership.objects.filter(pk=in_force.pk).exists()
    assert "Hanya struktur rancangan yang dapat diubah" in response.content.decode()


@pytest.mark.django_db
def test_structure_and_compare_pages_query_counts(users, demo_structures, client_for, django_assert_max_num_queries):
    client = client_for(users["analyst"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("organisations:structure") + "?version=49-2023").status_code == 200
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("organisations:structure_compare") + "?base=49-2023&draft=draft-2025").status_code == 200
        )
