"""Reads of the audit log for auditors: the filtered log, who read a victim's data, exports made,
and the last verification of the chain. Only for holders of ``audit.view``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from gugus.accounts.roles import has_capability
from gugus.audit.models import AuditEntry

PAGE_SIZE = 50
VERIFY_ACTION = "audit.verify_chain"
# Actions that take data out of the system: files, reports, exports.
EXPORT_Q = Q(action__icontains="export") | Q(action__startswith="report.") | Q(action__startswith="read.network_export")


@dataclass
class AuditFilters:
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _seal_for(user) -> None:
    if has_capability(user, "audit.view"):
        from gugus.audit.services import audit_seal

        audit_seal()


def entries_visible_to(user) -> QuerySet[AuditEntry]:
    if not has_capability(user, "audit.view"):
        return AuditEntry.objects.none()
    return AuditEntry.objects.all()


def audit_log(
    user, filters: AuditFilters, *, page: int = 1, page_size: int = PAGE_SIZE
) -> tuple[list[AuditEntry], bool]:
    """Entries newest first, narrowed by ``filters``; one page and whether another follows.

    Reads still waiting in the journal are sealed first, so the auditor sees the latest ones."""
    _seal_for(user)
    qs = entries_visible_to(user)
    if filters.actor:
        qs = qs.filter(actor_label=filters.actor)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.object_id:
        qs = qs.filter(object_id=filters.object_id)
    if filters.action:
        qs = qs.filter(action__startswith=filters.action)
    if filters.date_from:
        qs = qs.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(at__date__lte=filters.date_to)
    page = max(1, int(page or 1))
    start = (page - 1) * page_size
    rows = list(qs.order_by("-sequence")[start : start + page_size + 1])
    return rows[:page_size], len(rows) > page_size


def who_viewed_person(user, person_id: int) -> list[AuditEntry]:
    """Every read of a person's data: of the person record and of their roles in cases."""
    from gugus.people.models import CaseRole

    if not has_capability(user, "audit.view"):
        return []
    _seal_for(user)
    role_ids = [str(pk) for pk in CaseRole.objects.filter(person_id=person_id).values_list("pk", flat=True)]
    condition = Q(object_type="people.person", object_id=str(person_id))
    if role_ids:
        condition |= Q(object_type="people.caserole", object_id__in=role_ids)
    return list(
        entries_visible_to(user).filter(kind=AuditEntry.Kind.READ).filter(condition).order_by("-sequence")[:500]
    )


def exports_made(user, *, limit: int = 20) -> list[AuditEntry]:
    return list(entries_visible_to(user).filter(EXPORT_Q).order_by("-sequence")[:limit])


def last_verification(user) -> AuditEntry | None:
    return entries_visible_to(user).filter(action=VERIFY_ACTION).order_by("-sequence").first()


def action_names(user) -> list[str]:
    return list(entries_visible_to(user).order_by("action").values_list("action", flat=True).distinct()[:300])
