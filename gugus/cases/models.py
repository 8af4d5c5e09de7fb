"""Cases, their timeline, trafficking assessments against UU 21/2007, and bulk imports."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gugus.core.crypto import EncryptedTextField
from gugus.core.models import TimeStampedModel


class ExploitationType(models.TextChoices):
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    SEXUAL_EXPLOITATION = "sexual_exploitation", _("Sexual exploitation")
    ONLINE_SCAM = "online_scam", _("Online scam centre")
    OSEC = "online_child_sexual_exploitation", _("Online sexual exploitation of children")
    DOMESTIC_SERVITUDE = "domestic_servitude", _("Domestic servitude")
    FISHING_CREW = "fishing_crew", _("Fishing vessel crew")
    ORGAN_REMOVAL = "organ_removal", _("Organ removal")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    BEGGING = "begging", _("Begging")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    WALK_IN = "walk_in", _("Walk-in")
    POLICE_REPORT = "police_report", _("Police report")
    EMBASSY = "embassy", _("Embassy or consulate")
    ONLINE = "online", _("Online report")
    NGO_REFERRAL = "ngo_referral", _("Referral from an NGO")
    MEDIA = "media", _("Media")
    REPATRIATION_LIST = "repatriation_list", _("Repatriation list")


class Modus(models.TextChoices):
    FAKE_JOB_AD = "fake_job_ad", _("Fake job advertisement on social media")
    FAKE_INTERNSHIP = "fake_internship", _("Fake internship")
    MARRIAGE_BROKER = "marriage_broker", _("Marriage brokerage")
    DEBT = "debt", _("Debt bondage")
    ILLEGAL_PLACEMENT = "illegal_placement", _("Unlicensed placement agency")
    ONLINE_GROOMING = "online_grooming", _("Online grooming")
    FAMILY_OR_ACQUAINTANCE = "acquaintance", _("Recruited by family or an acquaintance")
    OTHER = "other", _("Other")
    UNKNOWN = "", _("Unknown")


class Case(TimeStampedModel):
    """A case from the first report to its closing; numbered per reporting unit and year."""

    class Status(models.TextChoices):
        REPORTED = "reported", _("Reported")
        UNDER_ASSESSMENT = "under_assessment", _("Under assessment")
        IDENTIFIED = "identified", _("Identified as trafficking")
        NOT_TRAFFICKING = "not_trafficking", _("Not trafficking")
        FORWARDED = "forwarded", _("Forwarded as another offence")
        HANDLING = "handling", _("Handling")
        CLOSED = "closed", _("Closed")

    class OtherOffence(models.TextChoices):
        SMUGGLING = "smuggling", _("People smuggling")
        LABOUR_VIOLATION = "labour_violation", _("Labour violation")
        MIGRANT_PLACEMENT = "migrant_placement", _("Unlawful placement of migrant workers")
        OTHER = "other", _("Another offence")

    class CloseReason(models.TextChoices):
        NOT_TRAFFICKING = "not_trafficking", _("Not trafficking, no further action")
        SERVICES_COMPLETED = "services_completed", _("Services completed and victims reintegrated")
        PROSECUTED = "prosecuted", _("Handed to prosecution, handling finished")
        VICTIM_WITHDREW = "victim_withdrew", _("Victim withdrew consent")
        UNREACHABLE = "unreachable", _("Victim unreachable")
        DUPLICATE = "duplicate", _("Duplicate of another case")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("case number"), max_length=64, unique=True)
    reporting_unit = models.ForeignKey(
        "organisations.AgencyUnit", on_delete=models.PROTECT, related_name="reported_cases"
    )
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    channel = models.CharField(_("reporting channel"), max_length=20, choices=Channel.choices)
    reported_on = models.DateField(_("report date"))
    events_from = models.DateField(_("events from"), null=True, blank=True)
    events_to = models.DateField(_("events until"), null=True, blank=True)
    origin_region = models.ForeignKey(
        "organisations.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    origin_as_written = models.CharField(_("origin as written"), max_length=120, blank=True)
    transit_points = models.CharField(_("transit points"), max_length=300, blank=True)
    destination_country = models.CharField(_("destination country (ISO 3166)"), max_length=2, blank=True)
    destination_as_written = models.CharField(_("destination as written"), max_length=120, blank=True)
    destination_region = models.CharField(_("destination region or city"), max_length=120, blank=True)
    # Codes of ExploitationType between commas (",online_scam,forced_labour,") so that one indexed
    # text column filters the same way on SQLite and PostgreSQL.
    exploitation_codes = models.CharField(max_length=200, blank=True, default="")
    modus = models.CharField(_("modus"), max_length=20, choices=Modus.choices, blank=True, default="")
    # Free text often names people: encrypted.
    narrative = EncryptedTextField(_("narrative"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REPORTED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(_("closing reason"), max_length=20, choices=CloseReason.choices, blank=True)
    forwarded_as = models.CharField(_("forwarded as"), max_length=20, choices=OtherOffence.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Keyed digest of an imported row: importing the same row again creates nothing.
    import_key = models.CharField(max_length=32, null=True, blank=True)  # noqa: DJ001 (NULL: not imported; unique when set)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["reporting_unit", "year", "sequence"], name="case_number_per_unit_year"),
            models.UniqueConstraint(
                fields=["reporting_unit", "import_key"],
                condition=models.Q(import_key__isnull=False),
                name="case_import_row_once",
            ),
            models.CheckConstraint(
                condition=models.Q(events_to__isnull=True)
                | models.Q(events_from__isnull=True)
                | models.Q(events_to__gte=models.F("events_from")),
                name="case_events_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["-reported_on", "-id"], name="case_list_order"),
            models.Index(fields=["reporting_unit", "-reported_on", "-id"], name="case_unit_list"),
            models.Index(fields=["status", "-reported_on"], name="case_status_list"),
            models.Index(fields=["destination_country", "-reported_on"], name="case_destination_list"),
            models.Index(fields=["origin_region", "-reported_on"], name="case_origin_list"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def exploitation_types(self) -> list[str]:
        return [c for c in self.exploitation_codes.split(",") if c]

    def get_exploitation_types_display(self) -> list[str]:
        labels = dict(ExploitationType.choices)
        return [str(labels.get(c, c)) for c in self.exploitation_types]


class CaseCounter(models.Model):
    """The last sequence number given to a unit's cases in one year (locked while numbering)."""

    reporting_unit = models.ForeignKey("organisations.AgencyUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case number counter")
        verbose_name_plural = _("case number counters")
        constraints = [models.UniqueConstraint(fields=["reporting_unit", "year"], name="case_counter_unique")]

    def __str__(self) -> str:
        return f"{self.reporting_unit_id}/{self.year}: {self.last}"


