import json

import openpyxl

from gugus.cli import main


def test_compare_json(samples, capsys):
    code = main(["regulation", "compare", str(samples / "hand_base.txt"), str(samples / "hand_draft.txt"),
                 "--format", "json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["change_ratio_words"], data["change_ratio_articles"], data["verdict"]) == (0.2553, 0.5, "amendment")
    assert "words actually changed" in data["measures"]["change_ratio_words"]
    assert "share of the base's articles touched" in data["measures"]["change_ratio_articles"]
    assert {"article", "classification", "old_text", "new_text"} <= set(data["provisions"][0])


def test_compare_xlsx_to_file(samples, tmp_path):
    output = tmp_path / "matrix.xlsx"
    code = main(["regulation", "compare", str(samples / "hand_base.txt"), str(samples / "hand_draft.txt"),
                 "--format", "xlsx", "-o", str(output)])
    assert code == 0
    assert openpyxl.load_workbook(output)["Matriks Perubahan"].max_row == 4


def test_binary_format_needs_an_output_file(samples, capsys):
    code = main(["regulation", "compare", str(samples / "hand_base.txt"), str(samples / "hand_draft.txt"),
                 "--format", "docx"])
    assert code == 2
    assert capsys.readouterr().err == "error: --format docx needs -o FILE\n"


def test_consolidate(samples, tmp_path):
    output = tmp_path / "consolidated.txt"
    code = main(["regulation", "consolidate", str(samples / "base.txt"), str(samples / "amendment_1.txt"),
                 str(samples / "amendment_2.txt"), "-o", str(output)])
    assert code == 0
    assert output.read_text() == (samples / "consolidated_2033.txt").read_text()


def test_malformed_input_names_the_line(samples, capsys):
    path = samples / "malformed.txt"
    code = main(["regulation", "compare", str(path), str(samples / "hand_draft.txt")])
    assert code == 1
    assert capsys.readouterr().err == f"error: {path}: line 11: Pasal 2 has no text\n"


def test_amend(samples, capsys):
    code = main(["regulation", "amend", str(samples / "hand_base.txt"), str(samples / "hand_draft.txt")])
    assert code == 0
    out = capsys.readouterr().out
    assert "1. Ketentuan ayat (2) Pasal 2 diubah sehingga Pasal 2 berbunyi sebagai berikut:" in out
    assert "3. Pasal 4 dihapus." in out
