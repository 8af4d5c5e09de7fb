"""The accounts API: thin twins of the administrator's account pages (issue 17)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from gugus.accounts.actors import system_actor
from gugus.accounts.models import User
from gugus.accounts.roles import ROLE_CAPABILITIES, Role
from gugus.accounts.services import api_token_issue
from gugus.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _client(user):
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_issue(actor=system_actor('tests'), user=user, name='t')}")


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_operation_needs_accounts_manage(role, users):
    client = _client(users[role])
    allowed = "accounts.manage" in ROLE_CAPABILITIES[role]
    target = users["case_worker"]
    assert client.get("/api/accounts/users").status_code == (200 if allowed else 403)
    response = _post(client, f"/api/accounts/users/{target.pk}/active", {"active": False})
    assert response.status_code == (200 if allowed else 403)
    target.refresh_from_db()
    assert target.is_active is (not allowed)


def test_create_list_assign_reset(users, units):
    admin = users["system_admin"]
    client = _client(admin)
    created = _post(
        client, "/api/accounts/users",
        {"username": "api.worker", "role": "case_worker", "unit_id": units["dinsos"].pk, "full_name": "Ani"},
    ).json()  # fmt: skip
    user = User.objects.get(username="api.worker")
    assert created["user"]["unit"] == "Dinas Sosial Kota Batam" and created["user"]["must_change_password"] is True
    assert user.check_password(created["temporary_password"]) and created["set_password_url"] == ""
    listed = client.get("/api/accounts/users", {"q": "api.worker"}).json()
    assert [u["username"] for u in listed] == ["api.worker"]
    assigned = _post(
        client, f"/api/accounts/users/{user.pk}/assign", {"role": "supervisor", "unit_id": units["polda"].pk}
    )
    assert (assigned.json()["role"], assigned.json()["unit"]) == ("supervisor", "Polda Kepulauan Riau")
    reset = _post(client, f"/api/accounts/users/{user.pk}/password", {"method": "link"}).json()
    assert reset["temporary_password"] == "" and "/accounts/password/reset/" in reset["set_password_url"]
    actions = set(AuditEntry.objects.filter(object_id=str(user.pk), actor_id=admin.pk).values_list("action", flat=True))
    assert {"user.create", "user.credential_issue", "user.assign", "user.password_reset"} <= actions


def test_refusals_name_the_field(users, units):
    admin = users["system_admin"]
    client = _client(admin)
    response = _post(client, f"/api/accounts/users/{admin.pk}/active", {"active": False})
    assert response.status_code == 422 and response.json()["field"] == "active"
    response = _post(client, "/api/accounts/users", {"username": "x", "role": "case_worker", "unit_id": 999999})
    assert response.status_code == 422 and response.json()["field"] == "unit_id"
    assert _post(client, "/api/accounts/users/999999/active", {"active": True}).status_code == 404
    assert not User.objects.filter(username="x").exists()
