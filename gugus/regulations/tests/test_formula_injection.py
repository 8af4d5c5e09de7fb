"""Exports of this app neutralise formulas and control characters (gugus/core/spreadsheets.py)."""

import io

from openpyxl import load_workbook

from gugus.core.tests.test_spreadsheets import HYPERLINK, _cell_xml


def test_regulation_change_matrix_xlsx(samples, monkeypatch):
    from gugus.regulations import export
    from gugus.regulations.compare import compare
    from gugus.regulations.parser import parse_file

    comparison = compare(parse_file(samples / "hand_base.txt"), parse_file(samples / "hand_draft.txt"))
    monkeypatch.setattr(export, "matrix_rows", lambda c: [(HYPERLINK, "+\x07new", "@note")])
    content = export.matrix_xlsx(comparison)
    assert "<f>" not in _cell_xml(content)
    row = [c.value for c in load_workbook(io.BytesIO(content))["Matriks Perubahan"][2]]
    assert row == [1, HYPERLINK, "+new", "@note"]
