"""Reports to the President (annual and five-year), generated in the background and kept for download."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportRun(models.Model):
    """One generation of a report: what was asked, its progress, the figures it froze and the file."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual report")
        FIVE_YEAR = "five_year", _("Five-year report")

    class Format(models.TextChoices):
        PDF = "pdf", _("PDF")
        XLSX = "xlsx", _("Spreadsheet (XLSX)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being generated")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("report"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=2, choices=[("id", "Bahasa Indonesia"), ("en", "English")])
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    # Figures count what was recorded by this moment; it is printed in the report.
    cutoff = models.DateTimeField(_("figures as of"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=40, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to="reports/", blank=True, max_length=300)
    error = models.CharField(max_length=300, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report generation")
        verbose_name_plural = _("report generations")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-requested_at"], name="report_run_by_user")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year} ({self.language}, {self.format})"

    @property
    def first_year(self) -> int:
        return self.year - 4 if self.kind == self.Kind.FIVE_YEAR else self.year
