"""Identifiers that link people across cases beyond NIK, passport and phone: bank accounts,
social-media accounts and street addresses, encrypted at rest and compared by keyed blind index."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from gugus.core.crypto import EncryptedTextField


class Identifier(models.Model):
    """One bank account, social-media account or address of a person (or an organisation)."""

    class Kind(models.TextChoices):
        BANK_ACCOUNT = "bank_account", _("Bank account")
        SOCIAL_MEDIA = "social_media", _("Social-media account")
        ADDRESS = "address", _("Address")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # The bank (BCA, BRI) or the platform (facebook, telegram): not personal, kept in clear.
    label = models.CharField(_("bank or platform"), max_length=40, blank=True)
    value = EncryptedTextField(_("account number, handle or address"))
    # blind_index("identifier", "<kind>:<label>:<normalised value>"): equal digests, same identifier.
    digest = models.CharField(max_length=32)
    recorded_by_unit = models.ForeignKey(
        "organisations.AgencyUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")
        ordering = ["person_id", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "digest"], name="identifier_once_per_person"),
        ]
        indexes = [models.Index(fields=["digest"], name="identifier_digest")]

    def __str__(self) -> str:
        return f"{self.kind} of person {self.person_id}"
