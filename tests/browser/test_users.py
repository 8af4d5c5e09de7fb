"""The administrator's user pages in a browser: the list filters as one types (htmx), a new user
gets a temporary password once and must choose their own at the first sign-in (issue 17)."""

import base64

import pytest
from django_otp.oath import totp


@pytest.mark.django_db(transaction=True)
def test_administrator_filters_creates_and_the_new_user_changes_password(live_server, users, units, login, page):
    page = login("system_admin")
    page.click("[data-testid=menu-users]")
    table = page.locator("[data-testid=user-list]")
    assert table.locator("tr[data-user=case_worker]").count() == 1
    page.fill("input[name=q]", "auditor")
    page.locator("tr[data-user=case_worker]").wait_for(state="detached")
    assert table.locator("tr[data-user=auditor]").count() == 1

    page.click("[data-testid=user-create-link]")
    page.fill("input[name=username]", "petugas.baru")
    page.select_option("select[name=role]", "case_worker")
    page.select_option("select[name=unit]", label="Dinas Sosial Kota Batam — Dinas Sosial")
    page.check("input[name=method][value=password]")
    page.click("[data-testid=save]")
    password = page.locator("[data-testid=temporary-password]").inner_text()

    page.click("[data-testid=logout]")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "petugas.baru")
    page.fill("input[name=password]", password)
    page.click("[data-testid=login-submit]")
    # A case worker sets up the authenticator first (tests/browser/test_second_factor.py), then the
    # temporary password is replaced.
    page.wait_for_url("**/accounts/second-factor/**")
    b32 = page.inner_text("[data-testid=totp-secret]").replace(" ", "")
    page.fill("[data-testid=second-factor-token]", str(totp(base64.b32decode(b32 + "=" * (-len(b32) % 8)))).zfill(6))
    page.click("[data-testid=second-factor-submit]")
    page.click("[data-testid=recovery-codes-continue]")
    page.wait_for_selector("[data-testid=must-change]")
    new = "a-fresh-passphrase-of-my-own-91"
    page.fill("input[name=old_password]", password)
    page.fill("input[name=new_password1]", new)
    page.fill("input[name=new_password2]", new)
    page.click("[data-testid=password-change] button[type=submit]")
    page.goto(f"{live_server.url}/cases/")
    assert page.url.endswith("/cases/")
