"""End to end on a 390 px phone with JavaScript off: an anonymous report, its follow-up code,
information added with it, and the status changing once a secretariat officer triages the report
into a case; the job-offer check of a licensed and an unknown recruiter."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 390, "height": 844}, "java_script_enabled": False, "locale": "id-ID"}


def test_anonymous_report_follow_up_and_status_after_triage(browser, live_server, users, units):
    from gugus.fixtures import browser_sign_in
    from gugus.portal.models import PublicReport

    citizen = browser.new_context(**PHONE).new_page()
    citizen.goto(f"{live_server.url}/publik/")
    citizen.click("[data-testid=go-report]")
    citizen.check("input[name=kind][value=job_offer]")
    citizen.fill("textarea[name=what_happened]", "Adik saya ditawari kerja admin di Kamboja, gaji 15 juta.")
    citizen.select_option("select[name=region]", "21.71")
    citizen.select_option("select[name=destination_country]", "KH")
    citizen.fill("textarea[name=phones]", "0812-7000-4411")
    citizen.click("[data-testid=report-submit]")
    code = citizen.inner_text("[data-testid=follow-up-code]").strip()
    assert re.fullmatch(r"([2-9A-Z]{5}-){4}[2-9A-Z]{5}", code)
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling

    citizen.goto(f"{live_server.url}/publik/pantau/")
    citizen.fill("input[name=code]", code.lower())
    citizen.click("[data-testid=code-submit]")
    assert citizen.get_attribute("[data-testid=status]", "data-status") == "received"
    citizen.fill("textarea[name=information]", "Perekrut sekarang memakai nomor 0813 2222 3333.")
    citizen.click("[data-testid=add-submit]")
    assert citizen.is_visible("[data-testid=added]")
    report = PublicReport.objects.get()
    assert report.additions.get().text == "Perekrut sekarang memakai nomor 0813 2222 3333."

    officer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    browser_sign_in(officer, live_server.url, "secretariat_regional")
    officer.goto(f"{live_server.url}/public-reports/")
    officer.click(f"tr[data-report='{report.pk}'] [data-testid=open-report]")
    assert "Kamboja" in officer.inner_text("[data-testid=what-happened]")
    assert "0813 2222 3333" in officer.inner_text("[data-testid=additions]")
    officer.select_option("select[name=unit]", str(units["polda"].pk))
    officer.check("input[name=exploitation_types][value=online_scam]")
    officer.click("[data-testid=to-case]")
    case_number = officer.inner_text("[data-testid=report-case]")
    assert case_number.startswith("T-POLDA-21/")

    citizen.goto(f"{live_server.url}/publik/pantau/")
    citizen.fill("input[name=code]", code)
    citizen.click("[data-testid=code-submit]")
    assert citizen.get_attribute("[data-testid=status]", "data-status") == "handed_over"
    assert citizen.inner_text("[data-testid=status-label]") == "Diserahkan kepada pihak berwenang"
    assert case_number not in citizen.content() and "Polda" not in citizen.content()


def test_check_a_licensed_and_an_unknown_recruiter(browser, live_server, users):
    from gugus.portal.importer import register_import

    register_import(
        actor=users["secretariat_national"],
        content=(
            b"Nama P3MI,Nomor Izin,Status Izin,Sumber,Tanggal Sumber\n"
            b"PT Sinar Bahtera Mandiri,P3MI-001,Aktif,Daftar P3MI KP2MI,2026-10-01\n"
        ),
        filename="p3mi.csv",
    )
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{live_server.url}/publik/")
    page.click("[data-testid=go-check]")
    page.fill("input[name=company]", "pt. sinar bahtera mandiri")
    page.click("[data-testid=check-submit]")
    assert page.get_attribute("[data-testid=finding-company]", "data-verdict") == "licensed"
    assert "P3MI-001" in page.inner_text("[data-testid=finding-company]")
    assert page.is_visible("[data-testid=unknowns]") and page.is_visible("[data-testid=channels]")
    page.fill("input[name=company]", "PT Rezeki Kilat Internasional")
    page.click("[data-testid=check-submit]")
    assert page.get_attribute("[data-testid=finding-company]", "data-verdict") == "not_in_register"
    assert "KP2MI" in page.inner_text("[data-testid=finding-company]")
