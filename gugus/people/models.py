"""People in cases (victims, suspects, witnesses, reporters), their encrypted identifiers and search tokens."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gugus.core.crypto import EncryptedTextField
from gugus.core.models import TimeStampedModel


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
    UNKNOWN = "", _("Unknown")


class Person(TimeStampedModel):
    """A person or an organisation (a placement agency, a broker) that appears in cases.

    Names and identifiers are encrypted at rest, bound to this row's ``uuid``; exact lookups go
    through ``PersonToken`` digests, never through the encrypted columns.
    """

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        ORGANISATION = "organisation", _("Organisation")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INDIVIDUAL)
    full_name = EncryptedTextField(_("full name"))
    # One alias per line.
    aliases = EncryptedTextField(_("aliases"))
    nik = EncryptedTextField(_("NIK"))
    passport_no = EncryptedTextField(_("passport number"))
    # E.164 numbers, one per line.
    phones = EncryptedTextField(_("phone numbers"))
    # ISO date (YYYY-MM-DD); the year alone is kept in clear for statistics.
    birth_date = EncryptedTextField(_("birth date"))
    birth_place = EncryptedTextField(_("birth place"))
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True, default="")
    address_region = models.ForeignKey(
        "organisations.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A place name that could not be resolved to a Kemendagri code (Lamsel, TTS), kept as written.
    address_as_written = models.CharField(_("address region as written"), max_length=120, blank=True)
    nationality = models.CharField(_("nationality (ISO 3166)"), max_length=2, blank=True, default="ID")
    # Codes of what disagreed when the NIK was checked (e.g. "nik_birth_date_mismatch"); never values.
    nik_warnings = models.JSONField(default=list, blank=True)
    recorded_by_unit = models.ForeignKey(
        "organisations.AgencyUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["id"]

    def __str__(self) -> str:
        # Never the name: this string reaches logs, admin history and error pages.
        return f"person {self.uuid}"

    @property
    def phone_list(self) -> list[str]:
        return [p for p in (self.phones or "").splitlines() if p]

    @property
    def alias_list(self) -> list[str]:
        return [a for a in (self.aliases or "").splitlines() if a]

    @property
    def nik_notes(self) -> list[str]:
        """What was noted when the NIK was checked, in words (a former district names today's region)."""
        from gugus.people.nik import parse_nik
        from gugus.people.services import former_district_note

        labels = {
            "nik_birth_date_mismatch": _("The birth date encoded in the NIK differs from the birth date recorded."),
            "nik_sex_mismatch": _("The sex encoded in the NIK differs from the sex recorded."),
        }
        notes = []
        for code in self.nik_warnings or []:
            if code == "nik_former_district":
                parsed = parse_nik(self.nik)
                if parsed.is_former_district:
                    notes.append(former_district_note(parsed.district))
            else:
                notes.append(str(labels.get(code, _("The NIK disagrees with the record."))))
        return notes


class PersonToken(models.Model):
    """A keyed digest of one identifier or one name token of a person, for exact and name search."""

    class Purpose(models.TextChoices):
        NIK = "nik", _("NIK")
        PASSPORT = "passport", _("Passport number")
        PHONE = "phone", _("Phone")
        NAME_TOKEN = "name_token", _("Name token")
        NAME_PHONETIC = "name_phonetic", _("Name sound-alike key")
        # Keys of the identity engine (NIK parts that survive one typo, name with birth year):
        # candidate retrieval for the intake check (gugus.identity).
        LINKAGE_KEY = "linkage_key", _("Identity retrieval key")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tokens")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    digest = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("person search token")
        verbose_name_plural = _("person search tokens")
        indexes = [models.Index(fields=["digest", "purpose"], name="person_token_lookup")]
        constraints = [
            models.UniqueConstraint(fields=["person", "purpose", "digest"], name="person_token_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} token of person {self.person_id}"


class CaseRole(TimeStampedModel):
    """A person's part in one case; a victim's facts that belong to that case live here."""

    class Role(models.TextChoices):
        VICTIM = "victim", _("Victim")
        SUSPECT = "suspect", _("Suspect")
        WITNESS = "witness", _("Witness")
        REPORTER = "reporter", _("Reporter")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_roles")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    age_at_recruitment = models.PositiveSmallIntegerField(_("age at recruitment"), null=True, blank=True)
    recruited_on = models.DateField(_("recruited on"), null=True, blank=True)
    has_disability = models.BooleanField(_("has a disability"), default=False)
    # Health and personal circumstances: encrypted.
    disability = EncryptedTextField(_("disability"))
    needs = EncryptedTextField(_("needs"))

    class Meta:
        verbose_name = _("role in a case")
        verbose_name_plural = _("roles in cases")
        ordering = ["case_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "role"], name="case_role_unique"),
        ]
        indexes = [models.Index(fields=["person", "case"], name="case_role_person")]

    def __str__(self) -> str:
        return f"{self.role} in case {self.case_id}"

    @property
    def is_child_at_recruitment(self) -> bool | None:
        """Under 18 when recruited (UU 21/2007, Palermo Protocol); None when the age is unknown."""
        return None if self.age_at_recruitment is None else self.age_at_recruitment < 18


class SubjectRequest(TimeStampedModel):
    """A data subject's request under UU 27/2022 (Pelindungan Data Pribadi): to see what Gugus holds
    about them (Pasal 7), to correct it (Pasal 6) or to erase it (Pasal 8), and how it was handled.

    A request is refused, with its reason, where disclosure or erasure would endanger someone
    (Pasal 15: the interests of law enforcement and the protection of others): an investigation of one
    of the person's cases is still open, or the requester is a suspect in a case where the person is a
    victim. Details are encrypted; the audit log holds codes only.
    """

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access: a copy of what Gugus holds")
        CORRECTION = "correction", _("Correction")
        ERASURE = "erasure", _("Erasure")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        FULFILLED = "fulfilled", _("Fulfilled")
        REFUSED = "refused", _("Refused")

    class Refusal(models.TextChoices):
        ONGOING_INVESTIGATION = "ongoing_investigation", _("An investigation of the person's case is ongoing")
        REQUESTER_SUSPECT = "requester_suspect", _("The requester is a suspect in a case where the person is a victim")
        OTHER = "other", _("Other reason (recorded in the handling)")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="subject_requests")
    kind = models.CharField(_("request"), max_length=12, choices=Kind.choices)
    received_on = models.DateField(_("received on"))
    # Who asked: the person themselves, or someone recorded in Gugus (a relative, a lawyer, ...).
    requester_is_subject = models.BooleanField(_("asked by the person themselves"), default=True)
    requester = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("requester")
    )
    detail = EncryptedTextField(_("what is asked"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=24, choices=Refusal.choices, blank=True)
    handling = EncryptedTextField(_("handling"))
    handled_on = models.DateField(_("handled on"), null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        ordering = ["person_id", "-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                name="subject_request_refusal_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} request {self.pk} of person {self.person_id}"
