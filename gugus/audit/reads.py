"""What each purpose reads of personal data, declared once, and the one function that records it.

A page and its API twin read the same data for the same purpose, so they leave the same entry:
``read.<purpose>`` with the purpose's fields. The record is made by the access or selector function
that returns the data (``cases.selectors.case_file``, ``people.selectors.person_page``, ...), never
by a view or an API operation: ``gugus/audit/tests/test_reads.py`` fails if a ``views.py`` or an API
module records a read itself. Field names only; personal values never enter the log.
"""

from __future__ import annotations

from dataclasses import dataclass

PERSON_FIELDS = ("full_name", "aliases", "nik", "passport_no", "phones", "birth_date", "birth_place")
# What a referral shows of its victim, by shared category (referrals.selectors.victim_shared_view).
VICTIM_SHARED_FIELDS = tuple(
    f"{category}.{name}"
    for category, names in (
        ("identity", ("full_name", "sex", "birth_date", "birth_year", "nationality")),
        ("contact", ("phones", "home_region")),
        ("documents", ("nik", "passport_no")),
        ("needs", ("needs", "has_disability", "disability", "age_at_recruitment")),
        ("case_summary", ("case_number", "reporting_unit", "reported_on", "exploitation", "destination_country",
                          "origin_region")),
        ("assessment", ("result", "child_rule_applied", "decided_at")),
    )
    for name in names
)  # fmt: skip
GOLDEN_FIELDS = ("full_name", "nik", "passport_no", "phones", "birth_date", "birth_place", "sex", "address_region",
                 "nationality")  # fmt: skip
PUBLIC_REPORT_FIELDS = ("what_happened", "at_risk", "offer_text", "offer_link", "phones", "accounts", "contact")


@dataclass(frozen=True)
class ReadPurpose:
    """One purpose of reading personal data: where it is read and which fields it shows."""

    name: str
    where: str
    fields: tuple[str, ...]
    # Whether a call may narrow the fields to those actually shown (a search names what it looked
    # up, a golden record the values the viewer may read); otherwise every field is recorded.
    narrows: bool = False


_PURPOSES = [
    ReadPurpose("case", "the case page; GET /api/cases/{id} (and the case a POST returns)",
                PERSON_FIELDS + ("narrative", "evidence")),
    ReadPurpose("case_follow_ups", "the case's follow-ups panel", ("follow_ups",)),
    ReadPurpose("case_attachments", "the case's files panel", ("attachments",)),
    ReadPurpose("assessment", "the assessment form (names the victims)", ("full_name",)),
    ReadPurpose("assessments", "GET /api/cases/{id}/assessments", ("evidence", "reason")),
    ReadPurpose("person", "the person page; GET /api/people/{id}", PERSON_FIELDS),
    ReadPurpose("search", "the case list and GET /api/cases/ searched by an identifier or a name",
                ("nik", "passport", "phone", "name"), narrows=True),
    ReadPurpose("review_queue", "the identity review queue; GET /api/identity/reviews", ("full_name",)),
    ReadPurpose("review", "one review pair side by side; GET /api/identity/reviews/{id}", PERSON_FIELDS),
    ReadPurpose("network", "a network group's page and graph; GET /api/networks/groups/{key}/graph",
                ("full_name",)),
    ReadPurpose("network_export", "GraphML export of network groups (page and API)", ("full_name",),
                narrows=True),
    ReadPurpose("legal_track", "the legal track page; the legal track in the API", ("full_name",)),
    ReadPurpose("compound", "a compound's page (its operator)", ("operator",)),
    ReadPurpose("referral", "a victim as a referral shares it (victim and referral pages, the API)",
                VICTIM_SHARED_FIELDS, narrows=True),
    ReadPurpose("handoff", "a hand-off package to another country's agency", VICTIM_SHARED_FIELDS, narrows=True),
    ReadPurpose("referral_send", "the victim's name on the send-referral page", ("full_name",)),
    ReadPurpose("served_list", "the victims a unit serves, on its case list", ("full_name",)),
    ReadPurpose("attachment", "a case file downloaded", ("content",)),
    ReadPurpose("identity", "the golden record of a merged identity (the fields shown)", GOLDEN_FIELDS,
                narrows=True),
    ReadPurpose("public_report", "a public report in the triage queue", PUBLIC_REPORT_FIELDS),
    ReadPurpose("publications", "the publications proposed for the portal", ("value",)),
    ReadPurpose("subject_rights", "a person's data-subject requests and their possible requesters, by name",
                ("full_name", "requests", "requester_names"), narrows=True),
    ReadPurpose("subject_export", "what Gugus holds about a person, exported on their request (UU 27/2022)",
                PERSON_FIELDS, narrows=True),
    ReadPurpose("user_list", "the administrator's list of accounts; GET /api/accounts/users", ("name", "email")),
    ReadPurpose("user", "one account as the administrator manages it", ("name", "email")),
]  # fmt: skip
PURPOSES: dict[str, ReadPurpose] = {p.name: p for p in _PURPOSES}


def read_record(*, actor, target, purpose: str, only: list[str] | tuple[str, ...] | None = None):
    """Record that ``actor`` read ``target`` for ``purpose``: the purpose's declared fields.

    ``only`` narrows the fields for a purpose that declares it may (``narrows``); an undeclared
    purpose or field is a programming error and raises, so nothing is logged under a wrong name.
    """
    from gugus.audit.services import audit_read

    declared = PURPOSES[purpose]
    if only is None:
        fields = list(declared.fields)
    else:
        if not declared.narrows:
            raise ValueError(f"the read purpose {purpose!r} records all its fields")
        unknown = [name for name in only if name not in declared.fields]
        if unknown:
            raise ValueError(f"fields {unknown} are not declared for the read purpose {purpose!r}")
        fields = list(only)
    return audit_read(actor=actor, target=target, purpose=purpose, fields=fields)
