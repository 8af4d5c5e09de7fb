"""Permission matrix of every identity and networks page and endpoint: every role in both
agencies, the outsider and anonymous; out of scope answers 404 with an empty body, a missing
capability 403, and nothing changes."""

import pytest
from django.urls import reverse

from gugus.accounts.actors import system_actor
from gugus.accounts.roles import ROLE_CAPABILITIES, Role
from gugus.cases.tests.fixtures import NIK_SITI, victim
from gugus.identity import services
from gugus.identity.models import IdentityMember, Merge, ReviewPair
from gugus.networks.models import Identifier
from gugus.networks.selectors import network_of
from gugus.people.models import CaseRole

pytestmark = pytest.mark.django_db

ALL_USERS = [r.value for r in Role] + [r.value + "@other" for r in Role] + ["outsider", "anonymous"]
# Who sees the Polda cases (gugus/cases/tests/test_access.py).
CASE_SCOPE = {"supervisor", "case_worker", "secretariat_national", "secretariat_regional"} | {
    "secretariat_national@other",
    "secretariat_regional@other",
}
NIK_TYPO = NIK_SITI[:-1] + "7"


def _caps(user_key):
    if user_key in ("outsider", "anonymous"):
        return frozenset()
    return ROLE_CAPABILITIES[user_key.split("@")[0]]


def _expected(user_key, capability, scope=None):
    if user_key == "anonymous":
        return 302
    if capability not in _caps(user_key):
        return 403
    if scope is not None and user_key not in scope:
        return 404
    return 200


@pytest.fixture
def world(open_case, users):
    """Two Polda cases whose victims are probably one person (queued for review) sharing a phone."""
    first = open_case()
    second = open_case(victims=[victim(nik=NIK_TYPO, full_name="SITI AMINAH")])
    a = CaseRole.objects.get(case=first).person
    b = CaseRole.objects.get(case=second).person
    return {"cases": [first, second], "people": [a, b], "pair": ReviewPair.objects.get()}


@pytest.mark.parametrize("user_key", ALL_USERS)
def test_page_permission_matrix(user_key, users, world, client_for):
    client = client_for(None if user_key == "anonymous" else users[user_key])
    person = world["people"][0]
    group = network_of(users["secretariat_national"]).groups[0]
    assert group.cases == sorted(c.pk for c in world["cases"])
    pages = [
        (reverse("identity:reviews"), "linkage.review", None),
        (reverse("identity:review", args=[world["pair"].pk]), "linkage.review", CASE_SCOPE),
        (reverse("identity:person", args=[person.pk]), "people.view_personal", CASE_SCOPE),
        (reverse("identity:case_count"), "cases.view", None),
        (reverse("networks:list"), "networks.view", None),
        (reverse("networks:group", args=[group.key]), "networks.view", CASE_SCOPE),
        (reverse("networks:graph", args=[group.key]), "networks.view", CASE_SCOPE),
        (reverse("networks:export") + f"?group={group.key}", "networks.view", CASE_SCOPE),
        (reverse("networks:identifier_add", args=[person.pk]), "cases.edit", CASE_SCOPE),
    ]
    for url, capability, scope in pages:
        response = client.get(url)
        expected = _expected(user_key, capability, scope)
        if url.endswith("/identifiers/add/") and expected == 200 and user_key.startswith("secretariat"):
            expected = 403  # sees the person, edits no case
        assert response.status_code == expected, (url, user_key)
        body = response.content.decode()
        if expected == 404:
            assert 'data-testid="not-found"' in body
        if expected != 200:
            assert "Siti" not in body and "SITI" not in body and NIK_SITI not in body
            assert world["cases"][0].number not in body


