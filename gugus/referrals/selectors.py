"""Reads of referrals: a unit's inbox and outbox, the overdue list, oversight figures, the shared view
of a victim. Every list starts from ``referrals_visible_to``."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, QuerySet
from django.utils import timezone

from gugus.audit.reads import read_record
from gugus.people.models import CaseRole
from gugus.referrals.access import referrals_visible_to
from gugus.referrals.models import Notification, Referral, Share

PAGE_SIZE = 50
_LIST_RELATED = ("function", "from_unit", "to_unit")


def _page(queryset: QuerySet, page: int, page_size: int) -> tuple[list, bool]:
    """One page and whether another follows (no total count: it is costly at scale)."""
    page = max(1, int(page or 1))
    start = (page - 1) * page_size
    rows = list(queryset[start : start + page_size + 1])
    return rows[:page_size], len(rows) > page_size


def inbox(user, *, status: str = "open", page: int = 1, page_size: int = PAGE_SIZE) -> tuple[list[Referral], bool]:
    """Referrals to the user's unit: open ones by deadline (soonest first), or those of one status."""
    if not user.unit_id:
        return [], False
    queryset = referrals_visible_to(user).filter(to_unit_id=user.unit_id).select_related(*_LIST_RELATED)
    if status == "open":
        queryset = queryset.filter(status__in=Referral.OPEN_STATUSES).order_by("due_at", "id")
    elif status in Referral.Status.values:
        queryset = queryset.filter(status=status).order_by("-sent_at", "-id")
    else:
        queryset = queryset.order_by("-sent_at", "-id")
    return _page(queryset, page, page_size)


def outbox(user, *, status: str = "", page: int = 1, page_size: int = PAGE_SIZE) -> tuple[list[Referral], bool]:
    """Referrals sent by the user's unit, newest first."""
    if not user.unit_id:
        return [], False
    queryset = referrals_visible_to(user).filter(from_unit_id=user.unit_id).select_related(*_LIST_RELATED)
    if status in Referral.Status.values:
        queryset = queryset.filter(status=status)
    return _page(queryset.order_by("-sent_at", "-id"), page, page_size)


def overdue(user, *, now=None, agency: str = "", function: str = "", page: int = 1, page_size: int = PAGE_SIZE):
    """Referrals past their deadline whose service has not begun, most overdue first."""
    now = now or timezone.now()
    queryset = (
        referrals_visible_to(user)
        .filter(status__in=Referral.AWAITING_START, due_at__lt=now)
        .select_related(*_LIST_RELATED, "to_unit__agency", "escalated_to")
        .order_by("due_at", "id")
    )
    if agency:
        queryset = queryset.filter(to_unit__agency__abbreviation=agency)
    if function:
        queryset = queryset.filter(function__code=function)
    return _page(queryset, page, page_size)


def referrals_of_victim(user, victim: CaseRole) -> list[Referral]:
    return list(
        referrals_visible_to(user).filter(victim=victim).select_related(*_LIST_RELATED).order_by("sent_at", "id")
    )


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications(user, *, limit: int = 100) -> list[Notification]:
    return list(
        Notification.objects.filter(recipient=user).select_related(
            "referral__function", "referral__from_unit", "referral__to_unit"
        )[:limit]
    )


# --- oversight -------------------------------------------------------------------------------------


def _median_hours(durations) -> float | None:
    hours = [d.total_seconds() / 3600 for d in durations if d is not None]
    return round(statistics.median(hours), 1) if hours else None


