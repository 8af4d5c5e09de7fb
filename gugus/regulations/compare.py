"""Compare a base regulation with a draft: align articles, classify, measure, give a verdict.

The method (docs/regulations-method.md) is meant to be checked by hand:

- the unit is the Pasal; a word is a whitespace-separated token of the article's text without its
  heading "Pasal N" (what a word processor counts when the article's text is selected);
- ``change_ratio_words`` (the headline figure) = the words actually changed, over the words of all
  base articles: in a changed article the words the word-level diff deletes plus those it inserts;
  all the words of a deleted article; all the words of an inserted one;
- ``change_ratio_articles`` (the second figure) = the share of articles touched: changed + deleted +
  inserted articles over the base articles;
- moved articles (same text, new number or place) count as a change of systematics, not of material;
- the systematics change when the structure itself changes: chapters reordered, removed or
  renumbered, a chapter added that is not an insertion, articles moved. An insertion made with the
  amendment technique of Lampiran II of UU 12/2011 (a chapter BAB IXA between BAB IX and BAB X, an
  article Pasal 11A) keeps the structure and is not a change of systematics;
- the verdict is ``replacement`` when the words actually changed are more than 50% of the base
  (the material, Lampiran II of UU 12/2011 No. 237) or the systematics changed, otherwise
  ``amendment``; the share of articles touched is reported beside it and never decides alone.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from gugus.regulations.parser import (
    Article,
    Division,
    Regulation,
    article_words,
    render_article_body,
)

THRESHOLD = 0.5
MATCH_SIMILARITY = 0.5  # below this a same-numbered or look-alike article is a different provision
CANDIDATE_OVERLAP = 0.3  # word-set overlap needed before the (slower) sequence similarity is computed

UNCHANGED, CHANGED, INSERTED, DELETED, MOVED = "unchanged", "changed", "inserted", "deleted", "moved"
CLASSIFICATIONS = (UNCHANGED, CHANGED, INSERTED, DELETED, MOVED)


@dataclass
class Provision:
    """One article of the base, the draft, or both, with what happened to it."""

    classification: str
    old: Article | None
    new: Article | None
    old_chapter: str | None = None
    new_chapter: str | None = None
    similarity: float = 0.0
    diff: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""

    @property
    def article(self) -> str:
        """The article's number as written: the new one, or the old one for deleted articles."""
        return self.new.number if self.new is not None else self.old.number

    @property
    def old_text(self) -> str:
        return render_article_body(self.old) if self.old is not None else ""

    @property
    def new_text(self) -> str:
        return render_article_body(self.new) if self.new is not None else ""

    @property
    def old_words(self) -> int:
        return len(article_words(self.old)) if self.old is not None else 0

    @property
    def new_words(self) -> int:
        return len(article_words(self.new)) if self.new is not None else 0

    @property
    def counted_words(self) -> int:
        """Words this provision adds to the numerator of change_ratio_words: the words actually
        changed (deleted plus inserted words of the word diff) of a changed article, all the words
        of a deleted or an inserted one."""
        if self.classification == CHANGED:
            return sum(len(text.split()) for tag, text in self.diff if tag in ("delete", "insert"))
        if self.classification == DELETED:
            return self.old_words
        if self.classification == INSERTED:
            return self.new_words
        return 0


@dataclass
class ChapterChange:
    """A change of the systematics at chapter level."""

    kind: str  # "added" | "removed" | "reordered" | "renumbered" | "retitled"
    old_number: str | None
    new_number: str | None
    old_title: str = ""
    new_title: str = ""

    @property
    def inserted_by_amendment_technique(self) -> bool:
        """A chapter inserted between two others with a capital letter (BAB IXA), as Lampiran II of
        UU 12/2011 provides for amendments: the chapters around it keep their numbers."""
        return self.kind == "added" and bool(re.fullmatch(r"[IVXLCDM]+[A-Z]", self.new_number or ""))

    @property
    def affects_systematics(self) -> bool:
        return self.kind != "retitled" and not self.inserted_by_amendment_technique

    def describe(self) -> str:
        if self.kind == "added" and self.inserted_by_amendment_technique:
            return f"BAB {self.new_number} ({self.new_title}) inserted with the amendment technique"
        if self.kind == "added":
            return f"BAB {self.new_number} ({self.new_title}) added"
        if self.kind == "removed":
            return f"BAB {self.old_number} ({self.old_title}) removed"
        if self.kind == "reordered":
            return f"BAB {self.old_number} ({self.old_title}) moved to another place in the order of chapters"
        if self.kind == "renumbered":
            return f"BAB {self.old_number} ({self.old_title}) renumbered as BAB {self.new_number}"
        return f"title of BAB {self.old_number} changed from {self.old_title!r} to {self.new_title!r}"


