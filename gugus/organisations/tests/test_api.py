import pytest

from gugus.accounts.actors import system_actor
from gugus.accounts.services import api_token_issue


@pytest.mark.django_db
def test_token_auth_and_current_names(users):
    token = api_token_issue(actor=system_actor("tests"), user=users["case_worker"], name="polda system")
    from django.test import Client

    client = Client()
    response = client.get("/api/organisations/agencies/current?name=Kemenkumham", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert [a["abbreviation"] for a in response.json()] == ["KemenHAM", "Kemenimipas", "Kemenkum"]
    assert client.get("/api/organisations/agencies/current?name=Kemenkumham").status_code == 401
    bad = client.get("/api/organisations/agencies/current?name=Kemenkumham", HTTP_AUTHORIZATION="Bearer nope")
    assert bad.status_code == 401
    assert bad.json()["code"] == "unauthenticated"
    unknown = client.get("/api/organisations/agencies/current?name=Nope", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "not_found"


@pytest.mark.django_db
def test_openapi_document(db):
    from django.test import Client

    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/organisations/regions" in response.json()["paths"]


@pytest.mark.django_db
def test_role_without_capability_gets_403(users):
    from django.test import Client

    token = api_token_issue(actor=system_actor("tests"), user=users["outsider"], name="x")
    response = Client().get("/api/organisations/regions", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
