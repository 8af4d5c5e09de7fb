"""Reads of cases: the filtered and searched list, the case page, de-identified views."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from gugus.audit.reads import read_record
from gugus.cases.access import can_view_personal, cases_visible_to
from gugus.cases.models import Assessment, Case, CaseEvent
from gugus.core.crypto import blind_index
from gugus.linkage.normalise import normalise_passport, normalise_phone, phonetic_key
from gugus.people.models import CaseRole, PersonToken
from gugus.people.services import name_search_tokens

PAGE_SIZE = 25


@dataclass
class CaseFilters:
    """What the case list is narrowed to; blank means no filter."""

    status: str = ""
    exploitation_type: str = ""
    region: str = ""
    destination_country: str = ""
    reported_from: dt.date | None = None
    reported_to: dt.date | None = None
    q: str = ""


def search_kind(q: str) -> str:
    """How a search text is read: case number, nik, passport, phone, name (or "" for none)."""
    text = (q or "").strip()
    if not text:
        return ""
    compact = re.sub(r"[\s.\-]", "", text)
    if "/" in text or text.upper().startswith(("POLRI", "KEMENLU", "DINSOS", "UPTD", "T-")):
        return "number"
    if re.fullmatch(r"\d{16}", compact):
        return "nik"
    if re.fullmatch(r"\+?\d{9,15}", compact):
        return "phone"
    if normalise_passport(text):
        return "passport"
    return "name"


def _people_matching(kind: str, text: str) -> list[QuerySet] | None:
    """Subqueries of person ids that must all match; None when the text cannot match anything."""
    tokens = PersonToken.objects
    if kind == "nik":
        return [tokens.filter(purpose="nik", digest=blind_index("nik", re.sub(r"\D", "", text))).values("person_id")]
    if kind == "phone":
        phone = normalise_phone(text)
        if not phone:
            return None
        return [tokens.filter(purpose="phone", digest=blind_index("phone", phone)).values("person_id")]
    if kind == "passport":
        passport = normalise_passport(text)
        return [tokens.filter(purpose="passport", digest=blind_index("passport", passport)).values("person_id")]
    words = name_search_tokens(text)
    if not words:
        return None
    # Every word of the query must match a name token of the person, exactly or by sound.
    return [
        tokens.filter(
            digest__in=[blind_index("name_token", word), blind_index("name_phonetic", phonetic_key(word))],
            purpose__in=["name_token", "name_phonetic"],
        ).values("person_id")
        for word in words
    ]


def case_search_condition(user, q: str) -> Q | None:
    """The condition on Case for a search; identifiers and names only for who may see them."""
    kind = search_kind(q)
    text = q.strip()
    if not kind:
        return Q()
    if kind == "number":
        return Q(number__istartswith=text)
    if not can_view_personal(user):
        return Q(number__istartswith=text)
    subqueries = _people_matching(kind, text)
    if subqueries is None:
        return None
    roles = CaseRole.objects.all()
    for subquery in subqueries:
        roles = roles.filter(person_id__in=subquery)
    return Q(pk__in=roles.values("case_id"))


def cases_list(user, filters: CaseFilters) -> QuerySet[Case]:
    """The cases ``user`` may see, narrowed by ``filters``, newest report first."""
    qs = cases_visible_to(user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.exploitation_type:
        qs = qs.filter(exploitation_codes__contains=f",{filters.exploitation_type},")
    if filters.region:
        code = filters.region
        qs = qs.filter(Q(origin_region_id=code) | Q(origin_region__code__startswith=code + "."))
    if filters.destination_country:
        qs = qs.filter(destination_country=filters.destination_country.upper())
    if filters.reported_from:
        qs = qs.filter(reported_on__gte=filters.reported_from)
    if filters.reported_to:
        qs = qs.filter(reported_on__lte=filters.reported_to)
    if filters.q:
        condition = case_search_condition(user, filters.q)
        if condition is None:
            return qs.none()
        qs = qs.filter(condition)
    return qs.select_related("reporting_unit", "origin_region").order_by("-reported_on", "-id")


def cases_page(user, filters: CaseFilters, page: int = 1, page_size: int = PAGE_SIZE) -> tuple[list[Case], bool]:
    """One page of the list and whether another follows (no total count: it is costly at scale).

    A search by an identifier or a name tells whether such a person is in a case: a read, recorded
    here (purpose ``search``, the kind of identifier) for the page and the API alike.
    """
    kind = search_kind(filters.q)
    if kind not in ("", "number") and can_view_personal(user):
        read_record(actor=user, target=("cases.search", kind), purpose="search", only=[kind])
    page = max(1, page)
    start = (page - 1) * page_size
    rows = list(cases_list(user, filters)[start : start + page_size + 1])
    return rows[:page_size], len(rows) > page_size


@dataclass
class VictimView:
    """A victim as the case page shows it."""

    role: CaseRole
    current: Assessment | None
    history: list[Assessment] = field(default_factory=list)


def case_people(case: Case) -> list[CaseRole]:
    return list(CaseRole.objects.filter(case=case).select_related("person", "person__address_region"))


@dataclass
class CaseFile:
    """The people of a case as a page or the API shows them, and whether their personal data shows."""

    roles: list[CaseRole]
    personal: bool


def case_file(user, case: Case) -> CaseFile:
    """The case's people for ``user``; when their personal data or the narrative shows, the read is
    recorded (purpose ``case``) here, for the case page and the API alike."""
    personal = can_view_personal(user)
    roles = case_people(case)
    if personal and (roles or case.narrative):
        read_record(actor=user, target=case, purpose="case")
    return CaseFile(roles, personal)


def case_victims_to_assess(user, case: Case) -> list[CaseRole]:
    """The victims the assessment form names; their names shown are a read (purpose ``assessment``)."""
    roles = [r for r in case_people(case) if r.role == CaseRole.Role.VICTIM]
    if roles and can_view_personal(user):
        read_record(actor=user, target=case, purpose="assessment")
    return roles


def assessments_read(user, case: Case) -> list[Assessment]:
    """Every assessment of the case's victims, newest first; their evidence shown is a read (``assessments``)."""
    assessments = list(Assessment.objects.filter(case=case).select_related("decided_by").order_by("-decided_at", "-id"))
    if assessments and can_view_personal(user):
        read_record(actor=user, target=case, purpose="assessments")
    return assessments


