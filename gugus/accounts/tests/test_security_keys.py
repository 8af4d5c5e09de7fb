"""Security keys (WebAuthn, django-otp-webauthn) as a second factor: who may register one, the
relying party from settings, the sign-in page offering the key, the reset removing it (issue 19).
The ceremonies themselves run in Chromium with a virtual authenticator (tests/browser/test_security_keys.py)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from gugus.accounts.roles import SECOND_FACTOR_ROLES, Role
from gugus.accounts.webauthn import may_register_security_key
from gugus.audit.models import AuditEntry
from gugus.fixtures import PASSWORD

BEGIN = "/accounts/security-keys/registration/begin/"


def _key_for(user) -> WebAuthnCredential:
    return WebAuthnCredential.objects.create(
        user=user,
        name="Security key",
        confirmed=True,
        credential_id=b"\x01\x02\x03" + str(user.pk).encode(),
        public_key=b"\x00" * 16,
        sign_count=0,
    )


@pytest.mark.django_db
def test_only_roles_with_a_second_factor_may_register_a_key(users):
    for role in Role:
        assert may_register_security_key(users[role.value]) == (role in SECOND_FACTOR_ROLES), role
    assert not may_register_security_key(users["outsider"])
    users["case_worker"].is_active = False
    assert not may_register_security_key(users["case_worker"])


@pytest.mark.django_db
def test_registration_begins_for_a_case_worker_with_the_relying_party_from_settings(users, client_for, settings):
    settings.OTP_WEBAUTHN_RP_ID = "gugus.example.id"
    settings.OTP_WEBAUTHN_RP_NAME = "Gugus Test"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = ["https://gugus.example.id"]
    response = client_for(users["case_worker"]).post(BEGIN, HTTP_HOST="gugus.example.id")
    assert response.status_code == 200
    options = response.json()
    assert options["rp"] == {"id": "gugus.example.id", "name": "Gugus Test"}
    assert options["user"]["name"] == "case_worker"


@pytest.mark.django_db
def test_a_role_without_a_second_factor_is_refused_registration(users, client_for):
    response = client_for(users["analyst"]).post(BEGIN)
    assert response.status_code == 400 and response.json()["code"] == "security_key_not_for_role"


@pytest.mark.django_db
def test_registration_needs_the_second_factor_first(users):
    c = Client()
    assert c.post(reverse("accounts:login"), {"username": "case_worker", "password": PASSWORD}).status_code == 302
    TOTPDevice.objects.create(user=users["case_worker"], name="authenticator", confirmed=True)
    response = c.post(BEGIN)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/second-factor/")


@pytest.mark.django_db
def test_a_forged_registration_is_refused_and_audited(users, client_for):
    c = client_for(users["case_worker"])
    assert c.post(BEGIN).status_code == 200
    forged = c.post(
        "/accounts/security-keys/registration/complete/",
        json.dumps({"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {}}),
        content_type="application/json",
    )
    assert 400 <= forged.status_code < 500
    assert not WebAuthnCredential.objects.filter(user=users["case_worker"]).exists()
    assert AuditEntry.objects.filter(action="auth.security_key_failed", actor_id=users["case_worker"].pk).exists()


@pytest.mark.django_db
def test_the_sign_in_page_offers_a_registered_key_and_passwordless_is_off(users):
    _key_for(users["case_worker"])
    TOTPDevice.objects.create(user=users["case_worker"], name="authenticator", confirmed=True)
    c = Client()
    c.post(reverse("accounts:login"), {"username": "case_worker", "password": PASSWORD})
    page = c.get("/accounts/second-factor/").content.decode()
    assert 'id="passkey-verification-button"' in page and "totp-secret" not in page
    assert 'id="otp_webauthn_config"' in page and "<script>" not in page  # config as JSON data, no inline script
    # No key without the password first.
    anonymous = Client().post("/accounts/security-keys/authentication/begin/")
    assert anonymous.status_code == 403


@pytest.mark.django_db
def test_a_key_alone_skips_the_authenticator_setup(users):
    _key_for(users["supervisor"])
    c = Client()
    c.post(reverse("accounts:login"), {"username": "supervisor", "password": PASSWORD})
    page = c.get("/accounts/second-factor/").content.decode()
    assert "totp-secret" not in page and 'id="passkey-verification-button"' in page


@pytest.mark.django_db
def test_the_reset_removes_security_keys(users, client_for):
    worker = users["case_worker"]
    _key_for(worker)
    admin = client_for(users["system_admin"])
    reason = "Key lost on the ferry, confirmed by phone"
    assert (
        admin.post(reverse("accounts:second_factor_reset"), {"username": "case_worker", "reason": reason}).status_code
        == 200
    )
    assert not WebAuthnCredential.objects.filter(user=worker).exists()


def test_the_relying_party_is_a_host_name_and_every_origin_is_on_it():
    from django.conf import settings

    assert settings.OTP_WEBAUTHN_RP_ID and not settings.OTP_WEBAUTHN_RP_ID.replace(".", "").isdigit()
    assert settings.OTP_WEBAUTHN_ALLOWED_ORIGINS
    for origin in settings.OTP_WEBAUTHN_ALLOWED_ORIGINS:
        assert urlsplit(origin).hostname == settings.OTP_WEBAUTHN_RP_ID
    assert settings.OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN is False


@pytest.mark.django_db
def test_my_account_offers_keys_to_second_factor_roles_only(users, client_for):
    worker_page = client_for(users["case_worker"]).get(reverse("accounts:profile")).content.decode()
    title = worker_page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "passkey" not in title and 'id="passkey-register-button"' in worker_page
    assert 'id="otp_webauthn_config"' in worker_page and "accounts/security_keys.js" in worker_page
    analyst_page = client_for(users["analyst"]).get(reverse("accounts:profile")).content.decode()
    assert "passkey-register-button" not in analyst_page and "otp_webauthn_config" not in analyst_page
