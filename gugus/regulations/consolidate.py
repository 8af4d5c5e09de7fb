"""Apply amending regulations (their Pasal I) to a base text: the consolidated text.

An amending regulation lists numbered changes under Pasal I, each an instruction and, when it
writes new text, the text itself:

- "Ketentuan Pasal 6 diubah sehingga berbunyi sebagai berikut:" followed by the whole Pasal 6;
- "Di antara Pasal 11 dan Pasal 12 disisipkan 1 (satu) pasal, yakni Pasal 11A ..." followed by Pasal 11A;
- "Di antara BAB IX dan BAB X disisipkan 1 (satu) bab, yakni BAB IXA ..." followed by the chapter;
- "Pasal 14 dihapus.", "Ayat (3) Pasal 9 dihapus.", "Huruf d Pasal 3 dihapus.", "BAB VI dihapus.";
- "Ketentuan ayat (2) Pasal 5 diubah ..." followed either by the whole Pasal 5 or by "(2) ..." alone;
- "Di antara ayat (1) dan ayat (2) Pasal 9 disisipkan 1 (satu) ayat, yakni ayat (1a) ..." followed
  by the whole article or by "(1a) ..." alone; the same for huruf and angka;
- "Judul BAB V diubah sehingga berbunyi sebagai berikut:" followed by "BAB V" and the new title.

What the text restates decides the effect: a restated Pasal replaces the Pasal of that number (or
is inserted, in number order, when the base has none); a restated ayat, huruf or angka replaces or
is inserted into the provision the instruction names. Deleted provisions keep their number and
read "Dihapus.".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gugus.regulations.parser import (
    DELETED,
    DIVISION_RANK,
    Article,
    Division,
    Item,
    Regulation,
    RegulationParseError,
    _item_match,
    _Line,
    _lines,
    _structure_kind,
    chapter_number_key,
    iter_articles,
    number_key,
    parse_body,
    parse_text,
)


class AmendmentError(RegulationParseError):
    """An amending regulation that cannot be read or applied; ``line`` is in the amendment's text."""


@dataclass
class Change:
    """One numbered item of Pasal I."""

    number: int
    instruction: str
    line: int
    nodes: list[Division | Article] = field(default_factory=list)  # restated divisions and articles
    items: list[Item] = field(default_factory=list)  # restated ayat, huruf or angka
    content_lines: list[_Line] = field(default_factory=list)

    @property
    def verb(self) -> str:
        text = self.instruction.lower()
        if "disisipkan" in text or re.search(r"\bditambah(kan)?\b", text):
            return "insert"
        if "diubah" in text:
            return "replace"
        if "dihapus" in text:
            return "delete"
        return ""


@dataclass
class Amendment:
    """An amending regulation: its title and the changes of its Pasal I, in order."""

    heading: list[str]
    changes: list[Change]
    closing_articles: list[str] = field(default_factory=list)  # Pasal II and after, as text

    @property
    def title(self) -> str:
        return " ".join(self.heading)


PASAL_ROMAN_RE = re.compile(r"^Pasal\s+([IVX]+)$")
INSTRUCTION_START = re.compile(
    r"^(Ketentuan|Di antara|Diantara|Pasal|BAB|Bab|Ayat|Huruf|Angka|Judul|Penjelasan|Setelah|Sebelum|Lampiran"
    r"|Bagian|Paragraf|Ditambahkan)\b")
INSTRUCTION_VERB = re.compile(r"\b(diubah|disisipkan|dihapus|ditambah|ditambahkan)\b")
NUMBERED_RE = re.compile(r"^(\d+)\.\s+(.*)$")
REF_PASAL = re.compile(r"\bPasal\s+(\d+[A-Z]{0,2})\b")
REF_BAB = re.compile(r"\bBAB\s+([IVXLCDM]+[A-Z]?)\b", re.IGNORECASE)
REF_AYAT = re.compile(r"\bayat\s+\((\d+[a-z]?)\)", re.IGNORECASE)
REF_HURUF = re.compile(r"\bhuruf\s+([a-z]{1,2}\d?)\b", re.IGNORECASE)
REF_ANGKA = re.compile(r"\bangka\s+(\d+[a-z]?)\b", re.IGNORECASE)


def _is_instruction(text: str) -> bool:
    return bool(INSTRUCTION_START.match(text) and INSTRUCTION_VERB.search(text))


