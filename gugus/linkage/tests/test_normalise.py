from datetime import date

import pytest

from gugus.linkage.normalise import (
    BirthDate,
    NikInfo,
    modern_spelling,
    normalise_birth_date,
    normalise_name,
    normalise_nik,
    normalise_passport,
    normalise_phone,
    normalise_region,
    normalise_sex,
    phonetic_key,
)


@pytest.mark.parametrize(
    ("raw", "tokens", "patronym"),
    [
        ("H. Muhammad Rizki, S.Pd.", ("muhammad", "rizki"), ()),
        ("Hj. SITI NURHAYATI", ("siti", "nurhayati"), ()),
        ("Dr. Ir. Achmad Chairul, M.M.", ("ahmad", "khairul"), ()),
        ("Ahmad S.Pd", ("ahmad",), ()),
        ("M. Rizky", ("muhammad", "rizky"), ()),
        ("Moch. Soekarno", ("muhammad", "sukarno"), ()),
        ("Mochammad Yusuf", ("muhammad", "yusuf"), ()),
        ("Muh. Yusuf", ("muhammad", "yusuf"), ()),
        ("Mohamad Yusuf", ("muhammad", "yusuf"), ()),
        ("Djoko Tjahjono bin Soewarno", ("joko", "cahyono"), ("suwarno",)),
        ("Siti Aminah binti Ahmad", ("siti", "aminah"), ("ahmad",)),
        ("Machmud", ("mahmud",), ()),
        ("Christina", ("christina",), ()),
        ("  ", None, None),
        (None, None, None),
        ("Sukarno", ("sukarno",), ()),
        ("Ni Wayan O'Neil", ("ni", "wayan", "oneil"), ()),
    ],
)
def test_normalise_name(raw, tokens, patronym):
    name = normalise_name(raw)
    if tokens is None:
        assert name is None
    else:
        assert name.tokens == tokens
        assert name.patronym == patronym


def test_compound_names_agree_when_written_together():
    assert normalise_name("Nur Hayati").compact == normalise_name("NURHAYATI").compact == "nurhayati"
    assert normalise_name("Nur Hayati").text == "nur hayati"


def test_mononym():
    assert normalise_name("Sukarno").is_mononym
    assert not normalise_name("Siti Aminah").is_mononym


@pytest.mark.parametrize(
    ("old", "new"),
    [("soekarno", "sukarno"), ("djoko", "joko"), ("tjandra", "candra"), ("tjahjo", "cahyo"),
     ("chairul", "khairul"), ("achmad", "ahmad"), ("njoman", "nyoman"), ("sjahrir", "syahrir"),
     ("joko", "joko"), ("christian", "christian")],
)
def test_modern_spelling(old, new):
    assert modern_spelling(old) == new


@pytest.mark.parametrize(
    ("a", "b"),
    [("rizki", "rizky"), ("rizki", "riski"), ("ahmad", "akhmad"), ("fitriyani", "fitriani"),
     ("syaiful", "saiful"), ("muhammad", "muhamad"), ("khairul", "hairul")],
)
def test_phonetic_key_joins_spelling_variants(a, b):
    assert phonetic_key(a) == phonetic_key(b)


def test_phonetic_key_keeps_different_names_apart():
    assert phonetic_key("rina") != phonetic_key("rini")
    assert phonetic_key("budi") != phonetic_key("bayu")


def test_nik_of_a_woman():
    assert normalise_nik("3212155708950001") == NikInfo(
        "3212155708950001", "32.12.15", date(1995, 8, 17), "F", ()
    )


def test_nik_of_a_man_with_spaces():
    info = normalise_nik("321215 170895 0001")
    assert (info.nik, info.birth_date, info.sex, info.is_valid) == ("3212151708950001", date(1995, 8, 17), "M", True)


def test_nik_letters_read_as_digits_are_flagged():
    info = normalise_nik("32121517O8950001")
    assert info.nik == "3212151708950001"
    assert info.problems == ("letters_read_as_digits",)
    assert not info.is_valid


def test_nik_unknown_district_and_bad_date_are_flagged_but_kept():
    info = normalise_nik("9999993513950001")
    assert info.nik == "9999993513950001"
    assert info.problems == ("unknown_district", "invalid_birth_date")
    assert info.district_code is None


def test_nik_wrong_length():
    assert normalise_nik("321215170895") == NikInfo("321215170895", problems=("wrong_length",))


def test_nik_empty_and_garbage():
    assert normalise_nik("") == NikInfo(None)
    assert normalise_nik("tidak ada") == NikInfo(None, problems=("not_a_number",))


def test_nik_two_digit_year_in_the_2000s():
    assert normalise_nik("3212151708050001").birth_date == date(2005, 8, 17)


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("62812 3456 7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("81234567890", "+6281234567890"),
        ("+60 12-345 6789", "+60123456789"),
        ("0060123456789", "+60123456789"),
        ("+886 912 345 678", "+886912345678"),
        ("+855 12 345 678", "+85512345678"),
        ("", None),
        ("abc", None),
        ("12", None),
    ],
)
def test_normalise_phone(raw, e164):
    assert normalise_phone(raw) == e164


@pytest.mark.parametrize(
    ("raw", "passport"),
    [("b 123 4567", "B1234567"), ("X1234567", "X1234567"), ("a-12345o7", "A1234507"), ("AB1234567", "AB1234567"),
     ("12", None), ("", None), ("paspor hilang", None)],
)
def test_normalise_passport(raw, passport):
    assert normalise_passport(raw) == passport


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("1990-05-17", BirthDate(1990, 5, 17)),
        ("17-05-1990", BirthDate(1990, 5, 17)),
        ("17/05/1990", BirthDate(1990, 5, 17)),
        ("7/5/1990", BirthDate(1990, 5, 7)),
        ("17.05.1990", BirthDate(1990, 5, 17)),
        ("17 Mei 1990", BirthDate(1990, 5, 17)),
        ("1990", BirthDate(1990)),
        ("31/02/1990", None),
        ("1850", None),
        ("kemarin", None),
        (None, None),
    ],
)
def test_normalise_birth_date(raw, parsed):
    assert normalise_birth_date(raw) == parsed


def test_birth_date_iso_only_when_complete():
    assert BirthDate(1990, 5, 17).iso == "1990-05-17"
    assert BirthDate(1990).iso is None


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Kab. Indramayu", "32.12"),
        ("INDRAMAYU", "32.12"),
        ("Indramayu", "32.12"),
        ("Kabupaten Indramayu", "32.12"),
        ("Kota Batam", "21.71"),
        ("Batam", "21.71"),
        ("Bandung", "32.04"),
        ("Kota Bandung", "32.73"),
        ("Kab Bandung Barat", "32.17"),
        ("32.12", "32.12"),
        ("3212", "32.12"),
        ("32.12.15", "32.12"),
        ("Jawa Barat", "32"),
        ("Jakarta Selatan", "31.74"),
        ("Atlantis", None),
        ("99.99", None),
        ("", None),
    ],
)
def test_normalise_region(raw, code):
    assert normalise_region(raw) == code


@pytest.mark.parametrize(
    ("raw", "sex"),
    [("L", "M"), ("Laki-laki", "M"), ("P", "F"), ("Perempuan", "F"), ("m", "M"), ("F", "F"), ("?", None), ("", None)],
)
def test_normalise_sex(raw, sex):
    assert normalise_sex(raw) == sex
