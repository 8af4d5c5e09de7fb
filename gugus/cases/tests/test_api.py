import json

import pytest
from django.test import Client
from django.utils.translation import gettext as _

from gugus.accounts.actors import system_actor
from gugus.accounts.roles import ROLE_CAPABILITIES, Role
from gugus.accounts.services import api_token_issue
from gugus.audit.models import AuditEntry
from gugus.cases.models import Assessment, Case
from gugus.cases.tests.fixtures import NIK_SITI
from gugus.people.models import CaseRole, Person

pytestmark = pytest.mark.django_db

ALL_USERS = [r.value for r in Role] + [r.value + "@other" for r in Role] + ["outsider"]
IN_SCOPE = {
    "supervisor",
    "case_worker",
    "secretariat_national",
    "secretariat_regional",
    "secretariat_national@other",
    "secretariat_regional@other",
}
NEW_CASE = {
    "channel": "embassy",
    "reported_on": "2025-04-02",
    "exploitation_types": ["online_scam"],
    "origin": "Kota Batam",
    "destination_country": "MM",
    "victims": [
        {
            "full_name": "Rudi Hartono",
            "sex": "L",
            "birth_date": "12-08-1985",
            "nik": "3212011208850002",
            "phones": ["081311112222"],
        }
    ],
}
ASSESSMENT = {
    "act": "present",
    "act_kinds": ["recruiting"],
    "act_evidence": "Lowongan palsu di Facebook",
    "means": "present",
    "means_kinds": ["fraud"],
    "means_evidence": "Gaji dijanjikan 15 juta",
    "purpose": "present",
    "purpose_kinds": ["exploitation"],
    "purpose_evidence": "Dipaksa menipu",
    "result": "identified",
    "reason": "Tiga unsur terpenuhi",
}


def _client(user):
    token = api_token_issue(actor=system_actor("tests"), user=user, name="agency system")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def _expected(user_key, capability, scoped, ok=200):
    caps = frozenset() if user_key == "outsider" else ROLE_CAPABILITIES[user_key.split("@")[0]]
    if capability not in caps:
        return 403
    if scoped and user_key not in IN_SCOPE:
        return 404
    return ok


@pytest.mark.parametrize("user_key", ALL_USERS)
def test_endpoint_permission_matrix(user_key, users, open_case):
    case = open_case()
    role = CaseRole.objects.get(case=case)
    client = _client(users[user_key])
    before = (Case.objects.count(), Person.objects.count(), Assessment.objects.count())

    def check(response, expected):
        assert response.status_code == expected, (response.request["PATH_INFO"], user_key, response.content)
        body = response.content.decode()
        if expected in (403, 404):
            assert set(response.json()) == {"code", "message"}
            assert case.number not in body and "Siti" not in body

    check(client.get("/api/cases/"), _expected(user_key, "cases.view", False))
    check(client.get(f"/api/cases/{case.pk}"), _expected(user_key, "cases.view", True))
    check(client.get(f"/api/cases/{case.pk}/assessments"), _expected(user_key, "cases.view", True))
    check(client.get(f"/api/people/{role.person_id}"), _expected(user_key, "people.view_personal", True))
    # writes: secretariats see the case but only the reporting unit changes it
    edit = _expected(user_key, "cases.edit", True)
    if edit == 200 and user_key.startswith("secretariat"):
        edit = 403
    assess = _expected(user_key, "cases.assess", True, ok=201)
    transition = _post(client, f"/api/cases/{case.pk}/transition", {"to_status": "under_assessment"})
    check(transition, edit)
    check(_post(client, f"/api/cases/{case.pk}/assessments", {"victim": role.pk, **ASSESSMENT}), assess)
    person_add = _post(client, f"/api/cases/{case.pk}/people", {"role": "witness", "full_name": "Budi"})
    check(person_add, 201 if edit == 200 else edit)
    created = _post(client, "/api/cases/", NEW_CASE)
    check(created, _expected(user_key, "cases.create", False, ok=201))
    if all(code >= 400 for code in (assess, edit, _expected(user_key, "cases.create", False, ok=201))):
        assert (Case.objects.count(), Person.objects.count(), Assessment.objects.count()) == before
        assert Case.objects.get(pk=case.pk).status == "reported"
    if edit == 200:
        assert Case.objects.get(pk=case.pk).status == "under_assessment"


