"""A case worker registers a security key on "My account" in Chromium with a virtual authenticator
(CDP WebAuthn domain), signs out, and signs in with the password and the key, no code (issue 19).

WebAuthn needs a secure context and a relying-party id that is a host name, not an IP address:
the browser goes to http://localhost:<port>, whatever host the live server reports."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest


@pytest.mark.django_db(transaction=True)
def test_a_case_worker_signs_in_with_a_security_key(live_server, users, page, settings):
    from django_otp_webauthn.models import WebAuthnCredential

    from gugus.audit.models import AuditEntry
    from gugus.fixtures import PASSWORD, browser_sign_in

    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    base = f"http://localhost:{urlsplit(live_server.url).port}"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [base]
    refused = []  # the CSP's refusals (inline script, eval) show up as console errors
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )["authenticatorId"]

    browser_sign_in(page, base, "case_worker")  # the password and the authenticator's code, once
    page.goto(f"{base}/accounts/profile/")
    page.click("[data-testid=security-key-register]")
    page.locator("[data-testid=security-key]").first.wait_for()
    assert WebAuthnCredential.objects.filter(user=users["case_worker"], confirmed=True).count() == 1
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]) == 1

    page.click("[data-testid=logout]")
    page.wait_for_url("**/accounts/login/**")
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "case_worker")
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url("**/accounts/second-factor/**")
    page.click("[data-testid=security-key-verify]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/cases/")
    assert urlsplit(page.url).path == "/cases/"
    assert page.locator("[data-testid=case-filters]").is_visible()
    assert refused == []
    actions = set(AuditEntry.objects.filter(actor_id=users["case_worker"].pk).values_list("action", flat=True))
    assert {"auth.security_key_registered", "auth.second_factor_verified"} <= actions
    assert AuditEntry.objects.filter(action="auth.second_factor_verified", data__by="security_key").exists()
