import json

import pytest
from django.test import Client
from django.utils import timezone

from gugus.accounts.actors import system_actor
from gugus.accounts.roles import ROLE_CAPABILITIES, Role
from gugus.accounts.services import api_token_issue
from gugus.referrals.models import Consent, Referral
from gugus.referrals.tests.test_views import NAME, NIK, VISIBLE

pytestmark = pytest.mark.django_db

ROLE_KEYS = [r.value for r in Role] + [r.value + "@other" for r in Role] + ["outsider"]


def caps(key):
    return frozenset() if key == "outsider" else ROLE_CAPABILITIES[key.split("@")[0]]


def _client(user):
    return Client(
        HTTP_AUTHORIZATION=f"Bearer {api_token_issue(actor=system_actor('tests'), user=user, name='agency system')}"
    )


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.mark.parametrize("role_key", ROLE_KEYS)
def test_referral_detail_api_matrix(role_key, users, referral):
    response = _client(users[role_key]).get(f"/api/referrals/{referral.pk}")
    if "referrals.view" not in caps(role_key):
        assert response.status_code == 403
    elif role_key in VISIBLE:
        assert response.status_code == 200
        body = response.json()
        assert body["victim_shared"]["identity"]["full_name"] == NAME
        assert set(body["victim_shared"]) == {"identity", "needs"}
        assert NIK not in response.content.decode()
    else:
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        assert NAME not in response.content.decode()


@pytest.mark.parametrize("role_key", ROLE_KEYS)
def test_accept_api_matrix(role_key, users, referral):
    response = _post(_client(users[role_key]), f"/api/referrals/{referral.pk}/accept", {"version": 1})
    referral.refresh_from_db()
    if "referrals.view" not in caps(role_key) or (role_key in VISIBLE and "referrals.respond" not in caps(role_key)):
        assert response.status_code == 403
    elif role_key in {"supervisor@other", "case_worker@other"}:
        assert response.status_code == 200 and response.json()["status"] == "accepted"
        return
    else:
        assert response.status_code == 404
    assert referral.status == "sent"


def test_send_without_consent_is_refused_then_with_inline_consent_sent(users, units, victim):
    client = _client(users["case_worker"])
    payload = {
        "victim": victim.pk,
        "function": "social_rehabilitation",
        "to_unit": units["dinsos"].code,
        "shares": ["identity", "needs"],
        "place": "21.71",
    }
    refused = _post(client, "/api/referrals/", payload)
    assert refused.status_code == 422
    assert refused.json()["field"] == "consent"
    assert Referral.objects.count() == 0
    sent = _post(client, "/api/referrals/", {**payload, "consent": {"given_on": "2025-03-02", "method": "written"}})
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert (body["status"], body["follows_matrix"], body["proposed_unit"]) == ("sent", True, units["dinsos"].code)
    assert body["seconds_left"] > 6 * 86400
    assert Consent.objects.count() == 1


def test_second_answer_is_a_409_conflict(users, referral):
    assert (
        _post(_client(users["case_worker@other"]), f"/api/referrals/{referral.pk}/accept", {"version": 1}).status_code
        == 200
    )
    second = _post(
        _client(users["supervisor@other"]),
        f"/api/referrals/{referral.pk}/decline",
        {"version": 1, "reason": "no_capacity"},
    )
    assert second.status_code == 409
    assert second.json()["code"] == "conflict"
    assert "case_worker.other" in second.json()["message"]


def test_inbox_outbox_propose_and_notifications(users, units, referral, victim):
    inbox = _client(users["case_worker@other"]).get("/api/referrals/inbox").json()
    assert [r["id"] for r in inbox["items"]] == [referral.pk]
    assert _client(users["case_worker"]).get("/api/referrals/outbox").json()["items"][0]["id"] == referral.pk
    proposal = _post(
        _client(users["case_worker"]),
        "/api/referrals/propose",
        {"victim": victim.pk, "function": "social_rehabilitation", "place": "21.71"},
    ).json()
    assert (proposal["found"], proposal["unit"]) == (True, units["dinsos"].code)
    notes = _client(users["case_worker@other"]).get("/api/referrals/notifications").json()
    assert [(n["kind"], n["referral"], n["read"]) for n in notes] == [("referral_received", referral.pk, False)]
    marked = _post(_client(users["case_worker@other"]), "/api/referrals/notifications/read", {})
    assert marked.json() == {"marked": 1}


def test_services_api_record_restitution_and_journey(users, referral):
    worker = _client(users["case_worker@other"])
    _post(worker, f"/api/referrals/{referral.pk}/accept", {"version": 1})
    shelter = _post(
        worker,
        "/api/services/",
        {"victim": referral.victim_id, "kind": "shelter", "started_on": str(timezone.localdate()), "cost": "4500000"},
    )
    assert shelter.status_code == 201, shelter.content
    assert (shelter.json()["referral"], shelter.json()["cost"]) == (referral.pk, "4500000.00")
    referral.refresh_from_db()
    assert referral.status == "in_progress"  # recording the service begins the referral's service
    journey = worker.get(f"/api/services/journey/{referral.victim_id}").json()
    assert [e["kind"] for e in journey["entries"]] == ["referral", "service"]
    assert journey["full"] is False
    # Other agencies' users and roles without the capability see nothing.
    assert _client(users["analyst"]).get(f"/api/services/journey/{referral.victim_id}").status_code == 403
    assert _client(users["supervisor"]).get(f"/api/services/journey/{referral.victim_id}").json()["full"] is True


def test_oversight_api_only_for_oversee(users, referral):
    assert _client(users["case_worker"]).get("/api/referrals/oversight").status_code == 403
    body = _client(users["secretariat_national"]).get("/api/referrals/oversight").json()
    assert body["referrals"]["by_status"]["sent"] == 1


def test_deadlines_api(users, matrix):
    rows = {r["function"]: r for r in _client(users["case_worker"]).get("/api/referrals/deadlines").json()}
    assert rows["health_rehabilitation"] == {
        "function": "health_rehabilitation",
        "days": 7,
        "remind_days_before": 2,
        "legal_basis": "UU 21/2007 Pasal 52 ayat (1)",
    }
    assert (
        _post(
            _client(users["case_worker"]), "/api/referrals/deadlines", {"function": "investigation", "days": 5}
        ).status_code
        == 403
    )
    assert (
        _post(
            _client(users["secretariat_regional"]), "/api/referrals/deadlines", {"function": "investigation", "days": 5}
        ).status_code
        == 403
    )
    ok = _post(
        _client(users["secretariat_national"]), "/api/referrals/deadlines", {"function": "investigation", "days": 5}
    )
    assert ok.json() == {"function": "investigation", "days": 5, "remind_days_before": 2}
    bad = _post(
        _client(users["secretariat_national"]), "/api/referrals/deadlines", {"function": "investigation", "days": 0}
    )
    assert (bad.status_code, bad.json()["field"]) == (422, "days")
