"""Property-based tests of the parsers (issue 19): at least 500 examples each.

Each parser either accepts its input (and then round-trips it) or refuses it with its own named
error; nothing else ever escapes. Plain Python, no database, except the import property.
"""

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gugus.core.money import MoneyError, format_rupiah, parse_rupiah
from gugus.linkage.normalise import normalise_nik, normalise_phone
from gugus.people.services import parse_date
from gugus.regulations.parser import RegulationParseError, parse_text

MANY = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Real district codes (Kemendagri): Indramayu Haurgeulis, Batam Sekupang, Jakarta Pusat Gambir.
DISTRICTS = ["321201", "217101", "317101"]


@st.composite
def niks(draw):
    district = draw(st.sampled_from(DISTRICTS))
    birth = draw(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2020, 12, 31)))
    female = draw(st.booleans())
    serial = draw(st.integers(min_value=1, max_value=9999))
    day = birth.day + (40 if female else 0)
    return f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}", birth, female


@MANY
@given(niks(), st.sampled_from(["", " ", ".", "-"]))
def test_a_nik_round_trips_whatever_its_separators(generated, separator):
    digits, birth, female = generated
    written = separator.join([digits[:6], digits[6:12], digits[12:]])
    info = normalise_nik(written)
    assert info.nik == digits
    assert info.sex == ("F" if female else "M")
    assert (info.birth_date.day, info.birth_date.month, info.birth_date.year % 100) == (
        birth.day,
        birth.month,
        birth.year % 100,
    )
    assert normalise_nik(info.nik) == info


@MANY
@given(st.text())
def test_the_nik_parser_never_raises(text):
    info = normalise_nik(text)
    assert info.nik is None or info.nik.isdigit()


@MANY
@given(st.integers(min_value=10**7, max_value=10**11 - 1), st.sampled_from(["0{}", "62{}", "+62 {}", "0062{}"]))
def test_an_indonesian_mobile_number_round_trips(subscriber, pattern):
    written = pattern.format("8" + str(subscriber))
    phone = normalise_phone(written)
    if phone is not None:
        assert phone.startswith("+628")
        assert normalise_phone(phone) == phone
        assert normalise_phone("0" + phone[3:]) == phone


@MANY
@given(st.text())
def test_the_phone_parser_never_raises(text):
    phone = normalise_phone(text)
    assert phone is None or (phone.startswith("+") and phone[1:].isdigit())


@MANY
@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]),
)
def test_a_date_round_trips_in_each_accepted_form(day, form):
    assert parse_date(day.strftime(form)) == day


@MANY
@given(st.text())
def test_the_date_parser_accepts_or_raises_value_error(text):
    try:
        result = parse_date(text)
    except ValueError:
        return
    assert result is None or isinstance(result, dt.date)


@MANY
@given(st.decimals(min_value=0, max_value=Decimal("999999999999999.99"), places=2), st.sampled_from(["id", "en"]))
def test_an_amount_round_trips_through_its_written_form(amount, language):
    assert parse_rupiah(format_rupiah(amount, language)) == amount


@MANY
@given(st.one_of(st.text(), st.text(alphabet="0123456789.,- Rp")))
def test_the_money_parser_accepts_or_raises_money_error(text):
    try:
        amount = parse_rupiah(text)
    except MoneyError:
        return
    assert isinstance(amount, Decimal)


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=40).map(str.strip).filter(bool)


@MANY
@given(st.lists(_WORDS, min_size=1, max_size=12))
def test_the_regulation_parser_keeps_every_article_it_reads(sentences):
    text = "PERATURAN CONTOH\nTENTANG\nUJI\n\n" + "\n\n".join(
        f"Pasal {number}\n{sentence.capitalize()}." for number, sentence in enumerate(sentences, start=1)
    )
    regulation = parse_text(text)
    articles = regulation.articles()
    assert [a.number for a in articles] == [str(n) for n in range(1, len(sentences) + 1)]


@MANY
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_the_regulation_parser_never_crashes_on_arbitrary_text(text):
    with contextlib.suppress(RegulationParseError):
        parse_text(text)


@pytest.mark.django_db
@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["Siti Aminah", "", "Budi\x00", "x" * 300]),
            st.sampled_from(["P", "L", "X"]),
            st.sampled_from(["1990-05-05", "31-02-1985", ""]),
            st.sampled_from(["3212014505900001", "12345", ""]),
            st.sampled_from(["online_scam", "pig butchering"]),
            st.sampled_from(["2025-03-01", "0001-01-01", "2025/03/01"]),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_an_import_writes_every_row_or_none(users, units, rows):
    from django.db import transaction

    from gugus.cases.importer import HEADER, cases_import
    from gugus.cases.models import Case
    from gugus.core.errors import ImportRejected

    lines = [",".join(HEADER)] + [
        f"{name},{sex},{birth},Indramayu,{nik},,,Kab. Indramayu,Kamboja,{kind},{reported}"
        for name, sex, birth, nik, kind, reported in rows
    ]
    before = Case.objects.count()
    with transaction.atomic():
        try:
            result = cases_import(
                actor=users["supervisor"],
                unit=units["polda"],
                data="\n".join(lines).encode(),
                filename="list.csv",
                today=dt.date(2025, 6, 30),
            )
        except ImportRejected as rejected:
            assert rejected.errors
            assert Case.objects.count() == before
        else:
            assert Case.objects.count() == before + len(result.created)
            assert len(result.created) + len(result.skipped) + sum(
                1 for w in result.warnings if w.code == "duplicate_row"
            ) == len(rows)
        transaction.set_rollback(True)