class CaseEvent(models.Model):
    """One entry of a case's timeline: opened, a status change, a person added, an assessment."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Case opened")
        IMPORTED = "imported", _("Case imported")
        STATUS_CHANGED = "status_changed", _("Status changed")
        PERSON_ADDED = "person_added", _("Person added")
        ASSESSMENT = "assessment", _("Assessment recorded")
        EDITED = "edited", _("Case edited")
        NOTE = "note", _("Note")
        FOLLOW_UP = "follow_up", _("Follow-up planned")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    # Codes and counts only (never personal data).
    data = models.JSONField(default=dict, blank=True)
    # What the user wrote (a reason, a note): may name people, so encrypted.
    note = EncryptedTextField(_("note"))

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case_id", "at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="case_event_timeline")]

    def __str__(self) -> str:
        return f"{self.kind} on case {self.case_id}"


class Presence(models.TextChoices):
    """Whether an element of the offence is established."""

    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    UNKNOWN = "unknown", _("Not yet known")


class ActKind(models.TextChoices):
    RECRUITING = "recruiting", _("Recruiting")
    TRANSPORTING = "transporting", _("Transporting")
    HARBOURING = "harbouring", _("Harbouring")
    SENDING = "sending", _("Sending")
    TRANSFERRING = "transferring", _("Transferring")
    RECEIVING = "receiving", _("Receiving")


class MeansKind(models.TextChoices):
    THREAT = "threat", _("Threat of violence")
    FORCE = "force", _("Use of force")
    ABDUCTION = "abduction", _("Abduction")
    CONFINEMENT = "confinement", _("Confinement")
    FORGERY = "forgery", _("Forgery")
    FRAUD = "fraud", _("Fraud or deception")
    ABUSE_OF_POWER = "abuse_of_power", _("Abuse of power or of a position of vulnerability")
    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    PAYMENT = "payment", _("Payments or benefits to a person in control")


class PurposeKind(models.TextChoices):
    EXPLOITATION = "exploitation", _("Exploitation (labour, services)")
    SEXUAL = "sexual", _("Sexual exploitation")
    SLAVERY = "slavery", _("Slavery or practices similar to slavery")
    SERVITUDE = "servitude", _("Servitude")
    ORGANS = "organs", _("Removal of organs")
    OTHER = "other", _("Other exploitation")


class NationalFinding(models.TextChoices):
    """How the elements stand under UU 21/2007 (gugus.cases.law.National)."""

    MET = "met", _("Met: act, means and purpose (UU 21/2007 Pasal 2 ayat (1))")
    MET_CHILD_SENDING = "met_child_sending", _("Met: a child sent into or out of the country (UU 21/2007 Pasal 6)")
    CONTESTED = "contested", _(
        "Contested: a child without an established means (UU 21/2007 Pasal 2 ayat (1) requires it)"
    )
    NOT_MET = "not_met", _("Not (yet) met")


class Assessment(models.Model):
    """One assessment of one victim against UU 21/2007: act, means and purpose, and the decision.

    A new assessment supersedes the previous one; earlier assessments are kept.
    """

    class Result(models.TextChoices):
        SUSPECTED = "suspected", _("Suspected victim")
        IDENTIFIED = "identified", _("Identified victim")
        NOT_VICTIM = "not_victim", _("Not a victim")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    victim = models.ForeignKey("people.CaseRole", on_delete=models.PROTECT, related_name="assessments")
    act = models.CharField(_("act"), max_length=8, choices=Presence.choices, default=Presence.UNKNOWN)
    act_kinds = models.CharField(max_length=200, blank=True, default="")
    act_evidence = EncryptedTextField(_("evidence of the act"))
    means = models.CharField(_("means"), max_length=8, choices=Presence.choices, default=Presence.UNKNOWN)
    means_kinds = models.CharField(max_length=200, blank=True, default="")
    means_evidence = EncryptedTextField(_("evidence of the means"))
    purpose = models.CharField(_("purpose"), max_length=8, choices=Presence.choices, default=Presence.UNKNOWN)
    purpose_kinds = models.CharField(max_length=200, blank=True, default="")
    purpose_evidence = EncryptedTextField(_("evidence of the purpose"))
    age_at_recruitment = models.PositiveSmallIntegerField(null=True, blank=True)
    # Treated as a child (under 18 at recruitment, UU 21/2007 Pasal 1 angka 5; or presumed one): under
    # the Palermo Protocol Art. 3(c) the means is then not required. See gugus/cases/law.py.
    child_rule_applied = models.BooleanField(default=False)
    # Age not established and reasons to believe a child: treated as a child until it is (UNICEF
    # Guidelines 2006 §3.2). The reasons may describe the person: encrypted.
    child_presumed = models.BooleanField(default=False)
    child_indicators = EncryptedTextField(_("reasons to believe the victim is a child"))
    # The elements under the Palermo Protocol (Art. 3): what identification rests on.
    elements_met = models.BooleanField(default=False)
    # The elements under UU 21/2007, and whether the two frameworks differ for this victim.
    national_finding = models.CharField(
        _("finding under UU 21/2007"), max_length=20, choices=NationalFinding.choices, default=NationalFinding.NOT_MET
    )
    frameworks_differ = models.BooleanField(default=False)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    reason = EncryptedTextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    is_current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("trafficking assessment")
        verbose_name_plural = _("trafficking assessments")
        ordering = ["victim_id", "-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["victim"], condition=models.Q(is_current=True), name="assessment_one_current_per_victim"
            ),
        ]

    def __str__(self) -> str:
        return f"assessment {self.pk} ({self.result})"


class CaseImport(models.Model):
    """One bulk import of a file: who, into which unit, what was created; the file's keyed digest."""

    reporting_unit = models.ForeignKey("organisations.AgencyUnit", on_delete=models.PROTECT, related_name="+")
    file_digest = models.CharField(max_length=64)
    file_name = models.CharField(max_length=200, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case import")
        verbose_name_plural = _("case imports")
        ordering = ["-imported_at"]
        indexes = [models.Index(fields=["reporting_unit", "file_digest"], name="case_import_file")]

    def __str__(self) -> str:
        return f"import {self.pk} into {self.reporting_unit_id}"


class ImportJob(models.Model):
    """A bulk import run by the worker: the uploaded file (encrypted, wiped once done), its progress
    and outcome. The rows themselves are written by ``cases_import`` in one transaction."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        CHECKING = "checking", _("Checking the rows")
        WRITING = "writing", _("Writing the cases")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reporting_unit = models.ForeignKey("organisations.AgencyUnit", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=200, blank=True)
    # The file as uploaded, sealed with the field key bound to this job (gugus.core.crypto.encrypt_bytes).
    sealed_file = models.BinaryField(default=bytes, editable=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    first_number = models.CharField(max_length=64, blank=True)
    last_number = models.CharField(max_length=64, blank=True)
    # A message for people, never a value from the file.
    error = models.CharField(max_length=300, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    case_import = models.ForeignKey(CaseImport, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-requested_at"], name="case_import_job_by_user")]

    def __str__(self) -> str:
        return f"import job {self.pk}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        # Checking is the first 80 %; the writing is one transaction and shows as a whole.
        return min(95, round(80 * self.rows_done / self.rows_total) + (15 if self.status == self.Status.WRITING else 0))


class FollowUp(TimeStampedModel):
    """A step planned on a case with its due date (a visit, a call, a document to obtain), until done."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    victim = models.ForeignKey(
        "people.CaseRole", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    # What is to be done may name people: encrypted.
    description = EncryptedTextField(_("what is to be done"))
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = EncryptedTextField(_("outcome"))

    class Meta:
        verbose_name = _("case follow-up")
        verbose_name_plural = _("case follow-ups")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="follow_up_due")]

    def __str__(self) -> str:
        return f"follow-up {self.pk} on case {self.case_id}"


