"""Who may see which service delivered to a victim.

A service is visible, to a user whose role grants ``referrals.view`` or ``assistance.record``:
- to its provider unit;
- to whoever may see the whole case (the reporting unit, the secretariats of its tier, a unit
  to which an open referral shares the case file), as ``cases_visible_to`` says;
- to a secretariat for the services its region's units provide.
Receiving units of a referral see the victim's other services only through the journey, when the
referral shares it. "Not found" and "not allowed" look the same.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gugus.accounts.roles import has_capability
from gugus.assistance.models import Service
from gugus.cases.access import cases_visible_to
from gugus.organisations.jurisdiction import one_in_scope, oversight_condition


def services_visible_to(user) -> QuerySet[Service]:
    if not (has_capability(user, "referrals.view") or has_capability(user, "assistance.record")):
        return Service.objects.none()
    condition = Q(case__in=cases_visible_to(user).values("pk"))
    if user.unit_id:
        condition |= Q(provider_unit_id=user.unit_id)
    oversight = oversight_condition(user, "provider_unit__region__code")
    if oversight is not None:
        condition |= oversight
    return Service.objects.filter(condition)


def access_service(user, service_id) -> Service:
    related = ("provider_unit", "victim", "case", "referral", "function", "to_region")
    return one_in_scope(services_visible_to(user).select_related(*related), service_id, "No such service.")


def can_edit_service(user, service: Service) -> bool:
    return has_capability(user, "assistance.record") and user.unit_id == service.provider_unit_id
