"""The public job-offer check: what the task force may disclose about a recruiter, a company, a
phone number, an account or a destination country, and, as plainly, what it does not know.

Only three sources are read, all public by decision: the register of licensed placement
agencies, identifiers a supervisor approved for publication, and the country advisories. Nothing
here reads a case, a person or a public report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import get_language

from gugus.core.crypto import blind_index
from gugus.core.errors import ValidationFailed
from gugus.linkage.normalise import normalise_phone
from gugus.networks.services import identifier_digest, identifier_normalise
from gugus.organisations.countries import country_code, country_name
from gugus.portal import text
from gugus.portal.models import Advisory, LicensedAgency, PublishedIdentifier


@dataclass
class Finding:
    """One answer of the check: what was asked, what is known (``verdict``) and the entries behind it."""

    asked: str
    # licensed, suspended, revoked, not_in_register, flagged, not_flagged, advisory, no_advisory, invalid
    verdict: str
    entries: list = field(default_factory=list)


MAX_QUERY = 200


def check_company(name: str) -> Finding | None:
    """Agencies of the register whose name key equals the query's, best status first."""
    try:
        query = text.plain_text(name, max_length=MAX_QUERY, multiline=False)
    except ValueError:
        return Finding(str(name)[:MAX_QUERY], "invalid")
    if not query:
        return None
    key = text.agency_name_key(query)
    if not key:
        return Finding(query, "invalid")
    matches = list(LicensedAgency.objects.filter(name_key=key).select_related("region")[:5])
    if not matches:
        return Finding(query, "not_in_register")
    order = {LicensedAgency.Status.ACTIVE: 0, LicensedAgency.Status.SUSPENDED: 1, LicensedAgency.Status.REVOKED: 2}
    matches.sort(key=lambda a: (order[a.status], a.name))
    verdict = {"active": "licensed", "suspended": "suspended", "revoked": "revoked"}[matches[0].status]
    return Finding(query, verdict, matches)


def _published(digest: str) -> list[PublishedIdentifier]:
    return list(
        PublishedIdentifier.objects.filter(digest=digest, status=PublishedIdentifier.Status.APPROVED).only(
            "kind", "label", "approved_at"
        )
    )


def check_phone(raw: str) -> Finding | None:
    """Whether a phone number was flagged in cases and approved for publication."""
    shown = str(raw or "").strip()[:40]
    if not shown:
        return None
    phone = normalise_phone(shown)
    if phone is None:
        return Finding(shown, "invalid")
    found = _published(blind_index("phone", phone))
    return Finding(phone, "flagged" if found else "not_flagged", found)


def check_account(label: str, raw: str, kind: str) -> Finding | None:
    """Whether a bank or social-media account was flagged and approved for publication."""
    shown = " ".join(f"{label or ''} {raw or ''}".split())[:120]
    if not str(raw or "").strip():
        return None
    try:
        label, value = identifier_normalise(kind, label, raw)
    except ValidationFailed:
        return Finding(shown, "invalid")
    found = _published(identifier_digest(kind, label, value))
    return Finding(shown, "flagged" if found else "not_flagged", found)


def check_country(raw: str) -> Finding | None:
    """The task force's current advisory for a destination country."""
    shown = str(raw or "").strip()[:60]
    if not shown:
        return None
    code = country_code(shown)
    if not code:
        return Finding(shown, "invalid")
    language = (get_language() or "id")[:2]
    name = country_name(code, language)
    advisory = Advisory.objects.filter(country=code).first()
    return Finding(name, "advisory" if advisory else "no_advisory", [advisory] if advisory else [])
