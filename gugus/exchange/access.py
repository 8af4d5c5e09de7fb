"""Which cases feed what a user may take out of Gugus.

- The de-identified release (``analytics.view``) is made from the cases in the user's reach
  (``gugus.cases.statistics.cases_in_reach``, the one jurisdiction rule). It never reaches a single
  record: only the k-anonymous table leaves.
- Identified exports and HTCDS exports are made from ``cases_visible_to(user)``: nothing beyond what
  the user may open one by one.
- An export request is seen by the user who asked for it and by those who may approve it in the
  same unit; "not found" and "not allowed" look the same.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gugus.accounts.roles import has_capability
from gugus.cases.access import cases_visible_to
from gugus.cases.models import Case
from gugus.cases.statistics import cases_in_reach
from gugus.core.errors import NotFound


def release_cases_for(user) -> QuerySet[Case]:
    """The cases whose victims make up the de-identified release ``user`` may download (their reach)."""
    return cases_in_reach(user, "analytics.view")


def export_cases_for(user) -> QuerySet[Case]:
    """The cases an identified or HTCDS export of ``user`` may hold: those they may open."""
    if not has_capability(user, "exports.identified"):
        return Case.objects.none()
    return cases_visible_to(user)


def export_requests_visible_to(user):
    from gugus.exchange.models import ExportRequest

    if not user.is_authenticated or not user.unit_id:
        return ExportRequest.objects.none()
    mine = Q(requested_by=user)
    if has_capability(user, "exports.approve"):
        mine |= Q(unit_id=user.unit_id)
    return ExportRequest.objects.filter(mine)


def access_export_request(user, request_id):
    try:
        pk = int(request_id)
    except (TypeError, ValueError):
        raise NotFound("No such export.") from None
    found = export_requests_visible_to(user).filter(pk=pk).select_related("requested_by", "approved_by", "unit").first()
    if found is None:
        raise NotFound("No such export.")
    return found
