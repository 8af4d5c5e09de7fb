"""The audit log: append-only, each entry chained to the previous one by a hash."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change or one read of personal data. Never updated, never deleted."""

    class Kind(models.TextChoices):
        CHANGE = "change", _("Change")
        READ = "read", _("Read of personal data")
        AUTH = "auth", _("Sign-in event")

    sequence = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Kept as text so the entry still says who acted if the account is renamed.
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # Field names and non-personal values only: personal data never enters the log in clear.
    data = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    # The journal row a sealed read came from (AuditJournal.id); empty for entries chained at once.
    journal_id = models.PositiveBigIntegerField(null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["sequence"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["actor", "at"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """A single row locked while appending, so that entries chain one after another."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return f"audit head at #{self.sequence}"


class AuditJournal(models.Model):
    """A read of personal data recorded without the chain's lock, waiting to be sealed into it.

    Append-only like the entries (gugus/audit/guard.py): never updated, deleted only once an entry
    carries its id; each row carries its own keyed MAC, so nobody without the key can slip a row in
    for the sealer to chain.
    """

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField()
    kind = models.CharField(max_length=8, choices=AuditEntry.Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Unique, so a copy of a genuine row cannot be replayed into the chain.
    mac = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("unsealed read")
        verbose_name_plural = _("unsealed reads")

    def __str__(self) -> str:
        return f"journal #{self.pk} {self.action} {self.object_type}:{self.object_id}"
