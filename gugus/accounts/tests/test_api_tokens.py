"""API tokens expire and can be revoked (issue 19): refused with 401, listed and revoked by their owner."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gugus.accounts.actors import system_actor
from gugus.accounts.models import ApiToken
from gugus.accounts.services import api_token_issue, api_token_revoke
from gugus.audit.models import AuditEntry
from gugus.core.errors import PermissionDenied, ValidationFailed


def _bearer(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.django_db
def test_a_token_expires_after_the_default_days_and_is_then_refused(users, settings):
    settings.GUGUS_API_TOKEN_DAYS = 30
    token = api_token_issue(actor=system_actor("tests"), user=users["case_worker"], name="polda sync")
    record = ApiToken.objects.get()
    assert timedelta(days=29, hours=23) < record.expires_at - timezone.now() <= timedelta(days=30)
    assert _bearer(token).get("/api/cases/").status_code == 200
    record.refresh_from_db()
    assert record.last_used_at is not None
    ApiToken.objects.filter(pk=record.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _bearer(token).get("/api/cases/").status_code == 401
    assert AuditEntry.objects.get(action="api_token.issue").data["expires_at"] == record.expires_at.isoformat()


@pytest.mark.django_db
def test_a_revoked_token_is_refused_and_the_revocation_audited(users):
    token = api_token_issue(actor=system_actor("tests"), user=users["case_worker"], name="polda sync")
    record = ApiToken.objects.get()
    assert api_token_revoke(actor=users["case_worker"], token=record) is True
    assert _bearer(token).get("/api/cases/").status_code == 401
    assert api_token_revoke(actor=users["case_worker"], token=record) is False  # once
    entries = AuditEntry.objects.filter(action="api_token.revoke")
    assert entries.count() == 1 and entries.get().actor_id == users["case_worker"].pk


@pytest.mark.django_db
def test_only_the_owner_or_an_administrator_revokes(users):
    api_token_issue(actor=system_actor("tests"), user=users["case_worker"], name="polda sync")
    record = ApiToken.objects.get()
    for key in ("supervisor", "case_worker@other", "auditor"):
        with pytest.raises(PermissionDenied):
            api_token_revoke(actor=users[key], token=record)
    assert api_token_revoke(actor=users["system_admin"], token=record) is True


@pytest.mark.django_db
def test_the_lifetime_is_bounded(users):
    for days in (0, -5, 3651, True):
        with pytest.raises(ValidationFailed) as raised:
            api_token_issue(actor=system_actor("tests"), user=users["case_worker"], name="x", expires_days=days)
        assert raised.value.field == "expires_days"
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_command_issues_with_expiry_and_revokes(users, capsys):
    from gugus.cli import main

    assert main(["users", "token", "case_worker", "--name", "polda sync", "--expires-days", "7"]) == 0
    token = capsys.readouterr().out.strip()
    record = ApiToken.objects.get()
    assert timedelta(days=6, hours=23) < record.expires_at - timezone.now() <= timedelta(days=7)
    assert main(["users", "token", "case_worker", "--name", "x", "--expires-days", "0"]) == 1
    assert "expires_days" in capsys.readouterr().err
    assert _bearer(token).get("/api/cases/").status_code == 200
    assert main(["users", "token", "revoke", record.prefix]) == 0
    assert _bearer(token).get("/api/cases/").status_code == 401
    assert main(["users", "token", "revoke", "nosuchpx"]) == 1
    assert AuditEntry.objects.get(action="api_token.revoke").actor_label == "system:command"


@pytest.mark.django_db
def test_users_list_and_revoke_their_own_tokens_on_a_page(users, client_for):
    mine = api_token_issue(actor=system_actor("tests"), user=users["case_worker"], name="polda sync")
    api_token_issue(actor=system_actor("tests"), user=users["case_worker@other"], name="dinsos secret job")
    theirs = ApiToken.objects.get(name="dinsos secret job")
    own = ApiToken.objects.get(name="polda sync")
    c = client_for(users["case_worker"])
    page = c.get(reverse("accounts:tokens")).content.decode()
    assert "polda sync" in page and own.prefix in page and "dinsos secret job" not in page
    assert own.digest not in page

    # Someone else's token: 404, untouched.
    assert c.post(reverse("accounts:token_revoke", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    # A GET changes nothing.
    assert c.get(reverse("accounts:token_revoke", args=[own.pk])).status_code == 302
    own.refresh_from_db()
    assert own.revoked_at is None

    response = c.post(reverse("accounts:token_revoke", args=[own.pk]))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.revoked_at is not None
    assert _bearer(mine).get("/api/cases/").status_code == 401
    assert "Dicabut" in c.get(reverse("accounts:tokens")).content.decode()  # "Revoked", in Bahasa Indonesia
