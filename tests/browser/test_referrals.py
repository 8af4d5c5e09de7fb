"""End to end: refer a victim with consent (the matrix proposes the unit), the receiving unit sees the
referral in its inbox with what is shared, accepts it; the sender is notified."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_refer_accept_and_notify(page, login, browser, live_server, users, units, victim):  # noqa: F811
    from gugus.fixtures import browser_sign_in
    from gugus.referrals.models import Referral

    login("case_worker")
    page.goto(f"{live_server.url}/referrals/send/{victim.pk}/")
    page.fill("input[name=place]", "21.71")
    page.select_option("select[name=function]", "social_rehabilitation")
    page.wait_for_selector("[data-testid=use-proposal]")
    assert "Dinas Sosial Kota Batam" in page.inner_text("[data-testid=proposal]")
    page.click("[data-testid=use-proposal]")
    assert page.input_value("select[name=to_unit]") == units["dinsos"].code
    page.check("input[name=shares][value=identity]")
    page.check("input[name=shares][value=needs]")
    page.check("input[name=basis][value=consent]")
    page.select_option("select[name=consent_method]", "written")
    page.fill("textarea[name=message]", "Mohon rumah aman")
    page.click("[data-testid=send]")
    page.wait_for_selector("[data-testid=referral-facts]")
    referral = Referral.objects.get()
    assert referral.follows_matrix is True

    # The receiving unit: a badge in the menu, the referral in its inbox with the time left.
    other = browser.new_context(locale="id-ID").new_page()
    browser_sign_in(other, live_server.url, "case_worker.other")
    assert other.inner_text("[data-testid=incoming-count]") == "1"
    other.click("[data-testid=menu-referrals]")
    other.click(f"[data-referral='{referral.pk}'] a")
    shared = other.inner_text("[data-testid=victim-shared]")
    assert "Siti Aminah binti Kasim" in shared and "3212014505900001" not in shared
    other.click("[data-testid=accept]")
    other.wait_for_selector(".message")
    referral.refresh_from_db()
    assert referral.status == "accepted"
    other.context.close()

    # The sender is told.
    page.goto(f"{live_server.url}/referrals/notifications/")
    assert f"#{referral.pk}" in page.inner_text("[data-testid=notifications]")
