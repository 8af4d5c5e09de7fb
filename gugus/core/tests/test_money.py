from decimal import Decimal

import pytest

from gugus.core.money import MoneyError, format_percent, format_rupiah, parse_rupiah


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp 1.234.567.890", "1234567890.00"),
        ("1.234.567.890", "1234567890.00"),
        ("1,234,567,890", "1234567890.00"),
        ("IDR 1,234,567,890.50", "1234567890.50"),
        ("1.234.567,5", "1234567.50"),
        ("1.234", "1234.00"),
        ("1234,5", "1234.50"),
        ("1250000000", "1250000000.00"),
        (1250000000, "1250000000.00"),
        (0.1, "0.10"),
        (Decimal("12.30"), "12.30"),
        ("-1.000", "-1000.00"),
    ],
)
def test_parse_rupiah(text, expected):
    assert parse_rupiah(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "1.23.4", "1,234.567,8", "12.345,678", "1.2345", None, "1e9", 1.005])
def test_parse_rupiah_refuses(text):
    with pytest.raises(MoneyError):
        parse_rupiah(text)


def test_format_rupiah_by_language():
    assert format_rupiah(Decimal("1234567890"), "id") == "Rp 1.234.567.890"
    assert format_rupiah(Decimal("1234567890"), "en") == "IDR 1,234,567,890"
    assert format_rupiah(Decimal("1234567.5"), "id") == "Rp 1.234.567,50"
    assert format_rupiah(Decimal("-1500"), "en") == "-IDR 1,500"
    assert format_rupiah(Decimal("0"), "id") == "Rp 0"
    assert format_percent(Decimal("0.4133"), "id") == "41,3%"
    assert format_percent(Decimal("0.4133"), "en") == "41.3%"
    assert format_percent(None) == "—"


def test_template_filter_follows_active_language():
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load rupiah %}{{ v|rupiah }}")
    with translation.override("id"):
        assert template.render(Context({"v": Decimal("1234567890")})) == "Rp 1.234.567.890"
    with translation.override("en"):
        assert template.render(Context({"v": Decimal("1234567890")})) == "IDR 1,234,567,890"