def parse_amendment(text: str) -> Amendment:
    """Read the numbered changes of an amending regulation's Pasal I."""
    lines = _lines(text)
    if not lines:
        raise AmendmentError(1, "the amendment is empty")
    start = next((index for index, line in enumerate(lines) if PASAL_ROMAN_RE.match(line.text)
                  and PASAL_ROMAN_RE.match(line.text).group(1) == "I"), None)
    if start is None:
        raise AmendmentError(lines[-1].number, "no Pasal I found: this is not an amending regulation")
    end = next((index for index in range(start + 1, len(lines)) if PASAL_ROMAN_RE.match(lines[index].text)),
               len(lines))
    heading = []
    for line in lines[:start]:
        if re.match(r"^(DENGAN RAHMAT|Menimbang)", line.text):
            break
        heading.append(line.text)
    block = lines[start + 1:end]
    changes: list[Change] = []
    current: Change | None = None
    position = 0
    while position < len(block):
        line = block[position]
        numbered = NUMBERED_RE.match(line.text)
        candidate = numbered.group(2) if numbered else None
        if numbered and int(numbered.group(1)) == len(changes) + 1 and _is_instruction(candidate):
            instruction, position = _join_instruction(block, position, candidate)
            current = Change(len(changes) + 1, instruction, line.number)
            changes.append(current)
            continue
        if current is None:
            if not changes and _is_instruction(line.text) and not _structure_kind(line.text):
                # A single change needs no number: "Ketentuan Pasal 6 dalam ... diubah sehingga ..."
                instruction, position = _join_instruction(block, position, line.text)
                current = Change(1, instruction, line.number)
                changes.append(current)
                continue
            position += 1  # "Beberapa ketentuan dalam ... diubah sebagai berikut:"
            continue
        current.content_lines.append(line)
        position += 1
    if not changes:
        raise AmendmentError(lines[start].number, "Pasal I holds no change that can be read")
    for change in changes:
        _parse_content(change)
    closing = [line.text for line in lines[end:]]
    return Amendment(heading, changes, closing)


def _join_instruction(block: list[_Line], position: int, text: str) -> tuple[str, int]:
    position += 1
    while (not text.rstrip().endswith((":", ".")) and position < len(block)
           and not _structure_kind(block[position].text) and not _item_match(block[position].text)):
        text = f"{text} {block[position].text}"
        position += 1
    return text, position


def _parse_content(change: Change) -> None:
    lines = change.content_lines
    if not lines:
        if change.verb != "delete":
            raise AmendmentError(change.line, f"change {change.number} says {change.verb or 'nothing'} "
                                              "but restates no text")
        return
    if _structure_kind(lines[0].text):
        change.nodes = parse_body(lines)
        return
    if _item_match(lines[0].text):
        article = parse_body([_Line(lines[0].number, "Pasal 0")] + lines)[0]
        change.items = article.items
        return
    raise AmendmentError(lines[0].number, f"change {change.number}: expected the restated Pasal, ayat, huruf "
                                          f"or angka, found {lines[0].text[:40]!r}")


# ---------------------------------------------------------------------------------------------
# Applying


def consolidate(base: Regulation | str, amendments: list[Amendment | str]) -> Regulation:
    """The base with each amendment applied in order."""
    regulation = parse_text(base) if isinstance(base, str) else base
    for amendment in amendments:
        regulation = apply_amendment(regulation, parse_amendment(amendment) if isinstance(amendment, str)
                                     else amendment)
    return regulation


def apply_amendment(base: Regulation, amendment: Amendment) -> Regulation:
    """A new Regulation: ``base`` with the changes of ``amendment`` applied in order."""
    result = base.copy()
    for change in amendment.changes:
        _apply(result, change)
    return result


def _apply(regulation: Regulation, change: Change) -> None:
    text = change.instruction
    if re.search(r"\bPenjelasan\b", text):
        raise AmendmentError(change.line, f"change {change.number} amends the Penjelasan, which the "
                                          "consolidator does not apply")
    if change.items:
        _apply_items(regulation, change)
    elif change.nodes:
        for node in change.nodes:
            _apply_node(regulation, change, node)
    elif change.verb == "delete":
        _apply_delete(regulation, change)
    else:
        raise AmendmentError(change.line, f"change {change.number} not understood: {text[:80]!r}")


def _fail(change: Change, message: str) -> AmendmentError:
    return AmendmentError(change.line, f"change {change.number}: {message}")


def _find_article(nodes: list, number: str) -> tuple[list, int] | None:
    for index, node in enumerate(nodes):
        if isinstance(node, Article):
            if node.number == number:
                return nodes, index
        else:
            found = _find_article(node.children, number)
            if found:
                return found
    return None


