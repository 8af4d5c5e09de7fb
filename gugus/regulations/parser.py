"""Parse Indonesian regulation text into its structure, and render it back.

The parser reads one provision per line (as in DOCX paragraphs or typed text); indentation is
ignored and a line that starts no new provision continues the one before it. The structure:
title, Menimbang, Mengingat (and Memperhatikan), MEMUTUSKAN / Menetapkan, the batang tubuh
(BAB, Bagian, Paragraf, Pasal, ayat, huruf, angka), the closing (Ditetapkan di ...) and the
Penjelasan. Inserted numbers (Pasal 11A, ayat (1a), BAB IXA) and deleted items ("Dihapus.")
are ordinary provisions here.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

DELETED = "Dihapus."


class RegulationParseError(ValueError):
    """The text cannot be read as a regulation; ``line`` is where parsing stopped (1-based)."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass
class Item:
    """An ayat, huruf or angka (or an unlabelled paragraph of the preamble)."""

    kind: str  # "ayat" | "huruf" | "angka" | "text"
    label: str  # "1a" for ayat (1a), "c" for huruf c., "2" for angka 2.
    text: str
    children: list[Item] = field(default_factory=list)
    line: int = 0

    @property
    def marker(self) -> str:
        if self.kind == "ayat":
            return f"({self.label})"
        if self.kind in ("huruf", "angka"):
            return f"{self.label}."
        return ""

    @property
    def deleted(self) -> bool:
        return not self.children and _is_deleted_text(self.text)


@dataclass
class Article:
    """A Pasal: its number as written ("11A"), the text before its first item, and its items."""

    number: str
    text: str = ""
    items: list[Item] = field(default_factory=list)
    line: int = 0

    @property
    def deleted(self) -> bool:
        return not self.items and _is_deleted_text(self.text)

    @property
    def key(self) -> tuple[int, str]:
        return number_key(self.number)


@dataclass
class Division:
    """A BAB, Bagian or Paragraf with its title and what it holds."""

    kind: str  # "bab" | "bagian" | "paragraf"
    number: str  # "IXA", "Kesatu", "2"
    title: str
    children: list[Division | Article] = field(default_factory=list)
    line: int = 0

    @property
    def heading(self) -> str:
        return f"{DIVISION_WORDS[self.kind]} {self.number}"

    @property
    def deleted(self) -> bool:
        return _is_deleted_text(self.title)


@dataclass
class Regulation:
    """A whole regulation as parsed."""

    heading: list[str] = field(default_factory=list)
    considerations: list[Item] = field(default_factory=list)  # Menimbang
    legal_basis: list[Item] = field(default_factory=list)  # Mengingat
    observing: list[Item] = field(default_factory=list)  # Memperhatikan
    decision: str = ""  # Menetapkan
    body: list[Division | Article] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    elucidation_heading: list[str] = field(default_factory=list)
    elucidation_general: list[str] = field(default_factory=list)
    elucidation_articles: list[tuple[str, str]] = field(default_factory=list)
    has_elucidation: bool = False

    @property
    def title(self) -> str:
        """The heading up to "DENGAN RAHMAT TUHAN YANG MAHA ESA"."""
        lines = []
        for line in self.heading:
            if line.startswith("DENGAN RAHMAT"):
                break
            lines.append(line)
        return " ".join(lines)

    def articles(self) -> list[Article]:
        """Every Pasal of the batang tubuh, in order."""
        return list(iter_articles(self.body))

    def chapters(self) -> list[Division]:
        return [node for node in self.body if isinstance(node, Division) and node.kind == "bab"]

    def copy(self) -> Regulation:
        return copy.deepcopy(self)


DIVISION_WORDS = {"bab": "BAB", "bagian": "Bagian", "paragraf": "Paragraf"}
DIVISION_RANK = {"bab": 0, "bagian": 1, "paragraf": 2}

