"""Reads about one person: the person page and its API twin, and what a data subject may ask for
under UU 27/2022. The reads are recorded here (``gugus/audit/reads.py``), never in views."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gugus.audit.reads import read_record
from gugus.cases.access import cases_visible_to
from gugus.people.access import access_person
from gugus.people.models import CaseRole, Person


@dataclass
class PersonPage:
    """A person's identifiers and their roles in the cases the viewer may see, newest case first."""

    person: Person
    roles: list[CaseRole]


def person_page(user, person_id) -> PersonPage:
    """The person (NotFound as ``access_person``) and their roles in scope; records the read (``person``)."""
    person = access_person(user, person_id)
    roles = list(
        CaseRole.objects.filter(person=person, case__in=cases_visible_to(user).values("pk"))
        .select_related("case")
        .order_by("-case__reported_on")
    )
    read_record(actor=user, target=person, purpose="person")
    return PersonPage(person, roles)


@dataclass
class SubjectRightsPage:
    """A person's requests under UU 27/2022 and the people of their visible cases who may have asked."""

    person: Person
    requests: list
    requesters: list[Person]


def subject_rights_page(user, person_id) -> SubjectRightsPage:
    """The person (NotFound as ``access_person``), their requests and the possible requesters by name;
    records the read (``subject_rights``, narrowed to what the page shows)."""
    from gugus.people.models import SubjectRequest

    person = access_person(user, person_id)
    requests = list(SubjectRequest.objects.filter(person=person).select_related("requester", "handled_by"))
    others = (
        CaseRole.objects.filter(case__in=CaseRole.objects.filter(person=person).values("case_id"))
        .filter(case__in=cases_visible_to(user).values("pk"))
        .exclude(person=person)
        .select_related("person")
        .order_by("person_id")
    )
    requesters: dict[int, Person] = {}
    for role in others:
        requesters.setdefault(role.person_id, role.person)
    shown = ["full_name", *(["requests"] if requests else []), *(["requester_names"] if requesters else [])]
    read_record(actor=user, target=person, purpose="subject_rights", only=shown)
    return SubjectRightsPage(person, requests, list(requesters.values()))


PERSONAL_FIELDS = ("full_name", "aliases", "nik", "passport_no", "phones", "birth_date", "birth_place")


def _lines(value: str) -> list[str]:
    return [line for line in (value or "").splitlines() if line.strip()]


def subject_data(user, person) -> dict:
    """What Gugus holds about ``person`` in the cases ``user`` may see, across agencies, and who
    processed it (the audit log's reads and changes of the person, their part in those cases and the
    services they received). Plain values, names rather than codes, dates as ISO text (a JSON file).

    Records outside the officer's sight are not included and are said to be so; the officer answers
    for their own jurisdiction, as the access rules answer every other question.
    """
    from gugus.assistance.models import Service
    from gugus.audit.models import AuditEntry
    from gugus.cases.access import cases_visible_to
    from gugus.organisations.countries import country_name
    from gugus.people.models import CaseRole

    visible = cases_visible_to(user).values("pk")
    roles = list(
        CaseRole.objects.filter(person=person, case__in=visible)
        .select_related("case__reporting_unit__agency")
        .order_by("case__reported_on", "pk")
    )
    services = list(
        Service.objects.filter(victim__in=[r.pk for r in roles])
        .select_related("provider_unit__agency")
        .order_by("started_on", "pk")
    )
    targets = Q(object_type="people.person", object_id=str(person.pk))
    if roles:
        targets |= Q(object_type="people.caserole", object_id__in=[str(r.pk) for r in roles])
    if services:
        targets |= Q(object_type="assistance.service", object_id__in=[str(s.pk) for s in services])
    entries = AuditEntry.objects.filter(targets).order_by("sequence")
    held_elsewhere = CaseRole.objects.filter(person=person).exclude(case__in=visible).exists()
    data = {
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "legal_basis": "UU 27/2022 Pasal 7",
        "person": {
            "full_name": person.full_name or "",
            "aliases": _lines(person.aliases),
            "nik": person.nik or "",
            "passport_no": person.passport_no or "",
            "phones": _lines(person.phones),
            "birth_date": person.birth_date or "",
            "birth_place": person.birth_place or "",
            "sex": person.get_sex_display() if person.sex else "",
            "nationality": country_name(person.nationality) if person.nationality else "",
            "address_region": person.address_region.name if person.address_region_id else "",
            "recorded_by": person.recorded_by_unit.name if person.recorded_by_unit_id else "",
        },
        "cases": [
            {
                "case_number": r.case.number,
                "role": str(r.get_role_display()),
                "reported_on": r.case.reported_on.isoformat(),
                "recorded_by": r.case.reporting_unit.name,
                "agency": r.case.reporting_unit.agency.official_name,
                "status": str(r.case.get_status_display()),
            }
            for r in roles
        ],
        "services": [
            {
                "service": str(s.get_kind_display()),
                "provider": s.provider_unit.name,
                "agency": s.provider_unit.agency.official_name,
                "started_on": s.started_on.isoformat(),
                "ended_on": s.ended_on.isoformat() if s.ended_on else "",
                "status": str(s.get_status_display()),
            }
            for s in services
        ],
        "processing": [
            {
                "at": e.at.isoformat(timespec="seconds"),
                "by": e.actor_label,
                "kind": str(e.get_kind_display()),
                "action": e.action,
            }
            for e in entries
        ],
        "not_included": (
            _("Records held by units outside the officer's jurisdiction are not included; ask the secretariat above.")
            if held_elsewhere
            else ""
        ),
    }
    data["fields"] = [f for f in PERSONAL_FIELDS if getattr(person, f)]
    return data
