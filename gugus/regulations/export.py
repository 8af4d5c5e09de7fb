"""Outputs of a comparison: the JSON report, a text summary, and the change matrix as XLSX and DOCX.

The change matrix (matriks perubahan) is a drafting document in Indonesian: one row per changed
provision with the old provision (ketentuan lama), the new one (ketentuan baru) and a remark
(keterangan).
"""

from __future__ import annotations

import io
import json

from gugus.core.spreadsheets import xlsx_append
from gugus.regulations.compare import CHANGED, DELETED, INSERTED, MOVED, UNCHANGED, Comparison, Provision
from gugus.regulations.parser import render_article

MATRIX_HEADERS = ["No.", "Ketentuan Lama", "Ketentuan Baru", "Keterangan"]
_CHAPTER_REMARKS = {
    "added": "BAB ditambahkan",
    "removed": "BAB dihapus",
    "reordered": "Urutan BAB diubah",
    "renumbered": "Nomor BAB diubah",
    "retitled": "Judul BAB diubah",
}


def report(comparison: Comparison) -> dict:
    """The comparison as plain data (the JSON report)."""
    return {
        "base": {"title": comparison.base.title, "articles": comparison.articles_base,
                 "words": comparison.words_base},
        "draft": {"title": comparison.draft.title, "articles": len(comparison.draft.articles())},
        "change_ratio_words": round(comparison.change_ratio_words, 4),
        "change_ratio_articles": round(comparison.change_ratio_articles, 4),
        "measures": {
            "change_ratio_words": "headline: words actually changed (deleted plus inserted words of the word-level "
                                  "diff; all words of deleted and inserted articles) over the words of the base; "
                                  "decides the verdict with the systematics",
            "change_ratio_articles": "second figure: share of the base's articles touched (changed, inserted or "
                                     "deleted); reported, never decisive alone",
        },
        "words_changed": comparison.words_changed,
        "words_base": comparison.words_base,
        "articles_changed": comparison.articles_changed,
        "articles_base": comparison.articles_base,
        "threshold": 0.5,
        "systematics_changed": comparison.systematics_changed,
        "systematics": [
            {"kind": change.kind, "old_number": change.old_number, "new_number": change.new_number,
             "old_title": change.old_title, "new_title": change.new_title, "description": change.describe()}
            for change in comparison.chapter_changes
        ],
        "verdict": comparison.verdict,
        "reasons": [{"code": reason.code, "text": reason.text} for reason in comparison.reasons],
        "counts": comparison.counts(),
        "provisions": [_provision(provision) for provision in comparison.provisions],
    }


def _provision(provision: Provision) -> dict:
    return {
        "article": provision.article,
        "old_article": provision.old.number if provision.old is not None else None,
        "new_article": provision.new.number if provision.new is not None else None,
        "classification": provision.classification,
        "old_chapter": provision.old_chapter,
        "new_chapter": provision.new_chapter,
        "similarity": provision.similarity,
        "words_counted": provision.counted_words,
        "old_text": provision.old_text,
        "new_text": provision.new_text,
        "diff": [{"op": op, "text": text} for op, text in provision.diff] if provision.classification == CHANGED
        else [],
        "note": provision.note,
    }


def to_json(comparison: Comparison) -> str:
    return json.dumps(report(comparison), ensure_ascii=False, indent=2) + "\n"


def remark(provision: Provision) -> str:
    """The keterangan of a provision in the change matrix."""
    words = {CHANGED: "Diubah", INSERTED: "Disisipkan", DELETED: "Dihapus", MOVED: "Dipindahkan",
             UNCHANGED: "Tetap"}
    parts = [words[provision.classification]]
    if provision.old is not None and provision.new is not None and provision.old.number != provision.new.number:
        parts.append(f"semula Pasal {provision.old.number}")
    if (provision.old_chapter and provision.new_chapter and provision.old_chapter != provision.new_chapter
            and provision.classification in (MOVED, CHANGED) and "BAB" in provision.note):
        parts.append(f"dari BAB {provision.old_chapter} ke BAB {provision.new_chapter}")
    return "; ".join(parts)


def matrix_rows(comparison: Comparison) -> list[tuple[str, str, str]]:
    """(ketentuan lama, ketentuan baru, keterangan) for every change of systematics and provision."""
    rows = []
    for change in comparison.chapter_changes:
        old = f"BAB {change.old_number}\n{change.old_title}" if change.old_number else "-"
        new = f"BAB {change.new_number}\n{change.new_title}" if change.new_number else "-"
        rows.append((old, new, _CHAPTER_REMARKS[change.kind]))
    for provision in comparison.provisions:
        if provision.classification == UNCHANGED:
            continue
        old = render_article(provision.old) if provision.old is not None else "-"
        new = render_article(provision.new) if provision.new is not None else "-"
        rows.append((old, new, remark(provision)))
    return rows


