import pytest

from gugus.accounts.roles import CAPABILITIES, ROLE_CAPABILITIES, Role, has_capability, role_matrix_markdown


def test_every_role_has_a_row_and_only_known_capabilities():
    assert set(ROLE_CAPABILITIES) == set(Role)
    for capabilities in ROLE_CAPABILITIES.values():
        assert capabilities <= set(CAPABILITIES)


def test_role_matrix_is_pinned():
    # The whole table, pinned: a change to who may do what must change this test on purpose.
    expected = {
        "system_admin": {
            "accounts.manage",
            "audit.view",
            "budgets.view",
            "functions.view",
            "meetings.view",
            "organisations.edit",
            "organisations.view",
            "regulations.view",
            "shell.view",
        },
        "secretariat_national": {
            "cases.break_glass",
            "analytics.view",
            "budgets.view",
            "cases.view",
            "exchange.htcds",
            "exports.approve",
            "exports.identified",
            "functions.edit",
            "functions.view",
            "linkage.review",
            "meetings.edit",
            "meetings.view",
            "networks.view",
            "organisations.edit",
            "organisations.view",
            "people.view_personal",
            "portal.register",
            "portal.triage",
            "referrals.oversee",
            "referrals.view",
            "regulations.edit",
            "regulations.view",
            "reports.view",
            "shell.view",
            "legal.view",
            "people.subject_rights",
        },
        "secretariat_regional": {
            "cases.break_glass",
            "analytics.view",
            "budgets.view",
            "cases.view",
            "functions.view",
            "meetings.edit",
            "meetings.view",
            "networks.view",
            "organisations.edit",
            "organisations.view",
            "people.view_personal",
            "portal.triage",
            "referrals.oversee",
            "referrals.view",
            "regulations.view",
            "reports.view",
            "shell.view",
            "legal.view",
            "people.subject_rights",
        },
        "supervisor": {
            "analytics.view",
            "assistance.record",
            "cases.assess",
            "cases.create",
            "cases.edit",
            "cases.import",
            "cases.view",
            "exchange.handoff",
            "exchange.htcds",
            "exports.approve",
            "exports.identified",
            "functions.view",
            "linkage.review",
            "meetings.report_progress",
            "meetings.view",
            "networks.view",
            "organisations.view",
            "people.view_personal",
            "portal.publish",
            "portal.register",
            "referrals.respond",
            "referrals.send",
            "referrals.view",
            "regulations.view",
            "shell.view",
            "legal.view",
            "legal.record",
        },
        "case_worker": {
            "assistance.record",
            "cases.create",
            "cases.edit",
            "cases.view",
            "exports.identified",
            "functions.view",
            "meetings.report_progress",
            "meetings.view",
            "organisations.view",
            "people.view_personal",
            "referrals.respond",
            "referrals.send",
            "referrals.view",
            "regulations.view",
            "shell.view",
            "legal.view",
            "legal.record",
        },
        "analyst": {
            "analytics.view",
            "budgets.view",
            "functions.view",
            "meetings.view",
            "organisations.view",
            "regulations.view",
            "reports.view",
            "shell.view",
        },
        "budget_officer": {
            "budgets.edit",
            "budgets.view",
            "functions.view",
            "meetings.view",
            "organisations.view",
            "regulations.view",
            "shell.view",
        },
        "auditor": {
            "audit.view",
            "budgets.view",
            "functions.view",
            "meetings.view",
            "organisations.view",
            "regulations.view",
            "reports.view",
            "shell.view",
        },
    }
    assert {role.value: set(caps) for role, caps in ROLE_CAPABILITIES.items()} == expected


def test_analyst_never_sees_personal_data():
    assert "people.view_personal" not in ROLE_CAPABILITIES[Role.ANALYST]


@pytest.mark.django_db
def test_has_capability_fails_closed(users):
    assert has_capability(users["case_worker"], "cases.create") is True
    assert has_capability(users["analyst"], "cases.view") is False
    assert has_capability(users["outsider"], "shell.view") is False
    assert has_capability(None, "shell.view") is False
    users["case_worker"].is_active = False
    assert has_capability(users["case_worker"], "cases.create") is False
    with pytest.raises(KeyError):
        has_capability(users["case_worker"], "no.such.capability")


def test_matrix_markdown_lists_every_capability():
    text = role_matrix_markdown()
    assert text.count("\n") == len(CAPABILITIES) + 2
    assert "| `people.view_personal` |" in text
