"""De-identified figures of cases: counts only, never a person, scoped by the reader's jurisdiction.

Readers of statistics (``analytics.view``) and of reports (``reports.view``) do not see cases; they
see how many cases lie in their reach (``gugus.organisations.jurisdiction.reach_region``: the
country for the national secretariat, its province for a provincial one, a unit's region for
agency staff), by origin region or reporting unit. Statistics suppress any count below
``MIN_CELL`` (the CTDC's k = 11), so a small cell never points at a person.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet

from gugus.accounts.roles import has_capability
from gugus.cases.models import Case
from gugus.organisations.jurisdiction import in_region, reach_region

MIN_CELL = 11


def cases_in_reach(user, capability: str) -> QuerySet[Case]:
    """Cases counted for ``user`` under ``capability`` (never listed: counts only)."""
    if not has_capability(user, capability):
        return Case.objects.none()
    region = reach_region(user)
    if region is None:
        return Case.objects.none()
    return Case.objects.filter(
        in_region("origin_region__code", region) | in_region("reporting_unit__region__code", region)
    )


def case_counts_by_status(user, *, capability: str = "reports.view", suppress: bool = False) -> dict[str, int | None]:
    """{status: count} over every status (None for a suppressed cell); one query."""
    counts = dict(
        cases_in_reach(user, capability).order_by().values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    figures: dict[str, int | None] = {}
    for status in Case.Status.values:
        n = counts.get(status, 0)
        figures[status] = None if suppress and 0 < n < MIN_CELL else n
    return figures
