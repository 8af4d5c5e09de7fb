"""Sharing data by standard: HTCDS export and import, the de-identified release, identified exports
with a second approver, and signed hand-off packages.

Every function takes the actor and starts from what that actor may see; every export is recorded in
the audit log in the same transaction as the record of the export itself.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gugus.accounts.actors import is_system
from gugus.accounts.roles import has_capability
from gugus.audit.models import AuditEntry
from gugus.audit.reads import read_record
from gugus.audit.services import audit_record
from gugus.cases.importer import read_table
from gugus.cases.models import Assessment, Case, Channel, Presence
from gugus.cases.services import assessment_record, case_clean, case_create_prepared
from gugus.core.crypto import blind_index, keyed_digest
from gugus.core.errors import Conflict, ImportRejected, NotFound, PermissionDenied, RowError, ValidationFailed
from gugus.core.spreadsheets import csv_read_text, csv_text, csv_writer, xlsx_append
from gugus.exchange import htcds, release
from gugus.exchange.access import export_cases_for
from gugus.exchange.models import ExportRequest, HandoffPackage
from gugus.organisations.models import Region
from gugus.people.models import CaseRole
from gugus.people.services import parse_date, person_clean

MAX_IMPORT_ERRORS = 200


def require(actor, capability: str) -> None:
    """The one capability check of this app's services (the system actor holds every capability)."""
    if actor is None:
        raise PermissionDenied(_("A service needs an actor."))
    if not is_system(actor) and not has_capability(actor, capability):
        raise PermissionDenied(_("Your role does not allow this."))


# --- HTCDS export ----------------------------------------------------------------------------------


def _victim_roles(cases: QuerySet[Case]) -> list[CaseRole]:
    """Every victim of ``cases`` with what its row needs, in a fixed number of queries."""
    from gugus.referrals.models import Consent, Referral

    current = Prefetch("assessments", queryset=Assessment.objects.filter(is_current=True), to_attr="current")
    consents = Prefetch(
        "consents", queryset=Consent.objects.filter(withdrawn_at__isnull=True).only("id", "victim_id"), to_attr="active"
    )
    lpsk = Prefetch(
        "referrals",
        queryset=Referral.objects.filter(to_unit__agency__abbreviation="LPSK")
        .order_by("-sent_at")
        .only("id", "victim_id", "status", "sent_at"),
        to_attr="to_lpsk",
    )
    return list(
        CaseRole.objects.filter(case__in=cases, role=CaseRole.Role.VICTIM)
        .select_related(
            "case",
            "case__reporting_unit__agency",
            "person",
            "person__address_region__parent__parent",
        )
        .prefetch_related(current, consents, lpsk)
        .order_by("case__number", "id")
    )


def _region_names(region: Region | None) -> tuple[str, str]:
    """(province name, regency name) of a region at any level."""
    if region is None:
        return "", ""
    chain = [region]
    while chain[-1].parent_id and chain[-1].parent is not None:
        chain.append(chain[-1].parent)
    by_level = {r.level: r.name for r in chain}
    return by_level.get(Region.Level.PROVINCE, ""), by_level.get(Region.Level.REGENCY, "")


def _lpsk_decision(role: CaseRole) -> str:
    from gugus.referrals.models import Referral

    if not role.to_lpsk:
        return ""
    status = role.to_lpsk[0].status
    if status in (Referral.Status.ACCEPTED, Referral.Status.IN_PROGRESS, Referral.Status.COMPLETED):
        return "accepted"
    if status == Referral.Status.DECLINED:
        return "declined"
    return "pending" if status == Referral.Status.SENT else ""


