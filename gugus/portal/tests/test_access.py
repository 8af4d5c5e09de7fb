"""Who sees which public report: exact visible sets for every role, and the staff pages' matrix."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gugus.accounts.roles import Role
from gugus.audit.models import AuditEntry
from gugus.portal import access, selectors, services
from gugus.portal.models import PublicReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(file_report):
    """One report in Batam (Kepulauan Riau), one in Lombok Barat (NTB), one with no region."""
    return {
        "batam": file_report(region="21.71")[0],
        "lombok": file_report(region="52.01")[0],
        "unknown": file_report(region="")[0],
    }


def test_visible_reports_per_role(users, reports):
    expected = {
        "secretariat_national": {"batam", "lombok", "unknown"},
        "secretariat_regional": {"batam"},  # the Kepulauan Riau task force; a report with no region is national
    }
    for key, user in users.items():
        role = key.split("@")[0]
        visible = set(access.reports_visible_to(user).values_list("pk", flat=True))
        want = {reports[name].pk for name in expected.get(role, set())}
        assert visible == want, key


def test_a_secretariat_without_a_task_force_sees_nothing(users, reports):
    user = users["secretariat_regional"]
    user.task_force = None
    assert not access.reports_visible_to(user).exists()


def test_access_report_fails_closed_and_alike(users, reports):
    from gugus.core.errors import NotFound

    for bad in (reports["lombok"].pk, 999999, "x", None, "1 OR 1=1"):
        with pytest.raises(NotFound):
            access.access_report(users["secretariat_regional"], bad)


def test_counts_for_dashboards_in_scope_in_two_queries(users, reports):
    services.report_close(actor=users["secretariat_national"], report=reports["lombok"], reason="other")
    services.report_to_lead(actor=users["secretariat_national"], report=reports["unknown"])
    with CaptureQueriesContext(connection) as queries:
        counts = selectors.report_counts(users["secretariat_national"])
    assert len(queries) == 2
    assert counts.total == 3
    assert counts.by_status == {"received": 1, "handling": 1, "handed_over": 0, "closed": 1}
    assert counts.by_outcome == {"": 1, "case": 0, "network_lead": 1, "closed": 1}
    assert counts.by_kind == {"suspected_case": 0, "job_offer": 3}
    regional = selectors.report_counts(users["secretariat_regional"])
    assert (regional.total, regional.by_status["received"]) == (1, 1)
    assert selectors.report_counts(users["analyst"]).total == 0


STAFF_PAGES = ["/public-reports/", "/public-reports/leads/"]


def test_staff_pages_matrix(users, reports, client_for):
    for key, user in users.items():
        role = key.split("@")[0]
        client = client_for(user)
        for url in STAFF_PAGES:
            response = client.get(url)
            allowed = role in (Role.SECRETARIAT_NATIONAL, Role.SECRETARIAT_REGIONAL)
            assert response.status_code == (200 if allowed else 403), (key, url)
        detail = client.get(f"/public-reports/{reports['batam'].pk}/")
        allowed = role in (Role.SECRETARIAT_NATIONAL, Role.SECRETARIAT_REGIONAL)
        assert detail.status_code == (200 if allowed else 403), key
        if allowed:
            assert "Kamboja" in detail.content.decode()
        out = client.get(f"/public-reports/{reports['lombok'].pk}/")
        if role == Role.SECRETARIAT_REGIONAL:
            assert out.status_code == 404 and b"data-testid=\"not-found\"" in out.content
    anonymous = client_for(None).get("/public-reports/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_opening_a_report_is_an_audited_read(users, reports, client_for):
    client_for(users["secretariat_regional"]).get(f"/public-reports/{reports['batam'].pk}/")
    entry = AuditEntry.objects.get(action="read.public_report")
    assert entry.object_id == str(reports["batam"].pk) and entry.actor_id == users["secretariat_regional"].pk


def test_out_of_scope_triage_by_post_changes_nothing(users, reports, client_for):
    client = client_for(users["secretariat_regional"])
    target = reports["lombok"]
    for action in ("take", "lead", "close"):
        response = client.post(f"/public-reports/{target.pk}/{action}/", {"version": 1, "reason": "other"})
        assert response.status_code == 404 and b"data-testid=\"not-found\"" in response.content
    assert PublicReport.objects.get(pk=target.pk).status == "received"


def test_triage_pages_turn_a_report_into_a_case(users, units, reports, client_for):
    client = client_for(users["secretariat_regional"])
    report = reports["batam"]
    response = client.post(
        f"/public-reports/{report.pk}/case/",
        {"version": 1, "unit": units["polda"].pk, "exploitation_types": ["online_scam"]},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.outcome, report.case.reporting_unit_id) == ("handed_over", "case", units["polda"].pk)
    # the case is the receiving unit's: its case worker sees it
    from gugus.cases.access import cases_visible_to

    assert cases_visible_to(users["case_worker"]).filter(pk=report.case_id).exists()
    assert not cases_visible_to(users["case_worker@other"]).filter(pk=report.case_id).exists()


def test_a_lead_matches_cases_of_the_networks_view_by_digest(users, reports, open_case):
    from gugus.cases.services import case_person_add

    case = open_case()
    case_person_add(
        actor=users["supervisor"], case=case, role="suspect", full_name="Rina", phones=["+62 812 7000 4411"]
    )
    services.report_to_lead(actor=users["secretariat_national"], report=reports["batam"])
    matches = selectors.lead_matches(users["secretariat_national"])
    assert [(m.report.pk, m.identifiers, m.cases) for m in matches] == [(reports["batam"].pk, 3, [case.pk])]
    # an analyst (no networks, no reports) gets nothing
    assert selectors.lead_matches(users["analyst"]) == []
