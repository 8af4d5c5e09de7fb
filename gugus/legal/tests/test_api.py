"""The legal track's API: the same scope as the pages, the same services behind the writes."""

import json

import pytest
from django.test import Client

from gugus.accounts.actors import system_actor
from gugus.accounts.services import api_token_issue

pytestmark = pytest.mark.django_db


def _client(user):
    token = api_token_issue(actor=system_actor("tests"), user=user, name="agency system")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_track_read_and_step_write(track, users):
    polda = _client(users["case_worker"])
    body = polda.get(f"/api/legal/tracks/{track.pk}").json()
    assert (body["stage"], [s["kind"] for s in body["steps"]]) == ("investigating", ["police_report", "sprindik"])
    source = "KUHAP Pasal 109 ayat (1) jo. Putusan MK 130/PUU-XIII/2015"
    assert body["deadlines"] == [{"after": "sprindik", "due_on": "2025-03-12", "source": source, "met_on": None}]
    created = polda.post(
        f"/api/legal/tracks/{track.pk}/steps",
        json.dumps({"kind": "sp3", "on": "2025-04-01"}),
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["stage"] == "stopped"
    other = _client(users["case_worker@other"])
    assert other.get(f"/api/legal/tracks/{track.pk}").status_code == 404
    refused = other.post(
        f"/api/legal/tracks/{track.pk}/steps",
        json.dumps({"kind": "sp3", "on": "2025-04-01"}),
        content_type="application/json",
    )
    assert refused.status_code == 404
    assert _client(users["analyst"]).get("/api/legal/figures/countries").status_code == 403
    assert _client(users["supervisor"]).get("/api/legal/figures/countries").json()[0]["country"] == "KH"


def test_the_track_page_and_the_api_record_the_same_read(track, users, client_for):
    from gugus.audit.models import AuditEntry
    from gugus.legal import services as legal_services

    legal_services.suspect_add(
        actor=users["case_worker"], investigation=track, case_role=track.case.roles.get(role="suspect")
    )

    def reads(call):
        before = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
        assert call().status_code == 200
        rows = AuditEntry.objects.filter(kind="read", sequence__gt=before)
        return [(e.action, e.object_type, e.object_id, e.data) for e in rows]

    user = users["case_worker"]
    page = reads(lambda: client_for(user).get(f"/legal/tracks/{track.pk}/"))
    api = reads(lambda: _client(user).get(f"/api/legal/tracks/{track.pk}"))
    assert page == api == [("read.legal_track", "legal.investigation", str(track.pk), {"fields": ["full_name"]})]
