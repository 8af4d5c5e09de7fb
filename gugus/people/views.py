"""A person's page: their identifiers and the cases (in scope) they appear in. Every view is audited."""

from __future__ import annotations

from django.http import HttpResponseNotFound
from django.shortcuts import render

from gugus.accounts.decorators import requires
from gugus.audit.services import audit_read
from gugus.cases.access import cases_visible_to
from gugus.core.errors import NotFound
from gugus.people.access import access_person
from gugus.people.models import CaseRole


@requires("people.view_personal")
def person_detail(request, person_id: int):
    try:
        person = access_person(request.user, person_id)
    except NotFound:
        return HttpResponseNotFound(b"")
    roles = list(
        CaseRole.objects.filter(person=person, case__in=cases_visible_to(request.user).values("pk"))
        .select_related("case")
        .order_by("-case__reported_on")
    )
    audit_read(
        actor=request.user,
        target=person,
        purpose="person",
        fields=["full_name", "aliases", "nik", "passport_no", "phones", "birth_date", "birth_place"],
    )
    return render(request, "people/detail.html", {"person": person, "roles": roles})
