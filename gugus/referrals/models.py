"""Referrals between agency units for one victim and one function, the consent behind them, deadlines,
their event log and in-app notifications."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gugus.core.crypto import EncryptedTextField
from gugus.core.models import TimeStampedModel


class Share(models.TextChoices):
    """What a referral shares with the receiving unit (and what the victim consented to)."""

    IDENTITY = "identity", _("Identity (name, sex, birth date, nationality)")
    CONTACT = "contact", _("Contact (phone numbers, home region)")
    DOCUMENTS = "documents", _("Identity documents (NIK, passport)")
    NEEDS = "needs", _("Needs and health (needs, disability)")
    CASE_SUMMARY = "case_summary", _("Case summary (exploitation, destination, dates)")
    ASSESSMENT = "assessment", _("Result of the trafficking assessment")
    JOURNEY = "journey", _("The victim's journey across agencies")
    CASE_FILE = "case_file", _("The whole case file (narrative, other people)")


def codes_join(codes) -> str:
    """Codes between commas (",identity,contact,") so one text column filters alike on SQLite and PostgreSQL."""
    codes = [c for c in dict.fromkeys(codes) if c]
    return ("," + ",".join(codes) + ",") if codes else ""


def codes_split(text: str) -> list[str]:
    return [c for c in (text or "").split(",") if c]


class NoGuardianReason(models.TextChoices):
    """Why no parent or guardian gave consent for a child victim."""

    GUARDIAN_SUSPECT = "guardian_suspect", _("The parent or guardian is a suspect")
    NONE_REACHABLE = "none_reachable", _("No parent or guardian can be reached")
    NONE_EXISTS = "none_exists", _("The child has no parent or guardian (unaccompanied)")


class Consent(TimeStampedModel):
    """A victim's consent to share data with one recipient unit for one purpose (a function)."""

    class Method(models.TextChoices):
        WRITTEN = "written", _("Written and signed")
        ORAL = "oral", _("Oral, witnessed")
        GUARDIAN = "guardian", _("Given by a parent or guardian (child)")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="consents")
    victim = models.ForeignKey("people.CaseRole", on_delete=models.PROTECT, related_name="consents")
    recipient_unit = models.ForeignKey(
        "organisations.AgencyUnit", on_delete=models.PROTECT, related_name="consents_received"
    )
    function = models.ForeignKey("functions.Function", on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(_("scope"), max_length=200)
    given_on = models.DateField(_("date given"))
    method = models.CharField(_("how it was given"), max_length=10, choices=Method.choices)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    taken_by_unit = models.ForeignKey("organisations.AgencyUnit", on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the victim said may name people: encrypted.
    note = EncryptedTextField(_("note"))
    # A victim under 18 consents through a parent or guardian (UU 35/2014 Pasal 1 angka 1, 26); the
    # name is personal data: encrypted. When none can give it, the reason is recorded instead.
    minor_at_consent = models.BooleanField(default=False)
    guardian_name = EncryptedTextField(_("parent or guardian"))
    guardian_relation = models.CharField(_("relation to the victim"), max_length=60, blank=True)
    no_guardian_reason = models.CharField(
        _("why no parent or guardian gave consent"), max_length=16, choices=NoGuardianReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["victim", "recipient_unit"], name="consent_victim_recipient")]

    def __str__(self) -> str:
        return f"consent {self.pk} for {self.function_id} to {self.recipient_unit_id}"

    @property
    def scope_codes(self) -> list[str]:
        return codes_split(self.scope)

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class DeadlineRule(TimeStampedModel):
    """How many days a unit has to begin the service of a function once referred (editable table)."""

    function = models.OneToOneField("functions.Function", on_delete=models.CASCADE, related_name="deadline_rule")
    days = models.PositiveSmallIntegerField(_("days to begin the service"))
    remind_days_before = models.PositiveSmallIntegerField(_("remind this many days before"), default=2)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["function__code"]
        constraints = [models.CheckConstraint(condition=models.Q(days__gte=1), name="deadline_rule_days_positive")]

    def __str__(self) -> str:
        return f"{self.function_id}: {self.days} days"


class Referral(TimeStampedModel):
    """A request from one agency unit to another to act for one function for one victim in a case."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class LegalException(models.TextChoices):
        NONE = "", _("None: the victim's consent")
        LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement (investigation, prosecution)")

    class DeclineReason(models.TextChoices):
        NOT_OUR_FUNCTION = "not_our_function", _("Not this unit's function")
        OUTSIDE_AREA = "outside_area", _("Outside this unit's area")
        NO_CAPACITY = "no_capacity", _("No capacity now")
        ALREADY_SERVED = "already_served", _("Already served by another unit")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        DELIVERED = "delivered", _("Service delivered")
        PARTIALLY_DELIVERED = "partially_delivered", _("Partly delivered")
        VICTIM_DECLINED = "victim_declined", _("The victim declined the service")
        VICTIM_UNREACHABLE = "victim_unreachable", _("The victim could not be reached")
        REFERRED_ON = "referred_on", _("Referred on to another unit")
        OTHER = "other", _("Other")

    class CancelReason(models.TextChoices):
        CONSENT_WITHDRAWN = "consent_withdrawn", _("The victim withdrew consent")
        NO_LONGER_NEEDED = "no_longer_needed", _("No longer needed")
        SENT_IN_ERROR = "sent_in_error", _("Sent in error")
        OTHER = "other", _("Other")

    # Open: still expected to move. Awaiting start: the clock of the deadline runs.
    OPEN_STATUSES = (Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS)
    AWAITING_START = (Status.SENT, Status.ACCEPTED)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="referrals")
    victim = models.ForeignKey("people.CaseRole", on_delete=models.PROTECT, related_name="referrals")
    function = models.ForeignKey("functions.Function", on_delete=models.PROTECT, related_name="referrals")
    from_unit = models.ForeignKey("organisations.AgencyUnit", on_delete=models.PROTECT, related_name="referrals_sent")
    to_unit = models.ForeignKey("organisations.AgencyUnit", on_delete=models.PROTECT, related_name="referrals_received")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="onward")
    # What the authority matrix proposed, and whether the sender followed it.
    proposed_unit = models.ForeignKey(
        "organisations.AgencyUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    routing_outcome = models.CharField(max_length=24, blank=True)
    follows_matrix = models.BooleanField(default=False)
    deviation_reason = models.CharField(_("reason for another unit"), max_length=300, blank=True)
    consent = models.ForeignKey(Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals")
    legal_exception = models.CharField(
        _("legal exception"), max_length=20, choices=LegalException.choices, blank=True, default=""
    )
    legal_basis = models.CharField(_("legal basis of the exception"), max_length=200, blank=True)
    shares = models.CharField(_("shared"), max_length=200, blank=True, default="")
    # The request as written: may name people, so encrypted.
    message = EncryptedTextField(_("message"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SENT)
    # Bumped by every change: a form or API call carrying an older version is refused (Conflict).
    version = models.PositiveIntegerField(default=1)
    sent_at = models.DateTimeField(_("sent at"))
    due_at = models.DateTimeField(_("service to begin by"))
    remind_at = models.DateTimeField(_("remind from"))
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decline_reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason.choices, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=20, choices=CancelReason.choices, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        "organisations.TaskForce", null=True, blank=True, on_delete=models.PROTECT, related_name="escalations"
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(from_unit=models.F("to_unit")), name="referral_not_to_self"),
            models.CheckConstraint(
                condition=models.Q(consent__isnull=False) | ~models.Q(legal_exception=""),
                name="referral_consent_or_exception",
            ),
            models.CheckConstraint(condition=models.Q(due_at__gte=models.F("sent_at")), name="referral_due_after_sent"),
        ]
        indexes = [
            models.Index(fields=["to_unit", "status", "due_at"], name="referral_inbox"),
            models.Index(fields=["from_unit", "-sent_at"], name="referral_outbox"),
            models.Index(fields=["status", "due_at"], name="referral_status_due"),
            # The overdue lists: referrals whose service has not begun, in deadline order.
            models.Index(
                fields=["due_at", "id"],
                condition=models.Q(status__in=["sent", "accepted"]),
                name="referral_awaiting_due",
            ),
            models.Index(fields=["victim", "sent_at"], name="referral_victim"),
            models.Index(fields=["case", "sent_at"], name="referral_case"),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk} ({self.status})"

    @property
    def share_codes(self) -> list[str]:
        return codes_split(self.shares)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, now=None) -> bool:
        return self.status in self.AWAITING_START and self.due_at < (now or timezone.now())

    def time_left(self, now=None):
        """Time until the deadline (negative when overdue), or None once the service has begun."""
        if self.status not in self.AWAITING_START:
            return None
        return self.due_at - (now or timezone.now())

    @property
    def sharing_active(self) -> bool:
        """The receiving unit may see what the referral shares: open, and consent (or an exception) stands."""
        if self.status not in self.OPEN_STATUSES:
            return False
        if self.legal_exception:
            return True
        return self.consent is not None and self.consent.withdrawn_at is None


class ReferralEvent(models.Model):
    """One entry of a referral's history: sent, accepted, declined, reminded, escalated, ..."""

    class Kind(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        STARTED = "started", _("Service begun")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        REMINDED = "reminded", _("Reminder sent")
        ESCALATED = "escalated", _("Escalated to the secretariat")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    # Codes only, never personal data.
    data = models.JSONField(default=dict, blank=True)
    note = EncryptedTextField(_("note"))

    class Meta:
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        ordering = ["referral_id", "at", "id"]
        indexes = [models.Index(fields=["referral", "at"], name="referral_event_history")]

    def __str__(self) -> str:
        return f"{self.kind} on referral {self.referral_id}"


class Notification(models.Model):
    """A message in the application for one user; also sent by e-mail when the user has an address.

    The text never carries personal data: it names the referral, the function and the units.
    """

    class Kind(models.TextChoices):
        REFERRAL_RECEIVED = "referral_received", _("Referral received")
        REFERRAL_ANSWERED = "referral_answered", _("Referral answered")
        REFERRAL_CHANGED = "referral_changed", _("Referral changed")
        DEADLINE_NEAR = "deadline_near", _("Deadline near")
        ESCALATED = "escalated", _("Overdue referral escalated")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
        BREAK_GLASS = "break_glass", _("Break-glass access to a case")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"
