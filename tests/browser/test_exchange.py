"""Data exchange in Chromium: a case worker asks for an export, a supervisor approves it, the file downloads."""

import csv
import io

import pytest
from django.test import override_settings


@pytest.mark.django_db(transaction=True)
@override_settings(GUGUS_EXPORT_APPROVAL_THRESHOLD=1)
def test_export_with_a_second_approver_downloads(live_server, users, open_case, login, browser):
    from gugus.cases.tests.fixtures import victim

    open_case(victims=[victim(), victim(full_name="=HYPERLINK(\"http://x\")", nik="", passport_no="")])

    page = login("case_worker")
    page.click("[data-testid=menu-exchange]")
    page.select_option("select[name=format]", "csv")
    page.fill("textarea[name=purpose]", "Rakor pemulangan")
    with page.expect_navigation():
        page.click("[data-testid=export-request]")
    assert "persetujuan" in page.locator(".messages").inner_text()
    assert page.locator("[data-testid=export-download]").count() == 0

    approver = browser.new_context(locale="id-ID").new_page()
    from gugus.fixtures import browser_sign_in

    browser_sign_in(approver, live_server.url, "supervisor")
    approver.goto(f"{live_server.url}/exchange/")
    with approver.expect_navigation():
        approver.click("[data-testid=export-approve]")
    assert "Disetujui" in approver.locator(".messages").inner_text()

    page.reload()
    with page.expect_download() as download:
        page.click("[data-testid=export-download]")
    assert download.value.suggested_filename.endswith(".csv")
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert rows[0][0] == "Nomor kasus" or rows[0][0] == "Case number"
    assert sorted(r[7] for r in rows[1:]) == ["'=HYPERLINK(\"http://x\")", "Siti Aminah binti Kasim"]