def htcds_row(role: CaseRole) -> dict[str, str]:
    """The HTCDS row of one victim in one case (``role`` from ``_victim_roles``)."""
    case, person = role.case, role.person
    first, second = htcds.split_name(person.full_name or "")
    phones = person.phone_list
    province, regency = _region_names(person.address_region)
    assessment = role.current[0] if role.current else None
    codes = case.exploitation_types
    row = {
        "prs_FirstName": first,
        "prs_SecondName": second,
        "prs_Birthdate": person.birth_date or "",
        "prs_Gender": htcds.GENDER.get(person.sex, "NonSpecifiedUnknown"),
        "prs_Citizenship": person.nationality or "",
        "prs_IdentityNumber": person.passport_no or "",
        "prs_MobilePhone": phones[0] if phones else "",
        "prs_MailingCountry": "ID" if person.address_region_id else "",
        "prs_MailingState": province,
        "prs_MailingCity": regency,
        "vic_TraffickingStatus": htcds.TRAFFICKING_STATUS.get(assessment.result, "") if assessment else "",
        "vic_TraffickingStatusDecisionMakingOrg": (
            ("Police" if case.reporting_unit.agency.abbreviation == "Polri" else "NonPoliceGovernmentalOrganization")
            if assessment
            else ""
        ),
        "vic_AgeWhenTrafficked": "" if role.age_at_recruitment is None else str(role.age_at_recruitment),
        **htcds.exploitation_out(codes),
        "vic_MethodsOfControl": (
            htcds.join_list(htcds.MEANS.get(k, "Other") for k in assessment.means_kinds.split(",") if k)
            if assessment
            else ""
        ),
        "cas_Status": htcds.CASE_STATUS.get(case.status, "Active"),
        "cas_ReasonForCaseClosure": str(case.get_close_reason_display()) if case.close_reason else "",
        "hte_Country": case.destination_country,
        "hte_Type": "Exploitation" if case.destination_country else "",
        "hte_Date": case.events_from.isoformat() if case.events_from else "",
        "con_Consent": htcds.flag(bool(role.active)),
        "idn_CaseNumber": case.number,
        "idn_ReportingUnit": case.reporting_unit.code,
        "idn_ReportedOn": case.reported_on.isoformat(),
        "idn_Channel": case.channel,
        "idn_CaseStatus": case.status,
        "idn_CloseReason": case.close_reason,
        "idn_ForwardedAs": case.forwarded_as,
        "idn_ExploitationTypes": htcds.join_list(codes),
        "idn_Modus": case.modus,
        "idn_EventsTo": case.events_to.isoformat() if case.events_to else "",
        "idn_OriginRegion": case.origin_region_id or "",
        "idn_DestinationRegion": case.destination_region,
        "idn_AddressRegion": person.address_region_id or "",
        "idn_BirthPlace": person.birth_place or "",
        "idn_NikPresent": htcds.flag(bool(person.nik)),
        "idn_OtherPhones": htcds.join_list(phones[1:]),
        "idn_AssessmentResult": assessment.result if assessment else "",
        "idn_Act": assessment.act if assessment else "",
        "idn_ActKinds": htcds.join_list(assessment.act_kinds.split(",")) if assessment else "",
        "idn_Means": assessment.means if assessment else "",
        "idn_MeansKinds": htcds.join_list(assessment.means_kinds.split(",")) if assessment else "",
        "idn_Purpose": assessment.purpose if assessment else "",
        "idn_PurposeKinds": htcds.join_list(assessment.purpose_kinds.split(",")) if assessment else "",
        "idn_ChildRuleApplied": htcds.flag(assessment.child_rule_applied) if assessment else "",
        "idn_LpskDecision": _lpsk_decision(role),
        "idn_HasDisability": htcds.flag(role.has_disability),
    }
    return {name: row.get(name, "") for name in htcds.COLUMN_NAMES}


