import pytest

from gugus.regulations.amend import amendment_draft, counted, join_words, regulation_name, terbilang
from gugus.regulations.consolidate import consolidate, parse_amendment
from gugus.regulations.parser import parse_file, parse_text, render_body


def test_round_trip_consolidated_sample(base, consolidated):
    draft = amendment_draft(base, consolidated, number="12", year="2034")
    assert draft.warnings == []
    assert render_body(consolidate(base, [draft.text])) == render_body(consolidated)


def test_round_trip_hand_pair(samples):
    base, target = parse_file(samples / "hand_base.txt"), parse_file(samples / "hand_draft.txt")
    draft = amendment_draft(base, target)
    assert [change.instruction for change in draft.changes] == [
        "Ketentuan ayat (2) Pasal 2 diubah sehingga Pasal 2 berbunyi sebagai berikut:",
        "Di antara Pasal 2 dan Pasal 3 disisipkan 1 (satu) pasal, yakni Pasal 2A sehingga berbunyi sebagai berikut:",
        "Pasal 4 dihapus.",
    ]
    assert render_body(consolidate(base, [draft.text])) == render_body(target)


def test_draft_has_the_standard_form(base, consolidated):
    text = amendment_draft(base, consolidated, number="12", year="2034").text
    lines = text.splitlines()
    assert lines[:4] == [
        "PERATURAN PRESIDEN REPUBLIK INDONESIA",
        "NOMOR 12 TAHUN 2034",
        "TENTANG",
        "PERUBAHAN ATAS PERATURAN PRESIDEN NOMOR 7 TAHUN 2031 TENTANG GUGUS TUGAS PENCEGAHAN DAN PENANGANAN "
        "TINDAK PIDANA PERDAGANGAN ORANG",
    ]
    assert "Pasal I" in lines and "Pasal II" in lines
    assert lines.index("Pasal I") < lines.index("Pasal II")
    assert lines[lines.index("Pasal II") + 1] == "Peraturan Presiden ini mulai berlaku pada tanggal diundangkan."
    instructions = [change.instruction for change in parse_amendment(text).changes]
    assert instructions == [
        "Ketentuan angka 4 Pasal 1 diubah sehingga Pasal 1 berbunyi sebagai berikut:",
        "Ketentuan huruf d Pasal 3 dihapus.",
        "Ketentuan ayat (2) Pasal 5 diubah sehingga Pasal 5 berbunyi sebagai berikut:",
        "Ketentuan Pasal 6 diubah sehingga berbunyi sebagai berikut:",
        "Ketentuan Pasal 9 diubah sehingga berbunyi sebagai berikut:",
        "Di antara Pasal 11 dan Pasal 12 disisipkan 1 (satu) pasal, yakni Pasal 11A sehingga berbunyi sebagai berikut:",
        "Judul BAB VI diubah sehingga berbunyi sebagai berikut:",
        "Pasal 14 dihapus.",
        "Ketentuan Pasal 16 diubah sehingga berbunyi sebagai berikut:",
        "Di antara BAB IX dan BAB X disisipkan 1 (satu) bab, yakni BAB IXA sehingga berbunyi sebagai berikut:",
    ]


BASE = "Pasal 1\n(1) Satu.\n(2) Dua.\nPasal 2\n(1) Satu.\n(2) Dua.\nPasal 3\nTiga.\n"


@pytest.mark.parametrize(
    ("draft", "instruction"),
    [
        (
            "Pasal 1\n(1) Satu.\n(1a) Satu A.\n(2) Dua.\nPasal 2\n(1) Satu.\n(2) Dua.\nPasal 3\nTiga.\n",
            "Di antara ayat (1) dan ayat (2) Pasal 1 disisipkan 1 (satu) ayat, yakni ayat (1a) sehingga Pasal 1 "
            "berbunyi sebagai berikut:",
        ),
        (
            "Pasal 1\n(1) Satu.\n(2) Dua.\n(3) Tiga.\n(4) Empat.\nPasal 2\n(1) Satu.\n(2) Dua.\nPasal 3\nTiga.\n",
            "Ketentuan Pasal 1 ditambah 2 (dua) ayat, yakni ayat (3) dan ayat (4) sehingga Pasal 1 berbunyi sebagai "
            "berikut:",
        ),
        (
            "Pasal 1\n(1) Satu.\n(2) Dihapus.\nPasal 2\n(1) Satu.\n(2) Dua.\nPasal 3\nTiga.\n",
            "Ketentuan ayat (2) Pasal 1 dihapus.",
        ),
        (
            "Pasal 1\n(1) Satu baru.\n(2) Dua baru.\nPasal 2\n(1) Satu.\n(2) Dua.\nPasal 3\nTiga.\n",
            "Ketentuan ayat (1) dan ayat (2) Pasal 1 diubah sehingga Pasal 1 berbunyi sebagai berikut:",
        ),
    ],
)
def test_item_level_instructions_round_trip(draft, instruction):
    base, target = parse_text(BASE), parse_text(draft)
    result = amendment_draft(base, target)
    assert [change.instruction for change in result.changes] == [instruction]
    assert render_body(consolidate(base, [result.text])) == render_body(target)


