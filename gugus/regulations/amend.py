"""Write the amending regulation that turns a base text into a draft.

The result follows the standard form (UU 12/2011, Lampiran II): Pasal I lists the changes in the
order of the text, numbered, each restating the whole Pasal it touches; Pasal II puts the
regulation into force. Changes go by number, as an amendment must: an article of the draft with
a number the base lacks is inserted, one the draft marks "Dihapus." is deleted. What an amendment
cannot say (renumbering, moving an article, dropping a number) is reported in ``warnings``; those
are also reasons to revoke and replace rather than amend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gugus.regulations.parser import (
    Article,
    Division,
    Item,
    Regulation,
    chapter_number_key,
    iter_articles,
    normalised,
    render_article,
    render_division,
)

_UNITS = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def terbilang(number: int) -> str:
    """The number in Indonesian words, as written in regulations: 12 -> "dua belas"."""
    if number < 10:
        return _UNITS[number] if number else "nol"
    if number == 10:
        return "sepuluh"
    if number == 11:
        return "sebelas"
    if number < 20:
        return f"{_UNITS[number - 10]} belas"
    if number < 100:
        tens, units = divmod(number, 10)
        return f"{_UNITS[tens]} puluh" + (f" {_UNITS[units]}" if units else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        head = "seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus"
        return head + (f" {terbilang(rest)}" if rest else "")
    return str(number)


def counted(number: int, noun: str) -> str:
    """'1 (satu) pasal'."""
    return f"{number} ({terbilang(number)}) {noun}"


def join_words(parts: list[str]) -> str:
    """'a', 'a dan b', 'a, b, dan c'."""
    if len(parts) <= 1:
        return "".join(parts)
    if len(parts) == 2:
        return f"{parts[0]} dan {parts[1]}"
    return ", ".join(parts[:-1]) + f", dan {parts[-1]}"


@dataclass
class DraftChange:
    key: tuple
    instruction: str
    content: str = ""


@dataclass
class AmendmentDraft:
    """The text of the amending regulation, its changes, and what it could not express."""

    text: str
    changes: list[DraftChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class RegulationName:
    kind: str  # "Peraturan Presiden"
    number: str
    year: str
    subject: str  # title-cased

    @property
    def full(self) -> str:
        number = f" Nomor {self.number}" if self.number else ""
        year = f" Tahun {self.year}" if self.year else ""
        subject = f" tentang {self.subject}" if self.subject else ""
        return f"{self.kind}{number}{year}{subject}"


_LOWER_WORDS = {"dan", "atau", "di", "ke", "dari", "atas", "yang", "untuk", "tentang", "pada", "dalam", "serta",
                "bagi", "oleh", "dengan", "terhadap"}


def _title_case(text: str) -> str:
    words = []
    for index, word in enumerate(text.split()):
        lower = word.lower()
        if index and lower in _LOWER_WORDS:
            words.append(lower)
        else:
            words.append("-".join(part[:1].upper() + part[1:] for part in lower.split("-")))
    return " ".join(words)


ORDINALS = {1: "", 2: "Kedua", 3: "Ketiga", 4: "Keempat", 5: "Kelima", 6: "Keenam", 7: "Ketujuh",
            8: "Kedelapan", 9: "Kesembilan", 10: "Kesepuluh"}


def amendment_ordinal(previous: int) -> str:
    """The ordinal of the next amendment after ``previous`` ones: "" (the first), "Kedua", "Ketiga", ..."""
    return ORDINALS.get(previous + 1, f"Ke-{previous + 1}")


def cited_as_amended(base: RegulationName, amended_by) -> str:
    """How the base is cited once amended (Lampiran II of UU 12/2011): "... sebagaimana telah diubah
    dengan ..." after one amendment, "... sebagaimana telah beberapa kali diubah terakhir dengan ..."
    after several."""
    if not amended_by:
        return base.full
    if len(amended_by) == 1:
        return f"{base.full} sebagaimana telah diubah dengan {amended_by[0].full}"
    return f"{base.full} sebagaimana telah beberapa kali diubah terakhir dengan {amended_by[-1].full}"


def regulation_name_of_text(text: str) -> RegulationName:
    """Kind, number, year and subject from the heading of a regulation's text (an amending one too)."""

    class _Heading:
        heading = [line.strip() for line in text.splitlines() if line.strip()][:12]

    return regulation_name(_Heading())


