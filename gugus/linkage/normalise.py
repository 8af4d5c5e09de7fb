"""Normalisers for Indonesian person records: pure functions from raw text to comparable values.

Every function accepts whatever an agency typed (None and blanks included) and never raises on
bad input: it returns None, or a result that says what was wrong, so that one bad field never
stops a batch.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import phonenumbers

from gugus.linkage.regions import fold_place_name, region_index
from gugus.people.nik import parse_nik

# --- names ---------------------------------------------------------------------------------------

# Honorifics and titles written before a name (Haji, Hajjah, Doctor, Engineer, Professor, ...).
_PREFIX_TITLES = frozenset(
    [
        "h", "hj", "hajjah", "haji", "dr", "drs", "dra", "drg", "ir", "prof", "kh", "ust", "ustadz",
        "ustadzah", "ny", "nn", "tn", "sdr", "sdri", "bpk", "bapak", "ibu", "mr", "mrs", "ms", "miss",
        "dr.", "raden", "rd",
        # forms of address and mourning marks written before a name on forms and in letters
        "saudara", "saudari", "sdra", "sdr", "tuan", "nyonya", "nona", "pak", "bu", "alm", "almh", "almarhum",
        "almarhumah", "hji", "hjh", "hajah",
    ]
)
# Academic degrees written after a name, with or without dots (S.Pd., S.H., M.M., A.Md., ...).
_DEGREES = frozenset(
    [
        "spd", "sh", "se", "skom", "st", "sag", "ssos", "skep", "sked", "sfarm", "sip", "sp", "spsi", "sth",
        "sei", "shi", "spdi", "sag", "mm", "msi", "mpd", "mh", "mkes", "mkom", "mt", "ma", "msc", "mba",
        "phd", "amd", "amdkeb", "amdkep", "bsc", "ba", "llm", "ssi", "ssn", "ms", "lc",
    ]
)
_MUHAMMAD = frozenset(
    [
        "muhammad", "muhamad", "muhammed", "muhamed", "mohammad", "mohamad", "mohammed", "mohamed",
        "mochammad", "mochamad", "muchammad", "muchamad", "mokhammad", "mukhammad", "mohd", "moh", "muh",
        "mhd", "moch", "much", "mochd", "mhmd",
    ]
)
_PATRONYMIC_MARKERS = frozenset({"bin", "binti", "bt", "bte", "binte"})


@dataclass(frozen=True)
class NormalisedName:
    """A person's name split into given-name tokens and a patronym (after bin/binti)."""

    tokens: tuple[str, ...]
    patronym: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """Given-name tokens joined by one space: 'muhammad rizki'."""
        return " ".join(self.tokens)

    @property
    def compact(self) -> str:
        """Tokens written together, so that 'Nur Hayati' and 'Nurhayati' agree."""
        return "".join(self.tokens)

    @property
    def is_mononym(self) -> bool:
        return len(self.tokens) == 1


def _strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


_DEGREE_TOKEN = re.compile(r"^[a-z]{1,3}(\.[a-z]{1,5})+\.?$")


def modern_spelling(token: str) -> str:
    """Map the pre-1972 spelling to the current one (oe->u, dj->j, tj->c, nj->ny, sj->sy, j->y, ch->kh).

    'ch' becomes 'kh' only inside Indonesian-looking names: a leading 'chr' (Christina, Christian)
    and 'ch' before a consonant keep their Western reading.
    """
    is_old = any(marker in token for marker in ("oe", "dj", "tj", "nj", "sj"))
    token = token.replace("oe", "u").replace("dj", "J").replace("tj", "c")
    token = token.replace("nj", "ny").replace("sj", "sy")
    if is_old:
        # in the old spelling a lone j was read y: Tjahjono -> Cahyono
        token = token.replace("j", "y")
    token = token.replace("J", "j")
    if "ch" in token and not token.startswith("chr"):
        # Achmad -> Ahmad, Machmud -> Mahmud; Chairul -> Khairul
        token = re.sub(r"(?<=[aeiou])ch(?=[bdfgjklmnpqrstvwz])", "h", token)
        token = re.sub(r"ch(?=[aeiou])", "kh", token)
    return token


