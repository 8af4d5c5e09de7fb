"""End to end: cases that share a recruiter's phone number form one group in the network view (graph
and list); the intake form says "possibly the same person as …" while a victim is typed in; a merge
shown on the person page is undone there."""

import pytest

from gugus.cases.tests.fixtures import victim

pytestmark = pytest.mark.django_db(transaction=True)

RECRUITER_PHONES = ["+62 812 7000 4411", "0812-7000-4411", "62 812 7000 4411"]


def test_network_groups_cases_sharing_a_recruiters_phone(page, login, live_server, users, open_case):  # noqa: F811
    from gugus.cases.services import case_person_add

    cases = []
    for number, phone in enumerate(RECRUITER_PHONES):
        case = open_case(victims=[victim(full_name=f"Korban {number}", nik="", phones=[], passport_no="")])
        case_person_add(actor=users["supervisor"], case=case, role="suspect", full_name="Rina", phones=[phone])
        cases.append(case)
    loner = open_case(victims=[victim(full_name="Yohana", nik="", phones=[], passport_no="")])

    login("supervisor")
    page.click("[data-testid=menu-networks]")
    rows = page.locator("[data-testid=network-groups] tbody tr[data-group]")
    assert rows.count() == 1
    assert page.get_attribute("[data-testid=network-groups] tbody tr[data-group]", "data-cases") == "3"
    page.click("[data-testid=open-group]")
    page.wait_for_selector("[data-testid=graph][data-nodes]")
    # three cases, three victims, the recruiter's three records, the shared phone
    assert page.get_attribute("[data-testid=graph]", "data-nodes") == "10"
    listed = page.inner_text("[data-testid=group-list]")
    assert all(case.number in listed for case in cases) and loner.number not in listed
    assert "…4411" in listed
    with page.expect_download() as download:
        page.click("[data-testid=export-group]")
    assert download.value.suggested_filename.endswith(".graphml")


def test_intake_check_while_typing_and_undo_on_the_person_page(page, login, live_server, users, open_case):  # noqa: F811
    from gugus.identity.models import IdentityMember

    first = open_case()
    login("supervisor")
    page.goto(f"{live_server.url}/cases/new/")
    page.click("[data-testid=next-1]")
    page.click("[data-testid=next-2]")
    page.fill("input[name=victim-full_name]", "SITI AMINAH")
    page.fill("input[name=victim-nik]", "3212014505900007")
    page.locator("input[name=victim-nik]").dispatch_event("change")
    page.wait_for_selector("[data-testid=identity-match][data-band=likely]")
    assert "Siti Aminah binti Kasim" in page.inner_text("[data-testid=identity-check]")

    person = first.roles.get().person
    second = open_case(victims=[victim(nik="3212014505900007", full_name="SITI AMINAH")]).roles.get().person
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.wait_for_selector("[data-testid=identity-section]")
    # a merge asks for a reason and a confirmation: without them the browser does not send it
    page.click("[data-testid=merge-with] >> nth=0")
    assert IdentityMember.objects.count() == 0
    page.fill("[data-testid=merge-reason] >> nth=0", "NIK differs by one digit; same phone")
    page.check("[data-testid=merge-confirm] >> nth=0")
    page.click("[data-testid=merge-with] >> nth=0")
    page.wait_for_selector("[data-testid=merge-reason-given]")
    page.wait_for_selector("[data-testid=golden-record]")
    assert IdentityMember.objects.filter(person_id__in=[person.pk, second.pk]).count() == 2
    page.wait_for_selector("[data-testid=undo-merge]")
    page.click("[data-testid=undo-merge]")
    page.wait_for_selector("[data-testid=identity-section]")
    assert IdentityMember.objects.count() == 0