def regulation_name(regulation: Regulation) -> RegulationName:
    """Kind, number, year and subject read from the heading of a regulation."""
    lines = []
    for line in regulation.heading:
        if line.startswith("DENGAN RAHMAT"):
            break
        lines.append(line)
    heading = " ".join(lines)
    match = re.match(r"^(.*?)\s+NOMOR\s+(\S+)\s+TAHUN\s+(\d{4})\s+TENTANG\s+(.*)$", heading, re.IGNORECASE)
    if not match:
        return RegulationName("Peraturan Presiden", "", "", _title_case(heading) if heading else "")
    kind = re.sub(r"\s+REPUBLIK INDONESIA$", "", match.group(1).strip(), flags=re.IGNORECASE)
    return RegulationName(_title_case(kind), match.group(2), match.group(3), _title_case(match.group(4)))


def _item_word(item: Item) -> str:
    if item.kind == "ayat":
        return f"ayat ({item.label})"
    return f"{item.kind} {item.label}"


def _item_text(item: Item) -> str:
    return " ".join(_render_item(item).split())


def _render_item(item: Item) -> str:
    parts = [item.marker, item.text]
    parts.extend(_render_item(child) for child in item.children)
    return " ".join(parts)


def _article_instruction(old: Article, new: Article) -> tuple[str, bool]:
    """The instruction for a changed article and whether it restates the article."""
    number = new.number
    generic = f"Ketentuan Pasal {number} diubah sehingga berbunyi sebagai berikut:"
    if old.text.split() != new.text.split() or not old.items or not new.items:
        return generic, True
    kinds = {item.kind for item in old.items} | {item.kind for item in new.items}
    if len(kinds) != 1:
        return generic, True
    kind = kinds.pop()
    noun = {"ayat": "ayat", "huruf": "huruf", "angka": "angka"}[kind]
    old_by_label = {item.label: item for item in old.items}
    new_labels = [item.label for item in new.items]
    if any(label not in new_labels for label in old_by_label):
        return generic, True  # an item vanished: not the amendment form
    changed, deleted, added = [], [], []
    for position, item in enumerate(new.items):
        previous = old_by_label.get(item.label)
        if previous is None:
            added.append(position)
        elif _item_text(previous) != _item_text(item):
            (deleted if item.deleted and not previous.deleted else changed).append(item)
    if deleted and not changed and not added:
        words = join_words([_item_word(item) for item in deleted])
        return f"Ketentuan {words} Pasal {number} dihapus.", False
    if changed and not deleted and not added:
        words = join_words([_item_word(item) for item in changed])
        return f"Ketentuan {words} Pasal {number} diubah sehingga Pasal {number} berbunyi sebagai berikut:", True
    if added and not changed and not deleted and added == list(range(added[0], added[-1] + 1)):
        inserted = [new.items[position] for position in added]
        names = join_words([_item_word(item) for item in inserted])
        amount = counted(len(inserted), noun)
        if added[-1] == len(new.items) - 1:
            return (f"Ketentuan Pasal {number} ditambah {amount}, yakni {names} sehingga Pasal {number} "
                    "berbunyi sebagai berikut:"), True
        if added[0] > 0:
            before, after = new.items[added[0] - 1], new.items[added[-1] + 1]
            return (f"Di antara {_item_word(before)} dan {_item_word(after)} Pasal {number} disisipkan {amount}, "
                    f"yakni {names} sehingga Pasal {number} berbunyi sebagai berikut:"), True
    return generic, True


def _chapter_of_articles(regulation: Regulation) -> dict[str, Division | None]:
    out: dict[str, Division | None] = {}

    def walk(nodes, chapter):
        for node in nodes:
            if isinstance(node, Article):
                out[node.number] = chapter
            else:
                walk(node.children, node if node.kind == "bab" else chapter)

    walk(regulation.body, None)
    return out


def _sub_divisions(regulation: Regulation) -> dict[tuple[str, str, str], Division]:
    """Bagian and Paragraf by (chapter number, kind, number)."""
    out = {}

    def walk(nodes, chapter):
        for node in nodes:
            if isinstance(node, Division):
                if node.kind == "bab":
                    walk(node.children, node.number)
                else:
                    out[(chapter or "", node.kind, node.number)] = node
                    walk(node.children, chapter)

    walk(regulation.body, None)
    return out