@lru_cache(maxsize=200_000)
def normalise_name(raw: str | None) -> NormalisedName | None:
    """Normalise a full name: case, punctuation, titles and degrees, Muhammad, old spelling, bin/binti.

    Returns None when nothing of a name is left.
    """
    if not raw or not raw.strip():
        return None
    text = _strip_accents(raw).lower()
    # Degrees follow a comma: "Siti Aminah, S.Pd., M.M." -> "Siti Aminah".
    parts = text.split(",")
    kept = [parts[0]]
    for part in parts[1:]:
        words = part.split()
        if words and all(re.sub(r"[^a-z]", "", w) in _DEGREES for w in words):
            continue
        kept.append(part)
    raw_tokens = " ".join(kept).replace("'", "").replace("`", "").split()
    tokens: list[str] = []
    for position, raw_token in enumerate(raw_tokens):
        if _DEGREE_TOKEN.match(raw_token) and re.sub(r"[^a-z]", "", raw_token) in _DEGREES:
            continue
        pieces = [p for p in re.split(r"[^a-z0-9]+", raw_token) if p]
        for piece in pieces:
            is_leading = not tokens
            if is_leading and piece in _PREFIX_TITLES:
                continue
            if piece in _DEGREES and raw_token.count(".") >= 1 and position > 0:
                continue
            tokens.append(piece)
    # "M. Rizki": a leading one-letter M stands for Muhammad.
    if len(tokens) > 1 and tokens[0] == "m":
        tokens[0] = "muhammad"
    tokens = ["muhammad" if t in _MUHAMMAD else modern_spelling(t) for t in tokens]
    patronym: list[str] = []
    for index, token in enumerate(tokens):
        if token in _PATRONYMIC_MARKERS and 0 < index < len(tokens) - 1:
            patronym = tokens[index + 1 :]
            tokens = tokens[:index]
            break
    if not tokens:
        return None
    return NormalisedName(tuple(tokens), tuple(patronym))


_PHONETIC_RULES = (
    ("kh", "h"),
    ("dh", "d"),
    ("th", "t"),
    ("sy", "s"),
    ("ny", "n"),
    ("ph", "f"),
    ("dz", "z"),
    ("ck", "k"),
    ("q", "k"),
    ("v", "f"),
    # Sundanese and Javanese writers swap f and p (Fitri/Pitri, Sofyan/Sopyan)
    ("f", "p"),
    ("x", "ks"),
    ("y", "i"),
    ("c", "k"),
    ("z", "j"),
)


@lru_cache(maxsize=200_000)
def phonetic_key(token: str) -> str:
    """A sound-alike key for one name token, tuned to Indonesian spelling variation.

    Rizky/Rizki/Risqi, Achmad/Ahmad/Akhmad, Fitriyani/Fitriani, Syaiful/Saiful and doubled
    letters (Muhammad/Muhamad) map to the same key.
    """
    key = modern_spelling(token.lower())
    for old, new in _PHONETIC_RULES:
        key = key.replace(old, new)
    # 'h' between or after vowels and at the end is often silent or dropped when written
    key = key[:1] + re.sub(r"h", "", key[1:])
    key = re.sub(r"(.)\1+", r"\1", key)
    # s/z before a consonant, and final k/q, drift in spelling ('Rizki'/'Riski')
    key = re.sub(r"s(?=[bcdfgjklmnpqrtvw])", "j", key)
    return key


# --- NIK -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NikInfo:
    """A NIK (Nomor Induk Kependudukan) cleaned and parsed, with what looked wrong about it."""

    nik: str | None
    district_code: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    problems: tuple[str, ...] = ()

    @property
    def is_valid(self) -> bool:
        return self.nik is not None and not self.problems


