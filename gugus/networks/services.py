"""Writes of network identifiers: bank accounts, social-media accounts and addresses of a person.

Values are normalised, encrypted (bound to their row) and blind-indexed; two people share an
identifier when the digests are equal, and nothing is ever compared in clear.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from gugus.accounts.roles import has_capability
from gugus.audit.services import audit_record
from gugus.core.crypto import blind_index
from gugus.core.errors import Conflict, PermissionDenied, ValidationFailed
from gugus.networks.models import Identifier

_ADDRESS_WORDS = {"jl": "jalan", "jln": "jalan", "gg": "gang", "kel": "kelurahan", "kec": "kecamatan", "no": "nomor",
                  "kab": "kabupaten", "ds": "desa", "dsn": "dusun"}  # fmt: skip
_URL = re.compile(r"^(https?://)?(www\.)?[a-z0-9.-]+\.[a-z]{2,}/", re.IGNORECASE)


def identifier_normalise(kind: str, label: str, value: str) -> tuple[str, str]:
    """(label, value) as compared: bank code upper-case and account digits; platform and handle in
    lower case without '@' or the site's address; an address in lower case with its abbreviations
    spelled out. Raises ValidationFailed naming the field."""
    label = " ".join(str(label or "").split())
    text = " ".join(str(value or "").split())
    if not text:
        raise ValidationFailed(_("The value is required."), field="value")
    if kind == Identifier.Kind.BANK_ACCOUNT:
        digits = re.sub(r"[\s.\-]", "", text)
        if not re.fullmatch(r"\d{6,20}", digits):
            raise ValidationFailed(_("An account number has 6 to 20 digits."), field="value")
        if not label:
            raise ValidationFailed(_("Name the bank (e.g. BCA, BRI)."), field="label")
        return label.upper()[:40], digits
    if kind == Identifier.Kind.SOCIAL_MEDIA:
        handle = _URL.sub("", text.strip()).strip("/").lstrip("@").lower()
        if not re.fullmatch(r"[a-z0-9._\-+]{2,100}", handle):
            raise ValidationFailed(_("A handle has letters, digits, dots, dashes or underscores."), field="value")
        if not label:
            raise ValidationFailed(_("Name the platform (e.g. facebook, telegram)."), field="label")
        return label.lower()[:40], handle
    if kind == Identifier.Kind.ADDRESS:
        words = re.sub(r"[^\w\s/]", " ", text.lower()).split()
        normalised = " ".join(_ADDRESS_WORDS.get(w, w) for w in words)
        if len(normalised) < 8:
            raise ValidationFailed(_("Write the street address with its number and place."), field="value")
        return "", normalised[:300]
    raise ValidationFailed(_("Unknown kind of identifier."), field="kind")


def identifier_digest(kind: str, label: str, normalised: str) -> str:
    return blind_index("identifier", f"{kind}:{label}:{normalised}")


def identifier_add(*, actor, person, kind: str, label: str = "", value: str, unit=None) -> Identifier:
    """Record a bank account, social-media account or address of a person (already in the actor's scope)."""
    if not has_capability(actor, "cases.edit"):
        raise PermissionDenied(_("Your role does not allow this."))
    label, normalised = identifier_normalise(kind, label, value)
    try:
        with transaction.atomic():
            identifier = Identifier.objects.create(
                person=person,
                kind=kind,
                label=label,
                value=normalised,
                digest=identifier_digest(kind, label, normalised),
                recorded_by_unit=unit if unit is not None else getattr(actor, "unit", None),
            )
            audit_record(actor=actor, action="networks.identifier_add", target=identifier, data={"kind": kind})
    except IntegrityError:
        raise Conflict(_("This person already has this identifier.")) from None
    return identifier