def amendment_draft(base: Regulation, draft: Regulation, *, number: str = "...", year: str = "...",
                    place: str = "Jakarta", amended_by: list[RegulationName] | tuple = ()) -> AmendmentDraft:
    """The amending regulation that, applied to ``base``, gives the batang tubuh of ``draft``.

    ``amended_by`` names the regulations that already amended ``base``, in order (for the task-force
    Perpres 69/2008: Perpres 22/2021, then Perpres 49/2023): the draft is then the next amendment,
    "Perubahan Ketiga atas ...", and cites the base "sebagaimana telah beberapa kali diubah terakhir
    dengan ..." (Lampiran II of UU 12/2011)."""
    warnings: list[str] = []
    changes: list[DraftChange] = []
    base_articles = {article.number: article for article in base.articles()}
    draft_list = draft.articles()
    draft_articles = {article.number: article for article in draft_list}
    base_chapters = {chapter.number: chapter for chapter in base.chapters()}
    draft_chapters = {chapter.number: chapter for chapter in draft.chapters()}
    base_chapter_of, draft_chapter_of = _chapter_of_articles(base), _chapter_of_articles(draft)
    handled: set[str] = set()

    def article_key(article_number: str, offset: int = 0) -> tuple:
        article = draft_articles.get(article_number) or base_articles.get(article_number)
        return (*article.key, offset)

    # Chapters: inserted, deleted, retitled.
    for chapter_number, chapter in draft_chapters.items():
        inside = list(iter_articles(chapter.children))
        old = base_chapters.get(chapter_number)
        if old is None:
            moved = [article.number for article in inside if article.number in base_articles]
            if moved:
                warnings.append(f"BAB {chapter_number} is new but holds Pasal {', '.join(moved)} of the base: "
                                "an amendment cannot move articles")
            earlier = [number for number in base_chapters if chapter_number_key(number)
                       < chapter_number_key(chapter_number)]
            later = [number for number in base_chapters if chapter_number_key(number)
                     > chapter_number_key(chapter_number)]
            if earlier and later:
                where = f"Di antara BAB {earlier[-1]} dan BAB {later[0]} disisipkan"
            elif earlier:
                where = f"Setelah BAB {earlier[-1]} ditambahkan"
            else:
                where = f"Sebelum BAB {later[0]} disisipkan" if later else "Ditambahkan"
            key = article_key(inside[0].number, -1) if inside else (10**6, "", 0)
            changes.append(DraftChange(key, f"{where} {counted(1, 'bab')}, yakni BAB {chapter_number} "
                                            "sehingga berbunyi sebagai berikut:", render_division(chapter)))
            handled.update(article.number for article in inside if article.number not in base_articles)
            continue
        first = inside[0].number if inside else None
        key = article_key(first, -1) if first else (10**6, "", -1)
        if chapter.deleted and not old.deleted:
            changes.append(DraftChange(key, f"BAB {chapter_number} dihapus."))
            for article in iter_articles(old.children):
                if article.number in draft_articles and draft_articles[article.number].deleted:
                    handled.add(article.number)
        elif " ".join(chapter.title.split()) != " ".join(old.title.split()):
            changes.append(DraftChange(key, f"Judul BAB {chapter_number} diubah sehingga berbunyi sebagai berikut:",
                                       f"BAB {chapter_number}\n{chapter.title}"))
    for chapter_number in base_chapters:
        if chapter_number not in draft_chapters:
            warnings.append(f"BAB {chapter_number} is missing from the draft: an amendment deletes a chapter "
                            f"(\"BAB {chapter_number} dihapus.\") and keeps its number")

    base_subdivisions, draft_subdivisions = _sub_divisions(base), _sub_divisions(draft)
    for key_tuple, division in draft_subdivisions.items():
        old = base_subdivisions.get(key_tuple)
        if old is None:
            warnings.append(f"{division.heading} ({division.title}) is new: restate it by hand in the amendment")
        elif " ".join(old.title.split()) != " ".join(division.title.split()):
            warnings.append(f"the title of {division.heading} changed: restate it by hand in the amendment")

    # Articles present in both, or only in the base.
    for article_number, old in base_articles.items():
        if article_number in handled:
            continue
        new = draft_articles.get(article_number)
        if new is None:
            warnings.append(f"Pasal {article_number} is missing from the draft: deleted articles keep their "
                            "number and read \"Dihapus.\"")
            changes.append(DraftChange(article_key(article_number), f"Pasal {article_number} dihapus."))
            continue
        old_chapter, new_chapter = base_chapter_of.get(article_number), draft_chapter_of.get(article_number)
        if old_chapter is not None and new_chapter is not None and old_chapter.number != new_chapter.number:
            warnings.append(f"Pasal {article_number} moved from BAB {old_chapter.number} to "
                            f"BAB {new_chapter.number}: an amendment cannot move articles")
        if normalised(old) == normalised(new):
            continue
        if new.deleted:
            changes.append(DraftChange(article_key(article_number), f"Pasal {article_number} dihapus."))
            continue
        instruction, restate = _article_instruction(old, new)
        changes.append(DraftChange(article_key(article_number), instruction,
                                   render_article(new) if restate else ""))

    # Articles only in the draft, grouped by the base articles around them.
    group: list[Article] = []

    def flush(following: Article | None):
        if not group:
            return
        position = draft_list.index(group[0])
        preceding = next((draft_list[index] for index in range(position - 1, -1, -1)
                          if draft_list[index].number in base_articles), None)
        names = join_words([f"Pasal {article.number}" for article in group])
        amount = counted(len(group), "pasal")
        if preceding is not None and following is not None:
            where = f"Di antara Pasal {preceding.number} dan Pasal {following.number} disisipkan"
        elif preceding is not None:
            where = f"Setelah Pasal {preceding.number} ditambahkan"
        elif following is not None:
            where = f"Sebelum Pasal {following.number} disisipkan"
        else:
            where = "Ditambahkan"
        content = "\n\n".join(render_article(article) for article in group)
        changes.append(DraftChange(article_key(group[0].number), f"{where} {amount}, yakni {names} "
                                   "sehingga berbunyi sebagai berikut:", content))
        group.clear()

    for article in draft_list:
        if article.number in base_articles:
            flush(article)
            continue
        if article.number in handled:
            continue
        if group and draft_chapter_of.get(group[-1].number) is not draft_chapter_of.get(article.number):
            flush(None)
        group.append(article)
    flush(None)

    changes.sort(key=lambda change: change.key)
    text = _document(base, changes, number=number, year=year, place=place, amended_by=list(amended_by))
    return AmendmentDraft(text, changes, warnings)


