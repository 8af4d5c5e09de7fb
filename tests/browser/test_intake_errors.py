"""A failed intake shows the step that holds the first error, and every error can be reached where it is."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def _fill_steps_one_and_two(page, *, exploitation: bool):
    if exploitation:
        page.check("input[name=exploitation_types][value=online_scam]")
    page.fill("input[name=reported_on]", "2025-03-01")
    page.click("[data-testid=next-1]")
    page.fill("input[name=origin]", "Kab. Indramayu")
    page.click("[data-testid=next-2]")


def test_one_failed_submit_opens_on_the_step_of_its_error(page, login, live_server, users):
    login("case_worker")
    page.goto(f"{live_server.url}/cases/new/")
    # Polda is a Polri unit: the channel starts as a police report.
    assert page.input_value("select[name=channel]") == "police_report"
    _fill_steps_one_and_two(page, exploitation=True)
    page.fill("input[name=victim-full_name]", "")
    page.click("[data-testid=submit-case]")
    page.wait_for_selector("[data-testid=intake-errors]")
    assert page.is_visible("fieldset[data-step='3']")
    assert not page.is_visible("fieldset[data-step='1']") and not page.is_visible("fieldset[data-step='2']")
    assert page.is_visible("[data-field='victim-full_name'] .error")
    assert page.get_attribute("[data-step-link='3']", "class") == "has-error current"


def test_errors_in_two_steps_show_the_first_and_lead_to_the_other(page, login, live_server, users):
    login("case_worker")
    page.goto(f"{live_server.url}/cases/new/")
    _fill_steps_one_and_two(page, exploitation=False)
    page.click("[data-testid=submit-case]")
    page.wait_for_selector("[data-testid=intake-errors]")
    assert page.is_visible("fieldset[data-step='1']") and not page.is_visible("fieldset[data-step='3']")
    assert page.is_visible("[data-field='exploitation_types'] .error")
    assert page.locator("[data-testid=intake-errors] li").count() == 2
    page.click("[data-testid=intake-errors] a[data-go='3']")
    assert page.is_visible("fieldset[data-step='3']") and not page.is_visible("fieldset[data-step='1']")
    assert page.is_visible("[data-field='victim-full_name'] .error")
    assert page.evaluate("document.activeElement.id") == "id_victim-full_name"
