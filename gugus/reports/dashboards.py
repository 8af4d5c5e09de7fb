"""The work dashboards: what waits for each role on its home page.

Every panel starts from a scoped queryset of the app it shows (``referrals_visible_to``,
``cases_visible_to``, ``services_visible_to``, ``action_items_visible_to``,
``meetings_visible_to``, ``lines_visible_to``, ``reviews_visible_to``); each row carries the URL
of its object, so one click opens it. A panel holds at most ``ROWS`` rows and says how many
there are in all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gugus.accounts.roles import Role, has_capability
from gugus.assistance.access import services_visible_to
from gugus.assistance.models import REINTEGRATION_KINDS, Service
from gugus.assistance.selectors import MONITORING_DAYS
from gugus.budgets.access import lines_editable_by
from gugus.budgets.selectors import lines_with_totals, ratio
from gugus.cases.access import cases_visible_to
from gugus.cases.models import Case
from gugus.identity.access import reviews_visible_to
from gugus.identity.models import ReviewPair
from gugus.meetings.access import action_items_of_my_agency, action_items_visible_to, meetings_visible_to
from gugus.meetings.models import ActionItem
from gugus.referrals.access import referrals_visible_to
from gugus.referrals.models import Notification, Referral
from gugus.referrals.templatetags.referral_tags import notification_text

ROWS = 8
# A reintegrated victim is visited at least this often while monitoring lasts (Permen PPPA 8/2021).
FOLLOW_UP_EVERY_DAYS = 30


def unassessed_after_days() -> int:
    """Days after the report from which a case still without an assessment is flagged."""
    return int(getattr(settings, "GUGUS_UNASSESSED_AFTER_DAYS", 14))


@dataclass
class Row:
    label: str
    url: str
    detail: str = ""
    when: dt.date | dt.datetime | None = None
    late: bool = False


@dataclass
class Panel:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)
    count: int = 0
    more_url: str = ""
    empty: str = ""
    figure: str = ""


def _cut(queryset, make_row) -> tuple[list[Row], int]:
    rows = list(queryset[: ROWS + 1])
    count = len(rows) if len(rows) <= ROWS else queryset.count()
    return [make_row(r) for r in rows[:ROWS]], count


def _referral_row(referral: Referral, now) -> Row:
    return Row(
        label=f"#{referral.pk} · {referral.function.name}",
        url=reverse("referrals:detail", args=[referral.pk]),
        detail=f"{referral.from_unit.name} → {referral.to_unit.name}",
        when=referral.due_at,
        late=referral.due_at < now,
    )


# --- case worker and supervisor ----------------------------------------------------------------------


def referrals_waiting(user, now=None) -> Panel:
    """Referrals sent to my unit that wait for its answer, soonest deadline first."""
    now = now or timezone.now()
    panel = Panel("waiting", _("Referrals waiting for my unit's answer"), more_url=reverse("referrals:inbox"))
    if not user.unit_id:
        return panel
    qs = (
        referrals_visible_to(user)
        .filter(to_unit_id=user.unit_id, status=Referral.Status.SENT)
        .select_related("function", "from_unit", "to_unit")
        .order_by("due_at", "id")
    )
    panel.rows, panel.count = _cut(qs, lambda r: _referral_row(r, now))
    panel.empty = _("No referral waits for an answer.")
    return panel


def my_unit_overdue(user, now=None) -> Panel:
    """Referrals from or to my unit past their deadline whose service has not begun."""
    now = now or timezone.now()
    panel = Panel("overdue", _("My unit's overdue referrals"), more_url=reverse("referrals:outbox"))
    if not user.unit_id:
        return panel
    qs = (
        referrals_visible_to(user)
        .filter(Q(to_unit_id=user.unit_id) | Q(from_unit_id=user.unit_id))
        .filter(status__in=Referral.AWAITING_START, due_at__lt=now)
        .select_related("function", "from_unit", "to_unit")
        .order_by("due_at", "id")
    )
    panel.rows, panel.count = _cut(qs, lambda r: _referral_row(r, now))
    panel.empty = _("Nothing overdue.")
    return panel


def _case_row(case: Case, late_before: dt.date | None = None) -> Row:
    return Row(
        label=case.number,
        url=reverse("cases:detail", args=[case.pk]),
        detail=str(case.get_status_display()),
        when=case.reported_on,
        late=late_before is not None and case.reported_on < late_before,
    )


def cases_in_assessment(user, today=None) -> Panel:
    """My unit's cases still to be decided (reported or under assessment), oldest first."""
    today = today or timezone.localdate()
    panel = Panel("assessment", _("Cases in assessment"), more_url=reverse("cases:list") + "?status=under_assessment")
    if not user.unit_id:
        return panel
    qs = (
        cases_visible_to(user)
        .filter(reporting_unit_id=user.unit_id, status__in=(Case.Status.REPORTED, Case.Status.UNDER_ASSESSMENT))
        .order_by("reported_on", "id")
    )
    late = today - dt.timedelta(days=unassessed_after_days())
    panel.rows, panel.count = _cut(qs, lambda c: _case_row(c, late))
    panel.empty = _("No case waits for an assessment.")
    return panel


