import datetime as dt

import pytest
from django.urls import reverse

from gugus.accounts.roles import ROLE_CAPABILITIES, Role
from gugus.meetings.models import ActionItem, Agreement
from gugus.meetings.tests.conftest import editable_for, visible_for

ROLE_KEYS = [r.value for r in Role] + [r.value + "@other" for r in Role] + ["outsider"]


def caps(role_key):
    return ROLE_CAPABILITIES.get(role_key.partition("@")[0], frozenset())


@pytest.mark.django_db
@pytest.mark.parametrize("role_key", ROLE_KEYS + ["anonymous"])
def test_pages_permission_matrix(role_key, users, meetings_data, client_for):
    client = client_for(None if role_key == "anonymous" else users[role_key])
    for name in ("meetings:list", "meetings:calendar", "meetings:action_items"):
        response = client.get(reverse(name))
        if role_key == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == (200 if "meetings.view" in caps(role_key) else 403), name
    if role_key == "anonymous":
        return
    visible = visible_for(role_key)
    for key, data in meetings_data.items():
        meeting = data["meeting"]
        for name in ("meetings:detail", "meetings:report_pdf", "meetings:report_xlsx"):
            response = client.get(reverse(name, args=[meeting.pk]))
            if "meetings.view" not in caps(role_key):
                assert response.status_code == 403
            elif key in visible:
                assert response.status_code == 200, (name, key)
            else:
                assert response.status_code == 404, (name, key)
                assert f"Rakor {key}".encode() not in response.content
    listing = client.get(reverse("meetings:list")).content.decode()
    for key in meetings_data:
        assert (f"Rakor {key}" in listing) == (key in visible)


@pytest.mark.django_db
@pytest.mark.parametrize("role_key", ROLE_KEYS)
def test_writes_permission_matrix(role_key, users, meetings_data, client_for):
    client = client_for(users[role_key])
    editable = editable_for(role_key)
    for key, data in meetings_data.items():
        meeting, item = data["meeting"], data["item"]
        before = Agreement.objects.filter(meeting=meeting).count()
        response = client.post(reverse("meetings:agreement_add", args=[meeting.pk]), {"text": "Baru"})
        after = Agreement.objects.filter(meeting=meeting).count()
        status_response = client.post(reverse("meetings:action_item_status", args=[item.pk]), {"status": "in_progress"})
        item.refresh_from_db()
        if "meetings.edit" not in caps(role_key):
            assert (response.status_code, status_response.status_code) == (403, 403)
            assert after == before and item.status == "open"
        elif key in editable:
            assert response.status_code == 302 and after == before + 1
            assert status_response.status_code == 302 and item.status == "in_progress"
        else:
            assert (response.status_code, status_response.status_code) == (404, 404)
            assert after == before and item.status == "open"
            assert b"Rakor" not in response.content


@pytest.mark.django_db
def test_secretariat_records_a_meeting_with_items(users, national_task_force, client_for):
    from gugus.organisations.models import Agency

    client = client_for(users["secretariat_national"])
    polkam = Agency.objects.get(abbreviation="Kemenko Polkam")
    response = client.post(
        reverse("meetings:create"),
        {
            "task_force": national_task_force.pk,
            "kind": "rtm",
            "title": "RTM",
            "held_on": "2026-12-10",
            "place": "Jakarta",
            "chair": "Menko Polkam",
            "participants": [polkam.pk, Agency.objects.get(abbreviation="BP2MI").pk],
        },
    )
    assert response.status_code == 200
    assert "KP2MI" in response.content.decode()  # the error names the agency's name on that date
    response = client.post(
        reverse("meetings:create"),
        {
            "task_force": national_task_force.pk,
            "kind": "rtm",
            "title": "RTM",
            "held_on": "2026-12-10",
            "place": "Jakarta",
            "chair": "Menko Polkam",
            "participants": [polkam.pk],
        },
    )
    assert response.status_code == 302
    detail = response["Location"]
    meeting_id = int(detail.rstrip("/").split("/")[-1])
    client.post(reverse("meetings:agreement_add", args=[meeting_id]), {"text": "Setuju"})
    response = client.post(
        reverse("meetings:action_item_add", args=[meeting_id, 1]),
        {"description": "Sampaikan ke Presiden", "owner_agency": polkam.pk, "due_on": "2026-12-20"},
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert (item.owner_agency, item.due_on) == (polkam, dt.date(2026, 12, 20))
    page = client.get(detail).content.decode()
    assert "Sampaikan ke Presiden" in page and 'data-testid="agreement"' in page


@pytest.mark.django_db
def test_my_agency_items_and_overdue(users, meetings_data, client_for):
    page = client_for(users["case_worker"]).get(reverse("meetings:action_items")).content.decode()
    assert "Tindak lanjut jabar" in page  # owned by Polri
    assert "Tindak lanjut national" not in page  # owned by Kemenlu
    assert 'data-overdue="1"' in page  # due 2026-01-31, today is later
    overdue = client_for(users["secretariat_national"]).get(reverse("meetings:action_items") + "?scope=all&overdue=1")
    text = overdue.content.decode()
    assert all(f"Tindak lanjut {k}" in text for k in ("national", "kepri", "jabar"))


@pytest.mark.django_db
def test_reports_are_real_files(users, meetings_data, client_for):
    import io

    from openpyxl import load_workbook

    client = client_for(users["secretariat_national"])
    meeting = meetings_data["national"]["meeting"]
    pdf = client.get(reverse("meetings:report_pdf", args=[meeting.pk]))
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"
    xlsx = client.get(reverse("meetings:report_xlsx", args=[meeting.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "Rakor national"
    assert [c.value for c in sheet[6]][:5] == [
        1,
        "Kesepakatan national",
        "Tindak lanjut national",
        "Kemenlu",
        dt.datetime(2026, 1, 31),
    ]


@pytest.mark.django_db
def test_calendar_shows_month(users, meetings_data, client_for):
    page = client_for(users["analyst"]).get(reverse("meetings:calendar") + "?month=2025-10").content.decode()
    assert page.count("data-meeting=") == 3
    assert client_for(users["analyst"]).get(reverse("meetings:calendar") + "?month=bad").status_code == 200