ROMAN = r"[IVXLCDM]+"
BAB_RE = re.compile(rf"^BAB\s+({ROMAN}[A-Z]?)$")
BAGIAN_RE = re.compile(r"^Bagian\s+(Ke[a-z]+(?:\s?[A-Z])?)$")
PARAGRAF_RE = re.compile(r"^Paragraf\s+(\d+[A-Z]?)$")
PASAL_RE = re.compile(r"^Pasal\s+(\d+[A-Z]{0,2})$")
AYAT_RE = re.compile(r"^\((\d+[a-z]?)\)\s*(.*)$")
HURUF_RE = re.compile(r"^([a-z]|[a-z]\d|([a-z])\2)\.\s+(.*)$")
ANGKA_RE = re.compile(r"^(\d+[a-z]?)\.\s+(.*)$")
PREAMBLE_RE = re.compile(r"^(Menimbang|Mengingat|Memperhatikan)\s*:?\s*(.*)$")
DECIDE_RE = re.compile(r"^MEMUTUSKAN\s*:?$")
ESTABLISH_RE = re.compile(r"^Menetapkan\s*:?\s*(.*)$")
CLOSING_RE = re.compile(r"^(Ditetapkan di|Agar setiap orang mengetahuinya)")
ELUCIDATION_RE = re.compile(r"^PENJELASAN\b")
PAGE_NUMBER_RE = re.compile(r"^-\s*\d+\s*-$")

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def _is_deleted_text(text: str) -> bool:
    return " ".join(text.split()).lower() in ("dihapus.", "dihapus")


def roman_to_int(roman: str) -> int:
    """Value of a Roman numeral (IX -> 9)."""
    total = 0
    for index, char in enumerate(roman):
        value = _ROMAN_VALUES[char]
        if index + 1 < len(roman) and _ROMAN_VALUES[roman[index + 1]] > value:
            total -= value
        else:
            total += value
    return total


