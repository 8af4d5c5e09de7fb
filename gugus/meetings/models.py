"""Coordination meetings, their agreements (kesepakatan) and the action items that follow."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from gugus.core.models import TimeStampedModel


class Meeting(TimeStampedModel):
    """A meeting of a task force: Rakor, technical meeting, ministerial meeting or sub-task-force meeting."""

    class Kind(models.TextChoices):
        RAKOR = "rakor", _("Coordination meeting (Rakor)")
        TECHNICAL = "rapat_teknis", _("Technical meeting (Rapat Teknis)")
        MINISTERIAL = "rtm", _("Ministerial meeting (Rapat Tingkat Menteri)")
        SUB_TASK_FORCE = "sub_task_force", _("Sub-task-force meeting")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    task_force = models.ForeignKey(
        "organisations.TaskForce", verbose_name=_("task force"), on_delete=models.PROTECT, related_name="meetings"
    )
    sub_task_force = models.ForeignKey(
        "organisations.SubTaskForce",
        verbose_name=_("sub-task-force"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("date"), db_index=True)
    starts_at = models.TimeField(_("start time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    chair = models.CharField(_("chair"), max_length=200, help_text=_("Position of the person chairing"))
    chair_agency = models.ForeignKey(
        "organisations.Agency",
        verbose_name=_("chair's agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    # The meeting whose agreements led to this one (a Rakor leading to an RTM).
    preceded_by = models.ForeignKey(
        "self",
        verbose_name=_("follows from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_up_meetings",
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["task_force", "held_on"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%Y-%m-%d})"


class Participant(models.Model):
    """An agency at a meeting, recorded under the name it held on the meeting's date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="meeting_participations")
    representative = models.CharField(_("represented by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("meeting participant")
        verbose_name_plural = _("meeting participants")
        ordering = ["meeting_id", "agency__abbreviation"]
        constraints = [models.UniqueConstraint(fields=["meeting", "agency"], name="participant_unique")]

    def __str__(self) -> str:
        return f"{self.agency} @ {self.meeting_id}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/{filename}"


class Attachment(models.Model):
    """A file kept with a meeting (invitation, presentation, signed minutes)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")
        ordering = ["meeting_id", "id"]

    def __str__(self) -> str:
        return self.title


class Agreement(models.Model):
    """An agreement (kesepakatan) reached in a meeting, numbered within it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agreements")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["meeting_id", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="agreement_number_unique")]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.number}"


class ActionItem(TimeStampedModel):
    """Something an agency must do by a date to carry out an agreement."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="action_items")
    description = models.TextField(_("description"))
    # The agency as named on the meeting date; its current name is shown beside it.
    owner_agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("owner agency"), on_delete=models.PROTECT, related_name="action_items"
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField(_("evidence of completion"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="meetings/evidence/", blank=True, max_length=300)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # What the item concerns: a structure draft, a function, a budget line, a regulation draft...
    concerns_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    concerns_id = models.CharField(max_length=64, blank=True)
    concerns = GenericForeignKey("concerns_type", "concerns_id")
    concerns_label = models.CharField(_("concerns"), max_length=200, blank=True)

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner_agency", "status", "due_on"]), models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(completed_on__isnull=False),
                name="action_item_done_has_date",
            ),
            models.CheckConstraint(
                condition=(models.Q(concerns_type__isnull=True) & models.Q(concerns_id=""))
                | (models.Q(concerns_type__isnull=False) & ~models.Q(concerns_id="")),
                name="action_item_concerns_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Still open after its due date."""
        return self.status in self.OPEN_STATUSES and self.due_on < (today or dt.date.today())


class ReminderSent(models.Model):
    """That a reminder of one kind went out for an item with a given due date (so it goes out once)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["action_item", "kind", "due_on"], name="reminder_once_per_due_date")
        ]

    def __str__(self) -> str:
        return f"{self.action_item_id} {self.kind} {self.due_on}"
