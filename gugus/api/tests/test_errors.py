"""What schemathesis found in the API, fixed (issue 19): every error is the documented JSON body
with a documented status, dates are dates, choices are enums in the schema."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from gugus.accounts.actors import system_actor
from gugus.accounts.services import api_token_issue
from gugus.cases.models import Case
from gugus.cases.tests.test_api import NEW_CASE

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(users):
    token = api_token_issue(actor=system_actor("tests"), user=users["case_worker"], name="errors")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _post(client, url, body):
    return client.post(url, body if isinstance(body, str) else json.dumps(body), content_type="application/json")


def test_every_operation_documents_the_shared_error_responses():
    schema = Client().get("/api/openapi.json").json()
    assert "ErrorOut" in schema["components"]["schemas"]
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            documented = {str(status) for status in operation["responses"]}
            expected = {"401", "403", "404", "422"} | ({"409", "413"} if method != "get" else set())
            assert expected <= documented, (method, path)


def test_a_number_is_not_a_date(client):
    # pydantic read -9.7e-102 as a Unix time (1970-01-01) and the case was opened
    for value in (-9.7e-102, 0, "1700000000"):
        response = _post(client, "/api/cases/", {**NEW_CASE, "reported_on": value})
        assert response.status_code == 422, value
        assert response.json()["errors"][0]["field"] == "payload.reported_on"
    response = client.get("/api/cases/", {"reported_from": "0"})
    assert response.status_code == 422
    assert Case.objects.count() == 0


def test_choices_are_enums_in_the_schema_and_refused_by_name(client, open_case):
    schema = Client().get("/api/openapi.json").json()["components"]["schemas"]
    assert "closed" in schema["TransitionIn"]["properties"]["to_status"]["enum"]
    assert "embassy" in schema["CaseIn"]["properties"]["channel"]["enum"]
    case = open_case()
    response = _post(client, f"/api/cases/{case.pk}/transition", {"to_status": "nope"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "payload.to_status"


def test_a_body_that_is_not_json_is_a_422_with_the_error_body(client):
    response = _post(client, "/api/cases/", "{not json")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed" and response.json()["errors"][0]["field"] == "body"


def test_unknown_addresses_and_objects_answer_the_json_404(client):
    for url in ("/api/cases/null,null", "/api/no-such-thing/", "/api/organisations/structures/0"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json"), url
        assert response.json()["code"] == "not_found", url
    # a missing trailing slash still redirects, as before the catch-all
    response = client.get("/api/cases", {"page": "2"})
    assert response.status_code == 301 and response["Location"] == "/api/cases/?page=2"
