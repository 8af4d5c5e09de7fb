"""Styled 403 and 404 pages in both languages, with the navigation; a 404 says nothing of existence."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+')


def _page(response, url: str = "") -> str:
    """The page without its CSRF token and the address the user typed (the language form's "next")."""
    body = _TOKEN.sub(r"\1-", response.content.decode())
    return body.replace(url, "ADDRESS") if url else body


def test_not_found_and_not_allowed_objects_give_the_same_page(users, open_case, client_for):
    case = open_case()  # Polda's case: Dinas Sosial may not see it
    client = client_for(users["case_worker@other"])
    forbidden_url, missing_url = f"/cases/{case.pk}/", f"/cases/{case.pk + 1000}/"
    forbidden, missing = client.get(forbidden_url), client.get(missing_url)
    assert forbidden.status_code == missing.status_code == 404
    assert _page(forbidden, forbidden_url) == _page(missing, missing_url)
    body = _page(forbidden)
    assert 'data-testid="not-found"' in body and 'data-testid="menu-cases"' in body  # with the navigation
    assert "Tidak ditemukan" in body  # Bahasa Indonesia by default
    assert case.number not in body


def test_pages_in_english_after_switching(users, open_case, client_for):
    client = client_for(users["case_worker@other"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/cases/999999/").content.decode()
    assert "Not found" in body


def test_forbidden_page_is_styled_and_says_why(users, client_for):
    response = client_for(users["budget_officer"]).get("/cases/")
    assert response.status_code == 403
    body = response.content.decode()
    assert 'data-testid="forbidden"' in body and 'data-testid="menu-budgets"' in body


def test_api_and_htmx_keep_their_own_answers(users, open_case, client_for):
    case = open_case()
    client = client_for(users["case_worker@other"])
    assert client.get(f"/api/cases/{case.pk}").json()["code"] == "not_found"
    assert client.get(f"/cases/{case.pk}/", HTTP_HX_REQUEST="true").content == b""
