import io
import json

import docx
import openpyxl

from gugus.regulations import export
from gugus.regulations.compare import compare
from gugus.regulations.parser import parse_file


def _hand(samples):
    return compare(parse_file(samples / "hand_base.txt"), parse_file(samples / "hand_draft.txt"))


def test_json_report(samples):
    data = json.loads(export.to_json(_hand(samples)))
    assert data["change_ratio_words"] == 0.2553
    assert data["change_ratio_articles"] == 0.5
    assert data["systematics_changed"] is False
    assert data["verdict"] == "amendment"
    assert data["counts"] == {"unchanged": 4, "changed": 1, "inserted": 1, "deleted": 1, "moved": 0}
    assert [(p["article"], p["classification"]) for p in data["provisions"]] == [
        ("1", "unchanged"), ("2", "changed"), ("2A", "inserted"), ("3", "unchanged"), ("4", "deleted"),
        ("5", "unchanged"), ("6", "unchanged")]
    changed = data["provisions"][1]
    assert changed["old_text"] == "(1) Gugus Tugas dipimpin oleh Ketua.\n(2) Ketua dibantu oleh Ketua Harian."
    assert changed["new_text"] == ("(1) Gugus Tugas dipimpin oleh Ketua.\n"
                                   "(2) Ketua dibantu oleh Ketua Harian dan Sekretaris.")
    assert changed["diff"][1:] == [{"op": "delete", "text": "Harian."},
                                   {"op": "insert", "text": "Harian dan Sekretaris."}]
    inserted = data["provisions"][2]
    assert (inserted["old_text"], inserted["new_text"]) == ("", "Sekretariat dipimpin oleh Sekretaris.")


EXPECTED_ROWS = [
    ("Pasal 2\n(1) Gugus Tugas dipimpin oleh Ketua.\n(2) Ketua dibantu oleh Ketua Harian.",
     "Pasal 2\n(1) Gugus Tugas dipimpin oleh Ketua.\n(2) Ketua dibantu oleh Ketua Harian dan Sekretaris.",
     "Diubah"),
    ("-", "Pasal 2A\nSekretariat dipimpin oleh Sekretaris.", "Disisipkan"),
    ("Pasal 4\nLaporan disampaikan kepada Presiden.", "Pasal 4\nDihapus.", "Dihapus"),
]


def test_matrix_rows(samples):
    assert export.matrix_rows(_hand(samples)) == EXPECTED_ROWS


def test_xlsx_holds_the_matrix(samples):
    workbook = openpyxl.load_workbook(io.BytesIO(export.matrix_xlsx(_hand(samples))))
    assert workbook.sheetnames == ["Matriks Perubahan", "Ringkasan"]
    rows = list(workbook["Matriks Perubahan"].iter_rows(values_only=True))
    assert rows[0] == ("No.", "Ketentuan Lama", "Ketentuan Baru", "Keterangan")
    assert rows[1:] == [(number, *row) for number, row in enumerate(EXPECTED_ROWS, start=1)]
    summary = dict(list(workbook["Ringkasan"].iter_rows(values_only=True))[:8])
    assert summary["Rasio perubahan (kata, angka utama)"] == "25.5%"
    assert summary["Rasio pasal tersentuh (angka kedua)"] == "50.0%"
    assert summary["Kesimpulan"] == "Perubahan"


def test_docx_holds_the_matrix(samples):
    document = docx.Document(io.BytesIO(export.matrix_docx(_hand(samples))))
    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["No.", "Ketentuan Lama", "Ketentuan Baru", "Keterangan"]
    assert rows[1] == ["1", "Pasal 2\n(1) Gugus Tugas dipimpin oleh Ketua. (2) Ketua dibantu oleh Ketua Harian.",
                       "Pasal 2\n(1) Gugus Tugas dipimpin oleh Ketua. (2) Ketua dibantu oleh Ketua Harian dan "
                       "Sekretaris.", "Diubah"]
    assert rows[2] == ["2", "-", "Pasal 2A\nSekretariat dipimpin oleh Sekretaris.", "Disisipkan"]
    assert rows[3] == ["3", "Pasal 4\nLaporan disampaikan kepada Presiden.", "Pasal 4\nDihapus.", "Dihapus"]
    struck = [run.text for run in table.rows[1].cells[1].paragraphs[1].runs if run.font.strike]
    underlined = [run.text for run in table.rows[1].cells[2].paragraphs[1].runs if run.font.underline]
    assert struck == [" Harian."]
    assert underlined == [" Harian dan Sekretaris."]
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert "Kesimpulan: Perubahan" in paragraphs


def test_matrix_lists_chapter_changes(base, consolidated):
    rows = export.matrix_rows(compare(base, consolidated))
    assert rows[:2] == [("BAB VI\nKOORDINASI", "BAB VI\nKOORDINASI ANTARDAERAH", "Judul BAB diubah"),
                        ("-", "BAB IXA\nPENGAWASAN", "BAB ditambahkan")]
    assert [row[2] for row in rows[2:]] == ["Diubah", "Diubah", "Diubah", "Diubah", "Diubah", "Disisipkan",
                                            "Dihapus", "Diubah", "Disisipkan", "Disisipkan"]


def test_text_summary(samples):
    text = export.to_text(_hand(samples))
    assert "Change ratio (words):    25.5% (12 of 47 words actually changed: the headline figure)" in text
    assert "Verdict:                 amendment" in text
    assert ("  (1) Gugus Tugas dipimpin oleh Ketua. (2) Ketua dibantu oleh Ketua [-Harian.-] "
            "{+Harian dan Sekretaris.+}") in text