@pytest.mark.parametrize("user_key", ALL_USERS)
def test_write_permission_matrix(user_key, users, world, client_for):
    client = client_for(None if user_key == "anonymous" else users[user_key])
    pair = world["pair"]
    merge = services.identity_merge(actor=system_actor("tests"), persons=[world["people"][0], world["people"][1]])
    before = (
        ReviewPair.objects.get().status,
        IdentityMember.objects.count(),
        Merge.objects.filter(undone_at=None).count(),
    )

    response = client.post(reverse("identity:merge_undo", args=[merge.pk]))
    expected = _expected(user_key, "linkage.review", CASE_SCOPE)
    assert response.status_code == (302 if expected == 200 else expected), user_key
    if expected == 200:
        assert IdentityMember.objects.count() == 0
        response = client.post(reverse("identity:review", args=[pair.pk]), {"decision": "different"})
        assert response.status_code == 302
        assert ReviewPair.objects.get().status == "different"
        return
    assert b'data-testid="not-found"' in response.content or response.status_code in (302, 403)
    response = client.post(reverse("identity:review", args=[pair.pk]), {"decision": "same"})
    assert response.status_code == expected
    response = client.post(reverse("identity:person_merge", args=[world["people"][0].pk]), {"other": "0"})
    assert response.status_code == expected
    response = client.post(
        reverse("networks:identifier_add", args=[world["people"][0].pk]),
        {"kind": "bank_account", "label": "BRI", "value": "0123456789"},
    )
    may_edit = user_key == "case_worker"  # edits the Polda cases; records identifiers, merges nothing
    assert response.status_code == (302 if may_edit else _expected(user_key, "cases.edit", CASE_SCOPE) if
                                    not user_key.startswith("secretariat") else 403)  # fmt: skip
    assert Identifier.objects.count() == (1 if may_edit else 0)
    assert (ReviewPair.objects.get().status, IdentityMember.objects.count(),
            Merge.objects.filter(undone_at=None).count()) == before  # fmt: skip


@pytest.mark.parametrize("user_key", ALL_USERS)
def test_intake_check_matrix(user_key, users, world, client_for):
    client = client_for(None if user_key == "anonymous" else users[user_key])
    response = client.post(
        reverse("identity:check"), {"_prefix": "victim", "victim-full_name": "Siti Aminah", "victim-nik": NIK_TYPO}
    )
    expected = _expected(user_key, "cases.create")
    assert response.status_code == expected
    body = response.content.decode()
    if expected != 200:
        assert "Siti" not in body
        return
    # outside scope, Polda's two records are one answer: "a possible match is held by Polri (its unit)"
    assert body.count('data-testid="identity-match"') == (2 if user_key in CASE_SCOPE else 1)
    if user_key in CASE_SCOPE:
        assert "Siti Aminah binti Kasim" in body
    else:  # the other agency's user learns that Polri holds a record, never whose
        assert "Siti Aminah binti Kasim" not in body and "Polri" in body


def test_person_section_shows_golden_record_and_undo_for_reviewers(users, world, client_for):
    services.review_decide(
        actor=users["supervisor"], review=world["pair"], decision="same", reason="one NIK digit", confirmed=True
    )
    body = client_for(users["supervisor"]).get(reverse("identity:person", args=[world["people"][0].pk])).content
    text = body.decode()
    assert 'data-testid="golden-record"' in text and 'data-testid="undo-merge"' in text
    assert text.count('data-testid="source-agency"') >= 9
    body = client_for(users["case_worker"]).get(reverse("identity:person", args=[world["people"][0].pk])).content
    assert b'data-testid="undo-merge"' not in body


def test_case_list_counts_people_not_records(users, world, client_for):
    client = client_for(users["supervisor"])
    text = client.get(reverse("identity:case_count")).content.decode()
    assert 'data-people="2" data-records="2"' in text
    services.identity_merge(actor=system_actor("tests"), persons=world["people"])
    text = client.get(reverse("identity:case_count")).content.decode()
    assert 'data-people="1" data-records="2"' in text


def test_graphml_export_lists_the_group(users, world, client_for):
    group = network_of(users["supervisor"]).groups[0]
    response = client_for(users["supervisor"]).get(reverse("networks:export") + f"?group={group.key}")
    assert response["Content-Type"] == "application/graphml+xml"
    text = response.content.decode()
    assert text.count("<node ") == 2 + 2 + 1  # two cases, two victims, their shared phone
    assert world["cases"][0].number in text
