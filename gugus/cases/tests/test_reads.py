"""A page and its API twin leave the same read entry: the same purpose, target and fields."""

import pytest
from django.test import Client
from django.urls import reverse

from gugus.accounts.actors import system_actor
from gugus.accounts.services import api_token_issue
from gugus.audit.models import AuditEntry
from gugus.audit.reads import PURPOSES
from gugus.cases.tests.fixtures import NIK_SITI

pytestmark = pytest.mark.django_db


def _api(user):
    token = api_token_issue(actor=system_actor("tests"), user=user, name="agency system")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _reads_during(call) -> list[tuple]:
    before = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    response = call()
    assert response.status_code == 200
    rows = AuditEntry.objects.filter(kind="read", sequence__gt=before).order_by("sequence")
    return [(e.action, e.object_type, e.object_id, e.data) for e in rows]


def test_the_case_page_and_the_api_record_the_same_read(users, open_case, client_for):
    case = open_case()
    user = users["case_worker"]
    page = _reads_during(lambda: client_for(user).get(reverse("cases:detail", args=[case.pk])))
    api = _reads_during(lambda: _api(user).get(f"/api/cases/{case.pk}"))
    fields = list(PURPOSES["case"].fields)
    assert page == api == [("read.case", "cases.case", str(case.pk), {"fields": fields})]


def test_the_person_page_and_the_api_record_the_same_read(users, open_case, client_for):
    case = open_case()
    person = case.roles.get().person
    user = users["case_worker"]
    page = _reads_during(lambda: client_for(user).get(reverse("people:detail", args=[person.pk])))
    api = _reads_during(lambda: _api(user).get(f"/api/people/{person.pk}"))
    fields = list(PURPOSES["person"].fields)
    assert page == api == [("read.person", "people.person", str(person.pk), {"fields": fields})]


def test_a_search_by_identifier_on_the_page_and_the_api_records_the_same_read(users, open_case, client_for):
    open_case()
    user = users["case_worker"]
    page = _reads_during(lambda: client_for(user).post(reverse("cases:list"), {"q": NIK_SITI}, follow=True))
    api = _reads_during(lambda: _api(user).get("/api/cases/", {"q": NIK_SITI}))
    assert page == api == [("read.search", "cases.search", "nik", {"fields": ["nik"]})]
    # A search by case number is no read of personal data.
    number = open_case().number
    assert _reads_during(lambda: _api(user).get("/api/cases/", {"q": number})) == []
    assert _reads_during(lambda: client_for(user).post(reverse("cases:list"), {"q": number}, follow=True)) == []
