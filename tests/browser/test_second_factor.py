"""The first sign-in of a case worker in Chromium: the QR code and the secret, a code typed from the
secret as an authenticator app computes it, the recovery codes once, then the home page (issue 19)."""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import totp


@pytest.mark.django_db(transaction=True)
def test_first_sign_in_sets_up_the_authenticator(live_server, users, page):
    from gugus.fixtures import PASSWORD

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "case_worker")
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url("**/accounts/second-factor/**")
    assert page.locator("[data-testid=totp-qr] svg").is_visible()
    b32 = page.inner_text("[data-testid=totp-secret]").replace(" ", "")
    code = str(totp(base64.b32decode(b32 + "=" * (-len(b32) % 8)))).zfill(6)
    page.fill("[data-testid=second-factor-token]", code)
    page.click("[data-testid=second-factor-submit]")
    assert page.locator("[data-testid=recovery-codes] li").count() == 10
    page.click("[data-testid=recovery-codes-continue]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/cases/")
    assert "/accounts/second-factor/" not in page.url
