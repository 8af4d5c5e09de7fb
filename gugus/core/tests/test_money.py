"""The one money module (gugus/core/money.py): Indonesian and English notation read alike (issue 17)."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from gugus.core.errors import ValidationFailed
from gugus.core.money import MAX_AMOUNT, MoneyError, clean_amount, format_percent, format_rupiah, parse_rupiah


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
        # The disagreement that issue 17 names: "Rp 250.000" is 250000 wherever it is typed.
        ("Rp 250.000", "250000.00"),
        ("Rp250.000,-", "250000.00"),
        ("Rp. 250.000", "250000.00"),
        ("250.000,50", "250000.50"),
        ("IDR 250,000", "250000.00"),
        ("1,234.5", "1234.50"),
        ("250,5", "250.50"),
        ("250.50", "250.50"),
        ("0,05", "0.05"),
        ("-Rp 1.500", "-1500.00"),
        ("Rp\u00a01.500.000", "1500000.00"),
    ],
)
def test_parse_rupiah(text, expected):
    assert parse_rupiah(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "1.23.4",
        "1,234.567,8",
        "12.345,678",
        "1.2345",
        None,
        "1e9",
        1.005,
        "1..000",
        "250.",
        "Rp",
        "12,34,567",
    ],
)
def test_parse_rupiah_refuses(text):
    with pytest.raises(MoneyError):
        parse_rupiah(text)


@pytest.mark.parametrize("text", ["0.250", "0,250", "1234.567", "1234,567"])
def test_ambiguous_input_is_refused_with_a_message_that_says_how_to_write_it(text):
    with translation.override("en"), pytest.raises(MoneyError) as english:
        parse_rupiah(text)
    assert "can be read two ways" in str(english.value) and text in str(english.value)
    with translation.override("id"), pytest.raises(MoneyError) as indonesian:
        parse_rupiah(text)
    assert "dapat dibaca dengan dua cara" in str(indonesian.value)


def test_clean_amount_names_the_field_and_refuses_negatives():
    assert clean_amount("", field="cost", required=False) is None
    assert clean_amount("Rp 250.000", field="cost") == Decimal("250000.00")
    for value, required in (("", True), ("-1", True), ("0.250", True), ("abc", False)):
        with pytest.raises(ValidationFailed) as error:
            clean_amount(value, field="cost", required=required)
        assert error.value.field == "cost"
    assert clean_amount("-1.000", field="delta", minimum=None) == Decimal("-1000.00")


def test_every_app_reads_rupiah_the_same_way():
    """Budgets, assistance and the legal track parse through the one module (issue 17)."""
    from gugus.assistance.services import money as assistance_money
    from gugus.budgets.services import money as budget_money
    from gugus.legal.services import _amount as legal_amount

    for text, expected in (("Rp 250.000", "250000"), ("250.000,50", "250000.50"), ("1,234.5", "1234.50")):
        assert assistance_money(text, "cost") == budget_money(text, "allocated") == Decimal(expected)
    assert legal_amount("Rp 250.000", "fine_idr") == Decimal("250000")
    with pytest.raises(ValidationFailed):
        assistance_money("0.250", "cost")
    with pytest.raises(ValidationFailed):
        budget_money("0.250", "allocated")


_amounts = st.decimals(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT, places=2, allow_nan=False, allow_infinity=False)


@given(amount=_amounts, language=st.sampled_from(["id", "en"]))
def test_format_then_parse_round_trips(amount, language):
    assert parse_rupiah(format_rupiah(amount, language)) == amount


@given(amount=st.decimals(min_value=0, max_value=MAX_AMOUNT, places=2, allow_nan=False, allow_infinity=False))
def test_both_notations_of_one_amount_read_the_same(amount):
    indonesian, english = format_rupiah(amount, "id"), format_rupiah(amount, "en")
    assert parse_rupiah(indonesian.removeprefix("Rp ")) == parse_rupiah(english.removeprefix("IDR ")) == amount


@given(text=st.text(alphabet="0123456789.,-Rp IDR", max_size=24))
def test_any_text_is_an_amount_or_a_clear_refusal(text):
    try:
        amount = parse_rupiah(text)
    except MoneyError as error:
        assert str(error)
    else:
        assert abs(amount) <= MAX_AMOUNT and amount == amount.quantize(Decimal("0.01"))


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
