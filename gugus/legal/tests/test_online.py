"""Online exploitation: platform, account and URL; takedown and preservation requests with dates and outcomes."""

import pytest

from gugus.audit.models import AuditEntry
from gugus.core.errors import Conflict, NotFound, ValidationFailed
from gugus.legal import services
from gugus.legal.models import CHILD_CATEGORIES, OnlineCategory, OnlineItem
from gugus.legal.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_categories_cover_adults_as_well_as_children():
    adults = {c for c in OnlineCategory.values if c not in CHILD_CATEGORIES}
    assert {"adult_sexual_exploitation", "adult_live_streaming", "sextortion", "non_consensual_images"} <= adults
    assert {"csam", "child_live_streaming", "child_grooming"} == CHILD_CATEGORIES


def test_item_and_takedown_with_its_answer(legal_case, users):
    item = services.online_item_add(
        actor=users["case_worker"],
        case=legal_case,
        category="adult_live_streaming",
        platform="Telegram",
        account="@kerja_kamboja_vip",
        url="https://t.me/kerja_kamboja_vip",
        first_seen_on="2025-02-20",
        today=TODAY,
    )
    assert OnlineItem.objects.get().url == "https://t.me/kerja_kamboja_vip"  # decrypted on read
    request = services.takedown_send(
        actor=users["case_worker"], item=item, kind="takedown", recipient="komdigi", sent_on="2025-03-05",
        reference="B-77/Ditsiber/III/2025", today=TODAY,
    )  # fmt: skip
    assert request.outcome == "pending"
    with pytest.raises(ValidationFailed) as error:
        services.takedown_answer(
            actor=users["case_worker"], request=request, outcome="done", answered_on="2025-03-01", today=TODAY
        )  # noqa: E501
    assert error.value.field == "answered_on"
    request = services.takedown_answer(
        actor=users["case_worker"], request=request, outcome="done", answered_on="2025-03-07", today=TODAY
    )  # noqa: E501
    assert (request.outcome, str(request.answered_on)) == ("done", "2025-03-07")
    with pytest.raises(Conflict):
        services.takedown_answer(
            actor=users["case_worker"], request=request, outcome="refused", answered_on="2025-03-08", today=TODAY
        )  # noqa: E501
    preservation = services.takedown_send(
        actor=users["case_worker"],
        item=item,
        kind="preservation",
        recipient="platform",
        sent_on="2025-03-05",
        today=TODAY,
    )
    assert preservation.get_recipient_display() == "The platform"
    assert AuditEntry.objects.filter(action__startswith="legal.takedown").count() == 3


def test_bad_input_named_and_other_agency_refused(legal_case, users):
    common = {
        "case": legal_case,
        "category": "csam",
        "platform": "Facebook",
        "first_seen_on": "2025-02-20",
        "today": TODAY,
    }
    with pytest.raises(ValidationFailed) as error:
        services.online_item_add(actor=users["case_worker"], url="www.example.com", **common)
    assert error.value.field == "url"
    with pytest.raises(ValidationFailed) as error:
        services.online_item_add(actor=users["case_worker"], **common)
    assert error.value.field == "url"
    with pytest.raises(NotFound):
        services.online_item_add(actor=users["case_worker@other"], account="@x", **common)
    assert OnlineItem.objects.count() == 0


def test_online_page_posts(legal_case, users, client_for):
    client = client_for(users["case_worker"])
    client.post(
        f"/legal/cases/{legal_case.pk}/online/item/",
        {
            "category": "recruitment_ad",
            "platform": "Facebook",
            "url": "https://fb.com/lowongan",
            "first_seen_on": "2025-02-01",
        },
    )
    item = OnlineItem.objects.get()
    client.post(
        f"/legal/cases/{legal_case.pk}/online/request/",
        {"item": item.pk, "kind": "takedown", "recipient": "komdigi", "sent_on": "2025-02-03"},
    )
    body = client.get(f"/legal/cases/{legal_case.pk}/").content.decode()
    assert "https://fb.com/lowongan" in body and 'data-request="' in body
    other = client_for(users["supervisor@other"])
    assert other.post(f"/legal/cases/{legal_case.pk}/online/item/", {"category": "csam"}).status_code == 404
