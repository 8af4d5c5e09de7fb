"""Countries (ISO 3166-1) from pycountry, with the Indonesian names people write."""

from __future__ import annotations

import functools
import gettext
import unicodedata

import pycountry


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace(",", " ").replace(".", " ").split())


@functools.lru_cache(maxsize=1)
def _indonesian() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"])
    except OSError:
        return gettext.NullTranslations()


def country_name(code: str, language: str = "en") -> str:
    """The country's common name in English or Indonesian; the code itself when unknown."""
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if country is None:
        return code
    english = getattr(country, "common_name", None) or country.name
    if language.startswith("id"):
        return _indonesian().gettext(country.name)
    return english


# Names in common Indonesian use that the ISO catalogue does not spell this way.
_EXTRA_NAMES = {
    "kamboja": "KH",
    "myanmar": "MM",
    "burma": "MM",
    "laos": "LA",
    "filipina": "PH",
    "malaysia": "MY",
    "arab saudi": "SA",
    "saudi arabia": "SA",
    "uni emirat arab": "AE",
    "uea": "AE",
    "uae": "AE",
    "taiwan": "TW",
    "korea selatan": "KR",
    "south korea": "KR",
    "hong kong": "HK",
    "thailand": "TH",
    "vietnam": "VN",
    "viet nam": "VN",
    "turki": "TR",
    "turkey": "TR",
    "jepang": "JP",
    "tiongkok": "CN",
    "china": "CN",
    "rrt": "CN",
    "singapura": "SG",
    "brunei": "BN",
    "timor leste": "TL",
    "mesir": "EG",
    "yordania": "JO",
    "irak": "IQ",
    "suriah": "SY",
    "belanda": "NL",
    "jerman": "DE",
    "inggris": "GB",
    "amerika serikat": "US",
    "as": "US",
    "usa": "US",
    "rusia": "RU",
    "iran": "IR",
}


@functools.lru_cache(maxsize=1)
def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    translation = _indonesian()
    for country in pycountry.countries:
        names = {
            country.name,
            getattr(country, "common_name", ""),
            getattr(country, "official_name", ""),
            translation.gettext(country.name),
            country.alpha_3,
        }
        for name in filter(None, names):
            index.setdefault(_fold(name), country.alpha_2)
    index.update(_EXTRA_NAMES)
    return index


def country_code(text: str) -> str | None:
    """ISO alpha-2 code for a code (KH, KHM) or a name in English or Indonesian; None if unknown."""
    if not text or not text.strip():
        return None
    raw = text.strip()
    if len(raw) == 2 and pycountry.countries.get(alpha_2=raw.upper()):
        return raw.upper()
    return _name_index().get(_fold(raw))


def country_choices(language: str = "en") -> list[tuple[str, str]]:
    """All countries as (code, name), sorted by name."""
    return sorted(((c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries), key=lambda p: p[1])
