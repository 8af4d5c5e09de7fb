"""Writes of the public portal: filing a report and following it up (by the public), triage
(by secretariats), the register of licensed agencies, publication of flagged identifiers and
country advisories.

Every write is one transaction with its audit entry. Public writes are audited with the actor
``"public"`` (no account, no address). Report transitions lock the row and check its version.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gugus.accounts.roles import has_capability
from gugus.audit.services import audit_record
from gugus.core.crypto import blind_index
from gugus.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gugus.linkage.normalise import normalise_phone
from gugus.networks.models import Identifier
from gugus.networks.services import identifier_digest, identifier_normalise
from gugus.organisations.countries import country_code
from gugus.organisations.models import Region
from gugus.portal import access, text
from gugus.portal.models import (
    Advisory,
    LicensedAgency,
    PublicReport,
    PublishedIdentifier,
    ReportAddition,
    ReportToken,
)

PUBLIC = "public"  # the audit actor of writes made on the public pages

# Size limits of every field (characters; items).
LIMITS = {
    "what_happened": 4000,
    "at_risk": 500,
    "offer_text": 4000,
    "offer_link": 500,
    "contact": 300,
    "addition": 2000,
    "phones": 10,
    "bank_accounts": 5,
    "social_accounts": 10,
}

R = PublicReport.Status
O = PublicReport.Outcome  # noqa: E741

# Social platforms recognised from a pasted address; anything else is named by the reporter.
_PLATFORMS = {
    "t.me": "telegram", "telegram.me": "telegram", "facebook.com": "facebook", "fb.com": "facebook",
    "m.facebook.com": "facebook", "instagram.com": "instagram", "tiktok.com": "tiktok", "x.com": "x",
    "twitter.com": "x", "linkedin.com": "linkedin", "line.me": "line",
}  # fmt: skip


def _require(actor, capability: str) -> None:
    if not has_capability(actor, capability):
        raise PermissionDenied(_("Your role does not allow this."))


# --- filing a report (public) -----------------------------------------------------------------------


@dataclass
class Filed:
    """A report just filed, and its follow-up code (shown once, never stored)."""

    report: PublicReport
    code: str


def _text(raw: dict, name: str, *, multiline: bool = True) -> str:
    try:
        return text.plain_text(raw.get(name, ""), max_length=LIMITS[name], multiline=multiline)
    except ValueError:
        raise ValidationFailed(
            _("At most %(n)d characters.") % {"n": LIMITS[name]}, field=name, code="too_long"
        ) from None


def _items(raw: dict, name: str) -> list[str]:
    try:
        value = text.plain_text(raw.get(name, ""), max_length=2000)
        return text.split_items(value, max_items=LIMITS[name])
    except ValueError:
        raise ValidationFailed(
            _("At most %(n)d items, one per line.") % {"n": LIMITS[name]}, field=name, code="too_many"
        ) from None


def parse_phones(items: list[str]) -> list[str]:
    """E.164 numbers; ValidationFailed naming the field and the line that is not a number."""
    phones = []
    for index, item in enumerate(items, start=1):
        phone = normalise_phone(item)
        if phone is None:
            raise ValidationFailed(
                _("Line %(line)d is not a possible phone number.") % {"line": index},
                field="phones",
                code="phone_format",
            )
        if phone not in phones:
            phones.append(phone)
    return phones


def parse_bank_accounts(items: list[str]) -> list[tuple[str, str, str]]:
    """("bank_account", bank, digits) from lines such as "BRI 0123-01-000456-50-1"."""
    accounts = []
    for index, item in enumerate(items, start=1):
        match = re.match(r"^\s*([A-Za-z][A-Za-z ]{1,30}?)\s*[:\-]?\s*([\d][\d\s.\-]{5,30})\s*$", item)
        try:
            if not match:
                raise ValidationFailed("")
            label, value = identifier_normalise(Identifier.Kind.BANK_ACCOUNT, match.group(1), match.group(2))
        except ValidationFailed:
            raise ValidationFailed(
                _("Line %(line)d: write the bank, then the account number (e.g. BRI 0123 0100 0456 501).")
                % {"line": index},
                field="bank_accounts",
                code="account_format",
            ) from None
        accounts.append((Identifier.Kind.BANK_ACCOUNT.value, label, value))
    return list(dict.fromkeys(accounts))


def parse_social_accounts(items: list[str]) -> list[tuple[str, str, str]]:
    """("social_media", platform, handle) from "telegram @handle" or an address such as t.me/handle."""
    accounts = []
    for index, item in enumerate(items, start=1):
        value = item.strip()
        match = re.match(r"^(?:https?://)?(?:www\.)?([a-z0-9.-]+\.[a-z]{2,})/+([^/?#\s]+)", value, re.IGNORECASE)
        label = ""
        if match:
            label = _PLATFORMS.get(match.group(1).lower(), match.group(1).lower().split(".")[0])
            value = match.group(2)
        else:
            parts = value.split(None, 1)
            if len(parts) == 2:
                label, value = parts
        try:
            label, handle = identifier_normalise(Identifier.Kind.SOCIAL_MEDIA, label, value)
        except ValidationFailed:
            raise ValidationFailed(
                _("Line %(line)d: write the platform, then the account (e.g. telegram @name), or paste its address.")
                % {"line": index},
                field="social_accounts",
                code="account_format",
            ) from None
        accounts.append((Identifier.Kind.SOCIAL_MEDIA.value, label, handle))
    return list(dict.fromkeys(accounts))


def report_clean(raw: dict) -> dict:
    """The values of a report as stored, from what the form sent; ValidationFailed names the field."""
    kind = str(raw.get("kind") or "")
    if kind not in PublicReport.Kind.values:
        raise ValidationFailed(_("Choose what you are reporting."), field="kind", code="invalid_choice")
    values = {"kind": kind}
    values["what_happened"] = _text(raw, "what_happened")
    if not values["what_happened"]:
        raise ValidationFailed(_("Tell us what happened, in a few words."), field="what_happened", code="required")
    for name in ("at_risk", "offer_text"):
        values[name] = _text(raw, name)
    values["contact"] = _text(raw, "contact", multiline=False)
    try:
        values["offer_link"] = text.offer_link(raw.get("offer_link", ""), max_length=LIMITS["offer_link"])
    except ValueError:
        raise ValidationFailed(
            _("Paste the web address of the offer (starting with http:// or https://)."),
            field="offer_link",
            code="link_format",
        ) from None
    region_code = str(raw.get("region") or "").strip()[:8]
    region = None
    if region_code:
        region = Region.objects.filter(code=region_code).exclude(level=Region.Level.DISTRICT).first()
        if region is None:
            raise ValidationFailed(_("Choose a province or regency/city from the list."), field="region")
    values["region"] = region
    country_text = str(raw.get("destination_country") or "").strip()[:60]
    country = country_code(country_text) if country_text else ""
    if country_text and not country:
        raise ValidationFailed(_("Choose a country from the list."), field="destination_country")
    values["destination_country"] = country or ""
    child = str(raw.get("child_at_risk") or "")
    if child not in PublicReport.ChildAtRisk.values:
        raise ValidationFailed(_("Choose one of the answers."), field="child_at_risk", code="invalid_choice")
    values["child_at_risk"] = child
    values["phones"] = parse_phones(_items(raw, "phones"))
    values["accounts"] = parse_bank_accounts(_items(raw, "bank_accounts")) + parse_social_accounts(
        _items(raw, "social_accounts")
    )
    values["anonymous"] = not values["contact"]
    return values


def _tokens(report: PublicReport, phones: list[str], accounts: list[tuple[str, str, str]]) -> list[ReportToken]:
    digests = {(ReportToken.Purpose.PHONE, "", blind_index("phone", p)) for p in phones}
    digests |= {(ReportToken.Purpose.IDENTIFIER, k, identifier_digest(k, label, v)) for k, label, v in accounts}
    return [ReportToken(report=report, purpose=p, kind=k, digest=d) for p, k, d in sorted(digests)]


def report_submit(*, actor=PUBLIC, **raw) -> Filed:
    """File a report from the public form; returns it with its follow-up code (shown once)."""
    values = report_clean(raw)
    for _attempt in range(3):
        code = text.follow_up_code_new()
        try:
            with transaction.atomic():
                report = PublicReport.objects.create(
                    code_digest=text.follow_up_digest(code),
                    kind=values["kind"],
                    region=values["region"],
                    destination_country=values["destination_country"],
                    child_at_risk=values["child_at_risk"],
                    what_happened=values["what_happened"],
                    at_risk=values["at_risk"] or None,
                    offer_text=values["offer_text"] or None,
                    offer_link=values["offer_link"] or None,
                    phones="\n".join(values["phones"]) or None,
                    accounts="\n".join("\t".join(a) for a in values["accounts"]) or None,
                    contact=values["contact"] or None,
                    anonymous=values["anonymous"],
                )
                ReportToken.objects.bulk_create(_tokens(report, values["phones"], values["accounts"]))
                audit_record(
                    actor=actor,
                    action="portal.report_submit",
                    target=report,
                    data={
                        "kind": report.kind,
                        "region": report.region_id or "",
                        "phones": len(values["phones"]),
                        "accounts": len(values["accounts"]),
                        "anonymous": report.anonymous,
                    },
                )
            return Filed(report, code)
        except IntegrityError:  # a code digest already taken: astronomically rare, draw again
            continue
    raise Conflict(_("The report could not be saved; please send it again."))


# --- following up (public) --------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicStatus:
    """All the public side ever learns of a report: its status, when it changed, additions made."""

    status: str
    status_label: str
    received_on: dt.date
    changed_on: dt.date
    additions: int


def report_by_code(code) -> PublicReport | None:
    """The report a follow-up code opens, or None (a malformed or unknown code alike)."""
    normalised = text.follow_up_code_normalise(code)
    if normalised is None:
        return None
    return PublicReport.objects.filter(code_digest=text.follow_up_digest(normalised)).first()


def report_public_status(*, code) -> PublicStatus | None:
    """The status of the report a code opens, with no personal data; None for an unknown code."""
    report = report_by_code(code)
    if report is None:
        return None
    return PublicStatus(
        status=report.status,
        status_label=str(report.get_status_display()),
        received_on=timezone.localdate(report.received_at),
        changed_on=timezone.localdate(report.status_changed_at),
        additions=report.additions.count(),
    )


MAX_ADDITIONS = 20


def report_add_information(*, code, information, actor=PUBLIC) -> PublicStatus:
    """Add what the reporter learned since; NotFound for an unknown code, refused once closed."""
    report = report_by_code(code)
    if report is None:
        raise NotFound(_("No report has this code."))
    try:
        value = text.plain_text(information, max_length=LIMITS["addition"])
    except ValueError:
        raise ValidationFailed(
            _("At most %(n)d characters.") % {"n": LIMITS["addition"]}, field="information", code="too_long"
        ) from None
    if not value:
        raise ValidationFailed(_("Write what you want to add."), field="information", code="required")
    with transaction.atomic():
        locked = PublicReport.objects.select_for_update().get(pk=report.pk)
        if locked.status == R.CLOSED:
            raise Conflict(_("This report is closed; file a new report if something new happened."))
        if locked.additions.count() >= MAX_ADDITIONS:
            raise Conflict(_("This report holds as much added information as it can; file a new report."))
        addition = ReportAddition.objects.create(report=locked, text=value)
        audit_record(actor=actor, action="portal.report_add", target=locked, data={"addition": addition.pk})
    return report_public_status(code=code)


# --- triage (secretariats) --------------------------------------------------------------------------


def _transition(*, actor, report: PublicReport, sources: set, version, update: dict, action: str, data: dict):
    _require(actor, "portal.triage")
    if not access.reports_visible_to(actor).filter(pk=report.pk).exists():
        raise NotFound(_("No such report."))
    if version not in (None, ""):
        try:
            version = int(version)
        except (TypeError, ValueError):
            raise ValidationFailed(_("Invalid version."), field="version") from None
    locked = PublicReport.objects.select_for_update().get(pk=report.pk)
    if locked.status not in sources or (version not in (None, "") and version != locked.version):
        raise Conflict(_("Someone else has already acted on this report; reload it."))
    now = timezone.now()
    fields = {"version": locked.version + 1, "handled_by_id": actor.pk, **update}
    if fields.get("status", locked.status) != locked.status:
        fields["status_changed_at"] = now
    changed = PublicReport.objects.filter(pk=locked.pk, version=locked.version).update(**fields)
    if changed != 1:
        raise Conflict(_("Someone else has already acted on this report; reload it."))
    audit_record(
        actor=actor,
        action=action,
        target=locked,
        data={"from": locked.status, "to": fields.get("status", locked.status), **data},
    )
    locked.refresh_from_db()
    return locked


def report_take(*, actor, report: PublicReport, version=None) -> PublicReport:
    """An officer takes a received report in hand: the reporter sees "being handled"."""
    with transaction.atomic():
        return _transition(
            actor=actor, report=report, sources={R.RECEIVED}, version=version,
            update={"status": R.HANDLING}, action="portal.report_take", data={},
        )  # fmt: skip


def report_to_case(*, actor, report: PublicReport, unit, exploitation_types, version=None) -> PublicReport:
    """Open a case in ``unit`` (an agency unit in the secretariat's region) from the report, through
    the cases services; the reporter sees "handed to the authorities"."""
    from gugus.cases.models import Channel, Modus
    from gugus.cases.services import case_clean, case_create_prepared

    _require(actor, "portal.triage")
    if unit is None or not access.handover_units_for(actor).filter(pk=getattr(unit, "pk", None)).exists():
        raise ValidationFailed(_("Choose an agency unit in your region."), field="unit")
    full = access.access_report(actor, report.pk)
    narrative = [str(_("Public report")) + f" #{full.pk}", full.what_happened or ""]
    if full.at_risk:
        narrative += ["", str(_("Who is at risk")) + ": " + full.at_risk]
    if full.offer_text:
        narrative += ["", str(_("Text of the offer")) + ":", full.offer_text]
    if full.offer_link:
        narrative += [str(_("Link to the offer")) + ": " + full.offer_link]
    if full.phone_list:
        narrative += [str(_("Phone numbers")) + ": " + ", ".join(full.phone_list)]
    if full.account_list:
        narrative += [
            str(_("Accounts")) + ": " + ", ".join(f"{label} {value}" for _k, label, value in full.account_list)
        ]
    for addition in full.additions.all():
        narrative += ["", str(_("Added by the reporter")) + ": " + addition.text]
    clean = case_clean(
        channel=Channel.ONLINE,
        reported_on=timezone.localdate(full.received_at),
        exploitation_types=exploitation_types,
        origin=full.region_id or "",
        destination_country=full.destination_country,
        modus=Modus.FAKE_JOB_AD if full.kind == PublicReport.Kind.JOB_OFFER else "",
        narrative="\n".join(narrative)[:20000],
    )
    clean.raise_first_error()
    with transaction.atomic():
        # The secretariat hands the report over; the case belongs to the receiving unit from now on.
        case = case_create_prepared(
            actor=actor, unit=unit, case_values=clean.values, victims=[], source="public_report"
        )
        audit_record(
            actor=actor,
            action="case.open",
            target=case,
            data={"number": case.number, "source": "public_report", "victims": 0, "warnings": []},
        )
        return _transition(
            actor=actor, report=full, sources={R.RECEIVED, R.HANDLING}, version=version,
            update={"status": R.HANDED_OVER, "outcome": O.CASE, "case_id": case.pk},
            action="portal.report_to_case", data={"case": case.number, "unit": unit.code},
        )  # fmt: skip


def report_to_lead(*, actor, report: PublicReport, version=None) -> PublicReport:
    """Keep the report's phone numbers and accounts as a network lead: they are matched against the
    identifiers of cases in the networks view; the reporter sees "being handled"."""
    with transaction.atomic():
        tokens = ReportToken.objects.filter(report_id=report.pk).count()
        if tokens == 0:
            raise ValidationFailed(_("This report names no phone number or account to follow."), field="outcome")
        return _transition(
            actor=actor, report=report, sources={R.RECEIVED, R.HANDLING}, version=version,
            update={"status": R.HANDLING, "outcome": O.NETWORK_LEAD},
            action="portal.report_to_lead", data={"identifiers": tokens},
        )  # fmt: skip


def report_close(*, actor, report: PublicReport, reason: str, version=None) -> PublicReport:
    """Close a report with a reason; the reporter sees "closed"."""
    if reason not in PublicReport.CloseReason.values:
        raise ValidationFailed(_("Choose a reason."), field="reason", code="invalid_choice")
    with transaction.atomic():
        return _transition(
            actor=actor, report=report, sources={R.RECEIVED, R.HANDLING}, version=version,
            update={"status": R.CLOSED, "outcome": report.outcome or O.CLOSED, "close_reason": reason},
            action="portal.report_close", data={"reason": reason},
        )  # fmt: skip


# --- the register of licensed placement agencies -------------------------------------------------------


def licensed_agencies_replace(*, actor, rows: list[dict], source: str) -> dict[str, int]:
    """Write validated register rows (from ``importer``): new licence numbers are added, known ones
    updated. One transaction, one audit entry."""
    if not access.can_maintain_register(actor):
        raise PermissionDenied(_("Your role does not allow this."))
    added = updated = 0
    with transaction.atomic():
        existing = {a.licence_number: a for a in LicensedAgency.objects.select_for_update()}
        for row in rows:
            agency = existing.get(row["licence_number"])
            fields = {**row, "name_key": text.agency_name_key(row["name"]), "imported_by_unit": actor.unit}
            if agency is None:
                LicensedAgency.objects.create(**fields)
                added += 1
            else:
                for name, value in fields.items():
                    setattr(agency, name, value)
                agency.save()
                updated += 1
        audit_record(
            actor=actor,
            action="portal.register_import",
            target=("portal.licensedagency", "register"),
            data={"added": added, "updated": updated, "source": source[:200]},
        )
    return {"added": added, "updated": updated}


# --- flagged identifiers approved for publication -------------------------------------------------------


def _case_digests(case) -> dict[str, set[str]]:
    from gugus.people.models import CaseRole, PersonToken

    people = CaseRole.objects.filter(case=case).values("person_id")
    return {
        "phone": set(
            PersonToken.objects.filter(purpose="phone", person_id__in=people).values_list("digest", flat=True)
        ),
        "identifier": set(Identifier.objects.filter(person_id__in=people).values_list("digest", flat=True)),
    }


def publication_propose(*, actor, case, kind: str, value: str, label: str = "") -> PublishedIdentifier:
    """Propose a phone number or account recorded in one of the actor's unit's cases for the public
    check; it stays unpublished until a supervisor approves it."""
    if not access.cases_flaggable_by(actor).filter(pk=getattr(case, "pk", None)).exists():
        raise NotFound(_("No such case."))
    if kind == PublishedIdentifier.Kind.PHONE:
        phone = normalise_phone(value)
        if phone is None:
            raise ValidationFailed(_("This is not a possible phone number."), field="value", code="phone_format")
        label, normalised, digest, pool = "", phone, blind_index("phone", phone), "phone"
    elif kind in (PublishedIdentifier.Kind.BANK_ACCOUNT, PublishedIdentifier.Kind.SOCIAL_MEDIA):
        label, normalised = identifier_normalise(kind, label, value)
        digest, pool = identifier_digest(kind, label, normalised), "identifier"
    else:
        raise ValidationFailed(_("Unknown kind of identifier."), field="kind")
    if digest not in _case_digests(case)[pool]:
        raise ValidationFailed(_("This number or account is not recorded in the case."), field="value")
    try:
        with transaction.atomic():
            publication = PublishedIdentifier.objects.create(
                kind=kind, label=label, value=normalised, digest=digest, case=case, proposed_by=actor
            )
            audit_record(actor=actor, action="portal.publication_propose", target=publication,
                         data={"kind": kind, "case": case.number})  # fmt: skip
    except IntegrityError:
        raise Conflict(_("This number or account is already proposed or published.")) from None
    return publication


def publication_decide(*, actor, publication: PublishedIdentifier, approve: bool) -> PublishedIdentifier:
    """A supervisor of the case's unit (not the proposer) approves or withdraws a publication."""
    with transaction.atomic():
        locked = PublishedIdentifier.objects.select_for_update().select_related("case").get(pk=publication.pk)
        if not access.publications_visible_to(actor).filter(pk=locked.pk).exists():
            raise NotFound(_("No such publication."))
        if not access.can_approve_publication(actor, locked):
            raise PermissionDenied(_("A supervisor other than the proposer decides."))
        if approve and locked.status != PublishedIdentifier.Status.PROPOSED:
            raise Conflict(_("Only a proposal can be approved."))
        if not approve and locked.status == PublishedIdentifier.Status.WITHDRAWN:
            raise Conflict(_("Already withdrawn."))
        if approve:
            locked.status, locked.approved_by, locked.approved_at = "approved", actor, timezone.now()
        else:
            locked.status = PublishedIdentifier.Status.WITHDRAWN
        locked.save(update_fields=["status", "approved_by", "approved_at"])
        audit_record(actor=actor, action="portal.publication_" + ("approve" if approve else "withdraw"),
                     target=locked, data={"kind": locked.kind})  # fmt: skip
    return locked


# --- country advisories ------------------------------------------------------------------------------


def advisory_set(
    *, actor, country: str, level: str, text_id: str, text_en: str, source: str, issued_on: dt.date
) -> Advisory:
    """Set the task force's current advisory for a country (the national secretariat)."""
    from gugus.accounts.roles import Role

    if not (access.can_maintain_register(actor) and actor.role == Role.SECRETARIAT_NATIONAL):
        raise PermissionDenied(_("Your role does not allow this."))
    code = country_code(country or "")
    if not code or code == "ID":
        raise ValidationFailed(_("Choose a country from the list."), field="country")
    if level not in Advisory.Level.values:
        raise ValidationFailed(_("Choose a level."), field="level")
    values = {}
    for name, raw, limit in (("text_id", text_id, 1000), ("text_en", text_en, 1000), ("source", source, 200)):
        try:
            values[name] = text.plain_text(raw, max_length=limit)
        except ValueError:
            raise ValidationFailed(_("At most %(n)d characters.") % {"n": limit}, field=name) from None
        if not values[name]:
            raise ValidationFailed(_("This field is required."), field=name)
    with transaction.atomic():
        advisory, created = Advisory.objects.update_or_create(
            country=code, defaults={"level": level, "issued_on": issued_on, **values}
        )
        audit_record(actor=actor, action="portal.advisory_" + ("add" if created else "change"), target=advisory,
                     data={"country": code, "level": level})  # fmt: skip
    return advisory
