"""Exports of this app neutralise formulas and control characters (gugus/core/spreadsheets.py)."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from gugus.core.tests.test_spreadsheets import HYPERLINK, _cell_xml


@pytest.mark.django_db
def test_budget_analysis_xlsx(budget_data, users):
    from gugus.budgets import exports, services

    officer = users["budget_officer"]
    services.line_create(
        actor=officer,
        fiscal_year=2026,
        holder=budget_data["A"].holder,
        source="apbn_ministry",
        title=HYPERLINK,
        allocated=Decimal("1000"),
        ran_activity="@RAN",
    )
    content = exports.analysis_xlsx(users["analyst"], 2026)
    assert "<f>" not in _cell_xml(content)
    lines = load_workbook(io.BytesIO(content))["Lines"]
    titles = {row[11]: row[12] for row in lines.iter_rows(min_row=2, values_only=True)}
    assert titles[HYPERLINK] == "@RAN"
