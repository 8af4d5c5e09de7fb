"""The public portal: reports from citizens, their follow-up, and what the task force may disclose
to someone checking a job offer (licensed placement agencies, published flagged identifiers,
destination-country advisories)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gugus.core.crypto import EncryptedTextField


class PublicReport(models.Model):
    """A report filed by a citizen on the public portal: personal data, encrypted at rest."""

    class Kind(models.TextChoices):
        SUSPECTED_CASE = "suspected_case", _("Suspected trafficking case")
        JOB_OFFER = "job_offer", _("Suspicious job offer")

    class Status(models.TextChoices):
        # What the reporter sees; the officer's outcome is kept apart.
        RECEIVED = "received", _("Received")
        HANDLING = "handling", _("Being handled")
        HANDED_OVER = "handed_over", _("Handed to the authorities")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        NONE = "", _("Not triaged yet")
        CASE = "case", _("Opened as a case")
        NETWORK_LEAD = "network_lead", _("Network lead")
        CLOSED = "closed", _("Closed without action")

    class CloseReason(models.TextChoices):
        NOT_TRAFFICKING = "not_trafficking", _("Not trafficking")
        INSUFFICIENT = "insufficient", _("Not enough information to act on")
        DUPLICATE = "duplicate", _("Duplicate of another report or case")
        ALREADY_HANDLED = "already_handled", _("Already handled by an agency")
        ABUSIVE = "abusive", _("Abusive or false report")
        OTHER = "other", _("Other")

    class ChildAtRisk(models.TextChoices):
        UNKNOWN = "", _("I do not know")
        YES = "yes", _("Yes, under 18")
        NO = "no", _("No")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # SHA-256 of the follow-up code: the code itself is shown once and never stored.
    code_digest = models.CharField(max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # The region the report concerns; NULL sends it to the national secretariat.
    region = models.ForeignKey(
        "organisations.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    destination_country = models.CharField(_("destination country (ISO 3166)"), max_length=2, blank=True)
    child_at_risk = models.CharField(_("a child at risk"), max_length=3, choices=ChildAtRisk.choices, blank=True)
    what_happened = EncryptedTextField(_("what happened"))
    at_risk = EncryptedTextField(_("who is at risk"))
    offer_text = EncryptedTextField(_("text of the offer"))
    offer_link = EncryptedTextField(_("link to the offer"))
    # E.164 numbers, one per line.
    phones = EncryptedTextField(_("phone numbers"))
    # One account per line: "<kind>\t<bank or platform>\t<normalised value>".
    accounts = EncryptedTextField(_("accounts"))
    contact = EncryptedTextField(_("contact details"))
    anonymous = models.BooleanField(_("anonymous"), default=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True, default="")
    close_reason = models.CharField(_("closing reason"), max_length=16, choices=CloseReason.choices, blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    # Raised by every transition: a stale form cannot overwrite a newer decision.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("public report")
        verbose_name_plural = _("public reports")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-received_at"], name="portal_report_queue"),
            models.Index(fields=["region", "-received_at"], name="portal_report_region"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="case") | models.Q(case__isnull=False), name="portal_report_case_outcome"
            ),
        ]

    def __str__(self) -> str:
        return f"public report {self.pk}"

    @property
    def phone_list(self) -> list[str]:
        return [p for p in (self.phones or "").splitlines() if p]

    @property
    def account_list(self) -> list[tuple[str, str, str]]:
        rows = []
        for line in (self.accounts or "").splitlines():
            parts = line.split("\t")
            if len(parts) == 3:
                rows.append((parts[0], parts[1], parts[2]))
        return rows


class ReportToken(models.Model):
    """A keyed digest of a phone number or an account named in a report, in the networks' index:
    ``blind_index("phone", e164)`` like PersonToken, ``identifier_digest`` like networks.Identifier."""

    class Purpose(models.TextChoices):
        PHONE = "phone", _("Phone")
        IDENTIFIER = "identifier", _("Account")

    report = models.ForeignKey(PublicReport, on_delete=models.CASCADE, related_name="tokens")
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    # For identifiers: bank_account or social_media (networks.Identifier.Kind).
    kind = models.CharField(max_length=12, blank=True)
    digest = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("follow-up code")
        verbose_name_plural = _("follow-up codes")
        indexes = [models.Index(fields=["digest", "purpose"], name="portal_token_lookup")]
        constraints = [models.UniqueConstraint(fields=["report", "purpose", "digest"], name="portal_token_unique")]

    def __str__(self) -> str:
        return f"{self.purpose} token of report {self.report_id}"


class ReportAddition(models.Model):
    """Information a reporter added later with the follow-up code."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(PublicReport, on_delete=models.CASCADE, related_name="additions")
    text = EncryptedTextField(_("information added"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("addition to a public report")
        verbose_name_plural = _("additions to public reports")
        ordering = ["report_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"addition to report {self.report_id}"


class LicensedAgency(models.Model):
    """A placement agency (P3MI) licensed by KP2MI, as an authorised unit imported it."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Licence in force")
        SUSPENDED = "suspended", _("Licence suspended")
        REVOKED = "revoked", _("Licence revoked")

    name = models.CharField(_("name"), max_length=200)
    # Lower case without legal form or punctuation ("pt maju jaya abadi" -> "maju jaya abadi").
    name_key = models.CharField(max_length=200, db_index=True)
    licence_number = models.CharField(_("licence number"), max_length=80, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    region = models.ForeignKey(
        "organisations.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Where the entry comes from (e.g. "Daftar P3MI KP2MI") and as of when.
    source = models.CharField(_("source"), max_length=200)
    source_date = models.DateField(_("source date"))
    imported_by_unit = models.ForeignKey(
        "organisations.AgencyUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("licensed placement agency")
        verbose_name_plural = _("licensed placement agencies")
        ordering = ["name_key", "id"]

    def __str__(self) -> str:
        return self.name


class PublishedIdentifier(models.Model):
    """A phone number or account flagged in a case, public only once a supervisor approves it."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone number")
        BANK_ACCOUNT = "bank_account", _("Bank account")
        SOCIAL_MEDIA = "social_media", _("Social-media account")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, awaiting a supervisor")
        APPROVED = "approved", _("Approved for publication")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    label = models.CharField(_("bank or platform"), max_length=40, blank=True)
    value = EncryptedTextField(_("value"))
    # Same digests as the case side: blind_index("phone", e164) or identifier_digest(kind, label, value).
    digest = models.CharField(max_length=32, db_index=True)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("published identifier")
        verbose_name_plural = _("published identifiers")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["digest"], condition=~models.Q(status="withdrawn"), name="published_identifier_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} flagged in case {self.case_id}"


class Advisory(models.Model):
    """The task force's current advisory for one destination country (e.g. scam-compound countries)."""

    class Level(models.TextChoices):
        AVOID = "avoid", _("Do not accept job offers for this country without checking")
        HIGH_RISK = "high_risk", _("High risk of trafficking and online scam compounds")
        CAUTION = "caution", _("Be careful: check the offer and the agency")

    country = models.CharField(_("country (ISO 3166)"), max_length=2, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    text_id = models.TextField(_("advisory (Bahasa Indonesia)"))
    text_en = models.TextField(_("advisory (English)"))
    source = models.CharField(_("source"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("country advisory")
        verbose_name_plural = _("country advisories")
        ordering = ["country"]

    def __str__(self) -> str:
        return f"advisory {self.country}"