def int_to_roman(value: int) -> str:
    """Roman numeral of ``value`` (9 -> IX)."""
    pairs = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
             (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for number, letters in pairs:
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def number_key(number: str) -> tuple[int, str]:
    """Sort key of an article, ayat or angka number: "11A" -> (11, "A"), "1a" -> (1, "A")."""
    match = re.fullmatch(r"(\d+)([A-Za-z]*)", number)
    if match:
        return int(match.group(1)), match.group(2).upper()
    return chapter_number_key(number)


def chapter_number_key(number: str) -> tuple[int, str]:
    """Sort key of a BAB number; "IXA" -> (9, "A")."""
    match = re.fullmatch(rf"({ROMAN})([A-Z]?)", number)
    if not match:
        return 0, number
    roman, suffix = match.groups()
    # A trailing numeral letter (I, V, X, ...) belongs to the numeral: "XI" is 11, not X + I.
    if suffix and suffix in _ROMAN_VALUES:
        return roman_to_int(number), ""
    return roman_to_int(roman), suffix


def iter_articles(nodes):
    for node in nodes:
        if isinstance(node, Article):
            yield node
        else:
            yield from iter_articles(node.children)


def iter_divisions(nodes):
    for node in nodes:
        if isinstance(node, Division):
            yield node
            yield from iter_divisions(node.children)


# ---------------------------------------------------------------------------------------------
# Reading files


def read_document(path: str | Path) -> str:
    """The text of a .txt, .docx or .pdf file, one paragraph per line."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        lines = []
        for paragraph in document.paragraphs:
            lines.extend(paragraph.text.split("\n"))
        return "\n".join(lines)
    if suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        pages = []
        for index, page in enumerate(reader.pages):
            lines = (page.extract_text() or "").splitlines()
            pages.extend(_strip_page_furniture(lines, first_page=index == 0))
        text = "\n".join(pages)
        if not text.strip():
            raise RegulationParseError(1, f"{path.name}: the PDF holds no extractable text (a scan?)")
        return text
    return path.read_text(encoding="utf-8-sig")


def _strip_page_furniture(lines: list[str], *, first_page: bool) -> list[str]:
    """Drop page numbers, running heads and the catchwords ("(2) Dalam . . .") of printed pages."""
    kept = []
    for position, raw in enumerate(lines):
        line = raw.strip()
        if PAGE_NUMBER_RE.match(line) or line.endswith(". . .") or line.endswith("..."):
            continue
        if not first_page and position < 3 and line in ("PRESIDEN", "REPUBLIK INDONESIA",
                                                          "PRESIDEN REPUBLIK INDONESIA"):
            continue
        kept.append(raw)
    return kept


def parse_file(path: str | Path) -> Regulation:
    """Parse a regulation from a .txt, .docx or .pdf file."""
    return parse_text(read_document(path))


# ---------------------------------------------------------------------------------------------
# Parsing


@dataclass
class _Line:
    number: int
    text: str


def _lines(text: str) -> list[_Line]:
    out = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line = " ".join(raw.replace("\u00a0", " ").replace("\t", " ").split())
        if line:
            out.append(_Line(number, line))
    return out


def _structure_kind(text: str) -> str | None:
    if BAB_RE.match(text):
        return "bab"
    if BAGIAN_RE.match(text):
        return "bagian"
    if PARAGRAF_RE.match(text):
        return "paragraf"
    if PASAL_RE.match(text):
        return "pasal"
    return None


def _item_match(text: str) -> tuple[str, str, str] | None:
    if match := AYAT_RE.match(text):
        return "ayat", match.group(1), match.group(2)
    if match := HURUF_RE.match(text):
        return "huruf", match.group(1), match.group(3)
    if match := ANGKA_RE.match(text):
        return "angka", match.group(1), match.group(2)
    return None


def parse_text(text: str) -> Regulation:
    """Parse a whole regulation; raise RegulationParseError naming the line where parsing stopped."""
    lines = _lines(text)
    if not lines:
        raise RegulationParseError(1, "the text is empty")
    regulation = Regulation()
    position = 0

    # Title: everything before the first Menimbang, MEMUTUSKAN or structural heading.
    while position < len(lines):
        line = lines[position].text
        if PREAMBLE_RE.match(line) or DECIDE_RE.match(line) or ESTABLISH_RE.match(line) or _structure_kind(line):
            break
        if _item_match(line) and regulation.heading:
            raise RegulationParseError(lines[position].number,
                                       f"{line[:40]!r} appears before any Pasal or Menimbang")
        regulation.heading.append(line)
        position += 1

    position = _parse_preamble(lines, position, regulation)
    body_end = len(lines)
    for index in range(position, len(lines)):
        if CLOSING_RE.match(lines[index].text) or ELUCIDATION_RE.match(lines[index].text):
            body_end = index
            break
    regulation.body = parse_body(lines[position:body_end])
    if not any(True for _ in iter_articles(regulation.body)):
        last = lines[body_end - 1].number if body_end else lines[-1].number
        raise RegulationParseError(last, "no article (Pasal) found: the batang tubuh must have at least one Pasal")
    _check_numbering(regulation.body)

    position = body_end
    while position < len(lines) and not ELUCIDATION_RE.match(lines[position].text):
        regulation.closing.append(lines[position].text)
        position += 1
    if position < len(lines):
        _parse_elucidation(lines[position:], regulation)
    return regulation


def _parse_preamble(lines: list[_Line], position: int, regulation: Regulation) -> int:
    current: list[Item] | None = None
    while position < len(lines):
        line = lines[position]
        if _structure_kind(line.text):
            return position
        if match := PREAMBLE_RE.match(line.text):
            current = {"Menimbang": regulation.considerations, "Mengingat": regulation.legal_basis,
                       "Memperhatikan": regulation.observing}[match.group(1)]
            rest = match.group(2)
            if rest:
                _add_preamble_line(current, rest, line.number)
        elif DECIDE_RE.match(line.text):
            current = None
        elif match := ESTABLISH_RE.match(line.text):
            current = None
            regulation.decision = match.group(1)
            position += 1
            while position < len(lines) and not _structure_kind(lines[position].text):
                text = lines[position].text
                if _item_match(text) or CLOSING_RE.match(text):
                    raise RegulationParseError(lines[position].number,
                                               f"{text[:40]!r} appears after Menetapkan and before any Pasal")
                regulation.decision = f"{regulation.decision} {text}".strip()
                position += 1
            return position
        elif current is not None:
            _add_preamble_line(current, line.text, line.number)
        else:
            raise RegulationParseError(line.number, f"unexpected text {line.text[:40]!r} in the preamble")
        position += 1
    return position


def _add_preamble_line(items: list[Item], text: str, number: int) -> None:
    match = _item_match(text)
    if match and match[0] in ("huruf", "angka"):
        items.append(Item(match[0], match[1], match[2], line=number))
    elif items:
        items[-1].text = f"{items[-1].text}\n{text}"
    else:
        items.append(Item("text", "", text, line=number))


def parse_body(lines: list[_Line]) -> list[Division | Article]:
    """Parse lines of a batang tubuh (or a block quoted in an amendment) into divisions and articles."""
    body: list[Division | Article] = []
    stack: list[Division] = []  # open divisions, outermost first
    article: Article | None = None
    items: list[Item] = []  # open items of the current article, outermost first
    position = 0
    while position < len(lines):
        line = lines[position]
        kind = _structure_kind(line.text)
        if kind in DIVISION_RANK:
            if article is not None:
                _finish_article(article)
            article, items = None, []
            number = (BAB_RE.match(line.text) or BAGIAN_RE.match(line.text) or PARAGRAF_RE.match(line.text)).group(1)
            division = Division(kind, number, "", line=line.number)
            position += 1
            title: list[str] = []
            while position < len(lines) and not _structure_kind(lines[position].text):
                text = lines[position].text
                if _item_match(text) and not _is_deleted_text(text):
                    raise RegulationParseError(
                        lines[position].number, f"{text[:40]!r} appears under {division.heading} before any Pasal")
                if title and kind != "bab":
                    raise RegulationParseError(
                        lines[position].number,
                        f"text {text[:40]!r} after the title of {division.heading} and before any Pasal")
                if title and text.upper() != text:
                    raise RegulationParseError(
                        lines[position].number,
                        f"text {text[:40]!r} after the title of {division.heading} and before any Pasal")
                title.append(text)
                position += 1
            if not title:
                raise RegulationParseError(line.number, f"{division.heading} has no title")
            division.title = " ".join(title)
            rank = DIVISION_RANK[kind]
            while stack and DIVISION_RANK[stack[-1].kind] >= rank:
                stack.pop()
            (stack[-1].children if stack else body).append(division)
            stack.append(division)
            continue
        if kind == "pasal":
            if article is not None:
                _finish_article(article)
            article = Article(PASAL_RE.match(line.text).group(1), line=line.number)
            items = []
            (stack[-1].children if stack else body).append(article)
            position += 1
            continue
        if article is None:
            raise RegulationParseError(line.number, f"{line.text[:40]!r} appears outside any Pasal")
        match = _item_match(line.text)
        if match:
            item_kind, label, text = match
            item = Item(item_kind, label, text, line=line.number)
            if item_kind == "ayat":
                items = []
            else:
                same = [index for index, open_item in enumerate(items) if open_item.kind == item_kind]
                if same:
                    del items[same[-1]:]
            siblings = items[-1].children if items else article.items
            if any(sibling.kind == item_kind and sibling.label == label for sibling in siblings):
                raise RegulationParseError(line.number,
                                           f"{item.marker} appears twice in Pasal {article.number}")
            siblings.append(item)
            items.append(item)
        elif items:
            items[-1].text = f"{items[-1].text}\n{line.text}" if items[-1].text else line.text
        elif article.items:
            article.items[-1].text = f"{article.items[-1].text}\n{line.text}"
        else:
            article.text = f"{article.text}\n{line.text}" if article.text else line.text
        position += 1
    if article is not None:
        _finish_article(article)
    return body


def _finish_article(article: Article) -> None:
    if not article.text and not article.items:
        raise RegulationParseError(article.line, f"Pasal {article.number} has no text")


def _check_numbering(body: list[Division | Article]) -> None:
    seen: dict[str, int] = {}
    previous: Article | None = None
    for article in iter_articles(body):
        if article.number in seen:
            raise RegulationParseError(
                article.line, f"Pasal {article.number} appears twice (first at line {seen[article.number]})")
        if previous is not None and article.key <= previous.key:
            raise RegulationParseError(
                article.line, f"Pasal {article.number} follows Pasal {previous.number}: numbers must increase")
        seen[article.number] = article.line
        previous = article
    chapters: dict[str, int] = {}
    for division in iter_divisions(body):
        if division.kind == "bab":
            if division.number in chapters:
                raise RegulationParseError(
                    division.line,
                    f"BAB {division.number} appears twice (first at line {chapters[division.number]})")
            chapters[division.number] = division.line


def _parse_elucidation(lines: list[_Line], regulation: Regulation) -> None:
    regulation.has_elucidation = True
    position = 0
    while position < len(lines):
        text = lines[position].text
        if re.match(r"^I\.\s*UMUM$", text):
            regulation.elucidation_general.append(text)
            position += 1
            break
        if PASAL_RE.match(text) or re.match(r"^II\.\s*PASAL DEMI PASAL$", text):
            break
        regulation.elucidation_heading.append(text)
        position += 1
    while position < len(lines):
        text = lines[position].text
        if PASAL_RE.match(text):
            break
        regulation.elucidation_general.append(text)
        position += 1
    current: list | None = None
    while position < len(lines):
        text = lines[position].text
        if match := PASAL_RE.match(text):
            current = [match.group(1), ""]
            regulation.elucidation_articles.append(current)
        elif current is not None:
            current[1] = f"{current[1]}\n{text}" if current[1] else text
        position += 1
    regulation.elucidation_articles = [(number, text) for number, text in regulation.elucidation_articles]


# ---------------------------------------------------------------------------------------------
# Rendering


def render_items(items: list[Item], depth: int = 0, indent: str = "    ") -> list[str]:
    out = []
    for item in items:
        text_lines = item.text.split("\n") if item.text else [""]
        first = f"{item.marker} {text_lines[0]}".strip() if item.marker else text_lines[0]
        out.append(indent * depth + first)
        out.extend(indent * depth + line for line in text_lines[1:])
        out.extend(render_items(item.children, depth + 1, indent))
    return out


def render_article_body(article: Article) -> str:
    """The text of a Pasal without its heading, one provision per line."""
    lines = article.text.split("\n") if article.text else []
    lines.extend(render_items(article.items))
    return "\n".join(lines)


def render_article(article: Article) -> str:
    return f"Pasal {article.number}\n{render_article_body(article)}"


def render_division(division: Division) -> str:
    return "\n\n".join(render_nodes([division]))


def render_nodes(nodes: list[Division | Article]) -> list[str]:
    """Blocks (separated by blank lines when joined) of a batang tubuh."""
    blocks = []
    for node in nodes:
        if isinstance(node, Article):
            blocks.append(render_article(node))
        else:
            blocks.append(f"{node.heading}\n{node.title}")
            blocks.extend(render_nodes(node.children))
    return blocks


def render_body(regulation: Regulation) -> str:
    return "\n\n".join(render_nodes(regulation.body)) + "\n"


def render(regulation: Regulation) -> str:
    """The whole regulation as text that ``parse_text`` reads back to the same structure."""
    blocks: list[str] = []
    if regulation.heading:
        blocks.append("\n".join(regulation.heading))
    for word, items in (("Menimbang", regulation.considerations), ("Mengingat", regulation.legal_basis),
                        ("Memperhatikan", regulation.observing)):
        if items:
            blocks.append(f"{word}:\n" + "\n".join(render_items(items)))
    if regulation.decision:
        blocks.append("MEMUTUSKAN:")
        blocks.append(f"Menetapkan: {regulation.decision}")
    blocks.extend(render_nodes(regulation.body))
    if regulation.closing:
        blocks.append("\n".join(regulation.closing))
    if regulation.has_elucidation:
        blocks.append("\n".join(regulation.elucidation_heading))
        if regulation.elucidation_general:
            blocks.append("\n".join(regulation.elucidation_general))
        for number, text in regulation.elucidation_articles:
            blocks.append(f"Pasal {number}\n{text}")
    return "\n\n".join(block for block in blocks if block) + "\n"


def article_words(article: Article) -> list[str]:
    """The words of a Pasal as a word processor counts them: whitespace-separated, heading excluded."""
    return render_article_body(article).split()


def normalised(article: Article) -> str:
    return " ".join(article_words(article))
