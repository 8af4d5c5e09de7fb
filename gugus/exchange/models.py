"""What leaves Gugus: identified exports (with their second approver and expiry) and hand-off packages."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gugus.core.crypto import EncryptedTextField


class ExportRequest(models.Model):
    """An identified export of a unit's cases: made at once for few people, after a second approval for many.

    The file is kept encrypted (base64 of the spreadsheet, in an encrypted column) until it expires;
    then its content is erased and only the record stays.
    """

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel (XLSX)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a second approver")
        READY = "ready", _("Ready to download")
        REJECTED = "rejected", _("Rejected")
        EXPIRED = "expired", _("Expired")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey("organisations.AgencyUnit", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    # Why the data leaves the system (reviewed by the approver): may name people, so encrypted.
    purpose = EncryptedTextField(_("purpose"))
    case_status = models.CharField(_("case status"), max_length=20, blank=True)
    cases = models.PositiveIntegerField(default=0)
    people = models.PositiveIntegerField(default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = EncryptedTextField(_("note"))
    expires_at = models.DateTimeField(null=True, blank=True)
    content = EncryptedTextField()
    content_digest = models.CharField(max_length=64, blank=True)
    downloads = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("export request")
        verbose_name_plural = _("export requests")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"], name="export_unit_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True) | ~models.Q(approved_by=models.F("requested_by")),
                name="export_second_person_approves",
            )
        ]

    def __str__(self) -> str:
        return f"export {self.pk} ({self.status})"


class HandoffPackage(models.Model):
    """A victim's file handed to an organisation outside Gugus: what went, to whom, on whose consent."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    victim = models.ForeignKey("people.CaseRole", on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField(_("recipient organisation"), max_length=200)
    recipient_country = models.CharField(_("recipient country"), max_length=2, blank=True)
    shares = models.CharField(_("shared"), max_length=200)
    consent_given_on = models.DateField(_("consent given on"))
    consent_method = models.CharField(_("how consent was given"), max_length=10)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    package_digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("handoff package")
        verbose_name_plural = _("handoff packages")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"hand-off {self.uuid}"
