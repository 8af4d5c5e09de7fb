"""Statistics by tier: people not records, statuses never added together, suppression for viewers
not entitled to the rows, links within scope, numbers per language."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import translation

from gugus.cases.services import assessment_record
from gugus.cases.tests.fixtures import victim as victim_fields
from gugus.identity.services import identity_merge
from gugus.reports import selectors
from gugus.reports.numbers import format_number, plain
from gugus.reports.suppression import Suppressed

pytestmark = pytest.mark.django_db


def _assess(user, case, result, age=30):
    role = case.roles.get(role="victim")
    assessment_record(
        actor=user,
        case=case,
        victim=role,
        act="present",
        means="present",
        purpose="present",
        result=result,
        reason="Cukup bukti.",
        age_at_recruitment=age,
        act_kinds=["recruiting"],
        means_kinds=["fraud"],
        purpose_kinds=["exploitation"],
        act_evidence="BAP",
        means_evidence="BAP",
        purpose_evidence="BAP",
    )
    return role


@pytest.fixture
def two_agencies_one_victim(users, units, open_case):
    """The same woman recorded by Polda Kepri and by Dinas Sosial Batam, merged into one identity,
    identified by Polda; a second person only suspected; a third found not to be a victim."""
    polda = open_case(reported_on=dt.date(2025, 3, 1))
    dinsos = open_case(unit=units["dinsos"], actor=users["supervisor@other"], reported_on=dt.date(2025, 4, 2))
    _assess(users["supervisor"], polda, "identified")
    _assess(users["supervisor@other"], dinsos, "suspected")
    identity_merge(
        actor=users["secretariat_national"],
        persons=[polda.roles.get(role="victim").person, dinsos.roles.get(role="victim").person],
        confirmed=True,
        reason="Same NIK and name in both agencies' records",
    )
    other = open_case(
        victims=[victim_fields(full_name="Budi Santoso", nik="3212011208850002", sex="L", phones=[], passport_no="")],
        reported_on=dt.date(2025, 4, 9),
        destination_country="MY",
    )
    _assess(users["supervisor"], other, "suspected", age=16)
    none = open_case(
        victims=[victim_fields(full_name="Ani", nik="3212014505900009", phones=[], passport_no="")],
        reported_on=dt.date(2024, 7, 1),
    )
    _assess(users["supervisor"], none, "not_victim")
    return polda, dinsos, other, none


def test_people_are_counted_once_under_their_strongest_status_and_never_summed(users, two_agencies_one_victim):
    stats = selectors.statistics(users["secretariat_national"])
    by_result = {key: value for key, _label, value, _link in stats.people_by_result.rows}
    # the merged woman counts once, as identified (Polda) although Dinsos holds her as suspected
    assert by_result == {"identified": 1, "suspected": 1, "not_victim": 1, "not_assessed": 0}
    assert stats.people_by_result.total is None and not stats.people_by_result.summable
    assert stats.cases_total == 4
    assert stats.children == {"identified": 0, "suspected": 1}


def test_filters_narrow_by_year_region_and_country(users, two_agencies_one_victim):
    national = users["secretariat_national"]
    assert selectors.statistics(national, selectors.Filters(year=2024)).cases_total == 1
    assert selectors.statistics(national, selectors.Filters(country="MY")).cases_total == 1
    assert selectors.statistics(national, selectors.Filters(region="32.12")).cases_total == 4
    assert selectors.statistics(national, selectors.Filters(region="21")).cases_total == 0
    months = {
        key: value
        for key, _l, value, _link in selectors.statistics(national, selectors.Filters(year=2025)).by_month.rows
    }
    assert months[3] == 1 and months[4] == 2 and sum(months.values()) == 3


def test_an_analyst_sees_no_small_count_directly_or_by_subtraction(users, client_for, two_agencies_one_victim):
    stats = selectors.statistics(users["analyst"])
    assert not stats.entitled
    assert isinstance(stats.cases_total, Suppressed)  # four cases in all: under the threshold
    for breakdown in (
        stats.cases_by_status,
        stats.destination,
        stats.origin,
        stats.channel,
        stats.by_month,
        stats.by_year,
    ):
        for _key, _label, value, _link in breakdown.rows:
            assert value == 0 or isinstance(value, Suppressed), (breakdown.key, value)
    body = client_for(users["analyst"]).get(reverse("reports:statistics")).content.decode()
    assert 'data-testid="figure-cases">&lt;5<' in body
    charts = json.loads(body.split('id="statistics-charts" type="application/json">')[1].split("</script>")[0])
    assert all(v in (0, None) for v in charts["month"]["values"])


def test_an_entitled_secretariat_links_each_figure_to_the_case_list(users, two_agencies_one_victim):
    stats = selectors.statistics(users["secretariat_national"], selectors.Filters(year=2025))
    links = {key: link for key, _l, _v, link in stats.destination.rows}
    assert (
        links["MY"] == reverse("cases:list") + "?destination_country=MY&reported_from=2025-01-01&reported_to=2025-12-31"
    )
    analyst = selectors.statistics(users["analyst"], selectors.Filters(year=2025))
    assert {k: link for k, _l, _v, link in analyst.destination.rows}["MY"] == reverse(
        "reports:statistics"
    ) + "?year=2025&country=MY"


def test_a_regional_secretariat_counts_only_its_province(users, two_agencies_one_victim, units, open_case):
    # the Polda Kepri cases are reported by a unit in Kepri (21): the provincial secretariat sees them
    kepri = selectors.statistics(users["secretariat_regional"])
    assert kepri.cases_total == 4
    outside = selectors.statistics(users["case_worker@other"])
    assert outside.cases_total == 1  # Dinsos Batam sees its own case only


def test_a_cut_off_counts_what_was_recorded_by_then(users, two_agencies_one_victim):
    polda = two_agencies_one_victim[0]
    before = polda.created_at - dt.timedelta(seconds=1)
    assert selectors.statistics(users["secretariat_national"], selectors.Filters(cutoff=before)).cases_total == 0


@pytest.mark.parametrize(
    "key, status",
    [
        ("analyst", 200),
        ("secretariat_national", 200),
        ("supervisor", 200),
        ("case_worker", 403),
        ("auditor", 403),
        ("budget_officer", 403),
    ],
)
def test_statistics_page_needs_analytics_view(users, client_for, key, status):
    assert client_for(users[key]).get(reverse("reports:statistics")).status_code == status


def test_numbers_follow_the_language_but_svg_and_json_keep_a_dot():
    assert format_number(1234.5, "id", 1) == "1.234,5"
    assert format_number(1234.5, "en", 1) == "1,234.5"
    assert format_number(1234567, "id") == "1.234.567"
    with translation.override("id"):
        assert plain(12.5) == "12.5" and plain(46, 0) == "46"


def test_choropleth_attributes_use_dots_in_indonesian(users, client_for, two_agencies_one_victim):
    with translation.override("id"):
        body = client_for(users["secretariat_national"]).get(reverse("reports:statistics")).content.decode()
    svg = body.split('data-testid="choropleth"')[1].split("</svg>")[0]
    import re

    for value in re.findall(r' (?:x|y|width|height)="([^"]*)"', svg):
        assert re.fullmatch(r"-?\d+(\.\d+)?", value), value
