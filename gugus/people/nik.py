"""The one NIK parser: plain values in, plain values out, no Django.

A NIK (Nomor Induk Kependudukan, UU 24/2013 on population administration; layout by
Permendagri on the NIK) has 16 digits: the district (kecamatan) code of the place of
registration (2+2+2 digits, the Kemendagri code without dots), the birth date as DDMMYY with 40
added to the day for women, and a four-digit serial that starts at 0001.

- The district code is the one **of the day the NIK was issued**. A NIK issued in Papua before
  the 2022 split (91.xx, 92.xx) keeps its code: a former code is accepted, with today's region
  beside it (see ``gugus.organisations.regioncodes``); a code that no list ever had is refused.
- Serial 0000 is never issued and is refused.
- The year has two digits. When the record has a birth date, the century is the one that
  agrees with it (a person born in 1925 and one born in 2025 share "25"); only without a birth
  date does today's date decide (a year above today's two digits is in the 1900s).

Both the web application (``gugus.people.services.nik_check``) and the linkage engine
(``gugus.linkage.normalise.normalise_nik``) call ``parse_nik``; they differ only in what they do
with a problem (the application refuses, the linkage engine flags and keeps the digits).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from gugus.organisations.regioncodes import District, district_lookup

# Problem codes, in the order they are found.
NOT_A_NUMBER = "not_a_number"
LETTERS_READ_AS_DIGITS = "letters_read_as_digits"
WRONG_LENGTH = "wrong_length"
UNKNOWN_DISTRICT = "unknown_district"
INVALID_BIRTH_DATE = "invalid_birth_date"
INVALID_SERIAL = "invalid_serial"

# Letters that scanned or retyped documents put where a digit belongs.
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "L": "1", "S": "5", "B": "8"})
_SEPARATORS = re.compile(r"[\s.\-/']")

DistrictLookup = Callable[[str], District | None]


@dataclass(frozen=True)
class ParsedNik:
    """What a NIK's digits say, and what is wrong with them (problem codes, in order)."""

    digits: str | None
    district: District | None = None
    birth_date: date | None = None
    sex: str | None = None  # "F" or "M"
    problems: tuple[str, ...] = ()

    @property
    def district_code(self) -> str | None:
        """The dotted district code as the NIK carries it, when some list has it."""
        return self.district.code if self.district else None

    @property
    def is_former_district(self) -> bool:
        return bool(self.district and self.district.former)


def nik_century_year(year2: int, *, birth_date: date | None = None, today: date | None = None) -> int:
    """The four-digit year of a NIK's two-digit year.

    With a recorded birth date, the century that agrees with it (or, when the two disagree, the
    one nearest to it); without one, the most recent year not after today.
    """
    today = today or date.today()
    candidates = [c + year2 for c in (1900, 2000) if c + year2 <= today.year] or [1900 + year2]
    if birth_date is not None:
        return min(candidates, key=lambda year: (abs(year - birth_date.year), -year))
    return max(candidates)


def parse_nik(
    raw: str | None,
    *,
    birth_date: date | None = None,
    lookup: DistrictLookup | None = None,
    read_letters: bool = False,
    today: date | None = None,
) -> ParsedNik:
    """Parse a NIK. ``lookup`` answers a dotted district code (default: the shipped lists);
    ``read_letters`` corrects look-alike letters (O for 0, I for 1) and flags that it did."""
    if raw is None or not str(raw).strip():
        return ParsedNik(None)
    text = _SEPARATORS.sub("", str(raw))
    if text.startswith("="):  # spreadsheets: ="3212..."
        text = text.strip('="')
    problems: list[str] = []
    if not text.isdigit():
        corrected = text.translate(_OCR_DIGITS) if read_letters else text
        if not corrected.isdigit():
            return ParsedNik(None, problems=(NOT_A_NUMBER,))
        text = corrected
        problems.append(LETTERS_READ_AS_DIGITS)
    if len(text) != 16:
        problems.append(WRONG_LENGTH)
        return ParsedNik(text, problems=tuple(problems))
    district = (lookup or district_lookup)(f"{text[0:2]}.{text[2:4]}.{text[4:6]}")
    if district is None:
        problems.append(UNKNOWN_DISTRICT)
    day, month, year2 = int(text[6:8]), int(text[8:10]), int(text[10:12])
    sex = "F" if day > 40 else "M"
    if day > 40:
        day -= 40
    try:
        birth = date(nik_century_year(year2, birth_date=birth_date, today=today), month, day)
    except ValueError:
        birth = None
        problems.append(INVALID_BIRTH_DATE)
    if text[12:16] == "0000":
        problems.append(INVALID_SERIAL)
    return ParsedNik(text, district, birth, sex, tuple(problems))
