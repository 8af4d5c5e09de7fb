"""Identities across agencies: person records grouped into one person, the merges that did it
(each can be undone), and the review queue of pairs that may be the same person.

A Person record is never changed or deleted by a merge: the identity only groups records, so
every agency keeps its own record and an undo restores the grouping exactly as it was.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Identity(models.Model):
    """One person as the task force knows them: a group of person records from one or more agencies."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"identity {self.uuid}"


class Merge(models.Model):
    """One merge: which records it grouped, what their grouping was before, and its undoing."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    identity = models.ForeignKey(Identity, on_delete=models.PROTECT, related_name="merges")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    source = models.CharField(max_length=16, default="review")  # review, manual, batch, demo
    # The reviewer's reason (required for a merge by a person), the fields whose values were in
    # conflict when the reviewer confirmed, and the record chosen per field for the golden record
    # ({"nik": person pk, ...}).
    reason = models.TextField(_("reason"), blank=True, default="")
    conflicts = models.JSONField(default=list, blank=True)
    choices = models.JSONField(default=dict, blank=True)
    # {person pk: [identity pk or null, merge pk or null]} for every record the merge moved.
    before = models.JSONField(default=dict)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("merge of people")
        verbose_name_plural = _("merges of people")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"merge {self.uuid}"

    @property
    def person_ids(self) -> list[int]:
        return sorted(int(k) for k in self.before)


class IdentityMember(models.Model):
    """A person record's place in an identity (a record without a row is a person of its own)."""

    identity = models.ForeignKey(Identity, on_delete=models.PROTECT, related_name="members")
    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="identity_member")
    # The merge that last placed the record here: only that merge may be undone for it.
    merge = models.ForeignKey(Merge, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("identity member")
        verbose_name_plural = _("identity members")
        indexes = [models.Index(fields=["identity"], name="identity_member_identity")]

    def __str__(self) -> str:
        return f"person {self.person_id} in identity {self.identity_id}"


class ReviewPair(models.Model):
    """Two person records that may be the same person, waiting for (or carrying) a human decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To review")
        SAME = "same", _("Same person")
        DIFFERENT = "different", _("Different people")

    class Source(models.TextChoices):
        INTAKE = "intake", _("Intake check")
        BATCH = "batch", _("Batch resolution")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # person_a.pk < person_b.pk: one row per pair.
    person_a = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    probability = models.FloatField(_("match probability"))
    # Level codes per comparison ({"nik": "one_typo", ...}) and the agreeing key kinds: never values.
    evidence = models.JSONField(default=dict, blank=True)
    guarded = models.BooleanField(default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, default="")
    merge = models.ForeignKey(Merge, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews")

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="review_pair_once"),
            models.CheckConstraint(condition=models.Q(person_a__lt=models.F("person_b")), name="review_pair_ordered"),
        ]
        indexes = [models.Index(fields=["status", "-probability"], name="review_pair_queue")]

    def __str__(self) -> str:
        return f"review {self.uuid} ({self.status})"