def _path_to_article(nodes: list, number: str, path: list) -> list | None:
    """The chain [(container list, index), ...] from the body down to the article."""
    for index, node in enumerate(nodes):
        if isinstance(node, Article):
            if node.number == number:
                return path + [(nodes, index)]
        else:
            found = _path_to_article(node.children, number, path + [(nodes, index)])
            if found:
                return found
    return None


def _insert_article(regulation: Regulation, change: Change, article: Article) -> None:
    earlier = [existing for existing in iter_articles(regulation.body) if existing.key < article.key]
    if earlier:
        container, index = _find_article(regulation.body, max(earlier, key=lambda a: a.key).number)
        container.insert(index + 1, article)
        return
    first = next(iter_articles(regulation.body), None)
    if first is None:
        regulation.body.append(article)
        return
    container, index = _find_article(regulation.body, first.number)
    container.insert(index, article)


def _apply_node(regulation: Regulation, change: Change, node: Division | Article) -> None:
    if isinstance(node, Article):
        found = _find_article(regulation.body, node.number)
        if found:
            container, index = found
            container[index] = node
        elif change.verb == "replace" and not re.search(r"\b(disisipkan|ditambah)", change.instruction):
            raise _fail(change, f"Pasal {node.number} is not in the text being amended")
        else:
            _insert_article(regulation, change, node)
        return
    if node.kind == "bab":
        chapters = regulation.chapters()
        existing = next((chapter for chapter in chapters if chapter.number == node.number), None)
        if existing is not None:
            if node.children:
                regulation.body[regulation.body.index(existing)] = node
            else:
                existing.title = node.title
            return
        for article in iter_articles(node.children):
            if _find_article(regulation.body, article.number):
                raise _fail(change, f"BAB {node.number} restates Pasal {article.number}, which already exists")
        key = chapter_number_key(node.number)
        earlier = [chapter for chapter in chapters if chapter_number_key(chapter.number) < key]
        if earlier:
            regulation.body.insert(regulation.body.index(earlier[-1]) + 1, node)
        elif chapters:
            regulation.body.insert(regulation.body.index(chapters[0]), node)
        else:
            regulation.body.append(node)
        return
    # A Bagian or Paragraf: placed before or after the articles around its first article.
    articles = list(iter_articles(node.children))
    if not articles:
        raise _fail(change, f"{node.heading} restates no Pasal")
    first = articles[0]
    if _find_article(regulation.body, first.number):
        path = _path_to_article(regulation.body, first.number, [])
        for container, index in path[:-1]:
            division = container[index]
            if division.kind == node.kind and division.number == node.number:
                division.title = node.title
                for article in articles:
                    _apply_node(regulation, change, article)
                return
        raise _fail(change, f"{node.heading} restates Pasal {first.number}, which stands elsewhere")
    earlier = [existing for existing in iter_articles(regulation.body) if existing.key < first.key]
    if not earlier:
        raise _fail(change, f"cannot place {node.heading}: no Pasal before it")
    path = _path_to_article(regulation.body, max(earlier, key=lambda a: a.key).number, [])
    rank = DIVISION_RANK[node.kind]
    # Insert into the deepest container held by a division of lower rank (or the body), after our branch.
    chosen = path[0]
    for depth in range(1, len(path)):
        owner_container, owner_index = path[depth - 1]
        owner = owner_container[owner_index]
        if isinstance(owner, Division) and DIVISION_RANK[owner.kind] < rank:
            chosen = path[depth]
    container, index = chosen
    container.insert(index + 1, node)


def _refs(text: str) -> dict[str, list[str]]:
    return {
        "pasal": REF_PASAL.findall(text),
        "bab": [match.upper() for match in REF_BAB.findall(text)],
        "ayat": REF_AYAT.findall(text),
        "huruf": [match.lower() for match in REF_HURUF.findall(text)],
        "angka": REF_ANGKA.findall(text),
    }


def _target_article(regulation: Regulation, change: Change, refs: dict[str, list[str]]) -> Article:
    for number in refs["pasal"]:
        found = _find_article(regulation.body, number)
        if found:
            container, index = found
            return container[index]
    if refs["pasal"]:
        raise _fail(change, f"Pasal {refs['pasal'][0]} is not in the text being amended")
    raise _fail(change, "the instruction names no Pasal")


def _find_item(items: list[Item], kind: str, label: str) -> Item | None:
    return next((item for item in items if item.kind == kind and item.label == label), None)


