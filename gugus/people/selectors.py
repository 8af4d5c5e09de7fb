"""Reads of a person for the person page and its API twin; the read is recorded here."""

from __future__ import annotations

from dataclasses import dataclass

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
