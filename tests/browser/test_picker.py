"""The shared picker: typing part of a region's name in the intake lists it with its province; picking it
puts the name in the field, and the case is opened with that region."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_region_is_picked_by_typing_part_of_its_name(page, login, live_server, users):
    from gugus.cases.models import Case

    login("case_worker")
    page.goto(f"{live_server.url}/cases/new/")
    page.check("input[name=exploitation_types][value=online_scam]")
    page.fill("input[name=reported_on]", "2025-03-01")
    page.click("[data-testid=next-1]")
    origin = page.locator("input[name=origin]")
    origin.press_sequentially("bata", delay=30)
    choice = page.locator(".picker-choice", has_text="Kota Batam, Kepulauan Riau")
    choice.wait_for()
    assert origin.get_attribute("aria-expanded") == "true"
    choice.click()
    assert origin.input_value() == "Kota Batam, Kepulauan Riau"
    assert page.locator(".picker-choices").first.is_hidden()
    page.click("[data-testid=next-2]")
    page.fill("input[name=victim-full_name]", "Siti Aminah")
    page.click("[data-testid=submit-case]")
    page.wait_for_url("**/cases/*/")
    case = Case.objects.get()
    assert case.origin_region_id == "21.71" and case.origin_as_written == ""
