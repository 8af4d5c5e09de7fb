"""The work dashboards: each role's home page shows what waits for it, one click from each object,
with a query count that does not grow with the rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gugus.accounts.roles import Role
from gugus.reports import dashboards

pytestmark = pytest.mark.django_db


def _queries(client, url="/"):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_receiving_case_worker_sees_the_referral_waiting_for_an_answer(users, referral, client_for):
    board = dashboards.dashboard_for(users["case_worker@other"])
    waiting = {p.key: p for p in board["panels"]}["waiting"]
    assert waiting.count == 1
    assert waiting.rows[0].url == reverse("referrals:detail", args=[referral.pk])
    response = client_for(users["case_worker@other"]).get("/")
    body = response.content.decode()
    assert 'data-testid="dashboard-casework"' in body
    assert reverse("referrals:detail", args=[referral.pk]) in body


def test_reporting_unit_sees_its_cases_in_assessment_and_the_other_agency_does_not(users, open_case):
    case = open_case(reported_on=dt.date(2025, 3, 1))
    mine = {p.key: p for p in dashboards.dashboard_for(users["case_worker"])["panels"]}
    assert [r.url for r in mine["assessment"].rows] == [reverse("cases:detail", args=[case.pk])]
    theirs = {p.key: p for p in dashboards.dashboard_for(users["case_worker@other"])["panels"]}
    assert theirs["assessment"].count == 0


def test_overdue_referral_reaches_both_units_and_the_secretariats_after_its_deadline(users, referral):
    later = referral.due_at + dt.timedelta(hours=1)
    for key in ("case_worker", "case_worker@other"):
        panel = dashboards.my_unit_overdue(users[key], now=later)
        assert panel.count == 1 and panel.rows[0].late
    national = dashboards.jurisdiction_overdue(users["secretariat_national"], now=later)
    assert national.count == 1
    before = dashboards.jurisdiction_overdue(users["secretariat_national"], now=referral.due_at - dt.timedelta(hours=1))
    assert before.count == 0


def test_secretariat_sees_cases_without_assessment_after_the_set_days(users, open_case, settings):
    settings.GUGUS_UNASSESSED_AFTER_DAYS = 10
    old = open_case(reported_on=dt.date(2025, 1, 5))
    open_case(reported_on=dt.date(2025, 1, 28))
    panel = dashboards.cases_without_assessment(users["secretariat_national"], today=dt.date(2025, 2, 1))
    assert panel.count == 1 and panel.rows[0].url == reverse("cases:detail", args=[old.pk])
    assert "10" in panel.title


@pytest.mark.parametrize(
    "key, kind",
    [
        ("case_worker", "casework"),
        ("supervisor", "casework"),
        ("secretariat_national", "secretariat"),
        ("secretariat_regional", "secretariat"),
        ("budget_officer", "budget"),
        ("auditor", "auditor"),
        ("analyst", "analyst"),
    ],
)
def test_every_role_gets_its_dashboard(users, client_for, key, kind):
    response = client_for(users[key]).get("/")
    assert response.status_code == 200
    assert response.context["board"]["kind"] == kind


def test_system_administrator_keeps_the_overview(users, client_for):
    response = client_for(users["system_admin"]).get("/")
    assert response.status_code == 200
    assert "board" not in response.context
    assert 'data-testid="count-province"' in response.content.decode()


@pytest.mark.parametrize(
    "key",
    [
        "case_worker",
        "case_worker@other",
        "secretariat_national",
        "secretariat_regional",
        "budget_officer",
        "auditor",
        "analyst",
    ],
)
def test_dashboard_query_count_does_not_grow_with_the_rows(users, client_for, open_case, referral, key):
    client = client_for(users[key])
    first, _ = _queries(client)
    for day in (2, 3, 4):
        open_case(reported_on=dt.date(2025, 3, day))
    second, _ = _queries(client)
    assert second == first, f"{key}: {first} queries, then {second} with three more cases"
    assert first == QUERY_BUDGET[key], f"{key}: {first} queries"


# Pinned per role: the number of queries of the whole page (menus and session included).
# The roles with a second factor pay one query for it (django-otp re-reads the session's device,
# so a reset takes effect at once); the auditor one for the break-glass list (issue 19) and three
# for sealing the read journal before showing the log (issue 11: the latest reads appear at once).
QUERY_BUDGET = {
    "case_worker": 15,
    "case_worker@other": 14,
    "secretariat_national": 14,
    "secretariat_regional": 13,
    "budget_officer": 8,
    "auditor": 11,
    "analyst": 21,
}


def test_dashboards_refuse_nothing_to_outsiders_but_show_no_panel(client_for, users):
    response = client_for(users["outsider"]).get("/")
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        assert "board" not in response.context


def test_budget_officer_sees_lines_and_their_absorption(users):
    from decimal import Decimal

    from gugus.budgets.services import line_create, realisation_record

    officer = users["budget_officer"]
    year = timezone.localdate().year
    line = line_create(
        actor=officer,
        holder=officer.unit,
        fiscal_year=year,
        function=None,
        source="apbn_ministry",
        title="Rumah aman",
        allocated=Decimal("1000000"),
    )
    realisation_record(actor=officer, line=line, spent_on=dt.date(year, 1, 15), amount=Decimal("250000"))
    panel = dashboards.my_budget_lines(officer)
    assert panel.count == 1
    assert panel.absorption == Decimal("0.25")
    assert panel.rows[0].url == reverse("budgets:detail", args=[line.pk])
    assert panel.missing == []


def test_roles_with_a_dashboard_are_pinned():
    assert set(Role) - {Role.SYSTEM_ADMIN} == dashboards.DASHBOARD_ROLES
