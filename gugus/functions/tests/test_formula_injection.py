"""Exports of this app neutralise formulas and control characters (gugus/core/spreadsheets.py)."""

import io

import pytest
from openpyxl import load_workbook

from gugus.core.tests.test_spreadsheets import HYPERLINK, _cell_xml


@pytest.mark.django_db
def test_authority_matrix_xlsx(demo_matrix):
    from gugus.accounts.actors import system_actor
    from gugus.functions import selectors
    from gugus.functions.export import matrix_workbook
    from gugus.functions.models import Function
    from gugus.functions.services import function_update
    from gugus.organisations.models import StructureVersion

    function = Function.objects.get(code="coordination")
    function_update(
        actor=system_actor("tests"),
        function=function,
        name_en=HYPERLINK,
        name_id=HYPERLINK,
    )
    content = matrix_workbook(selectors.matrix(StructureVersion.objects.get(key="49-2023")))
    assert "<f>" not in _cell_xml(content)
    names = [row[1] for row in load_workbook(io.BytesIO(content))["national"].iter_rows(min_row=2, values_only=True)]
    assert HYPERLINK in names