def follow_ups_due(user, today=None) -> Panel:
    """Reintegration services of my unit whose next monitoring visit is due (every 30 days for 3 months)."""
    today = today or timezone.localdate()
    panel = Panel("follow_ups", _("Follow-up visits due"), more_url=reverse("assistance:list"))
    if not user.unit_id:
        return panel
    qs = (
        services_visible_to(user)
        .filter(provider_unit_id=user.unit_id, kind__in=REINTEGRATION_KINDS)
        .exclude(status=Service.Status.DISCONTINUED)
        .filter(started_on__gt=today - dt.timedelta(days=MONITORING_DAYS))
        .annotate(last_visit=Max("follow_ups__on"))
        .filter(
            Q(last_visit__isnull=True, started_on__lte=today - dt.timedelta(days=FOLLOW_UP_EVERY_DAYS))
            | Q(last_visit__lte=today - dt.timedelta(days=FOLLOW_UP_EVERY_DAYS))
        )
        .select_related("victim")
        .order_by("started_on", "id")
    )

    def row(service: Service) -> Row:
        due = (service.last_visit or service.started_on) + dt.timedelta(days=FOLLOW_UP_EVERY_DAYS)
        return Row(
            label=f"{service.get_kind_display()} #{service.pk}",
            url=reverse("assistance:detail", args=[service.pk]),
            detail=_("victim record %(id)s") % {"id": service.victim_id},
            when=due,
            late=due < today,
        )

    panel.rows, panel.count = _cut(qs, row)
    panel.empty = _("No visit is due.")
    return panel


def _item_row(item: ActionItem, today) -> Row:
    return Row(
        label=item.description[:90],
        url=reverse("meetings:detail", args=[item.agreement.meeting_id]),
        detail=f"{item.owner_agency.abbreviation} · {item.get_status_display()}",
        when=item.due_on,
        late=item.due_on < today,
    )


def my_agency_action_items(user, today=None) -> Panel:
    """Open action items owned by my agency (under its current or former names), by due date."""
    today = today or timezone.localdate()
    panel = Panel("action_items", _("Action items of my agency"), more_url=reverse("meetings:action_items"))
    qs = (
        action_items_of_my_agency(user)
        .filter(status__in=ActionItem.OPEN_STATUSES)
        .select_related("owner_agency", "agreement")
        .order_by("due_on", "id")
    )
    panel.rows, panel.count = _cut(qs, lambda i: _item_row(i, today))
    panel.empty = _("No open action item.")
    return panel


def my_notifications(user) -> Panel:
    panel = Panel("notifications", _("Notifications"), more_url=reverse("referrals:notifications"))
    qs = (
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .select_related("referral__function", "referral__from_unit", "referral__to_unit")
        .order_by("-created_at", "-id")
    )

    def row(n: Notification) -> Row:
        url = reverse("referrals:detail", args=[n.referral_id]) if n.referral_id else reverse("referrals:notifications")
        return Row(label=notification_text(n), url=url, detail=str(n.get_kind_display()), when=n.created_at)

    panel.rows, panel.count = _cut(qs, row)
    panel.empty = _("No unread notification.")
    return panel


# --- secretariat -----------------------------------------------------------------------------------


def jurisdiction_overdue(user, now=None) -> Panel:
    """Overdue referrals in my jurisdiction, the escalated ones first."""
    now = now or timezone.now()
    panel = Panel(
        "jurisdiction_overdue", _("Overdue referrals in my jurisdiction"), more_url=reverse("referrals:overdue")
    )
    qs = (
        referrals_visible_to(user)
        .filter(status__in=Referral.AWAITING_START, due_at__lt=now)
        .select_related("function", "from_unit", "to_unit")
        .order_by("escalated_at", "due_at", "id")
    )
    panel.rows, panel.count = _cut(qs, lambda r: _referral_row(r, now))
    panel.figure = str(
        referrals_visible_to(user).filter(escalated_at__isnull=False, status__in=Referral.OPEN_STATUSES).count()
    )
    panel.empty = _("Nothing overdue.")
    return panel


def overdue_items_by_agency(user, today=None) -> Panel:
    """Open action items past their due date, counted by owner agency."""
    today = today or timezone.localdate()
    panel = Panel(
        "items_by_agency",
        _("Overdue action items by agency"),
        more_url=reverse("meetings:action_items") + "?scope=all&overdue=1",
    )
    rows = (
        action_items_visible_to(user)
        .filter(status__in=ActionItem.OPEN_STATUSES, due_on__lt=today)
        .values("owner_agency__abbreviation", "owner_agency__official_name")
        .annotate(n=Count("id"), oldest=Max("due_on"))
        .order_by("-n", "owner_agency__abbreviation")
    )
    url = reverse("meetings:action_items") + "?scope=all&overdue=1"
    panel.rows = [
        Row(
            label=f"{r['owner_agency__official_name']} ({r['owner_agency__abbreviation']})",
            url=url,
            detail=_("%(n)s overdue") % {"n": r["n"]},
            late=True,
        )
        for r in rows[:ROWS]
    ]
    panel.count = sum(r["n"] for r in rows)
    panel.empty = _("No action item is overdue.")
    return panel


