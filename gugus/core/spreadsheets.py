"""Cells from user data, made safe for spreadsheets: one helper for every XLSX and CSV export.

Formula injection: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
can be taken by Excel, LibreOffice or Google Sheets for a formula (``=HYPERLINK("http://…"&A1)``
sends the neighbouring cells away when clicked). So:

- **XLSX**: text is written as a string cell (never a formula) with Excel's quote prefix, so the
  cell shows exactly what was typed and stays text when someone edits it; characters XML 1.0
  forbids (control characters other than tab and line breaks) and lone surrogates are removed, so
  one bad title no longer makes the whole workbook fail for everyone.
- **CSV**: text that begins with one of those characters gets a leading apostrophe (OWASP's
  advice): the reader sees ``'=HYPERLINK(…)`` as text. This changes such values by one character;
  numbers are written as they are.

Only ``str`` values are touched: numbers, dates and ``None`` pass through.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 forbids these (openpyxl's ILLEGAL_CHARACTERS_RE, plus lone surrogates and U+FFFE/FFFF).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def is_formula_like(value) -> bool:
    """True for text a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def xlsx_text(value):
    """A value ready for an XLSX cell: control characters and lone surrogates removed from text."""
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("", value)
    return value


def xlsx_append(sheet, row: Iterable) -> None:
    """``sheet.append(row)`` with every text cell written as plain text, never as a formula."""
    values = [xlsx_text(value) for value in row]
    sheet.append(values)
    if not values:
        return
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        if isinstance(value, str) and value:
            cell.data_type = "s"
            if is_formula_like(value):
                cell.quotePrefix = True


def xlsx_set(cell, value) -> None:
    """Assign one cell the way ``xlsx_append`` does."""
    value = xlsx_text(value)
    cell.value = value
    if isinstance(value, str) and value:
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True


def csv_text(value):
    """A value ready for a CSV cell: text a spreadsheet could run as a formula gets a leading apostrophe."""
    if is_formula_like(value):
        return "'" + value
    return value


class SafeCsvWriter:
    """``csv.writer`` whose rows go through ``csv_text``."""

    def __init__(self, handle, **options):
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable):
        return self._writer.writerow([csv_text(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle, **options) -> SafeCsvWriter:
    """The CSV writer every export uses."""
    return SafeCsvWriter(handle, **options)
