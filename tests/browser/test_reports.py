"""The national and a province dashboard, and the statistics behind them, in both languages, with no
console error (charts drawn by the vendored Chart.js, numbers in the page's language)."""

from __future__ import annotations

import datetime as dt

import pytest

from gugus.cases.tests.fixtures import open_case  # noqa: F401


@pytest.fixture
def caseload(open_case):  # noqa: F811
    for month in (1, 2, 3, 3, 4, 5, 5, 5, 6, 7):
        open_case(reported_on=dt.date(2025, month, 10))


def _watch(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "username, kind",
    [("secretariat_national", "secretariat"), ("secretariat_regional", "secretariat"), ("analyst", "analyst")],
    ids=["national", "province", "analyst"],
)
def test_dashboards_and_statistics_render_in_both_languages(live_server, users, caseload, login, page, username, kind):
    errors = _watch(page)
    login(username)
    for language in ("id", "en"):
        if page.locator("html").get_attribute("lang") != language:
            with page.expect_navigation():
                page.select_option("[data-testid=language]", language)
        assert page.locator("html").get_attribute("lang") == language
        page.goto(f"{live_server.url}/")
        if kind == "secretariat":
            assert page.locator("[data-testid=dashboard-secretariat]").is_visible()
            assert page.locator("[data-testid=panel-unassessed]").is_visible()
        # the regional secretariat's statistics cover its province (Kepri: the Polda's cases)
        page.goto(f"{live_server.url}/reports/statistics/?year=2025")
        page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length >= 2")
        assert page.locator("[data-testid=figure-cases]").inner_text() == "10"
        march = page.locator("[data-testid=table-destination] [data-key=KH] td.number").inner_text()
        assert march == "10"
        # the tile map's coordinates stay plain numbers with a dot, whatever the language
        for rect in page.locator("[data-testid=choropleth] rect").all()[:5]:
            assert "," not in (rect.get_attribute("x") or "") and "," not in (rect.get_attribute("width") or "")
    assert errors == []
