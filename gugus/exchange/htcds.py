"""The HTCDS v2.0 mapping: Gugus's cases and victims as rows of the Human Trafficking Case Data Standard.

One row is one victim in one case (HTCDS is person-centred; a case with three victims gives three
rows that repeat the case's fields). HTCDS field names and picklist value names are used as
IOM publishes them (``HTCDS_Field_Standards_2.0.csv``); what HTCDS has no field for travels in the
Indonesian extension, every name of which starts with ``idn_`` so a partner's system can tell it
apart and drop it. Where HTCDS's picklist is coarser than Gugus's codes (an online scam centre is
"Other" exploitation in HTCDS), the exact code also travels in an extension field, so an export
read back by Gugus loses nothing that it exported. ``docs/htcds.md`` documents the table field by
field, including what has no equivalent in either direction.

Plain values in, plain values out: no Django here, so the table is tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

HTCDS_VERSION = "2.0"
EXTENSION_PREFIX = "idn_"

# --- picklists: Gugus code -> HTCDS value name -------------------------------------------------

GENDER = {"F": "Feminine", "M": "Masculine", "": "NonSpecifiedUnknown"}

TRAFFICKING_STATUS = {
    "suspected": "PossibleVictimOfTrafficking",
    "identified": "ActualVictimOfTrafficking",
    "not_victim": "NotAVictimOfTrafficking",
}

# HTCDS's case status is coarser than the case's lifecycle: the exact status is idn_CaseStatus.
CASE_STATUS = {
    "reported": "Active",
    "under_assessment": "Active",
    "identified": "Active",
    "handling": "Active",
    "not_trafficking": "Closed",
    "closed": "Closed",
    "forwarded": "ClosedReferred",
}

EXPLOITATION = {
    "forced_labour": "ForcedLabour",
    "sexual_exploitation": "SexualExploitation",
    # Forced criminality in scam compounds has no HTCDS 2.0 value.
    "online_scam": "Other",
    "online_child_sexual_exploitation": "SexualExploitation",
    "domestic_servitude": "Servitude",
    "fishing_crew": "ForcedLabour",
    "organ_removal": "OrganRemoval",
    "forced_marriage": "ForcedMarriage",
    "begging": "ForcedBegging",
    "other": "Other",
}
SEX_EXPLOITATION = {"online_child_sexual_exploitation": "RemoteInteractiveServices"}
LABOUR_INDUSTRY = {"fishing_crew": "A_AgricultureForestryAndFishing"}

# Means of UU 21/2007 Pasal 1 angka 1 against HTCDS's methods of control (several have no value).
MEANS = {
    "threat": "PhysicalThreats",
    "force": "PhysicalAbuse",
    "abduction": "Other",
    "confinement": "Other",
    "forgery": "Other",
    "fraud": "FalsePromises",
    "abuse_of_power": "Other",
    "debt_bondage": "DebtBondage",
    "payment": "Other",
}

# HTCDS value name -> Gugus code, for files from systems that fill only the HTCDS fields.
GENDER_IN = {value: code for code, value in GENDER.items()}
TRAFFICKING_STATUS_IN = {value: code for code, value in TRAFFICKING_STATUS.items()}
EXPLOITATION_IN = {
    "ForcedLabour": "forced_labour",
    "SexualExploitation": "sexual_exploitation",
    "ChildLabour": "forced_labour",
    "ForcedMarriage": "forced_marriage",
    "Servitude": "domestic_servitude",
    "OrganRemoval": "organ_removal",
    "ForcedBegging": "begging",
    "ForcedMilitaryByNonStateActors": "other",
    "ForcedAdoption": "other",
    "Surrogacy": "other",
    "Other": "other",
}
CASE_STATUS_IN = {"Active": "reported", "FollowUp": "handling", "Closed": "closed", "ClosedReferred": "forwarded"}


@dataclass(frozen=True)
class Column:
    """One column of the export: its name, whether HTCDS defines it, and what it holds."""

    name: str
    source: str
    note: str = ""

    @property
    def is_extension(self) -> bool:
        return self.name.startswith(EXTENSION_PREFIX)


COLUMNS: tuple[Column, ...] = (
    Column("prs_FirstName", "person's full name, first word"),
    Column("prs_SecondName", "person's full name, the rest", "Indonesian names have no family-name rule"),
    Column("prs_Birthdate", "person's birth date (ISO 8601)"),
    Column("prs_Gender", "person's sex", "F, M or unknown; HTCDS's other values are never produced"),
    Column("prs_Citizenship", "person's nationality (ISO 3166-1 alpha-2)"),
    Column("prs_IdentityNumber", "passport number", "the NIK is never exported: see idn_NikPresent"),
    Column("prs_MobilePhone", "first phone number (E.164)"),
    Column("prs_MailingCountry", "ID when the home region is known"),
    Column("prs_MailingState", "province of the home region (name)"),
    Column("prs_MailingCity", "regency or city of the home region (name)"),
    Column("vic_TraffickingStatus", "result of the current assessment", "empty when never assessed"),
    Column("vic_TraffickingStatusDecisionMakingOrg", "Police when the deciding unit is Polri's"),
    Column("vic_AgeWhenTrafficked", "age at recruitment"),
    Column("vic_TypeOfExploitation", "case's exploitation types, ';'-separated"),
    Column("vic_TypeOfSexExploitation", "online sexual exploitation as RemoteInteractiveServices"),
    Column("vic_ForcedLabourIndustry", "fishing crews as A_AgricultureForestryAndFishing"),
    Column("vic_MethodsOfControl", "means of the current assessment, ';'-separated"),
    Column("cas_Status", "case status, coarsened"),
    Column("cas_ReasonForCaseClosure", "closing reason"),
    Column("hte_Country", "destination country (ISO 3166-1 alpha-2)"),
    Column("hte_Type", "Exploitation when a destination is known"),
    Column("hte_Date", "start of the events"),
    Column("con_Consent", "true when a consent to share stands for this victim"),
    Column("idn_CaseNumber", "Gugus case number (unit/year/sequence)"),
    Column("idn_ReportingUnit", "code of the reporting unit"),
    Column("idn_ReportedOn", "report date"),
    Column("idn_Channel", "reporting channel code"),
    Column("idn_CaseStatus", "exact case status code"),
    Column("idn_CloseReason", "closing reason code"),
    Column("idn_ForwardedAs", "offence the case was forwarded as"),
    Column("idn_ExploitationTypes", "exact exploitation type codes, ';'-separated"),
    Column("idn_Modus", "recruitment modus code"),
    Column("idn_EventsTo", "end of the events"),
    Column("idn_OriginRegion", "Kemendagri code of the case's region of origin"),
    Column("idn_DestinationRegion", "destination city or region as written"),
    Column("idn_AddressRegion", "Kemendagri code of the person's home region"),
    Column("idn_BirthPlace", "birth place as written"),
    Column("idn_NikPresent", "true when the person has a NIK on record (the number is not exported)"),
    Column("idn_OtherPhones", "further phone numbers (E.164), ';'-separated"),
    Column("idn_AssessmentResult", "exact assessment result code"),
    Column("idn_Act", "act element: present, absent or unknown"),
    Column("idn_ActKinds", "act codes, ';'-separated"),
    Column("idn_Means", "means element"),
    Column("idn_MeansKinds", "means codes, ';'-separated"),
    Column("idn_Purpose", "purpose element"),
    Column("idn_PurposeKinds", "purpose codes, ';'-separated"),
    Column("idn_ChildRuleApplied", "true when the means was not required (a child at recruitment)"),
    Column("idn_LpskDecision", "LPSK's answer to a protection referral: accepted, declined or pending"),
    Column("idn_HasDisability", "true when the victim has a disability"),
)
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
HTCDS_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if not c.is_extension)
EXTENSION_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.is_extension)

# What HTCDS defines that Gugus does not hold (documented in docs/htcds.md; never filled).
NOT_HELD = (
    "prs_Salutation", "prs_MiddleName", "prs_Deceased", "prs_MaritalStatus", "prs_NumberOfChildren",
    "prs_PrimaryLanguage", "prs_SecondaryLanguage", "prs_HighestLevelOfEducation", "prs_Title", "prs_Email",
    "prs_HomePhone", "prs_MailingStreet", "prs_MailingPostalCode", "prs_MailingLongitude", "prs_MailingLatitude",
    "vic_RelationshipToTrafficker", "vic_RecruitmentWebsitesAndApps", "vic_MethodOfRecruitment",
    "vic_LocationOfRecruitment", "vic_LocationOfExploitation", "vic_ExploitationWebsitesAndApps",
    "per_RoleInProcess", "per_RoleDetails", "cas_CaseOwner", "cas_ReferringOrganisation",
    "cas_IncomingReferralDate", "cas_ReferringPrimaryCaseWorker", "cas_ReasonForIncomingReferral",
    "cas_IncomingReferralDetails", "cas_ReferredOrganisation", "cas_ReferredPrimaryCaseWorker",
    "cas_ReasonForOutgoingReferral", "cas_OutgoingReferralDate", "cas_OutgoingReferralDetails",
    "cco_CaseComment", "hte_Longitude", "hte_Latitude", "hte_City", "hte_State", "hte_Street",
    "hte_PostalCode", "hte_Description", "spl_Objectives", "spl_ActionPlan", "spl_PlannedEndDate",
    "spl_ActualEndDate", "spl_Type",
)  # fmt: skip


def split_list(text: str) -> list[str]:
    """Values of a multi-select cell: ';' separates them (',' is accepted too)."""
    return [part.strip() for part in str(text or "").replace(",", ";").split(";") if part.strip()]


def join_list(values) -> str:
    return ";".join(dict.fromkeys(v for v in values if v))


def split_name(full_name: str) -> tuple[str, str]:
    """(first word, the rest): read back with a single space between them."""
    words = str(full_name or "").split()
    return (words[0], " ".join(words[1:])) if words else ("", "")


def exploitation_out(codes: list[str]) -> dict[str, str]:
    """The HTCDS exploitation columns of a case's exploitation codes."""
    return {
        "vic_TypeOfExploitation": join_list(EXPLOITATION.get(code, "Other") for code in codes),
        "vic_TypeOfSexExploitation": join_list(SEX_EXPLOITATION.get(code, "") for code in codes),
        "vic_ForcedLabourIndustry": next((LABOUR_INDUSTRY[c] for c in codes if c in LABOUR_INDUSTRY), ""),
    }


def exploitation_in(row: dict[str, str]) -> list[str]:
    """Gugus exploitation codes of a row: the exact extension codes, else mapped from HTCDS values."""
    exact = split_list(row.get("idn_ExploitationTypes", ""))
    if exact:
        return exact
    return list(
        dict.fromkeys(EXPLOITATION_IN.get(value, value) for value in split_list(row.get("vic_TypeOfExploitation", "")))
    )


def flag(value) -> str:
    return "true" if value else "false"


def read_flag(text: str) -> bool | None:
    """true/false/1/0/yes/no/ya/tidak; None when empty; ValueError otherwise."""
    folded = str(text or "").strip().lower()
    if not folded:
        return None
    if folded in {"true", "1", "yes", "ya", "y"}:
        return True
    if folded in {"false", "0", "no", "tidak", "n"}:
        return False
    raise ValueError(folded)
