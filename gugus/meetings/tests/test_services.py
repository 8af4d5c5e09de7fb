import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from gugus.accounts.actors import system_actor
from gugus.audit.models import AuditEntry
from gugus.core.errors import NotFound, ValidationFailed
from gugus.meetings import services
from gugus.meetings.models import ActionItem, Agreement, Attachment, Meeting, ReminderSent
from gugus.organisations.models import Agency, StructureVersion


def agency(abbreviation):
    return Agency.objects.get(abbreviation=abbreviation)


@pytest.mark.django_db
def test_meeting_refuses_agency_names_not_held_on_the_date(users, national_task_force):
    with pytest.raises(ValidationFailed) as error:
        services.meeting_create(
            actor=users["secretariat_national"],
            task_force=national_task_force,
            kind="rakor",
            title="Rakor",
            held_on=dt.date(2025, 10, 24),
            place="Depok",
            chair="Deputi",
            participants=[agency("BP2MI")],
        )
    assert error.value.field == "agency"
    assert "KP2MI" in str(error.value.message)
    assert not Meeting.objects.exists()
    with pytest.raises(ValidationFailed):
        services.meeting_create(
            actor=system_actor("tests"),
            task_force=national_task_force,
            kind="rakor",
            title="Rakor",
            held_on=dt.date(2023, 1, 10),
            place="Jakarta",
            chair="Deputi",
            participants=[agency("KP2MI")],
        )


@pytest.mark.django_db
def test_regional_secretariat_cannot_record_national_meetings(users, national_task_force):
    with pytest.raises(NotFound):
        services.meeting_create(
            actor=users["secretariat_regional"],
            task_force=national_task_force,
            kind="rakor",
            title="Rakor",
            held_on=dt.date(2025, 10, 24),
            place="Depok",
            chair="Deputi",
        )
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_agreements_are_numbered_and_items_audited(users, meetings_data):
    meeting = meetings_data["national"]["meeting"]
    second = services.agreement_add(actor=users["secretariat_national"], meeting=meeting, text="Kedua")
    assert second.number == 2
    draft = StructureVersion.objects.create(task_force=meeting.task_force, key="draft-x", name="Draft", status="draft")
    item = services.action_item_add(
        actor=users["secretariat_national"],
        agreement=second,
        description="Perbarui keanggotaan",
        owner_agency=agency("Kemenko Polkam"),
        due_on=dt.date(2025, 11, 7),
        concerns=draft,
    )
    assert item.concerns == draft
    assert item.concerns_label == "Draft"
    assert AuditEntry.objects.filter(action="action_item.add", object_id=str(item.pk)).count() == 1
    with pytest.raises(ValidationFailed) as error:
        services.action_item_add(
            actor=system_actor("tests"),
            agreement=second,
            description="x",
            owner_agency=agency("Polri"),
            due_on=dt.date(2025, 1, 1),
        )
    assert error.value.field == "due_on"


@pytest.mark.django_db
def test_done_needs_evidence_and_sets_completion(users, meetings_data):
    item = meetings_data["kepri"]["item"]
    actor = users["secretariat_regional"]
    with pytest.raises(ValidationFailed) as error:
        services.action_item_update(actor=actor, item=item, status="done")
    assert error.value.field == "evidence"
    item.refresh_from_db()
    assert item.status == "open"
    updated = services.action_item_update(
        actor=actor, item=item, status="done", evidence="Surat No. 12", completed_on=dt.date(2026, 1, 20)
    )
    assert (updated.status, updated.completed_on, updated.evidence) == ("done", dt.date(2026, 1, 20), "Surat No. 12")
    assert not updated.is_overdue(dt.date(2026, 11, 28))
    reopened = services.action_item_update(actor=actor, item=updated, status="in_progress")
    assert reopened.completed_on is None
    assert reopened.is_overdue(dt.date(2026, 11, 28))


