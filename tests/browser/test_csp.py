"""The Content-Security-Policy in Chromium: the main pages work under it and break none of it.

Every page listens for ``securitypolicyviolation`` (installed before any script of the page runs)
and the console is watched; the test fails on any violation or CSP message, and checks that what
the moved scripts do still happens: the charts are drawn, the intake form shows its first step, the
language select sends its form, the network graph is laid out.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gugus.accounts.actors import system_actor
from gugus.cases.tests.fixtures import victim

pytestmark = pytest.mark.django_db(transaction=True)

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e => {
  const where = (e.sourceFile || "") + ":" + e.lineNumber;
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + where);
});
"""


def _watch(page) -> list[str]:
    messages: list[str] = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda m: messages.append(m.text)
        if m.type == "error" or "Content Security Policy" in m.text or "Content-Security-Policy" in m.text
        else None,
    )
    page.on("pageerror", lambda error: messages.append(str(error)))
    return messages


def _violations(page) -> list[str]:
    return page.evaluate("() => window.__cspViolations || []")


def _budget(national_task_force, units):
    from gugus.budgets import services

    billion = Decimal("1000000000")
    national = services.line_create(
        actor=system_actor("tests"), fiscal_year=2026, holder=national_task_force, source="apbn_polri",
        title="Koordinasi", allocated=10 * billion,
    )  # fmt: skip
    polda = services.line_create(
        actor=system_actor("tests"), fiscal_year=2026, holder=units["polda"], source="apbn_ministry",
        title="Penyidikan", allocated=billion,
    )  # fmt: skip
    services.realisation_record(
        actor=system_actor("tests"), line=polda, spent_on=dt.date(2026, 6, 30), amount=billion / 2,
        document_ref="SP2D-1",
    )  # fmt: skip
    return national


def test_main_pages_run_under_the_policy_without_a_violation(
    page, login, live_server, users, units, open_case, national_task_force
):
    from gugus.cases.services import case_person_add

    messages = _watch(page)
    cases = []
    for number in range(2):
        case = open_case(victims=[victim(full_name=f"Korban {number}", nik="", passport_no="", phones=[])])
        case_person_add(
            actor=users["supervisor"], case=case, role="suspect", full_name="Rina", phones=["0812-7000-4411"]
        )
        cases.append(case)
    _budget(national_task_force, units)
    seen: dict[str, list[str]] = {}

    def visit(path, ready=None):
        page.goto(f"{live_server.url}{path}")
        header = page.context.request.get(f"{live_server.url}{path}").headers.get("content-security-policy", "")
        assert "script-src 'self'" in header and "unsafe-inline" not in header, path
        if ready:
            page.wait_for_function(ready)
        seen[path] = _violations(page)

    login("secretariat_national")
    visit("/")
    visit("/cases/")
    visit(f"/cases/{cases[0].pk}/")
    visit("/budgets/analysis/?year=2026", "() => window.Chart && Object.keys(Chart.instances).length == 2")
    visit("/reports/statistics/?year=2025", "() => window.Chart && Object.keys(Chart.instances).length >= 2")
    # the language select sends its form from gugus.js (it was an onchange= handler)
    with page.expect_navigation():
        page.select_option("[data-testid=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    seen["language"] = _violations(page)

    page.context.clear_cookies()
    login("supervisor")
    visit("/cases/new/", "() => document.querySelector('fieldset[data-step=\"2\"]').hidden")
    visit("/networks/")
    page.click("[data-testid=open-group]")
    page.wait_for_selector("[data-testid=graph][data-nodes]")
    seen["network graph"] = _violations(page)

    assert {path: found for path, found in seen.items() if found} == {}
    assert [m for m in messages if "Content Security Policy" in m or "Content-Security-Policy" in m] == []
    assert messages == []


def test_the_api_documentation_runs_under_the_policy(page, login, live_server, users):
    messages = _watch(page)
    login("secretariat_national")
    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert _violations(page) == []
    assert [m for m in messages if "Content Security Policy" in m or "Content-Security-Policy" in m] == []
