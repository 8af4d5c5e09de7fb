"""A person's page: their identifiers and the cases (in scope) they appear in. Every view is audited
(by ``people.selectors.person_page``)."""

from __future__ import annotations

from django.http import HttpResponseNotFound
from django.shortcuts import render

from gugus.accounts.decorators import requires
from gugus.core.errors import NotFound
from gugus.people.selectors import person_page


@requires("people.view_personal")
def person_detail(request, person_id: int):
    try:
        page = person_page(request.user, person_id)
    except NotFound:
        return HttpResponseNotFound(b"")
    return render(request, "people/detail.html", {"person": page.person, "roles": page.roles})