@dataclass
class Oversight:
    by_status: dict[str, int]
    overdue_by_agency_function: list[dict]
    median_hours_to_accept: float | None
    median_hours_to_complete: float | None
    followed_matrix: int
    against_matrix: int
    escalated: int

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def oversight(user, *, now=None) -> Oversight:
    """Referrals by status, overdue by agency and function, median times to accept and to complete."""
    now = now or timezone.now()
    visible = referrals_visible_to(user)
    by_status = dict.fromkeys(Referral.Status.values, 0)
    for row in visible.values("status").annotate(n=Count("id")):
        by_status[row["status"]] = row["n"]
    overdue_rows = (
        visible.filter(status__in=Referral.AWAITING_START, due_at__lt=now)
        .values("to_unit__agency__abbreviation", "function__code")
        .annotate(n=Count("id"))
        .order_by("-n", "to_unit__agency__abbreviation", "function__code")
    )
    to_accept = visible.filter(responded_at__isnull=False).exclude(status=Referral.Status.DECLINED)
    accept_durations = [r["d"] for r in to_accept.annotate(d=F("responded_at") - F("sent_at")).values("d")]
    completed = visible.filter(status=Referral.Status.COMPLETED, completed_at__isnull=False)
    complete_durations = [r["d"] for r in completed.annotate(d=F("completed_at") - F("sent_at")).values("d")]
    matrix = Counter(visible.values_list("follows_matrix", flat=True))
    return Oversight(
        by_status=by_status,
        overdue_by_agency_function=[
            {"agency": r["to_unit__agency__abbreviation"], "function": r["function__code"], "count": r["n"]}
            for r in overdue_rows
        ],
        median_hours_to_accept=_median_hours(accept_durations),
        median_hours_to_complete=_median_hours(complete_durations),
        followed_matrix=matrix.get(True, 0),
        against_matrix=matrix.get(False, 0),
        escalated=visible.filter(escalated_at__isnull=False).count(),
    )


def overdue_matrix(rows: list[dict]) -> tuple[list[str], list[str], dict]:
    """Agencies × functions table of overdue counts for the oversight page."""
    agencies = sorted({r["agency"] for r in rows})
    functions = sorted({r["function"] for r in rows})
    cells = defaultdict(int)
    for r in rows:
        cells[(r["agency"], r["function"])] = r["count"]
    return agencies, functions, {f"{a}|{f}": cells[(a, f)] for a in agencies for f in functions}


# --- the victim as a referral shares it ------------------------------------------------------------


def victim_shared_view(user, victim: CaseRole, shares: frozenset[str], *, audit: bool = True) -> dict:
    """The victim's data that ``shares`` allows, keyed by category; the read is audited."""
    person = victim.person
    case = victim.case
    view: dict[str, dict] = {}
    if Share.IDENTITY in shares:
        view["identity"] = {
            "full_name": person.full_name or "",
            "sex": person.get_sex_display(),
            "birth_date": person.birth_date or "",
            "birth_year": person.birth_year,
            "nationality": person.nationality,
        }
    if Share.CONTACT in shares:
        view["contact"] = {
            "phones": person.phone_list,
            "home_region": str(person.address_region) if person.address_region_id else person.address_as_written,
        }
    if Share.DOCUMENTS in shares:
        view["documents"] = {"nik": person.nik or "", "passport_no": person.passport_no or ""}
    if Share.NEEDS in shares:
        view["needs"] = {
            "needs": victim.needs or "",
            "has_disability": victim.has_disability,
            "disability": victim.disability or "",
            "age_at_recruitment": victim.age_at_recruitment,
        }
    if Share.CASE_SUMMARY in shares:
        view["case_summary"] = {
            "case_number": case.number,
            "reporting_unit": case.reporting_unit.name,
            "reported_on": case.reported_on.isoformat(),
            "exploitation": case.get_exploitation_types_display(),
            "destination_country": case.destination_country,
            "origin_region": str(case.origin_region) if case.origin_region_id else case.origin_as_written,
        }
    if Share.ASSESSMENT in shares:
        current = victim.assessments.filter(is_current=True).first()
        view["assessment"] = {
            "result": current.get_result_display() if current else "",
            "child_rule_applied": current.child_rule_applied if current else None,
            "decided_at": current.decided_at.date().isoformat() if current else "",
        }
    if audit and view:
        fields = [f"{category}.{name}" for category, values in view.items() for name in values]
        read_record(actor=user, target=victim, purpose="referral", only=fields)
    return view
