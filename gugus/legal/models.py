"""The legal track of a case (police report, investigation, suspects, charges, prosecution, verdict,
appeal), scam compounds, mass repatriation batches and online exploitation with its takedowns."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gugus.core.crypto import EncryptedTextField
from gugus.core.models import TimeStampedModel


class Article(models.Model):
    """An article of a law that a suspect may be charged under (reference data, see ``articles.py``)."""

    law = models.CharField(_("law"), max_length=20)
    number = models.CharField(_("article"), max_length=8)
    paragraph = models.CharField(_("paragraph"), max_length=8, blank=True)
    read_with = models.CharField(_("read with"), max_length=40, blank=True)
    summary_id = models.CharField(_("summary (Indonesian)"), max_length=300)
    summary_en = models.CharField(_("summary (English)"), max_length=300)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("article of law")
        verbose_name_plural = _("articles of law")
        ordering = ["law", "id"]
        constraints = [models.UniqueConstraint(fields=["law", "number", "paragraph"], name="article_unique")]

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        from gugus.legal.articles import citation

        return citation(self.law, self.number, self.paragraph, self.read_with)

    def summary(self, language: str = "id") -> str:
        return self.summary_en if language == "en" else self.summary_id


class Investigation(TimeStampedModel):
    """A case's legal track: one police report (LP) and its investigation through to the verdict."""

    class Stage(models.TextChoices):
        REPORTED = "reported", _("Police report filed")
        INVESTIGATING = "investigating", _("Under investigation")
        FILE_WITH_PROSECUTOR = "file_with_prosecutor", _("Case file with the prosecutor")
        FILE_RETURNED = "file_returned", _("Case file returned to the investigator (P-19)")
        FILE_COMPLETE = "file_complete", _("Case file complete (P-21)")
        PROSECUTION = "prosecution", _("Prosecution")
        TRIAL = "trial", _("At trial")
        VERDICT = "verdict", _("Verdict given")
        APPEAL = "appeal", _("On appeal")
        FINAL = "final", _("Verdict final")
        STOPPED = "stopped", _("Investigation stopped (SP3)")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="investigations")
    unit = models.ForeignKey("organisations.AgencyUnit", on_delete=models.PROTECT, related_name="investigations")
    prosecutor_unit = models.ForeignKey(
        "organisations.AgencyUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="prosecutions"
    )
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="investigations"
    )
    report_number = models.CharField(_("police report (LP) number"), max_length=80)
    report_date = models.DateField(_("police report date"))
    sprindik_number = models.CharField(_("investigation warrant (sprindik) number"), max_length=80, blank=True)
    sprindik_date = models.DateField(_("investigation warrant date"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices, default=Stage.REPORTED)
    version = models.PositiveIntegerField(default=1)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")
        ordering = ["-report_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "report_number"], name="investigation_report_once_per_unit"),
        ]
        indexes = [models.Index(fields=["case", "report_date"], name="investigation_case")]

    def __str__(self) -> str:
        return f"investigation {self.pk} ({self.report_number})"


class Step(models.Model):
    """One dated stage of the legal track, with who recorded it (never edited: a correction is a new step)."""

    class Kind(models.TextChoices):
        POLICE_REPORT = "police_report", _("Police report (LP)")
        SPRINDIK = "sprindik", _("Investigation warrant (sprindik)")
        SPDP = "spdp", _("Notice of investigation to the prosecutor (SPDP)")
        FILE_SENT = "file_sent", _("Case file sent to the prosecutor (stage I)")
        FILE_RETURNED = "file_returned", _("Case file returned with instructions (P-19)")
        P21 = "p21", _("Case file complete (P-21)")
        HANDOVER = "handover", _("Suspects and evidence handed over (stage II)")
        INDICTMENT = "indictment", _("Indictment filed in court")
        VERDICT = "verdict", _("Verdict")
        APPEAL = "appeal", _("Appeal filed")
        APPEAL_DECIDED = "appeal_decided", _("Appeal decided")
        FINAL = "final", _("Verdict final (inkracht)")
        RESTITUTION_PAID = "restitution_paid", _("Restitution paid")
        SP3 = "sp3", _("Investigation stopped (SP3)")
        SHARED = "shared", _("Track shared with a unit")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("stage"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    reference = models.CharField(_("document number"), max_length=80, blank=True)
    # Codes and amounts only (never personal data).
    data = models.JSONField(default=dict, blank=True)
    note = EncryptedTextField(_("note"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_unit = models.ForeignKey(
        "organisations.AgencyUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("legal step")
        verbose_name_plural = _("legal steps")
        ordering = ["investigation_id", "on", "id"]
        indexes = [models.Index(fields=["investigation", "kind", "on"], name="legal_step_kind")]

    def __str__(self) -> str:
        return f"{self.kind} on {self.on}"


class Suspect(TimeStampedModel):
    """A person in the case (CaseRole with role suspect) pursued in this investigation, and where they stand."""

    class Status(models.TextChoices):
        SUSPECT = "suspect", _("Suspect")
        DEFENDANT = "defendant", _("Defendant")
        CONVICTED = "convicted", _("Convicted")
        ACQUITTED = "acquitted", _("Acquitted")
        AT_LARGE = "at_large", _("At large (wanted)")
        ABROAD = "abroad", _("Abroad")

    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="suspects")
    case_role = models.ForeignKey("people.CaseRole", on_delete=models.PROTECT, related_name="legal_suspects")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUSPECT)
    status_on = models.DateField(_("status since"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("suspect")
        verbose_name_plural = _("suspects")
        ordering = ["investigation_id", "id"]
        constraints = [models.UniqueConstraint(fields=["investigation", "case_role"], name="suspect_once")]

    def __str__(self) -> str:
        return f"suspect {self.pk} ({self.status})"


class Charge(models.Model):
    """An article a suspect is charged under (at investigation, in the indictment or in the verdict)."""

    class Stage(models.TextChoices):
        INVESTIGATION = "investigation", _("Investigation")
        INDICTMENT = "indictment", _("Indictment")
        VERDICT = "verdict", _("Proven in the verdict")

    suspect = models.ForeignKey(Suspect, on_delete=models.CASCADE, related_name="charges")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="charges")
    stage = models.CharField(_("stage"), max_length=14, choices=Stage.choices, default=Stage.INVESTIGATION)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["suspect_id", "stage", "id"]
        constraints = [models.UniqueConstraint(fields=["suspect", "article", "stage"], name="charge_once")]

    def __str__(self) -> str:
        return f"charge {self.article_id} on suspect {self.suspect_id}"


class Verdict(models.Model):
    """A court's decision on one suspect: outcome, sentence, restitution ordered and what was paid."""

    class Court(models.TextChoices):
        DISTRICT = "district", _("District court (Pengadilan Negeri)")
        HIGH = "high", _("High court (Pengadilan Tinggi, appeal)")
        SUPREME = "supreme", _("Supreme Court (Mahkamah Agung, cassation)")

    class Outcome(models.TextChoices):
        CONVICTED = "convicted", _("Convicted")
        ACQUITTED = "acquitted", _("Acquitted (vrijspraak)")
        RELEASED = "released", _("Released from all charges (onslag)")

    suspect = models.ForeignKey(Suspect, on_delete=models.CASCADE, related_name="verdicts")
    court = models.CharField(_("court level"), max_length=10, choices=Court.choices, default=Court.DISTRICT)
    court_name = models.CharField(_("court"), max_length=120)
    decision_number = models.CharField(_("decision number"), max_length=80, blank=True)
    decided_on = models.DateField(_("decided on"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    prison_months = models.PositiveIntegerField(_("prison (months)"), null=True, blank=True)
    fine_idr = models.DecimalField(_("fine (Rp)"), max_digits=16, decimal_places=0, null=True, blank=True)
    # Restitution ordered and paid lives in one place, ``gugus.assistance.models.Restitution``
    # (``self.restitutions``), which the verdict writes and the assistance pages read.
    final_on = models.DateField(_("final (inkracht) on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        ordering = ["suspect_id", "decided_on", "id"]

    def __str__(self) -> str:
        return f"verdict {self.pk} ({self.outcome})"

    @property
    def restitution_ordered_idr(self):
        """What the verdict ordered in restitution, over its victims (None for none); prefetch ``restitutions``."""
        rows = list(self.restitutions.all())
        return sum((r.verdict_amount or 0 for r in rows), Decimal(0)) if rows else None

    @property
    def restitution_paid_idr(self):
        rows = list(self.restitutions.all())
        return sum((r.paid_amount for r in rows), Decimal(0)) if rows else None

    @property
    def restitution_paid_on(self):
        return max((r.paid_on for r in self.restitutions.all() if r.paid_on), default=None)


class Appeal(models.Model):
    """An appeal (banding), cassation (kasasi) or review (PK) against a verdict."""

    class Level(models.TextChoices):
        APPEAL = "appeal", _("Appeal (banding)")
        CASSATION = "cassation", _("Cassation (kasasi)")
        REVIEW = "review", _("Case review (peninjauan kembali)")

    class By(models.TextChoices):
        PROSECUTOR = "prosecutor", _("Prosecutor")
        DEFENDANT = "defendant", _("Defendant")

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="appeals")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    filed_by = models.CharField(_("filed by"), max_length=10, choices=By.choices)
    filed_on = models.DateField(_("filed on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["verdict_id", "filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.level} of verdict {self.verdict_id}"


class TrackShare(models.Model):
    """The legal track shared with another unit (a service provider, LPSK for restitution), until revoked."""

    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="shares")
    unit = models.ForeignKey("organisations.AgencyUnit", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=200)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("legal track share")
        verbose_name_plural = _("legal track shares")
        ordering = ["investigation_id", "id"]
        indexes = [models.Index(fields=["unit", "revoked_at"], name="track_share_unit")]

    def __str__(self) -> str:
        return f"track {self.investigation_id} shared with {self.unit_id}"


# --- scam compounds -------------------------------------------------------------------------------


class Compound(TimeStampedModel):
    """A scam compound or another site where Indonesians are held and exploited abroad."""

    class Kind(models.TextChoices):
        SCAM_COMPOUND = "scam_compound", _("Online scam compound")
        CASINO = "casino", _("Casino or hotel complex")
        FISHING_PORT = "fishing_port", _("Fishing port or vessel base")
        BROTHEL = "brothel", _("Place of sexual exploitation")
        OTHER = "other", _("Other site")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RAIDED = "raided", _("Raided")
        RELOCATED = "relocated", _("Relocated")
        CLOSED = "closed", _("Closed")
        UNVERIFIED = "unverified", _("Not verified")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SCAM_COMPOUND)
    country = models.CharField(_("country (ISO 3166)"), max_length=2)
    locality = models.CharField(_("locality"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UNVERIFIED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("scam compound")
        verbose_name_plural = _("scam compounds")
        ordering = ["country", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["country", "name"], name="compound_name_per_country")]

    def __str__(self) -> str:
        return self.name


class CompoundFact(models.Model):
    """A fact about a compound (operator, company name, address, status), with its source and date."""

    class Kind(models.TextChoices):
        OPERATOR = "operator", _("Known operator")
        COMPANY = "company", _("Company name")
        ADDRESS = "address", _("Address or coordinates")
        STATUS = "status", _("Status")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="facts")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Operators' names are personal data: encrypted like the rest.
    value = EncryptedTextField(_("fact"))
    source = models.CharField(_("source"), max_length=200)
    observed_on = models.DateField(_("date of the fact"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("compound fact")
        verbose_name_plural = _("compound facts")
        ordering = ["compound_id", "-observed_on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} of compound {self.compound_id}"


class CompoundLink(models.Model):
    """A case, or a person in a case, linked to a compound (held there, recruited for it, running it)."""

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="links")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="compound_links")
    case_role = models.ForeignKey(
        "people.CaseRole", null=True, blank=True, on_delete=models.CASCADE, related_name="compound_links"
    )
    source = models.CharField(_("source"), max_length=200)
    observed_on = models.DateField(_("date of the fact"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("compound link")
        verbose_name_plural = _("compound links")
        ordering = ["compound_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["compound", "case"], condition=models.Q(case_role__isnull=True), name="compound_case_once"
            ),
            models.UniqueConstraint(
                fields=["compound", "case_role"],
                condition=models.Q(case_role__isnull=False),
                name="compound_person_once",
            ),
        ]
        indexes = [models.Index(fields=["case"], name="compound_link_case")]

    def __str__(self) -> str:
        return f"case {self.case_id} at compound {self.compound_id}"


# --- mass repatriation ----------------------------------------------------------------------------


class Screening(models.TextChoices):
    """The first screening of a returnee at arrival (never counted together)."""

    VICTIM = "victim", _("Victim")
    POSSIBLE_PERPETRATOR = "possible_perpetrator", _("Possible perpetrator")
    NOT_A_VICTIM = "not_a_victim", _("Not a victim")
    RE_RECRUITED = "re_recruited", _("Re-recruited (returning a second time)")
    NOT_SCREENED = "", _("Not yet screened")


class RepatriationBatch(models.Model):
    """People arriving together (e.g. from one compound via KBRI Phnom Penh), imported as one operation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("batch"), max_length=120)
    unit = models.ForeignKey("organisations.AgencyUnit", on_delete=models.PROTECT, related_name="+")
    compound = models.ForeignKey(Compound, null=True, blank=True, on_delete=models.PROTECT, related_name="batches")
    case_import = models.OneToOneField("cases.CaseImport", null=True, on_delete=models.PROTECT, related_name="+")
    people = models.PositiveIntegerField(default=0)
    victims = models.PositiveIntegerField(default=0)
    possible_perpetrators = models.PositiveIntegerField(default=0)
    not_victims = models.PositiveIntegerField(default=0)
    re_recruited = models.PositiveIntegerField(default=0)
    not_screened = models.PositiveIntegerField(default=0)
    # People found by the intake identity check (already in Gugus), queued for review.
    matched = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField()

    class Meta:
        verbose_name = _("repatriation batch")
        verbose_name_plural = _("repatriation batches")
        ordering = ["-imported_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="batch_name_per_unit")]

    def __str__(self) -> str:
        return self.name


class BatchMember(models.Model):
    """One person of a batch: their case, their screening, and how many existing records they may match."""

    batch = models.ForeignKey(RepatriationBatch, on_delete=models.CASCADE, related_name="members")
    line = models.PositiveIntegerField()
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    case_role = models.ForeignKey("people.CaseRole", on_delete=models.PROTECT, related_name="batch_members")
    screening = models.CharField(_("screening"), max_length=20, choices=Screening.choices, blank=True, default="")
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    screened_at = models.DateTimeField(null=True, blank=True)
    matches = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("repatriation batch member")
        verbose_name_plural = _("repatriation batch members")
        ordering = ["batch_id", "line"]
        constraints = [models.UniqueConstraint(fields=["batch", "case_role"], name="batch_member_once")]

    def __str__(self) -> str:
        return f"line {self.line} of batch {self.batch_id}"


# --- online exploitation --------------------------------------------------------------------------


class OnlineCategory(models.TextChoices):
    CHILD_SEXUAL_ABUSE_MATERIAL = "csam", _("Child sexual abuse material")
    CHILD_LIVE_STREAMING = "child_live_streaming", _("Live-streamed sexual abuse of children")
    CHILD_GROOMING = "child_grooming", _("Online grooming of a child")
    ADULT_SEXUAL_EXPLOITATION = "adult_sexual_exploitation", _("Online sexual exploitation of adults")
    ADULT_LIVE_STREAMING = "adult_live_streaming", _("Forced live-streamed sexual acts (adults)")
    SEXTORTION = "sextortion", _("Sextortion")
    NON_CONSENSUAL_IMAGES = "non_consensual_images", _("Intimate images shared without consent")
    RECRUITMENT_AD = "recruitment_ad", _("Deceptive recruitment advertisement")
    SCAM_OPERATION = "scam_operation", _("Online scam operation")


CHILD_CATEGORIES = frozenset({"csam", "child_live_streaming", "child_grooming"})


class OnlineItem(TimeStampedModel):
    """A platform account or URL involved in a case's online exploitation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="online_items")
    category = models.CharField(_("category"), max_length=28, choices=OnlineCategory.choices)
    platform = models.CharField(_("platform"), max_length=60)
    # Accounts and URLs may identify victims: encrypted.
    account = EncryptedTextField(_("account"))
    url = EncryptedTextField(_("URL"))
    first_seen_on = models.DateField(_("first seen on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_unit = models.ForeignKey("organisations.AgencyUnit", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("online content item")
        verbose_name_plural = _("online content items")
        ordering = ["case_id", "id"]

    def __str__(self) -> str:
        return f"{self.platform} item {self.pk}"


class TakedownRequest(TimeStampedModel):
    """A takedown or preservation request about an online item, to Komdigi or a platform, and its outcome."""

    class Kind(models.TextChoices):
        TAKEDOWN = "takedown", _("Takedown (access blocking)")
        PRESERVATION = "preservation", _("Preservation of evidence")

    class Recipient(models.TextChoices):
        KOMDIGI = "komdigi", _("Komdigi (Ministry of Communication and Digital Affairs)")
        PLATFORM = "platform", _("The platform")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Awaiting an answer")
        DONE = "done", _("Done (taken down or preserved)")
        PARTIAL = "partial", _("Partly done")
        REFUSED = "refused", _("Refused")
        NO_ANSWER = "no_answer", _("No answer")

    item = models.ForeignKey(OnlineItem, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    recipient = models.CharField(_("sent to"), max_length=10, choices=Recipient.choices)
    reference = models.CharField(_("reference"), max_length=80, blank=True)
    sent_on = models.DateField(_("sent on"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    sent_unit = models.ForeignKey("organisations.AgencyUnit", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("takedown request")
        verbose_name_plural = _("takedown requests")
        ordering = ["item_id", "sent_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True) | models.Q(answered_on__gte=models.F("sent_on")),
                name="takedown_answer_after_sent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} request {self.pk} ({self.outcome})"