def _document(base: Regulation, changes: list[DraftChange], *, number: str, year: str, place: str,
              amended_by: list[RegulationName] | None = None) -> str:
    name = regulation_name(base)
    amended_by = amended_by or []
    kind_upper = name.kind.upper()
    ordinal = amendment_ordinal(len(amended_by))
    change = f"Perubahan {ordinal} atas" if ordinal else "Perubahan atas"
    cited = cited_as_amended(name, amended_by)
    subject = f"{change.upper()} {name.full.upper()}"
    lines = [
        f"{kind_upper} REPUBLIK INDONESIA",
        f"NOMOR {number} TAHUN {year}",
        "TENTANG",
        subject,
        "",
        "DENGAN RAHMAT TUHAN YANG MAHA ESA",
        "",
        "PRESIDEN REPUBLIK INDONESIA,",
        "",
        f"Menimbang : a. bahwa untuk menyesuaikan dengan perkembangan kebutuhan hukum, perlu melakukan "
        f"{change.lower()} {cited};",
        f"b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan {name.kind} "
        f"tentang {change} {name.full};",
        "",
        "Mengingat : 1. Pasal 4 ayat (1) Undang-Undang Dasar Negara Republik Indonesia Tahun 1945;",
        f"2. {cited};",
        "",
        "MEMUTUSKAN:",
        "",
        f"Menetapkan : {kind_upper} TENTANG {subject}.",
        "",
        "Pasal I",
    ]
    if changes:
        lines.append(f"Beberapa ketentuan dalam {cited} diubah sebagai berikut:")
    for index, change in enumerate(changes, start=1):
        lines.append(f"{index}. {change.instruction}")
        if change.content:
            lines.append(change.content)
        lines.append("")
    lines += [
        "Pasal II",
        f"{name.kind} ini mulai berlaku pada tanggal diundangkan.",
        "",
        f"Agar setiap orang mengetahuinya, memerintahkan pengundangan {name.kind} ini dengan penempatannya "
        "dalam Lembaran Negara Republik Indonesia.",
        "",
        f"Ditetapkan di {place}",
        "pada tanggal ...",
        "PRESIDEN REPUBLIK INDONESIA,",
        "",
    ]
    return "\n".join(lines)
