"""Which records a viewer's figures are computed from: the one door from a user to the
dashboards, statistics and reports.

Every figure starts from the scoped querysets of the apps (``cases_visible_to``,
``referrals_visible_to``, ``services_visible_to``, ``lines_visible_to``,
``action_items_visible_to``); this module only chooses among them. The one addition is the
de-identified scope of viewers who may read statistics but not cases (analysts, and auditors
and others holding ``reports.view``): they count the cases of their jurisdiction (the region of
their task force or unit, the whole country for a national unit) without ever reaching a row,
and their small counts are suppressed (``entitled_to_rows``).

The jurisdiction itself comes from the one rule (``gugus.organisations.jurisdiction``); nothing
here decides a region on its own.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gugus.accounts.roles import has_capability
from gugus.assistance.access import services_visible_to
from gugus.assistance.models import Service
from gugus.budgets.access import lines_visible_to
from gugus.budgets.models import BudgetLine
from gugus.cases.access import cases_visible_to
from gugus.cases.models import Case
from gugus.meetings.access import action_items_visible_to
from gugus.meetings.models import ActionItem
from gugus.organisations.jurisdiction import in_region, reach_region
from gugus.referrals.access import referrals_visible_to
from gugus.referrals.models import Referral


class _NationalReport:
    """The task force's own national report (the operator's ``gugus reports annual``): every record
    counts, and every figure is suppressed as for a reader not entitled to the rows."""

    role = ""
    unit_id = None
    is_authenticated = False

    def __repr__(self) -> str:
        return "NATIONAL_REPORT"


NATIONAL_REPORT = _NationalReport()


def may_see_statistics(user) -> bool:
    return has_capability(user, "analytics.view") or has_capability(user, "reports.view")


def entitled_to_rows(user) -> bool:
    """True when the viewer may open the cases behind a figure: small counts need no hiding."""
    if user is NATIONAL_REPORT:
        return False
    return has_capability(user, "cases.view")


def jurisdiction(user) -> str | None:
    """The region-code prefix the viewer's figures cover: "" the whole country, None nothing."""
    if user is NATIONAL_REPORT:
        return ""
    return reach_region(user)


def statistics_cases(user) -> QuerySet[Case]:
    """The cases counted in the viewer's statistics (never returned to a viewer as rows)."""
    if user is NATIONAL_REPORT:
        return Case.objects.all()
    if has_capability(user, "cases.view"):
        return cases_visible_to(user)
    if not may_see_statistics(user):
        return Case.objects.none()
    prefix = jurisdiction(user)
    if prefix is None:
        return Case.objects.none()
    return Case.objects.filter(
        in_region("origin_region__code", prefix) | in_region("reporting_unit__region__code", prefix)
    )


def statistics_referrals(user, cases: QuerySet[Case] | None = None) -> QuerySet[Referral]:
    """Referrals counted: those the viewer may see, or (de-identified viewers) those of counted cases."""
    if user is NATIONAL_REPORT:
        return Referral.objects.all()
    if has_capability(user, "referrals.view"):
        return referrals_visible_to(user)
    cases = statistics_cases(user) if cases is None else cases
    return Referral.objects.filter(case__in=cases.values("pk"))


def statistics_services(user, cases: QuerySet[Case] | None = None) -> QuerySet[Service]:
    if user is NATIONAL_REPORT:
        return Service.objects.all()
    if has_capability(user, "referrals.view") or has_capability(user, "assistance.record"):
        return services_visible_to(user)
    cases = statistics_cases(user) if cases is None else cases
    return Service.objects.filter(case__in=cases.values("pk"))


def statistics_budget_lines(user):
    if user is NATIONAL_REPORT:
        return BudgetLine.objects.all()
    return lines_visible_to(user)


def statistics_action_items(user):
    if user is NATIONAL_REPORT:
        return ActionItem.objects.all()
    return action_items_visible_to(user)


def region_q(field: str, code: str) -> Q:
    """``field`` is region ``code`` or inside it (narrowing a scoped queryset, never widening it)."""
    return in_region(field, code)