@pytest.mark.django_db
def test_attachment_checks_type_size_and_content(users, meetings_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = meetings_data["national"]["meeting"]
    actor = users["secretariat_national"]
    good = SimpleUploadedFile("undangan rakor.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    attachment = services.attachment_add(actor=actor, meeting=meeting, uploaded=good, title="Undangan")
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name == f"meetings/{meeting.pk}/undangan_rakor.pdf"
    for name, content, message in (
        ("script.exe", b"MZ....", "not accepted"),
        ("fake.pdf", b"<html>", "does not match"),
        ("empty.pdf", b"", "empty"),
    ):
        with pytest.raises(ValidationFailed) as error:
            services.attachment_add(actor=actor, meeting=meeting, uploaded=SimpleUploadedFile(name, content))
        assert message in str(error.value.message)
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (services.MAX_ATTACHMENT_BYTES))
    with pytest.raises(ValidationFailed):
        services.attachment_add(actor=actor, meeting=meeting, uploaded=big)
    assert Attachment.objects.count() == 1


@pytest.mark.django_db
def test_reminders_go_once_per_kind_and_due_date(users, meetings_data):
    from gugus.accounts.models import User

    User.objects.filter(username__in=["secretariat_national", "case_worker", "secretariat_regional"]).update(
        email="x@example.org"
    )
    User.objects.filter(username="supervisor").update(email="sup@example.org")
    national_item = meetings_data["national"]["item"]  # Kemenlu: only the national secretariat has e-mail
    jabar_item = meetings_data["jabar"]["item"]  # Polri: the Polda users
    counts = services.reminders_send(today=dt.date(2026, 1, 26))
    assert counts == {"due_soon": 3, "overdue": 0, "skipped_no_recipient": 0}
    assert len(mail.outbox) == 3
    by_subject = {m.subject: m for m in mail.outbox}
    assert len(by_subject) == 3
    jabar_mail = next(m for m in mail.outbox if "jabar" in m.subject)
    assert sorted(jabar_mail.bcc) == ["sup@example.org", "x@example.org"]
    assert services.reminders_send(today=dt.date(2026, 1, 27)) == {
        "due_soon": 0,
        "overdue": 0,
        "skipped_no_recipient": 0,
    }
    counts = services.reminders_send(today=dt.date(2026, 2, 2))
    assert counts["overdue"] == 3
    assert services.reminders_send(today=dt.date(2026, 2, 3))["overdue"] == 0
    services.action_item_update(
        actor=system_actor("tests"), item=national_item, status="open", due_on=dt.date(2026, 2, 6)
    )
    assert services.reminders_send(today=dt.date(2026, 2, 3))["due_soon"] == 1
    assert ReminderSent.objects.filter(action_item=jabar_item).count() == 2
    assert len(mail.outbox) == 7


@pytest.mark.django_db
def test_reminder_command(users, meetings_data, capsys):
    from gugus.cli import main

    assert main(["meetings", "remind", "--today", "2026-02-02"]) == 0
    assert capsys.readouterr().out.strip() == "due_soon 0 overdue 0 skipped_no_recipient 3"
    assert main(["meetings", "overdue", "--today", "2026-02-02"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3 and lines[0].startswith("2026-01-31\t")


@pytest.mark.django_db
def test_demo_meeting_has_agreements_and_overdue_items(reference_data, capsys):
    import random
    import sys

    from gugus.meetings.demo import demo_step
    from gugus.meetings.selectors import meeting_page
    from gugus.organisations.demo import demo_step as organisations_demo

    organisations_demo(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)
    demo_step(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)
    demo_step(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)  # idempotent
    rakor = Meeting.objects.get(held_on=dt.date(2025, 10, 24))
    assert rakor.place.startswith("Depok")
    page = meeting_page(rakor, today=dt.date(2026, 11, 28))
    assert [a.number for a in page.agreements] == [1, 2, 3]
    assert "nomenklatur" in page.agreements[0].text
    assert "hemat struktur namun kaya fungsi" in page.agreements[1].text
    assert "pusat ke daerah" in page.agreements[2].text
    assert (page.total, page.done, page.overdue) == (7, 2, 3)
    assert [f.kind for f in page.follow_ups] == ["rtm"]
    assert Meeting.objects.count() == 3
    assert Agreement.objects.count() == 4
    earlier = Meeting.objects.get(held_on=dt.date(2023, 11, 14))
    bp2mi = meeting_page(earlier).participants
    renamed = {p.agency.abbreviation: [a.abbreviation for a in p.current_names] for p in bp2mi}
    assert renamed["BP2MI"] == ["KP2MI"]
    assert renamed["Kominfo"] == ["Komdigi"]
    assert renamed["Polri"] == []
    assert ActionItem.objects.filter(status="done").count() == 3
