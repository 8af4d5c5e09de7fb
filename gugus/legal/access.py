"""Who may see and record a case's legal track, built on the case scope of ``gugus.cases.access``.

The legal track (police report, suspects, charges, prosecution, verdict, restitution) is seen, by a
user whose role grants ``legal.view``:
- in a law-enforcement unit (Polri, Kejaksaan: ``LAW_ENFORCEMENT_KINDS``): the tracks of every
  case the user may see (``cases_visible_to``), and the tracks the unit investigates or prosecutes;
- in a task-force secretariat: the tracks of the cases of its tier (oversight, no recording);
- in any other unit (a service provider: Dinas Sosial, UPTD PPA, LPSK): only the tracks shared with
  that unit (``TrackShare``) and not revoked.

Recording needs ``legal.record`` and a law-enforcement unit: the investigating unit records the
investigation; it or the prosecutor's unit records the prosecution and the court's stages.
Scope is never re-implemented here: cases come from ``cases_visible_to`` (the scoping kernel).
Everything fails closed; "not found" and "not allowed" look the same (NotFound).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gugus.accounts.roles import Role, has_capability
from gugus.cases.access import access_case, cases_visible_to
from gugus.core.errors import NotFound
from gugus.legal.models import Investigation, OnlineItem, Step, TrackShare
from gugus.organisations.jurisdiction import one_in_scope
from gugus.organisations.models import Agency

# Kinds of agency whose units investigate and prosecute (Polri, Kejaksaan: organisations' data).
LAW_ENFORCEMENT_KINDS = frozenset({Agency.Kind.POLICE, Agency.Kind.PROSECUTION})
_SECRETARIAT_ROLES = {Role.SECRETARIAT_NATIONAL, Role.SECRETARIAT_REGIONAL}

# The stages the prosecutor's unit may record; the investigating unit records every stage.
PROSECUTION_STEPS = frozenset(
    {
        Step.Kind.FILE_RETURNED,
        Step.Kind.P21,
        Step.Kind.HANDOVER,
        Step.Kind.INDICTMENT,
        Step.Kind.VERDICT,
        Step.Kind.APPEAL,
        Step.Kind.APPEAL_DECIDED,
        Step.Kind.FINAL,
        Step.Kind.RESTITUTION_PAID,
    }
)


def is_law_enforcement(user) -> bool:
    """True when the user works in a Polri or Kejaksaan unit."""
    unit_id = getattr(user, "unit_id", None)
    cached = getattr(user, "_law_enforcement", None)
    if cached is not None and cached[0] == unit_id:
        return cached[1]
    answer = bool(unit_id) and user.unit.agency.kind in LAW_ENFORCEMENT_KINDS
    user._law_enforcement = (unit_id, answer)  # asked many times per page: once per unit
    return answer


def investigations_visible_to(user) -> QuerySet[Investigation]:
    """Every legal track ``user`` may see (empty when none)."""
    if not has_capability(user, "legal.view"):
        return Investigation.objects.none()
    if is_law_enforcement(user):
        condition = (
            Q(case__in=cases_visible_to(user).values("pk"))
            | Q(unit_id=user.unit_id)
            | Q(prosecutor_unit_id=user.unit_id)
        )
    elif user.role in _SECRETARIAT_ROLES:
        condition = Q(case__in=cases_visible_to(user).values("pk"))
    elif user.unit_id:
        condition = Q(pk__in=TrackShare.objects.filter(unit_id=user.unit_id, revoked_at__isnull=True).values(
            "investigation_id"
        ))  # fmt: skip
    else:
        return Investigation.objects.none()
    return Investigation.objects.filter(condition)


def access_investigation(user, investigation_id) -> Investigation:
    """The legal track, if ``user`` may see it; NotFound otherwise (whether it exists or not)."""
    related = ("case", "unit", "prosecutor_unit", "referral")
    return one_in_scope(
        investigations_visible_to(user).select_related(*related), investigation_id, "No such investigation."
    )


def can_open_investigation(user, case) -> bool:
    """A law-enforcement unit opens a legal track on a case it may see."""
    return (
        has_capability(user, "legal.record")
        and is_law_enforcement(user)
        and cases_visible_to(user).filter(pk=case.pk).exists()
    )


def can_record(user, investigation: Investigation, kind: str = "") -> bool:
    """The investigating unit records every stage; the prosecutor's unit the prosecution and court stages."""
    if not has_capability(user, "legal.record") or not is_law_enforcement(user):
        return False
    if user.unit_id == investigation.unit_id:
        return True
    return (
        bool(investigation.prosecutor_unit_id)
        and user.unit_id == investigation.prosecutor_unit_id
        and (not kind or kind in PROSECUTION_STEPS)
    )


def case_for_legal(user, case_id):
    """The case, for the legal pages: visible to the user (``access_case``) and the user holds ``legal.view``."""
    if not has_capability(user, "legal.view"):
        raise NotFound("No such case.")
    return access_case(user, case_id)


def online_items_visible_to(user) -> QuerySet[OnlineItem]:
    """Online items of the cases the user may see (the case's own scope)."""
    if not has_capability(user, "cases.view"):
        return OnlineItem.objects.none()
    return OnlineItem.objects.filter(case__in=cases_visible_to(user).values("pk"))


def can_record_online(user, case) -> bool:
    """The case's reporting unit, or a law-enforcement unit that sees the case, records online items and requests."""
    if not cases_visible_to(user).filter(pk=case.pk).exists():
        return False
    if has_capability(user, "cases.edit") and user.unit_id == case.reporting_unit_id:
        return True
    return has_capability(user, "legal.record") and is_law_enforcement(user)