def meetings_coming(user, today=None) -> Panel:
    today = today or timezone.localdate()
    panel = Panel("meetings", _("Meetings coming"), more_url=reverse("meetings:calendar"))
    qs = meetings_visible_to(user).filter(held_on__gte=today).select_related("task_force").order_by("held_on", "id")

    def row(m) -> Row:
        return Row(label=m.title, url=reverse("meetings:detail", args=[m.pk]), detail=m.task_force.name, when=m.held_on)

    panel.rows, panel.count = _cut(qs, row)
    panel.empty = _("No meeting is planned.")
    return panel


def cases_without_assessment(user, today=None) -> Panel:
    """Cases in my jurisdiction reported more than N days ago and still without any assessment."""
    today = today or timezone.localdate()
    days = unassessed_after_days()
    panel = Panel(
        "unassessed",
        _("Cases without an assessment after %(days)s days") % {"days": days},
        more_url=reverse("cases:list") + "?status=reported",
    )
    limit = today - dt.timedelta(days=days)
    qs = (
        cases_visible_to(user)
        .filter(status__in=(Case.Status.REPORTED, Case.Status.UNDER_ASSESSMENT), reported_on__lt=limit)
        .filter(assessments__isnull=True)
        .order_by("reported_on", "id")
    )
    panel.rows, panel.count = _cut(qs, lambda c: _case_row(c, limit))
    panel.empty = _("Every case is assessed in time.")
    return panel


def review_queue_size(user) -> Panel:
    panel = Panel("reviews", _("Possible duplicates to review"), more_url=reverse("identity:reviews"))
    panel.count = reviews_visible_to(user).filter(status=ReviewPair.Status.PENDING).count()
    panel.figure = str(panel.count)
    return panel


# --- budget officer --------------------------------------------------------------------------------


def my_budget_lines(user, today=None) -> Panel:
    """The lines I keep this fiscal year, with absorption; a line without any realisation is flagged."""
    today = today or timezone.localdate()
    year = today.year
    panel = Panel("budget_lines", _("My budget lines %(year)s") % {"year": year}, more_url=reverse("budgets:list"))
    editable = lines_editable_by(user).values("pk")
    qs = lines_with_totals(user, fiscal_year=year).filter(pk__in=editable).order_by("title", "id")
    lines = list(qs)
    panel.count = len(lines)
    for line in lines[:ROWS]:
        share = ratio(line.realised, line.allocated)
        panel.rows.append(
            Row(
                label=line.title,
                url=reverse("budgets:detail", args=[line.pk]),
                detail=line.function.name if line.function_id else "",
                late=not line.realised,
            )
        )
        panel.rows[-1].absorption = share
        panel.rows[-1].allocated = line.allocated
        panel.rows[-1].realised = line.realised
    panel.allocated = sum((line.allocated for line in lines), start=0)
    panel.realised = sum((line.realised for line in lines), start=0)
    panel.absorption = ratio(panel.realised, panel.allocated) if lines else None
    panel.missing = [line for line in lines if not line.realised]
    panel.empty = _("No budget line for this year.")
    return panel


# --- by role -----------------------------------------------------------------------------------------


DASHBOARD_ROLES = {
    Role.CASE_WORKER, Role.SUPERVISOR, Role.SECRETARIAT_NATIONAL, Role.SECRETARIAT_REGIONAL,
    Role.BUDGET_OFFICER, Role.AUDITOR, Role.ANALYST,
}  # fmt: skip


def has_dashboard(user) -> bool:
    """True for the roles whose home page is a work dashboard (the system administrator keeps the overview)."""
    return getattr(user, "role", "") in DASHBOARD_ROLES


def dashboard_for(user) -> dict:
    """The panels of ``user``'s home page, by role: {"kind": ..., "panels": [...]}."""
    role = user.role
    if role in (Role.CASE_WORKER, Role.SUPERVISOR):
        panels = [
            referrals_waiting(user),
            my_unit_overdue(user),
            cases_in_assessment(user),
            follow_ups_due(user),
            my_agency_action_items(user),
            my_notifications(user),
        ]
        return {"kind": "casework", "panels": panels}
    if role in (Role.SECRETARIAT_NATIONAL, Role.SECRETARIAT_REGIONAL):
        panels = [
            jurisdiction_overdue(user),
            overdue_items_by_agency(user),
            meetings_coming(user),
            cases_without_assessment(user),
        ]
        if has_capability(user, "linkage.review"):
            panels.append(review_queue_size(user))
        return {"kind": "secretariat", "panels": panels}
    if role == Role.BUDGET_OFFICER:
        return {"kind": "budget", "panels": [my_budget_lines(user), my_agency_action_items(user)]}
    if role == Role.AUDITOR:
        return {"kind": "auditor", "panels": []}
    if role == Role.ANALYST:
        return {"kind": "analyst", "panels": []}
    return {"kind": "overview", "panels": []}
