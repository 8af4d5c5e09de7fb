"""Numbers as people read them: 1.234,5 in Bahasa Indonesia, 1,234.5 in English.

Inside SVG attributes and JSON a number is always written with a dot and no grouping
(``plain``), whatever the language.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

SUPPRESSED_TEXT = "<5"


def _english(language: str | None) -> bool:
    return (language or get_language() or "id").startswith("en")


def format_number(value, language: str | None = None, decimals: int = 0) -> str:
    """``value`` grouped by thousands in the language's marks; "" for None."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    thousands, mark = (",", ".") if _english(language) else (".", ",")
    text = thousands.join(groups)
    if decimals and fraction:
        text += mark + fraction
    return sign + text


def plain(value, decimals: int = 1) -> str:
    """A number for an SVG attribute or JSON: dot decimal, no grouping, trailing zeros trimmed."""
    text = f"{float(value):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
