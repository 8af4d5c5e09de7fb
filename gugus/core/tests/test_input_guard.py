"""Bad input is refused with a clear message naming the field, never a server error, nothing written."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from gugus.accounts.actors import system_actor
from gugus.accounts.services import api_token_issue
from gugus.cases.models import Case
from gugus.meetings.models import Meeting

pytestmark = pytest.mark.django_db

NEW_CASE = {
    "channel": "embassy",
    "reported_on": "2025-04-02",
    "exploitation_types": ["online_scam"],
    "destination_country": "MM",
    "victims": [{"full_name": "Rudi Hartono", "sex": "L", "phones": ["081311112222"]}],
}


def _api(user):
    token = api_token_issue(actor=system_actor("tests"), user=user, name="agency system")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _post_json(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("value", "char"),
    [("Rakor\x00", "U+0000"), ("Rakor \x07 bell", "U+0007"), ("Rakor \x1b", "U+001B"), ("Rakor\x7f", "U+007F")],
)
def test_a_form_with_a_control_character_is_refused_and_nothing_is_written(users, client_for, value, char):
    client = client_for(users["secretariat_national"])
    response = client.post(reverse("meetings:create"), {"title": value, "held_on": "2025-10-24", "place": "Depok"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "title" in body and char in body
    assert Meeting.objects.count() == 0


def test_a_nul_byte_in_a_query_string_is_refused(users, client_for):
    response = client_for(users["supervisor"]).get("/cases/", {"status": "rep\x00orted"})
    assert response.status_code == 400
    assert "status" in response.content.decode()


def test_the_api_refuses_lone_surrogates_and_names_the_field(users):
    client = _api(users["case_worker"])
    raw = json.dumps(NEW_CASE).replace("Rudi Hartono", "Rudi \\ud800")
    response = client.post("/api/cases/", data=raw, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "victims[0].full_name", "message": response.json()["message"]}]
    assert "U+D800" in response.json()["message"]
    assert Case.objects.count() == 0


def test_a_200000_character_narrative_is_refused(users):
    client = _api(users["case_worker"])
    response = _post_json(client, "/api/cases/", {**NEW_CASE, "narrative": "x" * 200_000})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "narrative"
    assert "20.000" in response.json()["message"]
    assert Case.objects.count() == 0


def test_too_many_list_items_are_refused(users):
    victim = {**NEW_CASE["victims"][0], "phones": ["081311112222"] * 1001}
    response = _post_json(_api(users["case_worker"]), "/api/cases/", {**NEW_CASE, "victims": [victim]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "victims[0].phones"


def test_too_many_phone_numbers_for_one_person_are_refused():
    from gugus.people.services import person_clean

    clean = person_clean(full_name="Rudi", phones=[f"08131111{n:04d}" for n in range(11)])
    assert [(p.field, p.code) for p in clean.errors] == [("phone", "too_many")]


def test_an_oversized_upload_is_refused_before_it_is_read(users, client_for, settings):
    settings.GUGUS_MAX_UPLOAD_BYTES = 1024
    response = client_for(users["supervisor"]).post(
        "/cases/import/", {"file": ("x" * 2000)}, HTTP_CONTENT_LENGTH="5000"
    )
    assert response.status_code == 413
    assert "1" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/api/meetings/?year=83627",
        "/api/meetings/?year=0",
        "/api/services/?victim=99999999999999999999999",
        "/api/referrals/inbox?page=999999999999",
        "/api/referrals/outbox?page=0",
        "/api/referrals/overdue?page=-1",
        "/api/cases/?page=100000000000000000000",
        "/api/cases/99999999999999999999999",
        "/api/budgets/lines?year=99999",
    ],
)
def test_unbounded_integers_are_a_422_naming_the_parameter(users, path):
    response = _api(users["secretariat_national"]).get(path)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "validation_failed"


def test_the_bounds_are_in_the_schema(users):
    schema = Client().get("/api/openapi.json").json()
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/referrals/inbox"]["get"]["parameters"]}
    assert (parameters["page"]["minimum"], parameters["page"]["maximum"]) == (1, 10_000)


def test_report_dates_before_2000_and_events_before_1950_are_refused():
    from gugus.cases.services import case_clean

    clean = case_clean(
        channel="embassy",
        reported_on="0001-01-01",
        exploitation_types=["online_scam"],
        events_from="1949-12-31",
        today=dt.date(2026, 1, 1),
    )
    assert sorted((p.field, p.code) for p in clean.errors) == [
        ("events_from", "too_early"),
        ("reported_on", "too_early"),
    ]