@dataclass
class HtcdsExport:
    """The rows of an HTCDS export and how many cases they cover."""

    rows: list[dict[str, str]]
    cases: int

    def as_csv(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(htcds.COLUMN_NAMES), lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({k: csv_text(v) for k, v in row.items()})
        return buffer.getvalue().encode("utf-8")

    def as_json(self) -> bytes:
        document = {
            "standard": "HTCDS",
            "version": htcds.HTCDS_VERSION,
            "extension_prefix": htcds.EXTENSION_PREFIX,
            "records": self.rows,
        }
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def htcds_export(*, actor, cases: QuerySet[Case], purpose: str = "htcds") -> HtcdsExport:
    """HTCDS rows of ``cases`` (a queryset the caller scoped to what ``actor`` may see), audited."""
    require(actor, "exchange.htcds")
    roles = _victim_roles(cases)
    rows = [htcds_row(role) for role in roles]
    export = HtcdsExport(rows=rows, cases=len({r["idn_CaseNumber"] for r in rows}))
    audit_record(
        actor=actor,
        action="exchange.htcds_export",
        data={"purpose": purpose, "cases": export.cases, "victims": len(rows)},
    )
    return export


# --- HTCDS import ----------------------------------------------------------------------------------


def read_htcds(data: bytes, filename: str = "") -> list[tuple[int, dict[str, str]]]:
    """(line or record number, row) of an HTCDS file: CSV/XLSX with HTCDS headers, or the JSON document."""
    if filename.lower().endswith(".json") or data.lstrip()[:1] == b"{":
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as error:
            raise ImportRejected([RowError(1, "-", _("The file cannot be read as JSON."))]) from error
        records = document.get("records") if isinstance(document, dict) else None
        if not isinstance(records, list):
            raise ImportRejected([RowError(1, "records", _("The JSON document has no list of records."))])
        rows = []
        for index, record in enumerate(records, start=1):
            if not isinstance(record, dict):
                raise ImportRejected([RowError(index, "-", _("This record is not an object."))])
            rows.append((index, {str(k): "" if v is None else str(v).strip() for k, v in record.items()}))
        return rows
    rows = read_table(data, filename, required=("prs_FirstName",), case_sensitive=True)
    return [(line, {name: csv_read_text(value) for name, value in row.items()}) for line, row in rows]


@dataclass
class _Victim:
    line: int
    person: object
    values: dict
    assessment: dict | None


@dataclass
class _Case:
    line: int
    key: str
    values: dict
    victims: list[_Victim] = field(default_factory=list)


@dataclass
class HtcdsImportResult:
    rows: int
    created: list[str] = field(default_factory=list)
    skipped: int = 0


def _presence(row: dict, name: str, line: int, errors: list[RowError]) -> str:
    value = row.get(name, "") or Presence.UNKNOWN
    if value not in Presence.values:
        errors.append(RowError(line, name, _("Write present, absent or unknown.")))
        return Presence.UNKNOWN
    return value


def _row_case(line: int, row: dict, errors: list[RowError], today) -> dict:
    status = row.get("idn_CaseStatus") or htcds.CASE_STATUS_IN.get(row.get("cas_Status", ""), "reported")
    if status not in Case.Status.values:
        errors.append(RowError(line, "idn_CaseStatus", _("Unknown case status.")))
    channel = row.get("idn_Channel") or Channel.NGO_REFERRAL
    clean = case_clean(
        channel=channel,
        reported_on=row.get("idn_ReportedOn", ""),
        exploitation_types=htcds.exploitation_in(row),
        events_from=row.get("hte_Date", ""),
        events_to=row.get("idn_EventsTo", ""),
        origin=row.get("idn_OriginRegion", ""),
        destination_country=row.get("hte_Country", ""),
        destination_region=row.get("idn_DestinationRegion", ""),
        modus=row.get("idn_Modus", ""),
        today=today,
    )
    columns = {
        "channel": "idn_Channel",
        "reported_on": "idn_ReportedOn",
        "events_from": "hte_Date",
        "events_to": "idn_EventsTo",
        "exploitation_type": "vic_TypeOfExploitation",
        "origin": "idn_OriginRegion",
        "destination_country": "hte_Country",
        "modus": "idn_Modus",
    }
    for problem in clean.errors:
        errors.append(RowError(line, columns.get(problem.field, problem.field), problem.message))
    close_reason = row.get("idn_CloseReason", "")
    if close_reason and close_reason not in Case.CloseReason.values:
        errors.append(RowError(line, "idn_CloseReason", _("Unknown closing reason.")))
    forwarded = row.get("idn_ForwardedAs", "")
    if forwarded and forwarded not in Case.OtherOffence.values:
        errors.append(RowError(line, "idn_ForwardedAs", _("Unknown offence.")))
    return {**clean.values, "status": status, "close_reason": close_reason, "forwarded_as": forwarded}


def _row_victim(line: int, row: dict, errors: list[RowError], districts, today) -> _Victim:
    gender = row.get("prs_Gender", "")
    if gender and gender not in htcds.GENDER_IN:
        errors.append(RowError(line, "prs_Gender", _("Unknown gender value.")))
    phones = [row.get("prs_MobilePhone", ""), *htcds.split_list(row.get("idn_OtherPhones", ""))]
    clean = person_clean(
        full_name=" ".join(part for part in (row.get("prs_FirstName", ""), row.get("prs_SecondName", "")) if part),
        sex=htcds.GENDER_IN.get(gender, ""),
        birth_date=row.get("prs_Birthdate", ""),
        birth_place=row.get("idn_BirthPlace", ""),
        passport_no=row.get("prs_IdentityNumber", ""),
        phones=[p for p in phones if p],
        address_region=row.get("idn_AddressRegion", ""),
        nationality=row.get("prs_Citizenship", "") or "ID",
        district_exists=districts.__contains__,
        today=today,
    )
    columns = {
        "full_name": "prs_FirstName",
        "sex": "prs_Gender",
        "birth_date": "prs_Birthdate",
        "phones": "prs_MobilePhone",
        "passport_no": "prs_IdentityNumber",
        "address_region": "idn_AddressRegion",
        "nationality": "prs_Citizenship",
    }
    for problem in clean.errors:
        errors.append(RowError(line, columns.get(problem.field, problem.field), problem.message))
    age_text = row.get("vic_AgeWhenTrafficked", "")
    age = None
    if age_text:
        try:
            age = int(age_text)
            if not 0 <= age <= 120:
                raise ValueError(age_text)
        except ValueError:
            errors.append(RowError(line, "vic_AgeWhenTrafficked", _("The age must be a whole number of years.")))
            age = None
    try:
        disability = htcds.read_flag(row.get("idn_HasDisability", ""))
    except ValueError:
        errors.append(RowError(line, "idn_HasDisability", _("Write true or false.")))
        disability = None
    values = {
        "age_at_recruitment": age,
        "recruited_on": None,
        "has_disability": bool(disability),
        "disability": None,
        "needs": None,
    }
    result = row.get("idn_AssessmentResult") or htcds.TRAFFICKING_STATUS_IN.get(
        row.get("vic_TraffickingStatus", ""), ""
    )
    assessment = None
    if row.get("vic_TraffickingStatus", "") and row["vic_TraffickingStatus"] not in htcds.TRAFFICKING_STATUS_IN:
        errors.append(RowError(line, "vic_TraffickingStatus", _("Unknown trafficking status.")))
    elif result:
        if result not in Assessment.Result.values:
            errors.append(RowError(line, "idn_AssessmentResult", _("Unknown assessment result.")))
        assessment = {
            "result": result,
            "act": _presence(row, "idn_Act", line, errors),
            "means": _presence(row, "idn_Means", line, errors),
            "purpose": _presence(row, "idn_Purpose", line, errors),
            "act_kinds": htcds.split_list(row.get("idn_ActKinds", "")),
            "means_kinds": htcds.split_list(row.get("idn_MeansKinds", "")),
            "purpose_kinds": htcds.split_list(row.get("idn_PurposeKinds", "")),
        }
    return _Victim(line, clean, values, assessment)


def htcds_import(
    *,
    actor,
    unit,
    data: bytes,
    filename: str = "",
    progress: Callable[[int, int], None] | None = None,
    today: dt.date | None = None,
) -> HtcdsImportResult:
    """Import an HTCDS file into ``unit``: every row or none; ImportRejected names every bad row.

    Rows with the same idn_CaseNumber form one case (with several victims); a row without one is a
    case of its own. Importing the same file again creates nothing.
    """
    require(actor, "exchange.htcds")
    require(actor, "cases.import")
    if not is_system(actor) and actor.unit_id != unit.pk:
        raise PermissionDenied(_("You can import only into your own unit."))
    rows = read_htcds(data, filename)
    if not rows:
        raise ImportRejected([RowError(1, "-", _("The file is empty."))])
    districts = set(Region.objects.filter(level=Region.Level.DISTRICT).values_list("code", flat=True))
    errors: list[RowError] = []
    cases: dict[str, _Case] = {}
    for line, row in rows:
        row_errors: list[RowError] = []
        case_values = _row_case(line, row, row_errors, today)
        victim = _row_victim(line, row, row_errors, districts, today)
        errors.extend(row_errors)
        if len(errors) >= MAX_IMPORT_ERRORS:
            break
        if row_errors:
            continue
        number = row.get("idn_CaseNumber", "") or f"line-{line}"
        key = blind_index("import_row", "htcds\x1f" + f"{unit.code}\x1f{number}")
        if key not in cases:
            cases[key] = _Case(line, key, case_values)
        cases[key].victims.append(victim)
    if errors:
        raise ImportRejected(errors[:MAX_IMPORT_ERRORS])
    if is_system(actor) and any(v.assessment for c in cases.values() for v in c.victims):
        raise PermissionDenied(
            _(
                "This file holds assessment results, which are recorded in the name of a person: "
                "import it as a supervisor of the unit."
            )
        )
    existing = set(
        Case.objects.filter(reporting_unit=unit, import_key__in=list(cases)).values_list("import_key", flat=True)
    )
    result = HtcdsImportResult(rows=len(rows))
    try:
        with transaction.atomic():
            pending = [c for c in cases.values() if c.key not in existing]
            result.skipped = len(cases) - len(pending)
            for done, prepared in enumerate(pending, start=1):
                _write_case(actor=actor, unit=unit, prepared=prepared, filename=filename)
                result.created.append(prepared.key)
                if progress:
                    progress(done, len(pending))
            numbers = dict(Case.objects.filter(import_key__in=result.created).values_list("import_key", "number"))
            result.created = [numbers[k] for k in result.created]
            audit_record(
                actor=actor,
                action="exchange.htcds_import",
                target=unit,
                data={
                    "file": keyed_digest("import_file", data),
                    "rows": len(rows),
                    "created": len(result.created),
                    "skipped": result.skipped,
                },
            )
    except IntegrityError as error:
        raise Conflict(_("These rows are being imported by someone else; try again.")) from error
    return result


def _write_case(*, actor, unit, prepared: _Case, filename: str) -> Case:
    values = dict(prepared.values)
    final_status = values.pop("status")
    close_reason, forwarded_as = values.pop("close_reason"), values.pop("forwarded_as")
    case = case_create_prepared(
        actor=actor,
        unit=unit,
        case_values=values,
        victims=[(v.person, v.values) for v in prepared.victims],
        import_key=prepared.key,
        source="import",
    )
    roles = list(CaseRole.objects.filter(case=case, role=CaseRole.Role.VICTIM).order_by("id"))
    for role, victim in zip(roles, prepared.victims, strict=True):
        if victim.assessment:
            assessment_record(
                actor=actor,
                case=case,
                victim=role,
                reason=_("Imported from an HTCDS file (%(file)s).") % {"file": filename[-80:] or "-"},
                act_evidence=_("Held by the system that exported the file."),
                means_evidence=_("Held by the system that exported the file."),
                purpose_evidence=_("Held by the system that exported the file."),
                **victim.assessment,
            )
    from gugus.cases.services import case_status_restore

    case_status_restore(
        actor=actor, case=case, status=final_status, close_reason=close_reason, forwarded_as=forwarded_as
    )
    return case


# --- the de-identified release ---------------------------------------------------------------------


def release_records(cases: QuerySet[Case]) -> list[release.VictimRecord]:
    """One record per person (resolved identity) assessed as a suspected or identified victim in ``cases``.

    Reads clear columns only (years, codes): nothing is decrypted. A person registered by several
    agencies counts once, with their latest registration; "identified" outranks "suspected".
    """
    from gugus.identity.selectors import identity_key

    provinces = dict(Region.objects.filter(level=Region.Level.PROVINCE).values_list("code", "name"))
    rows = (
        Assessment.objects.filter(case__in=cases, is_current=True, result__in=["identified", "suspected"])
        .annotate(person_key=identity_key("victim__person"))
        .values(
            "person_key",
            "result",
            "means_kinds",
            "age_at_recruitment",
            "case__reported_on",
            "case__exploitation_codes",
            "case__destination_country",
            "case__origin_region_id",
            "victim__person__sex",
            "victim__person__birth_year",
            "victim__person__nationality",
            "victim__person__address_region_id",
        )
        .order_by("person_key", "case__reported_on", "id")
    )
    best: dict[int, dict] = {}
    for row in rows.iterator(chunk_size=5000):
        previous = best.get(row["person_key"])
        if previous is None or (row["result"] == "identified") >= (previous["result"] == "identified"):
            best[row["person_key"]] = row
    records = []
    for row in best.values():
        year = row["case__reported_on"].year
        birth_year = row["victim__person__birth_year"]
        age = year - birth_year if birth_year else row["age_at_recruitment"]
        region = row["case__origin_region_id"] or row["victim__person__address_region_id"] or ""
        province = region[:2]
        records.append(
            release.VictimRecord(
                year=year,
                sex=row["victim__person__sex"] or "",
                age=age,
                citizenship=row["victim__person__nationality"] or "",
                province=province,
                province_name=provinces.get(province, ""),
                destination=row["case__destination_country"] or "",
                status=row["result"],
                exploitation=tuple(c for c in row["case__exploitation_codes"].split(",") if c),
                means=tuple(c for c in row["means_kinds"].split(",") if c),
            )
        )
    return records


def release_make(*, actor, cases: QuerySet[Case], k: int = 11) -> release.Release:
    """The k-anonymous release of ``cases`` (scoped by the caller), recorded in the audit log."""
    require(actor, "analytics.view")
    made = release.build_release(release_records(cases), k=k)
    audit_record(
        actor=actor,
        action="exchange.release",
        data={
            "k": made.k_achieved,
            "l": made.l_achieved,
            "rows": len(made.frame),
            "suppressed": made.rows_suppressed,
            "levels": made.levels,
        },
    )
    return made


def release_notes(made: release.Release) -> dict:
    """What the release states about itself (k and l achieved, generalisation, suppression)."""
    return {
        "standard": "CTDC-style de-identified victim records (Gugus)",
        "made_at": timezone.now().isoformat(timespec="seconds"),
        "k_requested": made.k_requested,
        "k_achieved": made.k_achieved,
        "l_achieved": made.l_achieved,
        "l_definition": "distinct l-diversity of typeOfExploitConcatenated within classes of the demographic columns",
        "quasi_identifiers": "every released column",
        "rows_in": made.rows_in,
        "rows_released": len(made.frame),
        "rows_suppressed": made.rows_suppressed,
        "generalisation": made.generalisation(),
    }


def release_csv(made: release.Release) -> bytes:
    return made.frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


# --- identified exports ----------------------------------------------------------------------------


def _export_table(user, export: ExportRequest) -> tuple[list[str], list[list]]:
    """The header and rows of an identified export, built from what ``user`` may see of their unit's cases."""
    from gugus.organisations.countries import country_name

    cases = export_cases_for(user).filter(reporting_unit_id=export.unit_id)
    if export.case_status:
        cases = cases.filter(status=export.case_status)
    roles = (
        CaseRole.objects.filter(case__in=cases, role=CaseRole.Role.VICTIM)
        .select_related("case", "case__origin_region", "person", "person__address_region")
        .prefetch_related(
            Prefetch("assessments", queryset=Assessment.objects.filter(is_current=True), to_attr="current")
        )
        .order_by("case__number", "id")
    )
    header = [
        _("Case number"), _("Report date"), _("Status"), _("Reporting channel"), _("Exploitation"),
        _("Destination country"), _("Region of origin"), _("Full name"), _("Sex"), _("Birth date"), _("NIK"),
        _("Passport number"), _("Phone numbers"), _("Home region"), _("Assessment"),
    ]  # fmt: skip
    rows = []
    for role in roles:
        case, person = role.case, role.person
        current = role.current[0] if role.current else None
        rows.append(
            [
                case.number,
                case.reported_on,
                str(case.get_status_display()),
                str(case.get_channel_display()),
                ", ".join(case.get_exploitation_types_display()),
                country_name(case.destination_country, get_language() or "id")
                if case.destination_country
                else case.destination_as_written,
                case.origin_region.name if case.origin_region_id else case.origin_as_written,
                person.full_name or "",
                str(person.get_sex_display()),
                person.birth_date or "",
                person.nik or "",
                person.passport_no or "",
                ", ".join(person.phone_list),
                person.address_region.name if person.address_region_id else person.address_as_written,
                str(current.get_result_display()) if current else "",
            ]
        )
    return header, rows


def _export_file(user, export: ExportRequest) -> bytes:
    header, rows = _export_table(user, export)
    if export.format == ExportRequest.Format.XLSX:
        return spreadsheet_xlsx(header, rows, title=str(_("Cases")))
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def spreadsheet_xlsx(header: list[str], rows: list[list], *, title: str) -> bytes:
    """An XLSX workbook of one sheet; every text cell is plain text, never a formula."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    xlsx_append(sheet, header)
    for row in rows:
        xlsx_append(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _people_in(user, unit_id: int, case_status: str) -> tuple[int, int]:
    from gugus.identity.selectors import count_people

    cases = export_cases_for(user).filter(reporting_unit_id=unit_id)
    if case_status:
        cases = cases.filter(status=case_status)
    victims = CaseRole.objects.filter(case__in=cases, role=CaseRole.Role.VICTIM)
    return cases.count(), count_people(victims)


def _store(export: ExportRequest, user, now) -> None:
    content = _export_file(user, export)
    export.content = base64.b64encode(content).decode()
    export.content_digest = keyed_digest("export_file", content)
    export.status = ExportRequest.Status.READY
    export.expires_at = now + dt.timedelta(hours=settings.GUGUS_EXPORT_TTL_HOURS)


def export_request(*, actor, format: str, purpose: str, case_status: str = "") -> ExportRequest:
    """Ask for an identified export of one's unit's cases: ready at once for few people, else pending approval."""
    require(actor, "exports.identified")
    if not getattr(actor, "unit_id", None):
        raise PermissionDenied(_("Exports are made for an agency unit."))
    if format not in ExportRequest.Format.values:
        raise ValidationFailed(_("Choose CSV or XLSX."), field="format")
    if case_status and case_status not in Case.Status.values:
        raise ValidationFailed(_("Unknown status."), field="case_status")
    purpose = " ".join(str(purpose or "").split())
    if not purpose:
        raise ValidationFailed(_("Say why the data leaves the system."), field="purpose")
    if len(purpose) > 500:
        raise ValidationFailed(_("Write at most 500 characters."), field="purpose")
    now = timezone.now()
    cases, people = _people_in(actor, actor.unit_id, case_status)
    with transaction.atomic():
        export = ExportRequest(
            unit_id=actor.unit_id,
            requested_by=actor,
            requested_at=now,
            format=format,
            purpose=purpose,
            case_status=case_status,
            cases=cases,
            people=people,
            status=ExportRequest.Status.PENDING,
        )
        if people <= settings.GUGUS_EXPORT_APPROVAL_THRESHOLD:
            _store(export, actor, now)
        export.save()
        audit_record(
            actor=actor,
            action="exports.request",
            target=export,
            data={"format": format, "cases": cases, "people": people, "status": export.status},
        )
    return export


def export_decide(*, actor, export: ExportRequest, approve: bool, note: str = "") -> ExportRequest:
    """A second person of the unit approves (the file is made then) or rejects a pending export."""
    require(actor, "exports.approve")
    note = " ".join(str(note or "").split())[:500]
    if not approve and not note:
        raise ValidationFailed(_("Say why the export is rejected."), field="note")
    with transaction.atomic():
        locked = ExportRequest.objects.select_for_update().select_related("requested_by").get(pk=export.pk)
        if locked.unit_id != actor.unit_id:
            raise NotFound(_("No such export."))
        if locked.requested_by_id == actor.pk:
            raise PermissionDenied(_("A second person must approve your own export."))
        if locked.status != ExportRequest.Status.PENDING:
            raise Conflict(_("This export has already been decided."))
        now = timezone.now()
        locked.approved_by = actor
        locked.decided_at = now
        locked.decision_note = note or None
        if approve:
            _store(locked, locked.requested_by, now)
        else:
            locked.status = ExportRequest.Status.REJECTED
        locked.save()
        audit_record(
            actor=actor,
            action="exports.approve" if approve else "exports.reject",
            target=locked,
            data={"people": locked.people, "requested_by": locked.requested_by.username},
        )
    return locked


def _expire(export: ExportRequest) -> None:
    export.status = ExportRequest.Status.EXPIRED
    export.content = None
    export.save(update_fields=["status", "content"])


def export_download(*, actor, export: ExportRequest) -> tuple[str, bytes, str]:
    """(file name, content, content type) of a ready export, for the user who asked for it; audited."""
    require(actor, "exports.identified")
    content = None
    with transaction.atomic():
        locked = ExportRequest.objects.select_for_update().get(pk=export.pk)
        if locked.requested_by_id != actor.pk:
            raise NotFound(_("No such export."))
        if locked.status == ExportRequest.Status.READY and locked.expires_at <= timezone.now():
            # The erasure stays, although the download is refused.
            _expire(locked)
            audit_record(actor=actor, action="exports.expire", target=locked, data={})
        elif locked.status == ExportRequest.Status.READY:
            content = base64.b64decode(locked.content)
            locked.downloads += 1
            locked.save(update_fields=["downloads"])
            audit_record(
                actor=actor,
                action="exports.download",
                target=locked,
                data={"people": locked.people, "digest": locked.content_digest},
                kind=AuditEntry.Kind.READ,
            )
    if content is None:
        raise Conflict(_("This export cannot be downloaded: %(status)s.") % {"status": locked.get_status_display()})
    extension = locked.format
    types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    return f"gugus-export-{locked.pk}.{extension}", content, types[extension]


def exports_expire(*, actor, now=None) -> int:
    """Erase the files of every export past its expiry (run by the scheduler); how many were erased."""
    require(actor, "exports.approve")
    now = now or timezone.now()
    count = 0
    for export in ExportRequest.objects.filter(status=ExportRequest.Status.READY, expires_at__lte=now):
        with transaction.atomic():
            _expire(export)
            audit_record(actor=actor, action="exports.expire", target=export, data={})
        count += 1
    return count


# --- hand-off packages -----------------------------------------------------------------------------

HANDOFF_FORMAT = "gugus-handoff/1"
MIN_PASSWORD = 12
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}


def _signing_key():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    seed = base64.urlsafe_b64decode(settings.GUGUS_SIGNING_KEY + "=" * (-len(settings.GUGUS_SIGNING_KEY) % 4))
    return Ed25519PrivateKey.from_private_bytes(seed[:32])


def signing_public_key() -> str:
    """The public key that verifies hand-off packages (base64), to give to recipients out of band."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = _signing_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def _scrypt(password: str, salt: bytes, params: dict) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, **params).derive(password.encode("utf-8"))


def _canonical(document: dict) -> bytes:
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def handoff_create(
    *,
    actor,
    victim: CaseRole,
    recipient: str,
    recipient_country: str,
    shares,
    consent_given_on,
    consent_method: str,
    password: str,
) -> tuple[HandoffPackage, bytes]:
    """A signed, encrypted package of a victim's consented fields for an organisation outside Gugus.

    ``victim`` comes from the case the actor's unit reported (the caller reached it through
    ``access_case``). The password is given to the recipient out of band and never stored.
    """
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from gugus.organisations.countries import country_code
    from gugus.referrals.models import Consent, Share, codes_join
    from gugus.referrals.selectors import victim_shared_view
    from gugus.referrals.services import shares_clean

    require(actor, "exchange.handoff")
    require(actor, "people.view_personal")
    if victim.role != CaseRole.Role.VICTIM or victim.case.reporting_unit_id != actor.unit_id:
        raise NotFound(_("No such victim."))
    recipient = " ".join(str(recipient or "").split())
    if not recipient:
        raise ValidationFailed(_("Name the recipient organisation."), field="recipient")
    if len(recipient) > 200:
        raise ValidationFailed(_("Write at most 200 characters."), field="recipient")
    country = country_code(recipient_country) if recipient_country else ""
    if recipient_country and not country:
        raise ValidationFailed(_("Unknown country."), field="recipient_country")
    codes = shares_clean(shares)
    if Share.CASE_FILE in codes or Share.JOURNEY in codes:
        raise ValidationFailed(_("The whole case file and the journey stay in Gugus."), field="shares")
    try:
        given_on = parse_date(consent_given_on)
    except ValueError:
        given_on = None
    if given_on is None or given_on > timezone.localdate():
        raise ValidationFailed(_("Give the date the victim consented."), field="consent_given_on")
    if consent_method not in Consent.Method.values:
        raise ValidationFailed(_("Say how consent was given."), field="consent_method")
    if len(password or "") < MIN_PASSWORD:
        raise ValidationFailed(
            _("The password needs at least %(n)s characters.") % {"n": MIN_PASSWORD}, field="password"
        )
    view = victim_shared_view(actor, victim, frozenset(codes), audit=False)
    payload = _canonical({"case_number": victim.case.number, "data": view})
    salt, nonce = os.urandom(16), os.urandom(12)
    ciphertext = AESGCM(_scrypt(password, salt, _SCRYPT)).encrypt(nonce, payload, HANDOFF_FORMAT.encode())
    now = timezone.now()
    manifest = {
        "format": HANDOFF_FORMAT,
        "created_at": now.isoformat(timespec="seconds"),
        "sender_unit": victim.case.reporting_unit.name,
        "recipient": recipient,
        "recipient_country": country,
        "case_number": victim.case.number,
        "shares": codes,
        "consent": {"given_on": given_on.isoformat(), "method": consent_method},
        "payload": {"file": "payload.bin", "sha256": hashlib.sha256(ciphertext).hexdigest(), "size": len(ciphertext)},
        "kdf": {"name": "scrypt", "salt": base64.b64encode(salt).decode(), **_SCRYPT},
        "cipher": {"name": "AES-256-GCM", "nonce": base64.b64encode(nonce).decode(), "aad": HANDOFF_FORMAT},
        "signature": {"algorithm": "Ed25519", "public_key": signing_public_key(), "file": "manifest.sig"},
    }
    manifest_bytes = _canonical(manifest)
    signature = base64.b64encode(_signing_key().sign(manifest_bytes))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", manifest_bytes)
        archive.writestr("manifest.sig", signature)
        archive.writestr("payload.bin", ciphertext)
        archive.writestr("README.txt", HANDOFF_README)
    package = buffer.getvalue()
    with transaction.atomic():
        record = HandoffPackage.objects.create(
            case=victim.case,
            victim=victim,
            recipient=recipient,
            recipient_country=country,
            shares=codes_join(codes),
            consent_given_on=given_on,
            consent_method=consent_method,
            created_by=actor,
            created_at=now,
            package_digest=hashlib.sha256(package).hexdigest(),
        )
        fields = [f"{category}.{name}" for category, values in view.items() for name in values]
        read_record(actor=actor, target=victim, purpose="handoff", only=fields)
        audit_record(
            actor=actor,
            action="exchange.handoff",
            target=record,
            data={
                "case": victim.case.number,
                "shares": codes,
                "recipient_country": country,
                "sha256": record.package_digest,
            },
        )
    return record, package


HANDOFF_README = """Gugus hand-off package (format gugus-handoff/1)

manifest.json  what the package holds, for whom, on which consent; the checksum of payload.bin
manifest.sig   Ed25519 signature (base64) of manifest.json, by the sending Gugus installation
payload.bin    the victim's data (JSON), encrypted with AES-256-GCM under a key derived with scrypt
               from the password given to you separately (salt, parameters and nonce in manifest.json)

To open it: gugus exchange handoff-open PACKAGE.zip --public-key KEY (asks for the password), or any
tool that does scrypt and AES-GCM. Check the signature with the public key the sender gave you out of
band, not the one in the manifest.
"""


def handoff_open(package: bytes, *, password: str, public_key: str | None = None) -> dict:
    """Verify and decrypt a hand-off package; ValidationFailed says what does not hold."""
    from cryptography.exceptions import InvalidSignature, InvalidTag
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            manifest_bytes = archive.read("manifest.json")
            signature = base64.b64decode(archive.read("manifest.sig"))
            ciphertext = archive.read("payload.bin")
        manifest = json.loads(manifest_bytes)
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ValidationFailed(_("This is not a hand-off package."), field="package") from error
    key_text = public_key or manifest.get("signature", {}).get("public_key", "")
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(key_text)).verify(signature, manifest_bytes)
    except (InvalidSignature, ValueError) as error:
        raise ValidationFailed(_("The signature does not match: the package was changed."), field="package") from error
    if hashlib.sha256(ciphertext).hexdigest() != manifest["payload"]["sha256"]:
        raise ValidationFailed(_("The checksum does not match: the package was changed."), field="package")
    kdf, cipher = manifest["kdf"], manifest["cipher"]
    key = _scrypt(password, base64.b64decode(kdf["salt"]), {"n": kdf["n"], "r": kdf["r"], "p": kdf["p"]})
    try:
        payload = AESGCM(key).decrypt(base64.b64decode(cipher["nonce"]), ciphertext, cipher["aad"].encode())
    except InvalidTag as error:
        raise ValidationFailed(_("The password is wrong."), field="password") from error
    return {"manifest": manifest, **json.loads(payload)}
