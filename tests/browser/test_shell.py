import random
import sys

import pytest

from gugus.accounts.actors import system_actor


@pytest.fixture
def demo_structures(reference_data):
    from gugus.organisations.demo import demo_step

    demo_step(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)


@pytest.mark.django_db(transaction=True)
def test_login_switch_language_open_structure_and_compare(live_server, users, demo_structures, login):
    # the system administrator's home page is the registry overview (other roles get a work dashboard)
    page = login("system_admin")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("[data-testid=count-province]").inner_text() == "38"

    with page.expect_navigation():
        page.select_option("[data-testid=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Log out").is_visible()

    page.goto(f"{live_server.url}/organisations/structure/")
    page.select_option("[data-testid=version-select]", "49-2023")
    page.wait_for_selector("[data-testid=structure-tree][data-version='49-2023']")
    tree = page.locator("[data-testid=structure-tree]")
    assert "Perpres 49/2023" in tree.inner_text()
    assert tree.locator("[data-agency=Kemenkumham] .badge.outdated").count() == 1

    page.click("[data-testid=compare-link]")
    page.select_option("[data-testid=base-select]", "49-2023")
    page.select_option("[data-testid=draft-select]", "draft-2025")
    with page.expect_navigation():
        page.click("[data-testid=compare-submit]")
    renamed = page.locator("[data-testid=renamed]").inner_text()
    assert "Kemenkumham → Kemenimipas, Kemenkum" in renamed
    assert "BP2MI → KP2MI" in renamed
    assert "Kemenparekraf" in page.locator("[data-testid=outdated]").inner_text()


@pytest.mark.django_db(transaction=True)
def test_wrong_password_shows_error(live_server, users, page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "case_worker")
    page.fill("input[name=password]", "wrong password")
    page.click("[data-testid=login-submit]")
    assert page.locator("[role=alert]").is_visible()