def test_inserted_articles_are_grouped_and_deleted_articles_kept():
    base = parse_text(BASE)
    target = parse_text(
        "Pasal 1\n(1) Satu.\n(2) Dua.\nPasal 1A\nA.\nPasal 1B\nB.\nPasal 2\nDihapus.\nPasal 3\nTiga.\nPasal 4\nEmpat.\n"
    )
    result = amendment_draft(base, target)
    assert [change.instruction for change in result.changes] == [
        "Di antara Pasal 1 dan Pasal 2 disisipkan 2 (dua) pasal, yakni Pasal 1A dan Pasal 1B sehingga berbunyi "
        "sebagai berikut:",
        "Pasal 2 dihapus.",
        "Setelah Pasal 3 ditambahkan 1 (satu) pasal, yakni Pasal 4 sehingga berbunyi sebagai berikut:",
    ]
    assert render_body(consolidate(base, [result.text])) == render_body(target)


def test_what_an_amendment_cannot_say_is_warned():
    base = parse_text(BASE)
    target = parse_text("Pasal 1\n(1) Satu.\n(2) Dua.\nPasal 3\nTiga.\n")
    result = amendment_draft(base, target)
    assert result.warnings == [
        'Pasal 2 is missing from the draft: deleted articles keep their number and read "Dihapus."'
    ]
    assert [change.instruction for change in result.changes] == ["Pasal 2 dihapus."]


def test_words():
    assert [terbilang(n) for n in (1, 10, 11, 12, 20, 21, 100, 115)] == [
        "satu",
        "sepuluh",
        "sebelas",
        "dua belas",
        "dua puluh",
        "dua puluh satu",
        "seratus",
        "seratus lima belas",
    ]
    assert counted(3, "pasal") == "3 (tiga) pasal"
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b"]) == "a dan b"
    assert join_words(["a", "b", "c"]) == "a, b, dan c"


def test_regulation_name(base):
    name = regulation_name(base)
    assert name.full == (
        "Peraturan Presiden Nomor 7 Tahun 2031 tentang Gugus Tugas Pencegahan dan Penanganan "
        "Tindak Pidana Perdagangan Orang"
    )


def test_third_amendment_gets_its_ordinal_and_cites_the_last_one(samples):
    from gugus.regulations.amend import cited_as_amended, regulation_name, regulation_name_of_text
    from gugus.regulations.parser import parse_file

    base = parse_file(samples / "base.txt")
    consolidated = parse_file(samples / "consolidated_2033.txt")
    previous = [
        regulation_name_of_text((samples / name).read_text()) for name in ("amendment_1.txt", "amendment_2.txt")
    ]
    assert previous[0].full.startswith("Peraturan Presiden Nomor 3 Tahun 2032 tentang Perubahan atas")
    text = amendment_draft(base, consolidated, number="12", year="2034", amended_by=previous).text
    name = regulation_name(base)
    cited = cited_as_amended(name, previous)
    assert cited == f"{name.full} sebagaimana telah beberapa kali diubah terakhir dengan {previous[1].full}"
    assert f"PERUBAHAN KETIGA ATAS {name.full.upper()}" in text.splitlines()[3]
    assert f"perlu menetapkan Peraturan Presiden tentang Perubahan Ketiga atas {name.full};" in text
    assert f"2. {cited};" in text
    assert f"Beberapa ketentuan dalam {cited} diubah sebagai berikut:" in text
    second = amendment_draft(base, consolidated, amended_by=previous[:1]).text
    assert "PERUBAHAN KEDUA ATAS" in second
    assert f"sebagaimana telah diubah dengan {previous[0].full} diubah sebagai berikut:" in second
    first = amendment_draft(base, consolidated).text
    assert "PERUBAHAN ATAS" in first and "sebagaimana telah" not in first
