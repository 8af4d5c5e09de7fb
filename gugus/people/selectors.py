"""Reads about one person across agencies: what a data subject may ask for under UU 27/2022."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

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
