"""Who may see which public report, and who may maintain what the portal discloses.

A public report concerns a region (or none, when the reporter did not know it). It lands in the
queue of the secretariat of that region's task force, and it is visible, to users whose role
grants ``portal.triage``:
- to the national secretariat: every report, and the only queue of reports without a region;
- to a provincial or regency/city secretariat: the reports whose region lies in its region's
  subtree (a province's secretariat sees its regencies' reports too).

``report_scope`` asks the one jurisdiction rule (``gugus.organisations.jurisdiction``).
Everything fails closed: no capability, no task force, no region means no report; "not found"
and "not allowed" look the same (NotFound). Nothing in this module is reachable from the public
pages (``public_views``), which never read a report back beyond its status.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gugus.accounts.roles import Role, has_capability
from gugus.cases.access import cases_visible_to
from gugus.cases.models import Case
from gugus.organisations.jurisdiction import in_region, one_in_scope, oversight_region
from gugus.organisations.models import AgencyUnit, Tier
from gugus.portal.models import PublicReport, PublishedIdentifier

_SECRETARIAT_ROLES = {Role.SECRETARIAT_NATIONAL, Role.SECRETARIAT_REGIONAL}
# Units whose supervisors keep the register of licensed placement agencies (KP2MI licenses them).
REGISTER_AGENCIES = {"KP2MI"}


def report_scope(user, field: str = "region__code") -> Q | None:
    """The reports (by their region ``field``) the user's secretariat answers for; None for none.

    The secretariat's oversight region comes from the one jurisdiction rule
    (``gugus.organisations.jurisdiction``); reports without a region reach the national one only.
    """
    if getattr(user, "role", "") not in _SECRETARIAT_ROLES:
        return None
    region = oversight_region(user)
    if region is None:
        return None
    return in_region(field, region)


def reports_visible_to(user) -> QuerySet[PublicReport]:
    """Every public report ``user`` may triage (an empty queryset when none)."""
    if not has_capability(user, "portal.triage") or not has_capability(user, "people.view_personal"):
        return PublicReport.objects.none()
    scope = report_scope(user)
    if scope is None:
        return PublicReport.objects.none()
    return PublicReport.objects.filter(scope)


def access_report(user, report_id) -> PublicReport:
    """The report, if ``user`` may triage it; NotFound otherwise (whether it exists or not)."""
    return one_in_scope(reports_visible_to(user).select_related("region", "case"), report_id, "No such report.")


def handover_units_for(user) -> QuerySet[AgencyUnit]:
    """Agency units a secretariat may hand a report to as a case: active units in its region's
    subtree (every unit, for the national secretariat), never a secretariat itself."""
    if not has_capability(user, "portal.triage"):
        return AgencyUnit.objects.none()
    task_force = getattr(user, "task_force", None)
    units = AgencyUnit.objects.filter(active=True).exclude(kind=AgencyUnit.Kind.SECRETARIAT)
    if task_force is not None and task_force.tier == Tier.NATIONAL and user.role in _SECRETARIAT_ROLES:
        return units
    scope = report_scope(user, "region__code")
    return units.filter(scope) if scope is not None else AgencyUnit.objects.none()


def cases_flaggable_by(user) -> QuerySet[Case]:
    """Cases whose identifiers ``user`` may propose for publication: those its own unit reports."""
    if not has_capability(user, "cases.edit") or not user.unit_id:
        return Case.objects.none()
    return cases_visible_to(user).filter(reporting_unit_id=user.unit_id)


def publications_visible_to(user) -> QuerySet[PublishedIdentifier]:
    """Proposals and publications of identifiers from cases of the user's own unit."""
    if not (has_capability(user, "cases.edit") or has_capability(user, "portal.publish")) or not user.unit_id:
        return PublishedIdentifier.objects.none()
    return PublishedIdentifier.objects.filter(case__reporting_unit_id=user.unit_id)


def can_approve_publication(user, publication: PublishedIdentifier) -> bool:
    """A supervisor of the case's unit, and never the person who proposed it (four eyes)."""
    return (
        has_capability(user, "portal.publish")
        and user.unit_id == publication.case.reporting_unit_id
        and user.pk != publication.proposed_by_id
    )


def can_maintain_register(user) -> bool:
    """The national secretariat, and supervisors of KP2MI units."""
    if not has_capability(user, "portal.register"):
        return False
    task_force = getattr(user, "task_force", None)
    if user.role == Role.SECRETARIAT_NATIONAL and task_force is not None and task_force.tier == Tier.NATIONAL:
        return True
    unit = getattr(user, "unit", None)
    return unit is not None and unit.agency.abbreviation in REGISTER_AGENCIES
