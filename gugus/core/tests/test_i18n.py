"""The translation catalogues are complete: every string the code marks is translated into
Bahasa Indonesia, and the compiled catalogues match their sources.

Marked strings are found the way `makemessages` finds them: Python calls of the gettext family
(as names or attributes, with the message context of pgettext and the plural of ngettext), and
templates run through Django's own `templatize`, which understands {% translate %},
{% blocktranslate %} (with `trimmed`, `count`/`plural` and `context`), `_("...")` inside tags
and the doubling of `%` in template text."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
LANGUAGES = ["id", "en"]
PLURAL_FORMS = {"id": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}

# name -> (index of the context or None, index of the message, index of the plural or None),
# the keywords Django's makemessages passes to xgettext plus xgettext's own Python defaults.
KEYWORDS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
_LITERAL = r"""u?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
TEMPLATIZED_CALL = re.compile(
    rf"(?<![\w.])(?P<name>{'|'.join(KEYWORDS)})\(\s*(?P<args>{_LITERAL}(?:\s*,\s*{_LITERAL})*)"
)
LITERAL = re.compile(_LITERAL)
# Placeholders a translation must keep: %(name)s, %s/%d and {name}; "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%\([^)]+\)[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[sd]|\{[A-Za-z_]\w*\}")
HTML_TAG = re.compile(r"</?(?:a|abbr|b|br|code|em|i|kbd|small|span|strong|sub|sup)\b[^>]*>")
# Words that are the same in Bahasa Indonesia (or are names, codes and abbreviations).
SAME_IN_INDONESIAN = {
    "Agenda", "agenda", "Audit", "Auditor", "Bahasa Indonesia", "English", "Label", "label",
    "Media", "Modus", "modus", "NIK", "No.", "Output", "PDF", "Status", "status", "Supervisor",
    "Transit", "Unit", "unit", "CSV", "Excel (XLSX)", "Format", "format",
}  # fmt: skip

Key = tuple  # (context or None, msgid)


def _unescape(text: str) -> str:
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), "\\" + m.group(1)), text)


def parse_po(path: Path) -> tuple[dict[str, str], dict[Key, dict]]:
    """(header fields, {(msgctxt, msgid): {"plural", "msgstr": [..], "fuzzy"}})."""
    header: dict[str, str] = {}
    entries: dict[Key, dict] = {}
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = [line for line in block.splitlines() if not line.startswith(("#~", "#|"))]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        msgstr: dict[int, str] = {}
        current: str | None = None
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$', line)
            if match:
                current = match.group(1)
                value = _unescape(match.group(3))
                if current.startswith("msgstr"):
                    index = int(match.group(2) or 0)
                    msgstr[index] = value
                    current = f"msgstr{index}"
                else:
                    fields[current] = value
            elif line.startswith('"') and line.endswith('"') and current:
                value = _unescape(line[1:-1])
                if current.startswith("msgstr"):
                    msgstr[int(current[6:])] += value
                else:
                    fields[current] += value
            else:
                raise AssertionError(f"{path}: cannot read line {line!r}")
        if "msgid" not in fields:
            continue
        if fields["msgid"] == "" and "msgctxt" not in fields:
            header = dict(item.split(": ", 1) for item in msgstr.get(0, "").splitlines() if ": " in item)
            header["fuzzy"] = str(fuzzy)
            continue
        key = (fields.get("msgctxt"), fields["msgid"])
        assert key not in entries, f"{path}: duplicate entry {key!r}"
        entries[key] = {
            "plural": fields.get("msgid_plural"),
            "msgstr": [msgstr[i] for i in sorted(msgstr)],
            "fuzzy": fuzzy,
        }
    return header, entries


def _catalogue(language: str) -> tuple[dict[str, str], dict[Key, dict]]:
    return parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")


def _python_strings(tree: ast.AST):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name not in KEYWORDS:
            continue
        context_at, message_at, plural_at = KEYWORDS[name]

        def literal(index, args=node.args):
            if index is None or index >= len(args):
                return None
            arg = args[index]
            return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None

        message = literal(message_at)
        if message and (context_at is None or literal(context_at) is not None):
            yield literal(context_at), message, literal(plural_at)


def _template_strings(text: str):
    for call in TEMPLATIZED_CALL.finditer(templatize(text)):
        args = [ast.literal_eval(literal) for literal in LITERAL.findall(call.group("args"))]
        context_at, message_at, plural_at = KEYWORDS[call.group("name")]
        if message_at < len(args) and args[message_at]:
            yield (
                args[context_at] if context_at is not None else None,
                args[message_at],
                args[plural_at] if plural_at is not None and plural_at < len(args) else None,
            )


def _sources(*patterns: str):
    for pattern in patterns:
        for path in sorted(ROOT.rglob(pattern)):
            parts = path.relative_to(ROOT).parts
            if parts[0] == "locale" or any(part.startswith(".") for part in parts):
                continue
            yield path