def case_timeline(case: Case) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("at", "id"))


def case_victims(case: Case, roles: list[CaseRole]) -> list[VictimView]:
    assessments = list(Assessment.objects.filter(case=case).select_related("decided_by").order_by("-decided_at", "-id"))
    views = []
    for role in roles:
        if role.role != CaseRole.Role.VICTIM:
            continue
        mine = [a for a in assessments if a.victim_id == role.pk]
        current = next((a for a in mine if a.is_current), None)
        views.append(VictimView(role, current, [a for a in mine if not a.is_current]))
    return views


def deidentified_person(role: CaseRole) -> dict:
    """What anyone without ``people.view_personal`` may know of a person in a case."""
    person = role.person
    return {
        "role": role.role,
        "kind": person.kind,
        "sex": person.sex,
        "birth_year": person.birth_year,
        "age_at_recruitment": role.age_at_recruitment,
        "address_province": person.address_region_id[:2] if person.address_region_id else "",
        "nationality": person.nationality,
    }


def served_victims(user) -> list[dict]:
    """Victims the user's unit serves under a referral, as the referral shares them (for the case list).

    Only the shares speak: the name when identity is shared, the case number when the case summary
    is; otherwise the victim's number. No personal value is read here except the audited name.
    """
    from gugus.referrals.access import access_victim, victims_served_by
    from gugus.referrals.models import Share

    rows = []
    for victim in victims_served_by(user).select_related("case", "person").order_by("-id")[:50]:
        access = access_victim(user, victim.pk)
        shows_name = Share.IDENTITY in access.shares
        if shows_name:
            read_record(actor=user, target=victim.person, purpose="served_list")
        rows.append(
            {
                "victim": victim,
                "name": victim.person.full_name if shows_name else "",
                "case_number": victim.case.number if Share.CASE_SUMMARY in access.shares else "",
                "referral_ids": access.referral_ids,
                "shares": sorted(str(Share(c).label) for c in access.shares),
            }
        )
    return rows


def served_case_view(user, case_id) -> list[dict]:
    """A case's victims as the open referrals to the user's unit share them; [] when none (then 404)."""
    from gugus.referrals.access import access_victim, victims_served_by
    from gugus.referrals.models import Share
    from gugus.referrals.selectors import victim_shared_view

    try:
        case_pk = int(case_id)
    except (TypeError, ValueError):
        return []
    rows = []
    for victim in victims_served_by(user).filter(case_id=case_pk).select_related("case", "person"):
        access = access_victim(user, victim.pk)
        view = victim_shared_view(user, access.victim, access.shares)  # audited there
        rows.append(
            {
                "access": access,
                "case_number": victim.case.number if Share.CASE_SUMMARY in access.shares else "",
                "view": [(Share(code).label, values) for code, values in view.items()],
            }
        )
    return rows


def follow_ups_of(user, case: Case) -> list:
    """The case's follow-ups, open ones first by due date; shown with personal data, a read
    (purpose ``case_follow_ups``)."""
    from gugus.cases.models import FollowUp

    follow_ups = sorted(
        FollowUp.objects.filter(case=case).select_related("victim__person", "created_by", "closed_by"),
        key=lambda f: (f.status != FollowUp.Status.OPEN, f.due_on, f.pk),
    )
    if follow_ups and can_view_personal(user):
        read_record(actor=user, target=case, purpose="case_follow_ups")
    return follow_ups


def follow_ups_due(user, *, within_days: int = 7, today=None):
    """Open follow-ups of the cases the user's unit reported, due within ``within_days`` or overdue (one query)."""
    import datetime as dt

    from django.utils import timezone

    from gugus.cases.access import cases_visible_to
    from gugus.cases.models import FollowUp

    unit_id = getattr(user, "unit_id", None)
    if not unit_id:
        return FollowUp.objects.none()
    today = today or timezone.localdate()
    return (
        FollowUp.objects.filter(
            case__in=cases_visible_to(user).filter(reporting_unit_id=unit_id),
            status=FollowUp.Status.OPEN,
            due_on__lte=today + dt.timedelta(days=within_days),
        )
        .select_related("case")
        .order_by("due_on", "id")
    )


def attachments_of(user, case: Case) -> list:
    """The case's files, newest first, without their (encrypted) content; listed to someone who sees
    personal data, a read (purpose ``case_attachments``)."""
    from gugus.cases.models import CaseAttachment

    attachments = list(CaseAttachment.objects.filter(case=case).defer("content").select_related("uploaded_by"))
    if attachments and can_view_personal(user):
        read_record(actor=user, target=case, purpose="case_attachments")
    return attachments
