"""Plain functions over plain values for the public portal: text that can never be markup,
phone numbers and accounts as the networks compare them, agency-name keys, follow-up codes.

No Django models here, so each is tested without a database.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata

# Angle brackets become look-alike single guillemets, so no stored text is ever markup, whoever
# renders it later (a page, an export, a PDF, an e-mail); "gaji > 10 juta" stays readable.
_MARKUP = str.maketrans({"<": "‹", ">": "›"})
# Control and format characters (bidirectional overrides, zero-width joiners) hide what text says.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}

FOLLOW_UP_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read over the phone
FOLLOW_UP_GROUPS = 5
FOLLOW_UP_GROUP_LENGTH = 5  # 25 symbols of 5 bits: 125 bits, beyond guessing


def plain_text(value, *, max_length: int, multiline: bool = True) -> str:
    """Text as stored: NFC, no markup, no invisible characters, trimmed; raises ValueError when longer
    than ``max_length`` characters."""
    text = unicodedata.normalize("NFC", str(value or ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for char in text:
        if char in "\n\t":
            kept.append(char if multiline else " ")
        elif unicodedata.category(char) not in _INVISIBLE_CATEGORIES:
            kept.append(char)
    text = "".join(kept).translate(_MARKUP)
    if multiline:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    else:
        text = " ".join(text.split())
    if len(text) > max_length:
        raise ValueError("too long")
    return text


def renders_as_markup(text: str) -> bool:
    """True if ``text`` holds something a browser would parse as a tag, comment or entity."""
    return bool(re.search(r"<[A-Za-z/!?]|&[#A-Za-z0-9]+;", text or ""))


_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def offer_link(value, *, max_length: int = 500) -> str:
    """An http(s) address as written (never a javascript: or data: one); ValueError otherwise."""
    text = plain_text(value, max_length=max_length, multiline=False)
    if not text:
        return ""
    scheme = re.match(r"^([a-z][a-z0-9+.\-]*):(?!\d)", text, re.IGNORECASE)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        raise ValueError("not a web address")
    if "://" not in text:
        text = "https://" + text
    if not _URL.match(text):
        raise ValueError("not a web address")
    return text


def split_items(value, *, max_items: int) -> list[str]:
    """Items written one per line or separated by commas/semicolons; ValueError when too many."""
    items = [" ".join(i.split()) for i in re.split(r"[\n;,]", str(value or ""))]
    items = [i for i in items if i]
    if len(items) > max_items:
        raise ValueError("too many")
    return list(dict.fromkeys(items))


_LEGAL_FORMS = {"pt", "cv", "tbk", "persero", "ltd", "inc", "co", "sdn", "bhd", "company"}


def agency_name_key(name: str) -> str:
    """Lower case, letters and digits only, legal forms (PT, CV, Tbk) dropped, old spelling modernised:
    "PT. MADJU DJAYA" and "Maju Jaya, PT" give the same key."""
    from gugus.linkage.normalise import modern_spelling

    text = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.sub(r"[^a-z0-9]+", " ", text).split() if w not in _LEGAL_FORMS]
    return " ".join(modern_spelling(w) for w in words)[:200]


def follow_up_code_new() -> str:
    """A random follow-up code such as ``7KQ2M-XH4PA-...`` (five groups of five symbols)."""
    symbols = "".join(secrets.choice(FOLLOW_UP_ALPHABET) for _ in range(FOLLOW_UP_GROUPS * FOLLOW_UP_GROUP_LENGTH))
    return "-".join(symbols[i : i + FOLLOW_UP_GROUP_LENGTH] for i in range(0, len(symbols), FOLLOW_UP_GROUP_LENGTH))


def follow_up_code_normalise(value) -> str | None:
    """The code as issued, from what a person typed (any case, spaces or dashes, O for 0 and I for 1
    are not in the alphabet); None when it cannot be a code."""
    text = re.sub(r"[\s\-_.]", "", str(value or "")).upper()[:100]
    if len(text) != FOLLOW_UP_GROUPS * FOLLOW_UP_GROUP_LENGTH or any(c not in FOLLOW_UP_ALPHABET for c in text):
        return None
    return "-".join(text[i : i + FOLLOW_UP_GROUP_LENGTH] for i in range(0, len(text), FOLLOW_UP_GROUP_LENGTH))


def follow_up_digest(code: str) -> str:
    """What is stored of a follow-up code. A plain SHA-256 suffices: the code has 125 random bits."""
    return hashlib.sha256(code.encode()).hexdigest()
