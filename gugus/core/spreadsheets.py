"""Cells of spreadsheets made from user data: a value a spreadsheet would run as a formula is defused.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets (CSV injection, OWASP); a leading apostrophe
makes it text in all three, and it is what they show as the cell's content. XLSX cannot hold
most control characters at all (openpyxl refuses the whole workbook): they are dropped.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value, *, xlsx: bool = False):
    """``value`` as a spreadsheet may hold it: text that would be a formula gets a leading apostrophe."""
    if not isinstance(value, str):
        return value
    if xlsx:
        value = _XLSX_ILLEGAL.sub("", value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def read_cell(text: str) -> str:
    """The value ``safe_cell`` defused, read back: the apostrophe before a formula character goes."""
    if isinstance(text, str) and len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