def test_unauthenticated(open_case):
    case = open_case()
    response = Client().get(f"/api/cases/{case.pk}")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_open_read_assess_transition(users):
    client = _client(users["supervisor"])
    response = _post(client, "/api/cases/", NEW_CASE)
    assert response.status_code == 201
    body = response.json()
    case = body["case"]
    assert case["number"] == "T-POLDA-21/2025/0001"
    assert case["origin_region"] == "21.71"
    assert case["people"][0]["full_name"] == "Rudi Hartono"
    assert case["people"][0]["phones"] == ["+6281311112222"]
    assert body["warnings"] == []
    assert [e["kind"] for e in case["timeline"]] == ["opened"]

    victim_id = case["people"][0]["case_role_id"]
    response = _post(client, f"/api/cases/{case['id']}/assessments", {"victim": victim_id, **ASSESSMENT})
    assert response.status_code == 201
    assert response.json()["result"] == "identified" and response.json()["child_rule_applied"] is False
    response = _post(client, f"/api/cases/{case['id']}/transition", {"to_status": "identified"})
    assert response.status_code == 200 and response.json()["status"] == "identified"
    response = _post(client, f"/api/cases/{case['id']}/transition", {"to_status": "closed"})
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    history = client.get(f"/api/cases/{case['id']}/assessments").json()
    assert [(a["result"], a["is_current"], a["reason"]) for a in history] == [
        ("identified", True, "Tiga unsur terpenuhi")
    ]
    found = client.get("/api/cases/", {"q": "3212011208850002"}).json()
    assert [c["number"] for c in found["items"]] == ["T-POLDA-21/2025/0001"]
    assert client.get("/api/cases/", {"q": "Rudy Hartono"}).json()["items"][0]["number"] == "T-POLDA-21/2025/0001"


def test_validation_errors_name_the_field(users):
    client = _client(users["case_worker"])
    bad = {**NEW_CASE, "victims": [{**NEW_CASE["victims"][0], "nik": "99120112088500"}]}
    response = _post(client, "/api/cases/", bad)
    assert response.status_code == 422
    assert response.json() == {
        "code": "nik_format",
        "message": _("A NIK has exactly 16 digits."),
        "field": "victims.0.nik",
    }
    response = _post(client, "/api/cases/", {**NEW_CASE, "exploitation_types": ["nope"]})
    assert response.status_code == 422 and response.json()["field"] == "exploitation_type"
    response = _post(client, "/api/cases/", {"channel": "hotline"})
    assert response.status_code == 422 and response.json()["code"] == "validation_failed"
    assert Case.objects.count() == 0


def test_mismatch_is_a_warning(users):
    client = _client(users["case_worker"])
    victim = {**NEW_CASE["victims"][0], "sex": "P"}
    response = _post(client, "/api/cases/", {**NEW_CASE, "victims": [victim]})
    assert response.status_code == 201
    assert [w["code"] for w in response.json()["warnings"]] == ["nik_sex_mismatch"]
    assert response.json()["case"]["people"][0]["nik_warnings"] == ["nik_sex_mismatch"]


def test_reads_of_personal_data_are_audited(users, open_case):
    case = open_case()
    client = _client(users["case_worker"])
    before = AuditEntry.objects.filter(kind="read").count()
    body = client.get(f"/api/cases/{case.pk}").json()
    assert body["people"][0]["nik"] == NIK_SITI
    person = client.get(f"/api/people/{body['people'][0]['person_id']}").json()
    assert person["full_name"] == "Siti Aminah binti Kasim" and person["cases"] == [case.number]
    actions = list(
        AuditEntry.objects.filter(kind="read").order_by("sequence").values_list("action", flat=True)[before:]
    )
    assert actions == ["read.case", "read.person"]


def test_deidentified_for_roles_without_personal_capability(users, open_case, monkeypatch):
    from gugus.accounts import roles as roles_module

    monkeypatch.setitem(
        roles_module.ROLE_CAPABILITIES, Role.SECRETARIAT_NATIONAL, frozenset({"shell.view", "cases.view"})
    )
    case = open_case()
    body = _client(users["secretariat_national"]).get(f"/api/cases/{case.pk}").content.decode()
    for secret in ("Siti", NIK_SITI, "C1234567", "+6281234567890", "Rina", "1990-05-05"):
        assert secret not in body
    assert json.loads(body)["people"][0]["birth_year"] == 1990


def test_openapi_lists_the_endpoints(db):
    paths = Client().get("/api/openapi.json").json()["paths"]
    assert {
        "/api/cases/",
        "/api/cases/{case_id}",
        "/api/cases/{case_id}/assessments",
        "/api/people/{person_id}",
    } <= set(paths)
