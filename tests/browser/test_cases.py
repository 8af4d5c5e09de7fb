"""End to end: open a case in three steps with checks as you type, find it by NIK, assess the victim."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_intake_search_and_assessment(page, login, live_server, users):
    login("supervisor")
    page.goto(f"{live_server.url}/cases/new/")
    # step 1: the report
    page.select_option("select[name=channel]", "embassy")
    page.fill("input[name=reported_on]", "2025-03-01")
    page.check("input[name=exploitation_types][value=online_scam]")
    page.click("[data-testid=next-1]")
    # step 2: places and story
    page.fill("input[name=origin]", "Kab. Indramayu")
    page.fill("input[name=destination_country]", "Kamboja")
    page.click("[data-testid=next-2]")
    # step 3: the victim; the NIK is checked as it is typed
    page.fill("input[name=victim-full_name]", "Siti Aminah")
    page.select_option("select[name=victim-sex]", "M")
    page.fill("input[name=victim-birth_date]", "1990-05-05")
    page.fill("input[name=victim-nik]", "3212014505900001")
    page.wait_for_selector("#fb-victim-nik [data-code=nik_sex_mismatch]")
    page.select_option("select[name=victim-sex]", "F")
    page.fill("input[name=victim-nik]", "321201450590000")
    page.wait_for_selector("#fb-victim-nik [data-code=nik_format]")
    page.fill("input[name=victim-nik]", "3212014505900001")
    page.wait_for_selector("#fb-victim-nik:not(:has(small))", state="attached")
    page.click("[data-testid=submit-case]")
    page.wait_for_selector("[data-testid=case-number]")
    number = page.inner_text("[data-testid=case-number]")
    assert number == "T-POLDA-21/2025/0001"
    assert page.get_attribute("[data-testid=case-status]", "class") == "badge status-reported"

    page.goto(f"{live_server.url}/cases/")
    page.fill("[data-testid=search]", "3212014505900001")
    page.click("[data-testid=case-filters] button[type=submit]")
    page.wait_for_url("**/cases/?s=*")
    assert "3212014505900001" not in page.url
    assert page.inner_text("[data-testid=case-table] tbody tr td a") == number

    page.click("[data-testid=case-table] tbody tr td a")
    page.click("[data-testid=assess-link]")
    page.check("input[name=act][value=present]")
    page.check("input[name=act_kinds][value=recruiting]")
    page.fill("textarea[name=act_evidence]", "Direkrut lewat Facebook")
    page.check("input[name=means][value=present]")
    page.check("input[name=means_kinds][value=fraud]")
    page.fill("textarea[name=means_evidence]", "Dijanjikan kerja admin")
    page.check("input[name=purpose][value=present]")
    page.check("input[name=purpose_kinds][value=exploitation]")
    page.fill("textarea[name=purpose_evidence]", "Dipaksa menipu")
    page.select_option("select[name=result]", "identified")
    page.fill("textarea[name=reason]", "Tiga unsur terpenuhi")
    page.click("[data-testid=assessment-submit]")
    page.wait_for_selector("[data-result=identified]")
    assert page.locator("[data-testid=timeline] li").count() == 3