def normalise_nik(raw: str | None, *, birth_date: date | None = None) -> NikInfo:
    """Clean a NIK and parse it: 6-digit district code, birth date (women's day + 40), sex.

    Look-alike letters (O for 0, I/l for 1) are corrected and flagged; a wrong length, an unknown
    district, an impossible date or serial 0000 is flagged but the digits are kept for
    near-matching. The parsing itself is ``gugus.people.nik.parse_nik``, the one NIK parser of
    Gugus: a former district code (Papua before the 2022 split) is a known district, and a
    recorded ``birth_date`` decides the century of the two-digit year.
    """
    parsed = parse_nik(raw, birth_date=birth_date, read_letters=True)
    return NikInfo(parsed.digits, parsed.district_code, parsed.birth_date, parsed.sex, parsed.problems)


# --- phones, passports ---------------------------------------------------------------------------


# An Indonesian mobile number: 8 then 8 to 11 digits, after 0, 62 or 620 (a national 0 kept after the
# country code); phonenumbers accepts the same lengths as possible numbers.
_ID_MOBILE = re.compile(r"(?:620?|0)?8(\d{7,10})")
_ID_MOBILE_INTERNATIONAL = re.compile(r"620?8(\d{7,10})")


@lru_cache(maxsize=200_000)
def normalise_phone(raw: str | None, default_region: str = "ID") -> str | None:
    """A phone number in E.164 ('+6281234567890'), or None when it is not a possible number.

    Accepts every notation agencies use: 0812..., 62812..., +62 812..., +62 (0)812..., 0062...,
    (0812) 345-678, 812... with the zero lost in a spreadsheet, a trailing '.0' of a spreadsheet
    number, text around it ('Tel. 0812...'), and foreign numbers with their country code, with or
    without '+' or '00'. When several numbers are written in one field, the first counts.
    """
    if not raw or not str(raw).strip():
        return None
    text = re.split(r"[/;,]|\bor\b|\batau\b", str(raw).strip())[0].strip()
    text = re.sub(r"\.0$", "", text)  # a number that went through a spreadsheet as a float
    digits = re.sub(r"\D", "", text)
    if not digits:
        return None
    plus = bool(re.match(r"^[^0-9]*\+", text))
    # Most numbers are Indonesian mobiles (08..., 628..., +62 8...): read without the library,
    # which takes most of the normalisation time otherwise.
    international = plus or digits.startswith("00")
    if international:
        mobile = _ID_MOBILE_INTERNATIONAL.fullmatch(digits[2:] if digits.startswith("00") else digits)
    else:
        mobile = _ID_MOBILE.fullmatch(digits)
    if mobile:
        return "+628" + mobile.group(1)
    candidates: list[str] = []
    if plus:
        candidates.append("+" + digits)
    elif digits.startswith("00"):
        candidates.append("+" + digits[2:])
    elif digits.startswith("62") and len(digits) >= 10:
        candidates.append("+" + digits)
    elif digits.startswith("8") and 9 <= len(digits) <= 12:
        candidates.append("0" + digits)  # the leading zero lost in a spreadsheet
    else:
        candidates.append(digits)
        if not digits.startswith("0"):
            candidates.append("+" + digits)  # a foreign number written without its '+'
    possible: str | None = None
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, default_region)
        except phonenumbers.NumberParseException:
            continue
        # validity (slow) is only asked when two readings compete: national, or foreign without '+'
        if len(candidates) > 1 and phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if possible is None and phonenumbers.is_possible_number(number):
            possible = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return possible


_PASSPORT = re.compile(r"^[A-Z]{1,2}[0-9]{6,8}$")


def normalise_passport(raw: str | None) -> str | None:
    """An upper-case passport number without spaces or dashes; O read as 0 in the digit part.

    Returns None for text that cannot be a passport number (Indonesian ones are one or two
    letters and seven digits; foreign formats of the same shape are kept).
    """
    if not raw or not str(raw).strip():
        return None
    text = re.sub(r"[\s\-./]", "", str(raw)).upper()
    match = re.match(r"^([A-Z]{1,2})(.*)$", text)
    if match:
        text = match.group(1) + match.group(2).replace("O", "0").replace("I", "1")
    return text if _PASSPORT.match(text) else None