def marked_strings() -> set[tuple[str | None, str, str | None]]:
    """(context, message, plural) of every literal string marked for translation."""
    found: set[tuple[str | None, str, str | None]] = set()
    for template in _sources("*.html", "*.txt"):
        found.update(_template_strings(template.read_text(encoding="utf-8")))
    for source in _sources("*.py"):
        if "tests" in source.parts or "migrations" in source.parts:
            continue
        found.update(_python_strings(ast.parse(source.read_text(encoding="utf-8"))))
    return found


def test_the_extractor_finds_strings_of_every_kind():
    template = (
        '{% load i18n %}{% translate "Plain" %}{% translate \'Quoted\' as x %}{% translate "50%" %}'
        '{% translate "Menu" context "nav" %}{% cycle _("Mon") _("Tue") %}'
        "{% blocktranslate with n=v %}Hello {{ n }}{% endblocktranslate %}"
        "{% blocktranslate trimmed %}\n  One\n  two\n{% endblocktranslate %}"
        "{% blocktranslate count counter=v|length %}{{ counter }} item{% plural %}{{ counter }} items"
        "{% endblocktranslate %}"
    )
    assert set(_template_strings(template)) == {
        (None, "Plain", None),
        (None, "Quoted", None),
        (None, "50%%", None),
        ("nav", "Menu", None),
        (None, "Mon", None),
        (None, "Tue", None),
        (None, "Hello %(n)s", None),
        (None, "One two", None),
        (None, "%(counter)s item", "%(counter)s items"),
    }
    code = (
        'from django.utils import translation\n_("a" "b"); gettext_lazy("c"); translation.gettext("d")\n'
        'ngettext("e", "es", n); pgettext("ctx", "f"); npgettext_lazy("ctx", "g", "gs", n); _(name)\n'
    )
    assert set(_python_strings(ast.parse(code))) == {
        (None, "ab", None),
        (None, "c", None),
        (None, "d", None),
        (None, "e", "es"),
        ("ctx", "f", None),
        ("ctx", "g", "gs"),
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header(language):
    header, _entries = _catalogue(language)
    assert header.get("Language") == language
    assert header.get("Plural-Forms") == PLURAL_FORMS[language]
    assert header.get("Content-Type") == "text/plain; charset=UTF-8"
    assert header.get("fuzzy") == "False", "the header is marked fuzzy"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entries(language):
    _header, entries = _catalogue(language)
    assert entries, "empty catalogue"
    untranslated = sorted(k[1] for k, v in entries.items() if v["fuzzy"] or not v["msgstr"] or not all(v["msgstr"]))
    assert untranslated == []
    nplurals = int(re.match(r"nplurals=(\d+)", PLURAL_FORMS[language]).group(1))
    wrong_forms = sorted(k[1] for k, v in entries.items() if v["plural"] and len(v["msgstr"]) != nplurals)
    assert wrong_forms == [], f"plural entries need exactly {nplurals} msgstr"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_markup(language):
    _header, entries = _catalogue(language)

    def marks(text: str) -> set[str]:
        text = text.replace("%%", "")
        return set(PLACEHOLDER.findall(text)) | set(HTML_TAG.findall(text))

    broken = []
    for (_context, msgid), entry in entries.items():
        if entry["plural"]:
            # Every form uses only what the source uses; the last ("other") form has all of the plural's.
            allowed = marks(msgid) | marks(entry["plural"])
            if any(not marks(form) <= allowed for form in entry["msgstr"]) or (
                entry["msgstr"] and marks(entry["msgstr"][-1]) != marks(entry["plural"])
            ):
                broken.append(msgid)
        elif any(marks(form) != marks(msgid) for form in entry["msgstr"]):
            broken.append(msgid)
    assert broken == []


def test_indonesian_is_not_a_copy_of_the_english():
    _header, entries = _catalogue("id")
    copies = sorted(k[1] for k, v in entries.items() if k[1] in v["msgstr"] and k[1] not in SAME_IN_INDONESIAN)
    assert copies == [], "translate these, or add true Indonesian homographs to SAME_IN_INDONESIAN"


def test_english_catalogue_is_the_source_text():
    _header, entries = _catalogue("en")
    wrong = sorted(k[1] for k, v in entries.items() if v["msgstr"] != ([k[1], v["plural"]] if v["plural"] else [k[1]]))
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_is_in_the_catalogue(language):
    _header, entries = _catalogue(language)
    missing = sorted(
        (context or "", message, plural or "")
        for context, message, plural in marked_strings()
        if (context, message) not in entries or entries[(context, message)]["plural"] != plural
    )
    assert missing == [], "run `make messages` and translate the new strings"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    _header, entries = parse_po(po)
    with open(po.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for (context, msgid), entry in entries.items():
        if entry["plural"]:
            for n in (0, 1, 2, 5, 11, 21, 101):
                index = compiled.plural(n)
                got = (
                    compiled.npgettext(context, msgid, entry["plural"], n)
                    if context is not None
                    else compiled.ngettext(msgid, entry["plural"], n)
                )
                if index >= len(entry["msgstr"]) or got != entry["msgstr"][index]:
                    stale.append(msgid)
                    break
        else:
            got = compiled.pgettext(context, msgid) if context is not None else compiled.gettext(msgid)
            if got != entry["msgstr"][0]:
                stale.append(msgid)
    assert stale == [], "run `make messages` to recompile"
