"""The identity and networks API: permission matrix over every role of both agencies and the
outsider; the intake check's answer; merge and undo."""

import json

import pytest
from django.test import Client

from gugus.accounts.actors import system_actor
from gugus.accounts.roles import ROLE_CAPABILITIES, Role
from gugus.accounts.services import api_token_issue
from gugus.cases.tests.fixtures import NIK_SITI, victim
from gugus.identity.models import IdentityMember, ReviewPair
from gugus.identity.tests.test_views import CASE_SCOPE, NIK_TYPO
from gugus.people.models import CaseRole

pytestmark = pytest.mark.django_db

ALL_USERS = [r.value for r in Role] + [r.value + "@other" for r in Role] + ["outsider"]


def _client(user):
    return Client(
        HTTP_AUTHORIZATION=f"Bearer {api_token_issue(actor=system_actor('tests'), user=user, name='agency system')}"
    )


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def _expected(user_key, capability, scope=None):
    caps = frozenset() if user_key == "outsider" else ROLE_CAPABILITIES[user_key.split("@")[0]]
    if capability not in caps:
        return 403
    if scope is not None and user_key not in scope:
        return 404
    return 200


@pytest.fixture
def world(open_case):
    first = open_case()
    second = open_case(victims=[victim(nik=NIK_TYPO, full_name="SITI AMINAH")])
    return {
        "cases": [first, second],
        "people": [CaseRole.objects.get(case=c).person for c in (first, second)],
        "pair": ReviewPair.objects.get(),
    }


@pytest.mark.parametrize("user_key", ALL_USERS)
def test_endpoint_permission_matrix(user_key, users, world):
    client = _client(users[user_key])
    pair, (a, b) = world["pair"], world["people"]
    group = f"g{min(c.pk for c in world['cases'])}"

    def check(response, expected):
        assert response.status_code == expected, (response.request["PATH_INFO"], user_key)
        if expected in (403, 404):
            assert "Siti" not in response.content.decode() and NIK_SITI not in response.content.decode()

    check(_post(client, "/api/identity/check", {"full_name": "Siti Aminah", "nik": NIK_TYPO}),
          _expected(user_key, "cases.create"))  # fmt: skip
    check(client.get("/api/identity/reviews"), _expected(user_key, "linkage.review"))
    check(client.get(f"/api/identity/people/{a.pk}"), _expected(user_key, "people.view_personal", CASE_SCOPE))
    check(client.get("/api/networks/groups"), _expected(user_key, "networks.view"))
    check(client.get(f"/api/networks/groups/{group}/graph"), _expected(user_key, "networks.view", CASE_SCOPE))
    check(client.get(f"/api/networks/groups/{group}/graphml"), _expected(user_key, "networks.view", CASE_SCOPE))
    merge = _post(client, "/api/identity/merges", {"person_ids": [a.pk, b.pk], "reason": "one NIK digit typed wrong",
                                                   "confirmed": True})  # fmt: skip
    check(merge, _expected(user_key, "linkage.review", CASE_SCOPE))
    if merge.status_code == 200:
        assert IdentityMember.objects.count() == 2
        undone = _post(client, f"/api/identity/merges/{merge.json()['id']}/undo")
        assert undone.status_code == 200 and undone.json()["undone"] is True
        decided = _post(client, f"/api/identity/reviews/{pair.pk}/decide", {"decision": "different"})
        assert decided.json()["status"] == "different"
    else:
        check(_post(client, f"/api/identity/reviews/{pair.pk}/decide", {"decision": "same"}),
              _expected(user_key, "linkage.review", CASE_SCOPE))  # fmt: skip
        assert IdentityMember.objects.count() == 0 and ReviewPair.objects.get().status == "pending"


def test_intake_check_answers_with_evidence(users, world):
    answer = _post(_client(users["case_worker"]), "/api/identity/check",
                   {"full_name": "Siti Aminah", "nik": NIK_TYPO, "birth_date": "1990-05-05"}).json()  # fmt: skip
    first = answer["candidates"][0]
    assert first["band"] == "likely" and first["full_name"] == "Siti Aminah binti Kasim"
    assert {e["field"]: e["level"] for e in first["evidence"]}["nik"] in ("exact", "one_typo")
    other = _post(_client(users["case_worker@other"]), "/api/identity/check",
                  {"full_name": "Siti Aminah", "nik": NIK_TYPO}).json()  # fmt: skip
    # two of Polda's records match: outside scope they are one answer, "held by Polri (its unit)"
    assert [(c["person_id"], c["full_name"], c["agency"]) for c in other["candidates"]] == [(None, None, "Polri")]
