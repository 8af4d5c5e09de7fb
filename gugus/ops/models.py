"""What the workers share through the database: who is alive, and when each scheduled job last ran."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running ``gugus worker``: where it runs and when it last said so (every few seconds)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.worker_id


class ScheduledJob(models.Model):
    """One periodic job (``referrals escalate``...): when it is next due. A worker enqueues it only
    after moving ``next_due`` forward in one conditional update, so two workers never both do."""

    name = models.CharField(max_length=64, primary_key=True)
    next_due = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.name
