"""Who may see which network: the cases a user may see (``cases_visible_to``), for roles holding
``networks.view``. A group is rebuilt from the user's own scope every time, so a case outside it
never appears, and neither do the people or identifiers only it would bring in."""

from __future__ import annotations

from django.db.models import QuerySet

from gugus.accounts.roles import has_capability
from gugus.cases.access import cases_visible_to
from gugus.cases.models import Case


def network_cases_visible_to(user) -> QuerySet[Case]:
    if not has_capability(user, "networks.view"):
        return Case.objects.none()
    return cases_visible_to(user)
