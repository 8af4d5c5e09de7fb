"""Dated notes and follow-ups on a case: written by the reporting unit, listed when due, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gugus.audit.models import AuditEntry
from gugus.cases import selectors, services
from gugus.cases.models import CaseEvent, FollowUp
from gugus.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def test_a_note_goes_on_the_timeline(open_case, users):
    case = open_case()
    event = services.case_note_add(actor=users["case_worker"], case=case, text="Korban menelepon dari Batam.")
    assert (event.kind, event.note, event.actor) == ("note", "Korban menelepon dari Batam.", users["case_worker"])
    assert AuditEntry.objects.filter(action="case.note", object_id=str(case.pk)).count() == 1
    with pytest.raises(ValidationFailed):
        services.case_note_add(actor=users["case_worker"], case=case, text="x" * 4001)
    with pytest.raises(ValidationFailed):
        services.case_note_add(actor=users["case_worker"], case=case, text="   ")
    with pytest.raises(NotFound):  # another unit writes nothing on this case
        services.case_note_add(actor=users["case_worker@other"], case=case, text="x")
    with pytest.raises(PermissionDenied):
        services.case_note_add(actor=users["analyst"], case=case, text="x")
    assert CaseEvent.objects.filter(case=case, kind="note").count() == 1


def test_follow_ups_are_planned_listed_when_due_and_closed_once(open_case, users):
    case = open_case()
    victim = case.roles.get(role="victim")
    today = dt.date(2025, 6, 1)
    soon = services.follow_up_add(
        actor=users["case_worker"], case=case, description="Kunjungan rumah", due_on="2025-06-05", victim=victim
    )
    later = services.follow_up_add(actor=users["case_worker"], case=case, description="Cek paspor", due_on="2025-09-01")
    due = list(selectors.follow_ups_due(users["case_worker"], today=today))
    assert due == [soon]
    assert list(selectors.follow_ups_due(users["case_worker@other"], today=today)) == []
    closed = services.follow_up_close(actor=users["supervisor"], follow_up=soon, done=True, outcome="Korban sehat")
    assert (closed.status, closed.outcome, closed.closed_by) == ("done", "Korban sehat", users["supervisor"])
    with pytest.raises(Conflict):
        services.follow_up_close(actor=users["supervisor"], follow_up=soon, done=False)
    assert [f.pk for f in selectors.follow_ups_of(users["case_worker"], case)] == [later.pk, soon.pk]
    assert FollowUp.objects.get(pk=later.pk).description == "Cek paspor"


@pytest.mark.parametrize(
    ("due_on", "field"), [("besok", "due_on"), ("2020-01-01", "due_on"), ("2099-01-01", "due_on")]
)
def test_bad_follow_ups_are_refused_by_field(open_case, users, due_on, field):
    case = open_case()
    with pytest.raises(ValidationFailed) as error:
        services.follow_up_add(actor=users["case_worker"], case=case, description="x", due_on=due_on)
    assert error.value.field == field
    assert not FollowUp.objects.exists()


def test_the_panel_by_role(open_case, users, client_for):
    case = open_case()
    services.follow_up_add(actor=users["case_worker"], case=case, description="Kunjungan rumah", due_on="2025-06-05")
    url = reverse("cases:follow_ups", args=[case.pk])
    mine = client_for(users["case_worker"]).get(url, HTTP_HX_REQUEST="true")
    assert mine.status_code == 200 and "Kunjungan rumah" in mine.content.decode()
    assert 'data-testid="follow-up-form"' in mine.content.decode()
    national = client_for(users["secretariat_national"]).get(url, HTTP_HX_REQUEST="true")
    assert national.status_code == 200 and 'data-testid="follow-up-form"' not in national.content.decode()
    for who in ("case_worker@other", "analyst", "outsider"):
        response = client_for(users[who]).get(url)
        assert response.status_code in (302, 403, 404), who
        assert "Kunjungan" not in response.content.decode()
    added = client_for(users["case_worker"]).post(
        reverse("cases:follow_up_add", args=[case.pk]), {"description": "Telepon keluarga", "due_on": "2025-07-01"}
    )
    assert added.status_code == 302 and FollowUp.objects.count() == 2
    foreign = client_for(users["case_worker@other"]).post(
        reverse("cases:note_add", args=[case.pk]), {"text": "bukan urusan saya"}
    )
    assert foreign.status_code == 404
    assert not CaseEvent.objects.filter(case=case, kind="note").exists()
