"""The golden record and the intake check across agencies (issue 11): a merged record of another
agency shows only "held by <agency>", never its values; the intake check never confirms a name,
says only which agency holds a possible match, is rate-limited per user and audits digests."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from gugus.accounts.actors import system_actor
from gugus.accounts.services import api_token_issue
from gugus.audit.models import AuditEntry
from gugus.cases.tests.fixtures import NIK_SITI, victim
from gugus.identity import selectors, services
from gugus.people.models import CaseRole

pytestmark = pytest.mark.django_db

NIK_OTHER = "3212014505900099"
PASSPORT_OTHER = "X9876543"


@pytest.fixture
def merged(open_case, units):
    """Polda's record of Siti and Dinas Sosial's record of her (another NIK, another passport), merged."""
    polda = CaseRole.objects.get(case=open_case()).person
    dinsos_case = open_case(
        unit=units["dinsos"],
        victims=[victim(nik=NIK_OTHER, passport_no=PASSPORT_OTHER, full_name="Siti Aminah Kasim")],
    )
    dinsos = CaseRole.objects.get(case=dinsos_case).person
    services.identity_merge(actor=system_actor("tests"), persons=[polda, dinsos], source="manual")
    return polda, dinsos


def _api(user):
    token = api_token_issue(actor=system_actor("tests"), user=user, name="agency system")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_golden_record_shows_only_readable_values(users, merged):
    polda, dinsos = merged
    golden = selectors.golden_record(dinsos, viewer=users["case_worker@other"])
    fields = {name: values for name, _label, values in golden.fields}
    assert [(v.value, v.agencies, v.withheld) for v in fields["nik"]] == [
        (NIK_OTHER, ["Dinas Sosial"], False),
        ("", ["Polri"], True),
    ]
    assert [(v.value, v.withheld) for v in fields["full_name"]] == [("Siti Aminah Kasim", False), ("", True)]
    assert [(v.value, v.withheld) for v in fields["passport_no"]] == [(PASSPORT_OTHER, False), ("", True)]


def test_golden_record_page_and_api_leak_nothing_of_the_other_agency(users, merged, client_for):
    polda, dinsos = merged
    user = users["case_worker@other"]
    page = client_for(user).get(f"/identity/people/{dinsos.pk}/").content.decode()
    api = _api(user).get(f"/api/identity/people/{dinsos.pk}")
    assert api.status_code == 200
    for body in (page, api.content.decode()):
        assert NIK_SITI not in body and "C1234567" not in body and "Siti Aminah binti Kasim" not in body
        assert NIK_OTHER in body
    assert 'data-testid="withheld"' in page
    nik = next(f for f in api.json()["fields"] if f["field"] == "nik")
    assert nik["values"] == [
        {"value": NIK_OTHER, "agencies": ["Dinas Sosial"], "records": 1, "chosen": True, "withheld": False},
        {"value": "", "agencies": ["Polri"], "records": 1, "chosen": False, "withheld": True},
    ]
    # and the reverse: Polda sees its own values only
    body = _api(users["case_worker"]).get(f"/api/identity/people/{polda.pk}").content.decode()
    assert NIK_SITI in body and NIK_OTHER not in body and PASSPORT_OTHER not in body


def test_intake_check_across_agencies_names_only_the_agency(users, units, open_case):
    open_case()  # Polda's Siti
    client = _api(users["case_worker@other"])  # Dinas Sosial, which cannot read Polda's case
    for payload in (
        {"nik": NIK_SITI, "full_name": "Siti Aminah binti Kasim"},  # a guessed name: never confirmed
        {"nik": NIK_SITI, "full_name": "Dewi Lestari"},
        {"phones": ["0812-3456-7890"]},
    ):
        response = client.post("/api/identity/check", json.dumps(payload), content_type="application/json")
        assert response.status_code == 200
        assert response.json()["candidates"] == [
            {
                "person_id": None, "full_name": None, "agency": "Polri", "unit": "T-POLDA-21",
                "unit_name": "Polda Kepulauan Riau", "probability": None, "band": None, "guarded": None,
                "keys": [], "evidence": [],
            }
        ]  # fmt: skip
    entries = list(AuditEntry.objects.filter(action="read.identity_check", actor=users["case_worker@other"]))
    assert len(entries) == 3
    assert entries[0].data["held_elsewhere"] == 1 and entries[0].data["in_scope"] == 0
    text = json.dumps([e.data for e in entries])
    # only digests are kept: neither the number, nor the name, nor the phone (any notation)
    assert NIK_SITI not in text and "Siti" not in text and "3456-7890" not in text and "81234567890" not in text
    assert any(d.startswith("nik:") and len(d) == 4 + 32 for d in entries[0].data["looked_up"])


def test_intake_check_page_names_only_the_agency(users, open_case, client_for):
    open_case()
    page = client_for(users["case_worker@other"]).post(
        "/identity/check/", {"nik": NIK_SITI, "full_name": "Siti Aminah binti Kasim"}
    ).content.decode()
    assert "Polri" in page and "Polda Kepulauan Riau" in page
    assert "%" not in page and "✓" not in page and "✗" not in page


def test_intake_check_is_rate_limited_per_user(users, open_case):
    open_case()
    worker, other = _api(users["case_worker@other"]), _api(users["supervisor@other"])
    body = json.dumps({"nik": NIK_SITI})
    codes = [
        worker.post("/api/identity/check", body, content_type="application/json").status_code
        for _ in range(selectors.CHECK_LIMIT + 1)
    ]
    assert codes == [200] * selectors.CHECK_LIMIT + [429]
    assert other.post("/api/identity/check", body, content_type="application/json").status_code == 200