def summary_rows(comparison: Comparison) -> list[tuple[str, str]]:
    verdict = {"amendment": "Perubahan", "replacement": "Pencabutan dan penggantian"}[comparison.verdict]
    return [
        ("Kata yang benar-benar berubah (dihapus atau disisipkan)", str(comparison.words_changed)),
        ("Kata batang tubuh naskah dasar", str(comparison.words_base)),
        ("Rasio perubahan (kata, angka utama)", f"{comparison.change_ratio_words * 100:.1f}%"),
        ("Pasal yang tersentuh perubahan", str(comparison.articles_changed)),
        ("Pasal naskah dasar", str(comparison.articles_base)),
        ("Rasio pasal tersentuh (angka kedua)", f"{comparison.change_ratio_articles * 100:.1f}%"),
        ("Sistematika berubah", "Ya" if comparison.systematics_changed else "Tidak"),
        ("Kesimpulan", verdict),
    ]


def matrix_xlsx(comparison: Comparison) -> bytes:
    """The change matrix as an XLSX workbook (sheets "Matriks Perubahan" and "Ringkasan")."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Matriks Perubahan"
    xlsx_append(sheet, MATRIX_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, (old, new, note) in enumerate(matrix_rows(comparison), start=1):
        xlsx_append(sheet, [number, old, new, note])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    for column, width in zip("ABCD", (6, 70, 70, 28), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    summary = workbook.create_sheet("Ringkasan")
    for label, value in summary_rows(comparison):
        xlsx_append(summary, [label, value])
    for reason in comparison.reasons:
        xlsx_append(summary, ["Alasan", reason.text])
    summary.column_dimensions["A"].width = 32
    summary.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def matrix_docx(comparison: Comparison) -> bytes:
    """The change matrix as a DOCX document: a summary, then a four-column table."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    document.add_heading("Matriks Perubahan", level=1)
    document.add_paragraph(f"Naskah dasar: {comparison.base.title}")
    document.add_paragraph(f"Rancangan: {comparison.draft.title}")
    for label, value in summary_rows(comparison):
        document.add_paragraph(f"{label}: {value}")
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, MATRIX_HEADERS, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    number = 0
    for change in comparison.chapter_changes:
        number += 1
        old = f"BAB {change.old_number}\n{change.old_title}" if change.old_number else "-"
        new = f"BAB {change.new_number}\n{change.new_title}" if change.new_number else "-"
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text, cells[3].text = (str(number), old, new,
                                                                      _CHAPTER_REMARKS[change.kind])
    for provision in comparison.provisions:
        if provision.classification == UNCHANGED:
            continue
        number += 1
        cells = table.add_row().cells
        cells[0].text = str(number)
        if provision.classification == CHANGED:
            _diff_cell(cells[1], f"Pasal {provision.old.number}", provision.diff, "delete")
            _diff_cell(cells[2], f"Pasal {provision.new.number}", provision.diff, "insert")
        else:
            cells[1].text = render_article(provision.old) if provision.old is not None else "-"
            cells[2].text = render_article(provision.new) if provision.new is not None else "-"
        cells[3].text = remark(provision)
    for row in table.rows:
        for cell, width in zip(row.cells, (Cm(1.2), Cm(11), Cm(11), Cm(4)), strict=True):
            cell.width = width
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _diff_cell(cell, heading: str, diff: list[tuple[str, str]], shown: str) -> None:
    """Old text with deleted words struck through, or new text with inserted words underlined."""
    cell.text = heading
    paragraph = cell.add_paragraph()
    first = True
    for op, text in diff:
        if op not in ("equal", shown):
            continue
        run = paragraph.add_run(("" if first else " ") + text)
        first = False
        if op == "delete":
            run.font.strike = True
        elif op == "insert":
            run.font.underline = True
            run.bold = True


def to_text(comparison: Comparison) -> str:
    """A readable summary with the word-level difference of each changed article."""
    lines = [
        f"Base:  {comparison.base.title}",
        f"Draft: {comparison.draft.title}",
        f"Change ratio (words):    {comparison.change_ratio_words * 100:.1f}% "
        f"({comparison.words_changed} of {comparison.words_base} words actually changed: the headline figure)",
        f"Change ratio (articles): {comparison.change_ratio_articles * 100:.1f}% "
        f"({comparison.articles_changed} of {comparison.articles_base} articles touched: the second figure)",
        f"Systematics changed:     {'yes' if comparison.systematics_changed else 'no'}",
        f"Verdict:                 {comparison.verdict}",
    ]
    lines += [f"  - {reason.text}" for reason in comparison.reasons]
    counts = comparison.counts()
    lines.append("Provisions: " + ", ".join(f"{counts[key]} {key}" for key in counts))
    for change in comparison.chapter_changes:
        lines.append(f"  {change.describe()}")
    lines.append("")
    for provision in comparison.provisions:
        if provision.classification == UNCHANGED:
            continue
        note = f" ({provision.note})" if provision.note else ""
        lines.append(f"Pasal {provision.article}: {provision.classification}{note}")
        if provision.classification == CHANGED:
            lines.append("  " + " ".join(_marked(op, text) for op, text in provision.diff))
    return "\n".join(lines) + "\n"


def _marked(op: str, text: str) -> str:
    if op == "delete":
        return f"[-{text}-]"
    if op == "insert":
        return f"{{+{text}+}}"
    return text