def _resolve_parent(article: Article, path: list[tuple[str, str]]) -> list[Item] | None:
    """The list of items under ``path`` (e.g. [("ayat", "2"), ("huruf", "c")]); tries both orders of huruf/angka."""
    orders = [path]
    kinds = [kind for kind, _label in path]
    if "huruf" in kinds and "angka" in kinds:
        swapped = sorted(path, key=lambda step: {"ayat": 0, "angka": 1, "huruf": 2}[step[0]])
        orders.append(swapped)
    for order in orders:
        items = article.items
        for kind, label in order:
            found = _find_item(items, kind, label)
            if found is None:
                break
            items = found.children
        else:
            return items
    return None


def _ordered_path(refs: dict[str, list[str]], skip_kind: str | None, skip_labels: set[str]) -> list[tuple[str, str]]:
    path = []
    for kind in ("ayat", "huruf", "angka"):
        for label in refs[kind]:
            if kind == skip_kind:
                continue
            if label not in skip_labels:
                path.append((kind, label))
                break
    return path


def _apply_items(regulation: Regulation, change: Change) -> None:
    refs = _refs(change.instruction)
    article = _target_article(regulation, change, refs)
    kind = change.items[0].kind
    path = _ordered_path(refs, kind, set())
    siblings = _resolve_parent(article, path)
    if siblings is None:
        where = " ".join(f"{step_kind} {label}" for step_kind, label in path)
        raise _fail(change, f"{where} of Pasal {article.number} is not in the text being amended")
    for item in change.items:
        existing = _find_item(siblings, item.kind, item.label)
        if existing is not None:
            siblings[siblings.index(existing)] = item
            continue
        if change.verb == "replace" and "ditambah" not in change.instruction and "disisipkan" not in change.instruction:
            raise _fail(change, f"{item.marker} of Pasal {article.number} is not in the text being amended")
        earlier = [sibling for sibling in siblings if sibling.kind == item.kind
                   and number_key(sibling.label) < number_key(item.label)]
        if earlier:
            siblings.insert(siblings.index(earlier[-1]) + 1, item)
        else:
            same = [index for index, sibling in enumerate(siblings) if sibling.kind == item.kind]
            siblings.insert(same[0] if same else len(siblings), item)


def _apply_delete(regulation: Regulation, change: Change) -> None:
    refs = _refs(change.instruction)
    if refs["bab"] and not refs["pasal"]:
        for number in refs["bab"]:
            chapter = next((chapter for chapter in regulation.chapters() if chapter.number == number), None)
            if chapter is None:
                raise _fail(change, f"BAB {number} is not in the text being amended")
            articles = list(iter_articles(chapter.children))
            for article in articles:
                article.text, article.items = DELETED, []
            chapter.title, chapter.children = DELETED, articles
        return
    if not (refs["ayat"] or refs["huruf"] or refs["angka"]):
        if not refs["pasal"]:
            raise _fail(change, "the instruction names nothing to delete")
        for number in refs["pasal"]:
            found = _find_article(regulation.body, number)
            if not found:
                raise _fail(change, f"Pasal {number} is not in the text being amended")
            container, index = found
            container[index].text, container[index].items = DELETED, []
        return
    article = _target_article(regulation, change, refs)
    # The last-named level is deleted: "huruf d Pasal 3 ayat (1)" deletes huruf d of ayat (1).
    for kind in ("angka", "huruf", "ayat"):
        if refs[kind]:
            deleted_kind = kind
            break
    if deleted_kind == "angka" and refs["huruf"] and refs["angka"]:
        deleted_kind = _innermost(article, refs)
    path = _ordered_path(refs, deleted_kind, set())
    siblings = _resolve_parent(article, path)
    if siblings is None:
        raise _fail(change, f"the provision to delete is not in Pasal {article.number}")
    for label in refs[deleted_kind]:
        item = _find_item(siblings, deleted_kind, label)
        if item is None:
            raise _fail(change, f"{deleted_kind} {label} is not in Pasal {article.number}")
        item.text, item.children = DELETED, []


def _innermost(article: Article, refs: dict[str, list[str]]) -> str:
    """With both huruf and angka named, the one nested in the other is deleted."""
    ayat = [("ayat", refs["ayat"][0])] if refs["ayat"] else []
    if _resolve_parent(article, ayat + [("huruf", refs["huruf"][0])]) is not None:
        parent = _resolve_parent(article, ayat + [("huruf", refs["huruf"][0])])
        if _find_item(parent, "angka", refs["angka"][0]):
            return "angka"
    return "huruf"
