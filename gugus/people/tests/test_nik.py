"""The one NIK parser (gugus.people.nik), its use by the application and by the linkage engine."""

from datetime import date

import pytest

from gugus.linkage.normalise import NikInfo, normalise_nik
from gugus.organisations.regioncodes import District, district_lookup
from gugus.people.nik import nik_century_year, parse_nik
from gugus.people.services import nik_check

TODAY = date(2026, 12, 1)


def test_apostrophe_district_is_known():
    # Hu'u in Dompu (52.05.03) was missing from the shipped list with 19 others.
    assert district_lookup("52.05.03") == District("52.05.03", "Hu'u", "Kabupaten Dompu")
    parsed = parse_nik("5205031708950001", today=TODAY)
    assert parsed.problems == ()
    assert parsed.district_code == "52.05.03"


def test_former_papua_code_is_accepted_with_todays_region():
    parsed = parse_nik("9101011708950001", today=TODAY)
    assert parsed.problems == ()
    assert parsed.district == District(
        code="91.01.01",
        name="Merauke",
        regency_name="KAB. MERAUKE",
        former=True,
        current_code="93.01.01",
        current_name="Merauke, Kabupaten Merauke",
        first_list="2018",
        last_list="2022",
    )


def test_former_district_not_matched_by_name_names_todays_regency():
    # Holuon (91.13.36, Yahukimo) has no district of the same name today; its regency is 95.03.
    district = district_lookup("91.13.36")
    assert (district.former, district.current_code, district.current_name) == (True, "95.03", "Kabupaten Yahukimo")


def test_code_no_list_ever_had_is_unknown():
    assert parse_nik("9999991708950001", today=TODAY).problems == ("unknown_district",)


def test_serial_0000_is_a_problem():
    assert parse_nik("3212151708950000", today=TODAY).problems == ("invalid_serial",)


@pytest.mark.parametrize(
    ("year2", "birth_date", "expected"),
    [
        (25, None, 2025),
        (25, date(1925, 3, 1), 1925),
        (95, None, 1995),
        (5, date(2005, 1, 1), 2005),
        (99, date(2000, 1, 1), 1999),  # the record disagrees: the nearest century
        (30, None, 1930),
    ],
)
def test_century_of_two_digit_year(year2, birth_date, expected):
    assert nik_century_year(year2, birth_date=birth_date, today=TODAY) == expected


def test_century_follows_the_records_birth_date():
    assert parse_nik("3212151708250001", birth_date=date(1925, 8, 17), today=TODAY).birth_date == date(1925, 8, 17)
    assert parse_nik("3212151708250001", today=TODAY).birth_date == date(2025, 8, 17)


def test_injected_lookup_decides_validity():
    assert parse_nik("3212151708950001", lookup=lambda code: None, today=TODAY).problems == ("unknown_district",)


def test_letters_are_read_only_when_asked():
    assert parse_nik("32121517O8950001", today=TODAY).problems == ("not_a_number",)
    assert parse_nik("32121517O8950001", read_letters=True, today=TODAY).problems == ("letters_read_as_digits",)


# --- the application and the linkage engine agree -----------------------------------------------


def test_application_refuses_serial_0000():
    check = nik_check("3212151708950000")
    assert [e.code for e in check.errors] == ["nik_invalid_serial"]


def test_application_accepts_former_code_with_a_note():
    check = nik_check("9101011708950001")
    assert check.errors == ()
    assert check.district_code == "91.01.01"
    assert [w.code for w in check.warnings] == ["nik_former_district"]
    assert "93.01.01 Merauke, Kabupaten Merauke" in check.warnings[0].message


def test_application_accepts_apostrophe_district():
    assert nik_check("5205031708950001").errors == ()


def test_application_uses_the_records_birth_date_for_the_century():
    check = nik_check("3212155708250001", birth_date=date(1925, 8, 17), sex="F")
    assert check.birth_date == date(1925, 8, 17)
    assert check.warnings == ()


def test_application_with_importer_lookup_still_knows_former_codes():
    loaded = {"32.12.15"}
    assert nik_check("9101011708950001", district_exists=loaded.__contains__).errors == ()
    assert [e.code for e in nik_check("9999991708950001", district_exists=loaded.__contains__).errors] == [
        "nik_unknown_district"
    ]


def test_linkage_flags_serial_0000_and_knows_former_codes():
    assert normalise_nik("3212151708950000").problems == ("invalid_serial",)
    info = normalise_nik("9101015708950001")
    assert info == NikInfo("9101015708950001", "91.01.01", date(1995, 8, 17), "F", ())
    assert normalise_nik("3212151708250001", birth_date=date(1925, 8, 17)).birth_date == date(1925, 8, 17)