class CaseAttachment(TimeStampedModel):
    """A file kept with a case (a passport scan, a signed consent, an interview record), encrypted at rest."""

    class Kind(models.TextChoices):
        PASSPORT = "passport", _("Passport or identity document")
        CONSENT = "consent", _("Signed consent")
        INTERVIEW = "interview", _("Interview record")
        MEDICAL = "medical", _("Medical record")
        OTHER = "other", _("Other document")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind of document"), max_length=12, choices=Kind.choices)
    # A title or a file name often names the person: encrypted like the content.
    title = EncryptedTextField(_("title"))
    file_name = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    # AES-GCM over the file's bytes, bound to (table, "content", uuid): see gugus.core.crypto.encrypt_bytes.
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("case attachment")
        verbose_name_plural = _("case attachments")
        ordering = ["case_id", "-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at"], name="case_attachment_list")]

    def __str__(self) -> str:
        return f"attachment {self.pk} on case {self.case_id}"


class BreakGlassGrant(models.Model):
    """Emergency access to one case outside the officer's scope (issue 19, as DHIS2 has it).

    A secretariat officer (``cases.break_glass``) writes why; the grant lasts a limited time
    (``GUGUS_BREAK_GLASS_HOURS``, 2 by default), is flagged at once to the case's unit supervisors
    and the auditors, is listed on the auditor's page, ends by itself and can be revoked. It is read
    by ``cases.access.cases_visible_to`` only.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_grants")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass_grants")
    reason = EncryptedTextField(_("reason"))
    granted_at = models.DateTimeField(_("granted"))
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-granted_at", "-id"]
        indexes = [models.Index(fields=["user", "expires_at"], name="break_glass_active")]

    def __str__(self) -> str:
        return f"break-glass {self.user_id} on case {self.case_id}"

    def is_active(self, now=None) -> bool:
        from django.utils import timezone

        return self.revoked_at is None and self.expires_at > (now or timezone.now())
