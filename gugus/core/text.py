"""Text that is safe to store, render and export: the one place that says what characters and
lengths Gugus accepts (used by the input guard middleware and the importers).

Refused in any submitted value (a clear error naming the field, never a server error):
NUL and other C0 control characters except tab, line feed and carriage return, DEL, lone
surrogates (PostgreSQL and SQLite cannot store them; ``"\\ud800"`` arrives through JSON), and
values longer than ``MAX_FIELD_CHARS``. Imported spreadsheet cells are cleaned instead
(``clean_cell``): a stray control character in a 5,000-row list should not refuse the file.
"""

from __future__ import annotations

import re

# The longest text any single field accepts (a narrative of about ten pages); model fields and
# schemas set lower limits where they have one.
MAX_FIELD_CHARS = 20_000
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def forbidden_character(value: str) -> str | None:
    """The first character Gugus refuses in ``value``, or None."""
    match = _FORBIDDEN.search(value)
    return match.group() if match else None


def describe_character(char: str) -> str:
    """``U+0000`` style name of a refused character (never the character itself)."""
    return f"U+{ord(char):04X}"


def clean_cell(value: str) -> str:
    """An imported cell with refused characters removed and surrounding space trimmed."""
    return _FORBIDDEN.sub("", value).strip()
