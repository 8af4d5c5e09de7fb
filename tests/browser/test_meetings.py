import datetime as dt
import random
import sys

import pytest

from gugus.accounts.actors import system_actor


@pytest.fixture
def demo_meetings(reference_data):
    from gugus.functions.demo import demo_step as functions_demo
    from gugus.meetings.demo import demo_step
    from gugus.organisations.demo import demo_step as organisations_demo

    organisations_demo(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)
    functions_demo(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)
    demo_step(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)


@pytest.mark.django_db(transaction=True)
def test_demo_rakor_agreements_overdue_items_and_follow_up(live_server, users, demo_meetings, login):
    from gugus.meetings.models import ActionItem, Meeting

    page = login("secretariat_national")
    page.click("[data-testid=menu-meetings]")
    rakor = Meeting.objects.get(held_on=dt.date(2025, 10, 24))
    page.click(f"[data-meeting='{rakor.pk}'] a")
    assert "finalisasi rancangan revisi" in page.locator("[data-testid=meeting-title]").inner_text()
    assert page.locator("[data-testid=agreement]").count() == 3
    overdue = page.locator("[data-overdue='1']").count()
    expected = sum(1 for i in ActionItem.objects.filter(agreement__meeting=rakor) if i.is_overdue())
    assert overdue == expected and overdue >= 3
    assert "Rapat Tingkat Menteri" in page.locator("[data-testid=follow-ups]").inner_text()

    # The secretariat records the evidence of an overdue item: it leaves the overdue list.
    item = ActionItem.objects.get(agreement__meeting=rakor, owner_agency__abbreviation="Kemenkeu")
    row = page.locator(f"#item-{item.pk}")
    row.locator("summary").click()
    row.locator("select[name=status]").select_option("done")
    row.locator("textarea[name=evidence]").fill("Nota Dinas Kemenkeu tentang mekanisme DAK")
    with page.expect_navigation():
        row.locator("button[type=submit]").click()
    assert page.locator("[data-overdue='1']").count() == expected - 1
    item.refresh_from_db()
    assert item.status == "done"

    # The follow-up report downloads as a PDF.
    with page.expect_download() as download:
        page.click("[data-testid=report-pdf]")
    assert download.value.suggested_filename == f"tindak-lanjut-{rakor.pk}.pdf"


@pytest.mark.django_db(transaction=True)
def test_earlier_meeting_shows_current_names_and_my_agency_items(live_server, users, demo_meetings, login):
    from gugus.meetings.models import Meeting

    page = login("case_worker")  # Polda Kepri (Polri)
    earlier = Meeting.objects.get(held_on=dt.date(2023, 11, 14))
    page.goto(f"{live_server.url}/meetings/{earlier.pk}/")
    participants = page.locator("[data-testid=participants]")
    assert "KP2MI" in participants.locator("li", has_text="BP2MI").inner_text()
    assert "Komdigi" in participants.locator("li", has_text="Kominfo").inner_text()
    page.click("[data-testid=my-action-items]")
    text = page.locator("[data-testid=action-items]").inner_text()
    assert "Memetakan setiap fungsi" in text  # owned by Polri
    assert "Merumuskan mekanisme alokasi APBN" not in text  # owned by Kemenkeu