# --- birth dates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BirthDate:
    """A birth date as written: the full date when known, otherwise just the year."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str | None:
        if self.month is None or self.day is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "january", "jan"),
            ("februari", "february", "feb", "pebruari"),
            ("maret", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("agustus", "august", "agu", "aug", "agt"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nopember", "nov", "nop"),
            ("desember", "december", "des", "dec"),
        ],
        start=1,
    )
    for name in names
}


def _valid(year: int, month: int, day: int) -> BirthDate | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        date(year, month, day)
    except ValueError:
        return None
    return BirthDate(year, month, day)


@lru_cache(maxsize=200_000)
def normalise_birth_date(raw: str | None) -> BirthDate | None:
    """Parse 1990-05-17, 17-05-1990, 17/05/1990, 17.05.1990, 17 Mei 1990 or a bare year 1990."""
    if not raw or not str(raw).strip():
        return None
    text = str(raw).strip().lower()
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ].*)?", text):
        return _valid(int(match[1]), int(match[2]), int(match[3]))
    if match := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text):
        return _valid(int(match[3]), int(match[2]), int(match[1]))
    if match := re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})", text):
        month = _MONTHS.get(match[2])
        return _valid(int(match[3]), month, int(match[1])) if month else None
    if match := re.fullmatch(r"(\d{4})", text):
        year = int(match[1])
        return BirthDate(year) if 1900 <= year <= 2100 else None
    return None


# --- places --------------------------------------------------------------------------------------

_PLACE_PREFIXES = (
    (r"^(kab|kabupaten|kab adm|kabupaten administrasi)\s+", "kabupaten"),
    (r"^(kota|kodya|kotamadya|kota adm|kota administrasi|kotif)\s+", "kota"),
    (r"^(prov|provinsi|propinsi)\s+", "provinsi"),
)


@lru_cache(maxsize=50_000)
def normalise_region(raw: str | None) -> str | None:
    """A Kemendagri code for a place as written ('Kab. Indramayu', 'INDRAMAYU', 'Kota Batam', '32.12').

    Returns the regency/city code for a regency, city or district name (a district stands for
    its regency), the province code for a province, None when the place is unknown. A bare name
    shared by a regency and a city ('Bandung') means the regency.
    """
    if not raw or not str(raw).strip():
        return None
    index = region_index()
    text = str(raw).strip()
    digits = re.sub(r"\D", "", text)
    if digits and len(digits) == len(re.sub(r"[\s.]", "", text)):
        code = ".".join(digits[i : i + 2] for i in range(0, min(len(digits), 6), 2))
        region = index.by_code.get(code)
        if region is None:
            return None
        return region.parent_code if region.level == "district" else region.code
    folded = fold_place_name(text)
    for pattern, kind in _PLACE_PREFIXES:
        if match := re.match(pattern, folded):
            bare = folded[match.end() :]
            return index.by_qualified_name.get(f"{kind} {bare}") or index.by_name.get(bare)
    return index.by_name.get(folded)


# --- sex -----------------------------------------------------------------------------------------

_SEX = {
    "l": "M", "lk": "M", "laki": "M", "lakilaki": "M", "pria": "M", "m": "M", "male": "M", "man": "M",
    "p": "F", "pr": "F", "perempuan": "F", "wanita": "F", "f": "F", "female": "F", "woman": "F", "w": "F",
}


def normalise_sex(raw: str | None) -> str | None:
    """'M' or 'F' from L/P, Laki-laki/Perempuan, M/F, Male/Female; None when unknown."""
    if not raw:
        return None
    return _SEX.get(re.sub(r"[^a-z]", "", str(raw).lower()))
