"""Rupiah amounts, the one module: parsing what people type, formatting for each language. Never float.

Every app that reads or shows an amount of money uses this module (budgets, assistance,
restitution, the legal track, the reports); ``{% load rupiah %}`` gives the template filters.

Reading (``parse_rupiah``) takes Indonesian and English notation alike and needs no language:

- ``Rp 250.000``, ``250.000``, ``Rp250.000,-`` and ``IDR 250,000`` are all 250000;
- ``250.000,50`` (Indonesian) and ``250,000.50`` (English) are 250000.50; ``1,234.5`` is 1234.50;
- with both marks the last one is the decimal mark; with one mark, three digits after it make it a
  thousands separator, one or two digits a decimal mark (rupiah have at most two decimals, so
  ``1.234`` can only be 1234);
- what could be read two ways is refused with a message that says how to write it: ``0.250``
  (a quarter, or 250?), ``1234.567`` (a misplaced separator, or three decimals?);
- thousands separators go every three digits; at most two decimals; nothing beyond the column's
  18 digits.

Spreadsheet numbers are taken as they are; a float goes through its shortest text, so 0.1 stays
0.10 and 1.005 is refused (three decimals), never rounded.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import get_language
from django.utils.translation import gettext as _

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999999999.99")  # 18 digits, 2 decimals (the columns' size)
ZERO = Decimal("0.00")

_PREFIX = re.compile(r"^(rp\.?|idr)", re.IGNORECASE)


class MoneyError(ValueError):
    """The text is not an amount of rupiah; ``str(error)`` says why in the active language."""


def _not_a_number() -> MoneyError:
    return MoneyError(_("Write the amount in digits, e.g. 250.000 or 250.000,50."))


def _grouping_error() -> MoneyError:
    return MoneyError(_("Thousands separators go every three digits, e.g. 1.250.000 or 1,250,000."))


def _ambiguous(text: str) -> MoneyError:
    return MoneyError(
        _(
            "“%(value)s” can be read two ways. Write thousands with separators every three digits and "
            "at most two decimals, e.g. 1.234.567,50 or 1,234,567.50."
        )
        % {"value": text[:30]}
    )


def _too_many_decimals() -> MoneyError:
    return MoneyError(_("An amount of rupiah has at most two decimals."))


def _whole(groups: list[str], original: str) -> str:
    """Digits of a number written with thousands separators between ``groups``; refused when misplaced."""
    first, rest = groups[0], groups[1:]
    if not rest:
        return first
    if not all(len(g) == 3 for g in rest):
        raise _grouping_error()
    if len(first) > 3 or (first.startswith("0")):
        raise _ambiguous(original) if len(rest) == 1 else _grouping_error()
    return "".join(groups)


def _digits(text: str, original: str) -> str:
    """``text`` (digits, dots and commas) as a plain decimal string with a dot."""
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        thousands = "," if decimal_mark == "." else "."
        if text.count(decimal_mark) > 1:
            raise _grouping_error()
        whole, _mark, cents = text.partition(decimal_mark)
        if not cents:
            raise _not_a_number()
        if len(cents) > 2:
            raise _too_many_decimals()
        return _whole(whole.split(thousands), original) + "." + cents
    if dots or commas:
        mark = "." if dots else ","
        groups = text.split(mark)
        if any(g == "" for g in groups):
            raise _not_a_number()
        if len(groups) > 2:
            return _whole(groups, original)
        whole, cents = groups
        if len(cents) == 3:
            return _whole(groups, original)
        if len(cents) > 3:
            raise _too_many_decimals()
        return whole + "." + cents
    return text


def parse_rupiah(value) -> Decimal:
    """An amount of rupiah from what a person typed or a spreadsheet cell holds (see the module's rules)."""
    if isinstance(value, bool) or value is None:
        raise MoneyError(_("Give the amount."))
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    else:
        original = str(value).strip()
        text = original.replace("\u00a0", "").replace(" ", "")
        if not text:
            raise MoneyError(_("Give the amount."))
        negative = text.startswith("-")
        text = _PREFIX.sub("", text.lstrip("-"))
        if not negative and text.startswith("-"):
            negative, text = True, text[1:]
        # "Rp 250.000,-": the dash stands for no sen.
        if text.endswith((",-", ".-")):
            text = text[:-2]
        if not text or not re.fullmatch(r"[0-9][0-9.,]*", text) or text[-1] in ".,":
            raise _not_a_number()
        try:
            amount = Decimal(_digits(text, original))
        except InvalidOperation as error:
            raise _not_a_number() from error
        if negative:
            amount = -amount
    if not amount.is_finite():
        raise _not_a_number()
    # Before quantize: beyond the context's precision quantize raises InvalidOperation (found by
    # the property tests: 10**26 crashed the budget import).
    if abs(amount) > MAX_AMOUNT:
        raise MoneyError(_("The amount is too large."))
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise _too_many_decimals()
    return amount.quantize(CENT)


def clean_amount(value, *, field: str, required: bool = True, minimum: Decimal | None = ZERO) -> Decimal | None:
    """``parse_rupiah`` for a service: None when empty and optional; a ValidationFailed naming ``field``."""
    from gugus.core.errors import ValidationFailed

    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationFailed(_("Give the amount."), field=field)
        return None
    try:
        amount = parse_rupiah(value)
    except MoneyError as error:
        raise ValidationFailed(str(error), field=field) from None
    if minimum is not None and amount < minimum:
        raise ValidationFailed(_("The amount cannot be negative."), field=field)
    return amount


def _group(digits: str, separator: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return separator.join(out)


def _english(language: str | None) -> bool:
    return (language or get_language() or "id").startswith("en")


def format_rupiah(value, language: str | None = None) -> str:
    """ "Rp 1.234.567.890" in Bahasa Indonesia, "IDR 1,234,567,890" in English; sen only when present."""
    if value is None or value == "":
        return ""
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    thousands, decimal_mark, prefix = (",", ".", "IDR ") if _english(language) else (".", ",", "Rp ")
    sign = "-" if amount < 0 else ""
    whole, _point, cents = f"{abs(amount):f}".partition(".")
    text = _group(whole, thousands)
    if cents and cents != "00":
        text += decimal_mark + cents
    return f"{sign}{prefix}{text}"


def format_percent(ratio, language: str | None = None) -> str:
    """A ratio (0.4567) as "45,7%" or "45.7%"; a dash when undefined."""
    if ratio is None:
        return "—"
    text = f"{Decimal(ratio) * 100:.1f}"
    return (text if _english(language) else text.replace(".", ",")) + "%"
