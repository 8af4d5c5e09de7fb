"""Who may see which person: those who may see one of the cases the person appears in."""

from __future__ import annotations

from django.db.models import QuerySet

from gugus.cases.access import cases_visible_to
from gugus.core.errors import NotFound
from gugus.people.models import CaseRole, Person


def people_visible_to(user) -> QuerySet[Person]:
    """People with a role in at least one case ``user`` may see."""
    visible_cases = cases_visible_to(user).values("pk")
    return Person.objects.filter(pk__in=CaseRole.objects.filter(case__in=visible_cases).values("person_id"))


def access_person(user, person_id) -> Person:
    """The person, if ``user`` may see one of their cases; NotFound otherwise."""
    try:
        person_pk = int(person_id)
    except (TypeError, ValueError):
        raise NotFound("No such person.") from None
    person = people_visible_to(user).filter(pk=person_pk).first()
    if person is None:
        raise NotFound("No such person.")
    return person