@dataclass
class Reason:
    code: str  # "words_over" | "words_within" | "articles_over" | "articles_within" | "systematics" | ...
    text: str


@dataclass
class Comparison:
    """Everything the comparison found, with the ratios and the verdict."""

    base: Regulation
    draft: Regulation
    provisions: list[Provision]
    chapter_changes: list[ChapterChange]
    words_base: int
    words_changed: int
    articles_base: int
    articles_changed: int
    systematics_changed: bool
    verdict: str
    reasons: list[Reason]

    @property
    def change_ratio_words(self) -> float:
        return self.words_changed / self.words_base if self.words_base else 0.0

    @property
    def change_ratio_articles(self) -> float:
        return self.articles_changed / self.articles_base if self.articles_base else 0.0

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(CLASSIFICATIONS, 0)
        for provision in self.provisions:
            counts[provision.classification] += 1
        return counts


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level difference: a list of ("equal" | "delete" | "insert", text)."""
    old_words, new_words = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(("equal", " ".join(old_words[i1:i2])))
        else:
            if i2 > i1:
                out.append(("delete", " ".join(old_words[i1:i2])))
            if j2 > j1:
                out.append(("insert", " ".join(new_words[j1:j2])))
    return out


def _similarity(old: list[str], new: list[str]) -> float:
    if not old and not new:
        return 1.0
    return difflib.SequenceMatcher(None, old, new, autojunk=False).ratio()


def _chapter_of(regulation: Regulation) -> dict[int, Division | None]:
    """Map id(article) -> its BAB (or None when the regulation has no chapters)."""
    out: dict[int, Division | None] = {}

    def walk(nodes, chapter):
        for node in nodes:
            if isinstance(node, Article):
                out[id(node)] = chapter
            else:
                walk(node.children, node if node.kind == "bab" else chapter)

    walk(regulation.body, None)
    return out


def align_articles(base: list[Article], draft: list[Article]) -> dict[int, tuple[int, float]]:
    """Pairs draft index -> (base index, similarity), by content first and number second."""
    base_words = [article_words(article) for article in base]
    draft_words = [article_words(article) for article in draft]
    base_text = [" ".join(words) for words in base_words]
    draft_text = [" ".join(words) for words in draft_words]
    pairs: dict[int, tuple[int, float]] = {}
    used: set[int] = set()

    # 1. Identical text found once on each side: the same provision, wherever it now stands.
    def unique_positions(texts, articles):
        positions: dict[str, list[int]] = {}
        for index, text in enumerate(texts):
            if not articles[index].deleted:
                positions.setdefault(text, []).append(index)
        return {text: found[0] for text, found in positions.items() if len(found) == 1}

    base_unique = unique_positions(base_text, base)
    for text, draft_index in unique_positions(draft_text, draft).items():
        if text in base_unique:
            pairs[draft_index] = (base_unique[text], 1.0)
            used.add(base_unique[text])

    # 2. Same number, similar enough (or a deletion in place, which keeps the number).
    base_by_number = {article.number: index for index, article in enumerate(base)}
    for draft_index, article in enumerate(draft):
        if draft_index in pairs:
            continue
        base_index = base_by_number.get(article.number)
        if base_index is None or base_index in used:
            continue
        similarity = _similarity(base_words[base_index], draft_words[draft_index])
        if similarity >= MATCH_SIMILARITY or article.deleted or base[base_index].deleted:
            pairs[draft_index] = (base_index, similarity)
            used.add(base_index)

    # 3. What is left: the most similar pairs, by content alone (renumbered and changed).
    free_base = [index for index in range(len(base)) if index not in used and not base[index].deleted]
    free_draft = [index for index in range(len(draft)) if index not in pairs and not draft[index].deleted]
    if free_base and free_draft:
        base_sets = {index: set(base_words[index]) for index in free_base}
        candidates = []
        for draft_index in free_draft:
            draft_set = set(draft_words[draft_index])
            for base_index in free_base:
                base_set = base_sets[base_index]
                union = len(draft_set | base_set)
                if union and len(draft_set & base_set) / union >= CANDIDATE_OVERLAP:
                    similarity = _similarity(base_words[base_index], draft_words[draft_index])
                    if similarity >= MATCH_SIMILARITY:
                        candidates.append((-similarity, abs(base_index - draft_index), draft_index, base_index))
        candidates.sort()
        for negative, _distance, draft_index, base_index in candidates:
            if draft_index in pairs or base_index in used:
                continue
            pairs[draft_index] = (base_index, -negative)
            used.add(base_index)
    return pairs


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions (in ``values``) of one longest strictly increasing subsequence."""
    import bisect

    tails: list[int] = []
    tail_positions: list[int] = []
    previous = [-1] * len(values)
    for position, value in enumerate(values):
        slot = bisect.bisect_left(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_positions.append(position)
        else:
            tails[slot] = value
            tail_positions[slot] = position
        previous[position] = tail_positions[slot - 1] if slot else -1
    keep: set[int] = set()
    position = tail_positions[-1] if tail_positions else -1
    while position != -1:
        keep.add(position)
        position = previous[position]
    return keep


def _align_chapters(base: Regulation, draft: Regulation, base_articles, draft_articles, pairs) -> list[ChapterChange]:
    base_chapters, draft_chapters = base.chapters(), draft.chapters()
    if not base_chapters and not draft_chapters:
        return []
    base_chapter_of, draft_chapter_of = _chapter_of(base), _chapter_of(draft)
    votes: dict[tuple[int, int], int] = {}
    for draft_index, (base_index, _similarity) in pairs.items():
        draft_chapter = draft_chapter_of.get(id(draft_articles[draft_index]))
        base_chapter = base_chapter_of.get(id(base_articles[base_index]))
        if draft_chapter is not None and base_chapter is not None:
            key = (id(draft_chapter), id(base_chapter))
            votes[key] = votes.get(key, 0) + 1
    title = {id(chapter): " ".join(chapter.title.lower().split()) for chapter in base_chapters + draft_chapters}
    candidates = []
    for draft_index, draft_chapter in enumerate(draft_chapters):
        for base_index, base_chapter in enumerate(base_chapters):
            score = votes.get((id(draft_chapter), id(base_chapter)), 0) * 2
            if title[id(draft_chapter)] == title[id(base_chapter)] and not draft_chapter.deleted:
                score += 3
            if draft_chapter.number == base_chapter.number:
                score += 3 if draft_chapter.deleted else 1
            if score > 1:
                candidates.append((-score, abs(draft_index - base_index), draft_index, base_index))
    candidates.sort()
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _score, _distance, draft_index, base_index in candidates:
        if draft_index in matched or base_index in used:
            continue
        matched[draft_index] = base_index
        used.add(base_index)

    changes: list[ChapterChange] = []
    order = sorted(matched)
    in_order = _longest_increasing([matched[index] for index in order])
    for position, draft_index in enumerate(order):
        old, new = base_chapters[matched[draft_index]], draft_chapters[draft_index]
        if new.deleted and not old.deleted:
            changes.append(ChapterChange("removed", old.number, new.number, old.title, new.title))
            continue
        if position not in in_order:
            changes.append(ChapterChange("reordered", old.number, new.number, old.title, new.title))
        elif old.number != new.number:
            changes.append(ChapterChange("renumbered", old.number, new.number, old.title, new.title))
        if title[id(old)] != title[id(new)]:
            changes.append(ChapterChange("retitled", old.number, new.number, old.title, new.title))
    for draft_index, chapter in enumerate(draft_chapters):
        if draft_index not in matched:
            changes.append(ChapterChange("added", None, chapter.number, "", chapter.title))
    for base_index, chapter in enumerate(base_chapters):
        if base_index not in used:
            changes.append(ChapterChange("removed", chapter.number, None, chapter.title, ""))
    return changes


def compare(base: Regulation, draft: Regulation) -> Comparison:
    """Compare the batang tubuh of ``base`` and ``draft``."""
    base_articles, draft_articles = base.articles(), draft.articles()
    pairs = align_articles(base_articles, draft_articles)
    base_chapter_of, draft_chapter_of = _chapter_of(base), _chapter_of(draft)

    def chapter_number(mapping, article):
        chapter = mapping.get(id(article))
        return chapter.number if chapter is not None else None

    chapter_changes = _align_chapters(base, draft, base_articles, draft_articles, pairs)
    renumbered_chapters = {change.old_number: change.new_number for change in chapter_changes
                           if change.old_number and change.new_number and change.kind != "retitled"}

    ordered_draft = sorted(pairs)
    in_order_positions = _longest_increasing([pairs[index][0] for index in ordered_draft])
    in_order = {ordered_draft[position] for position in in_order_positions}

    keyed: list[tuple[float, int, Provision]] = []
    matched_base_position: dict[int, int] = {}
    for draft_index, new in enumerate(draft_articles):
        new_chapter = chapter_number(draft_chapter_of, new)
        if draft_index not in pairs:
            provision = Provision(INSERTED, None, new, None, new_chapter, 0.0,
                                  [("insert", " ".join(article_words(new)))])
            keyed.append((draft_index, 0, provision))
            continue
        base_index, similarity = pairs[draft_index]
        matched_base_position[base_index] = draft_index
        old = base_articles[base_index]
        old_chapter = chapter_number(base_chapter_of, old)
        old_body, new_body = render_article_body(old), render_article_body(new)
        same_text = old_body.split() == new_body.split()
        expected_chapter = renumbered_chapters.get(old_chapter, old_chapter)
        moved = (old.number != new.number or draft_index not in in_order
                 or (old_chapter is not None and new_chapter is not None and expected_chapter != new_chapter))
        notes = []
        if old.number != new.number:
            notes.append(f"was Pasal {old.number}")
        if old_chapter != new_chapter and expected_chapter != new_chapter:
            notes.append(f"moved from BAB {old_chapter} to BAB {new_chapter}")
        elif draft_index not in in_order:
            notes.append("moved to another place")
        if same_text:
            classification = MOVED if moved else UNCHANGED
            diff = [("equal", " ".join(old_body.split()))]
        elif new.deleted and not old.deleted:
            classification = DELETED
            diff = word_diff(old_body, new_body)
        else:
            classification = CHANGED
            diff = word_diff(old_body, new_body)
        keyed.append((draft_index, 0, Provision(classification, old, new, old_chapter, new_chapter,
                                                round(similarity, 4), diff, "; ".join(notes))))
    # Deleted articles stand after the draft position of the base article that preceded them.
    last_position = -1.0
    for base_index, old in enumerate(base_articles):
        if base_index in matched_base_position:
            last_position = matched_base_position[base_index]
            continue
        classification = UNCHANGED if old.deleted else DELETED
        provision = Provision(classification, old, None, chapter_number(base_chapter_of, old), None, 0.0,
                              [("delete", " ".join(article_words(old)))], "removed" if not old.deleted else "")
        keyed.append((last_position + 0.5, base_index, provision))
    keyed.sort(key=lambda entry: (entry[0], entry[1]))
    provisions = [provision for _position, _index, provision in keyed]

    words_base = sum(len(article_words(article)) for article in base_articles)
    words_changed = sum(provision.counted_words for provision in provisions)
    articles_base = len(base_articles)
    articles_changed = sum(1 for provision in provisions if provision.classification in (CHANGED, DELETED, INSERTED))
    moved_count = sum(1 for provision in provisions if provision.classification == MOVED
                      or (provision.classification == CHANGED and provision.note))
    systematic = [change for change in chapter_changes if change.affects_systematics]
    systematics_changed = bool(systematic) or moved_count > 0

    ratio_words = words_changed / words_base if words_base else 0.0
    ratio_articles = articles_changed / articles_base if articles_base else 0.0
    reasons: list[Reason] = []
    if ratio_words > THRESHOLD:
        reasons.append(Reason("words_over", f"words actually changed (change_ratio_words): {_percent(ratio_words)} "
                                            f"of the words of the batang tubuh ({words_changed} of {words_base} "
                                            "deleted or inserted), more than 50%"))

    if systematic:
        reasons.append(Reason("systematics", "the systematics changed: "
                                             + "; ".join(change.describe() for change in systematic)))
    if moved_count:
        reasons.append(Reason("articles_moved", f"{moved_count} article(s) renumbered or moved; an amendment "
                                                "keeps the numbers and order of the base"))
    verdict = "replacement" if reasons else "amendment"
    # The share of articles touched is the second figure: reported, never decisive on its own, since
    # Lampiran II of UU 12/2011 (No. 237) measures the material changed, which the words measure.
    if ratio_articles > THRESHOLD:
        reasons.append(Reason("articles_over", f"articles touched (change_ratio_articles, second figure): "
                                               f"{articles_changed} of {articles_base} ({_percent(ratio_articles)}) "
                                               "changed, inserted or deleted, more than 50%; the material changed "
                                               "is measured by the words"))
    if verdict == "amendment":
        reasons.append(Reason("words_within", f"words actually changed (change_ratio_words): "
                                              f"{_percent(ratio_words)} of the words of the batang tubuh "
                                              f"({words_changed} of {words_base} deleted or inserted), "
                                              "not more than 50%"))
        if ratio_articles <= THRESHOLD:
            reasons.append(Reason("articles_within", f"articles touched (change_ratio_articles, second figure): "
                                                     f"{articles_changed} of {articles_base} "
                                                     f"({_percent(ratio_articles)}), not more than 50%"))
        reasons.append(Reason("systematics_kept", "the systematics (chapters and their order) did not change"))
    inserted = [change for change in chapter_changes if change.inserted_by_amendment_technique]
    if inserted:
        reasons.append(Reason("inserted_by_technique", "; ".join(change.describe() for change in inserted)
                              + " (Lampiran II of UU 12/2011): not a change of systematics"))
    reasons.append(Reason("essence", "whether the essence of the regulation changed is for the drafter to judge"))
    return Comparison(base, draft, provisions, chapter_changes, words_base, words_changed, articles_base,
                      articles_changed, systematics_changed, verdict, reasons)


def _percent(ratio: float) -> str:
    return f"{ratio * 100:.1f}%"
