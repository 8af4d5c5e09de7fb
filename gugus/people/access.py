"""Who may see which person: those who may see one of the cases the person appears in."""

from __future__ import annotations

from django.db.models import QuerySet

from gugus.cases.access import cases_visible_to
from gugus.organisations.jurisdiction import one_in_scope
from gugus.people.models import CaseRole, Person


def people_visible_to(user) -> QuerySet[Person]:
    """People with a role in at least one case ``user`` may see."""
    visible_cases = cases_visible_to(user).values("pk")
    return Person.objects.filter(pk__in=CaseRole.objects.filter(case__in=visible_cases).values("person_id"))


def access_person(user, person_id) -> Person:
    """The person, if ``user`` may see one of their cases; NotFound otherwise."""
    return one_in_scope(people_visible_to(user), person_id, "No such person.")
