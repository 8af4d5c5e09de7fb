"""The owner agency reports progress on its own action items; the due date and dropping stay the secretariat's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gugus.audit.models import AuditEntry
from gugus.core.errors import NotFound, PermissionDenied
from gugus.meetings import access, services
from gugus.meetings.models import ActionItem

pytestmark = pytest.mark.django_db


def test_the_owner_agency_marks_its_item_done_with_evidence(meetings_data, users):
    item = access.access_action_item_for_progress(users["case_worker"], meetings_data["jabar"]["item"].pk)
    done = services.action_item_progress(
        actor=users["case_worker"], item=item, status="done", evidence="Surat Kapolri No. B/123/2025"
    )
    assert (done.status, done.evidence) == ("done", "Surat Kapolri No. B/123/2025")
    assert done.completed_on is not None
    entry = AuditEntry.objects.filter(action="action_item.progress").latest("sequence")
    assert entry.data == {"fields": ["evidence", "completed_on", "status"], "status": "done"}


def test_done_needs_evidence_and_dropping_is_the_secretariat_s(meetings_data, users):
    from gugus.core.errors import ValidationFailed

    item = meetings_data["jabar"]["item"]
    with pytest.raises(ValidationFailed):
        services.action_item_progress(actor=users["case_worker"], item=item, status="done")
    with pytest.raises(PermissionDenied):
        services.action_item_progress(actor=users["case_worker"], item=item, status="dropped")
    with pytest.raises(PermissionDenied):  # the analyst's role reports nothing
        services.action_item_progress(actor=users["analyst"], item=item, status="in_progress")
    assert ActionItem.objects.get(pk=item.pk).status == "open"


@pytest.mark.parametrize(
    ("who", "key", "allowed"),
    [
        ("case_worker", "jabar", True),
        ("supervisor", "jabar", True),
        ("case_worker", "kepri", False),  # owned by Kemensos
        ("case_worker@other", "jabar", False),  # Dinas Sosial is not Polri
        ("supervisor@other", "national", False),
        ("outsider", "jabar", False),
    ],
)
def test_only_the_owner_agency_reaches_its_items(meetings_data, users, who, key, allowed):
    item = meetings_data[key]["item"]
    if allowed:
        assert access.access_action_item_for_progress(users[who], item.pk) == item
    else:
        with pytest.raises(NotFound):
            access.access_action_item_for_progress(users[who], item.pk)


def test_the_page_offers_the_form_to_the_owner_only(meetings_data, users, client_for):
    meeting = meetings_data["jabar"]["meeting"]
    item = meetings_data["jabar"]["item"]
    page = client_for(users["case_worker"]).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert 'data-testid="progress"' in page
    assert 'value="dropped"' not in page
    response = client_for(users["case_worker"]).post(
        reverse("meetings:action_item_progress", args=[item.pk]), {"status": "in_progress", "evidence": ""}
    )
    assert response.status_code == 302
    assert ActionItem.objects.get(pk=item.pk).status == "in_progress"
    foreign = client_for(users["case_worker@other"]).post(
        reverse("meetings:action_item_progress", args=[item.pk]), {"status": "open"}
    )
    assert foreign.status_code == 404
    assert ActionItem.objects.get(pk=item.pk).status == "in_progress"
