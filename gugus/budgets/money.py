"""Rupiah amounts: parsing what budget officers type, formatting for each language. Never float."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import get_language

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999999999.99")  # 18 digits, 2 decimals (the column's size)


class MoneyError(ValueError):
    """The text is not an amount of rupiah."""


def parse_rupiah(value) -> Decimal:
    """An amount as written in Indonesia ("Rp 1.234.567.890", "1.234.567,50") or in English ("1,234,567.50").

    A single separator followed by exactly three digits is a thousands separator (1.234 = 1234);
    with both separators, the last one is the decimal mark. Spreadsheet numbers are taken as they
    are; a float from a spreadsheet cell goes through its shortest text so 0.1 stays 0.10.
    """
    if isinstance(value, bool) or value is None:
        raise MoneyError("empty")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    else:
        text = str(value).strip()
        text = re.sub(r"^(rp\.?|idr)\s*", "", text, flags=re.IGNORECASE).replace(" ", "").replace("\u00a0", "")
        negative = text.startswith("-")
        text = text.lstrip("-")
        if not text or not re.fullmatch(r"[0-9.,]+", text) or not text[0].isdigit():
            raise MoneyError("not a number")
        dots, commas = text.count("."), text.count(",")
        if dots and commas:
            decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
            thousands = "," if decimal_mark == "." else "."
            if text.count(decimal_mark) > 1:
                raise MoneyError("two decimal marks")
            text = text.replace(thousands, "").replace(decimal_mark, ".")
        elif dots or commas:
            mark = "." if dots else ","
            groups = text.split(mark)
            if len(groups) > 2 or len(groups[-1]) == 3:
                if not all(len(g) == 3 for g in groups[1:]):
                    raise MoneyError("misplaced thousands separator")
                text = "".join(groups)
            else:
                text = ".".join(groups)
        try:
            amount = Decimal(text)
        except InvalidOperation as error:
            raise MoneyError("not a number") from error
        if negative:
            amount = -amount
    if not amount.is_finite():
        raise MoneyError("not a number")
    # Before quantize: beyond the context's precision quantize raises InvalidOperation (found by
    # the property tests: 10**26 crashed the budget import).
    if abs(amount) > MAX_AMOUNT:
        raise MoneyError("too large")
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise MoneyError("more than two decimals")
    return amount.quantize(CENT)


def _group(digits: str, separator: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return separator.join(out)


def format_rupiah(value, language: str | None = None) -> str:
    """ "Rp 1.234.567.890" in Bahasa Indonesia, "IDR 1,234,567,890" in English; cents only when present."""
    if value is None or value == "":
        return ""
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    english = (language or get_language() or "id").startswith("en")
    thousands, decimal_mark, prefix = (",", ".", "IDR ") if english else (".", ",", "Rp ")
    sign = "-" if amount < 0 else ""
    whole, _, cents = f"{abs(amount):f}".partition(".")
    text = _group(whole, thousands)
    if cents and cents != "00":
        text += decimal_mark + cents
    return f"{sign}{prefix}{text}"


def format_percent(ratio, language: str | None = None) -> str:
    """A ratio (0.4567) as "45,7%" or "45.7%"; empty when undefined."""
    if ratio is None:
        return "—"
    english = (language or get_language() or "id").startswith("en")
    text = f"{Decimal(ratio) * 100:.1f}"
    return (text if english else text.replace(".", ",")) + "%"
