import pytest

from gugus.regulations.consolidate import AmendmentError, apply_amendment, consolidate, parse_amendment
from gugus.regulations.parser import parse_text, render, render_body


def test_base_with_two_amendments_gives_the_expected_text(samples, base):
    amendments = [(samples / name).read_text() for name in ("amendment_1.txt", "amendment_2.txt")]
    result = consolidate(base, amendments)
    assert render(result) == (samples / "consolidated_2033.txt").read_text()


def test_amendments_are_applied_in_order(samples, base):
    # Pasal 11A exists only after the first amendment; the second changes it.
    second = parse_amendment((samples / "amendment_2.txt").read_text())
    with pytest.raises(AmendmentError) as caught:
        apply_amendment(base, second)
    assert (caught.value.line, caught.value.message) == (
        28, "change 5: Pasal 11A is not in the text being amended")


def test_parse_amendment_reads_every_change(samples):
    amendment = parse_amendment((samples / "amendment_1.txt").read_text())
    assert [(change.number, change.verb, change.line) for change in amendment.changes] == [
        (1, "replace", 22), (2, "replace", 24), (3, "insert", 29), (4, "replace", 31), (5, "insert", 33),
        (6, "delete", 37)]
    assert [item.label for item in amendment.changes[0].items] == ["4"]
    assert [node.number for node in amendment.changes[1].nodes] == ["6"]
    assert amendment.closing_articles[0] == "Pasal II"


BASE = """Pasal 1
Gugus Tugas dibentuk oleh Presiden.
Pasal 2
(1) Ketua dijabat oleh menteri.
(2) Ketua dibantu oleh sekretaris.
Pasal 3
Gugus Tugas bertugas:
a. mengoordinasikan;
b. memantau; dan
c. melaporkan.
"""


def _amend(body: str) -> str:
    return f"PERATURAN PERUBAHAN\nPasal I\n{body}\nPasal II\nPeraturan ini mulai berlaku pada tanggal diundangkan.\n"


def test_single_unnumbered_change():
    amendment = _amend("Ketentuan Pasal 1 dalam Peraturan Contoh diubah sehingga berbunyi sebagai berikut:\n"
                       "Pasal 1\nGugus Tugas dibentuk oleh Presiden dan bertanggung jawab kepadanya.")
    result = consolidate(BASE, [amendment])
    assert result.articles()[0].text == "Gugus Tugas dibentuk oleh Presiden dan bertanggung jawab kepadanya."


def test_item_changes_by_restating_the_item():
    amendment = _amend(
        "Beberapa ketentuan diubah sebagai berikut:\n"
        "1. Ketentuan ayat (2) Pasal 2 diubah sehingga berbunyi sebagai berikut:\n"
        "(2) Ketua dibantu oleh Ketua Harian.\n"
        "2. Di antara ayat (1) dan ayat (2) Pasal 2 disisipkan 1 (satu) ayat, yakni ayat (1a) sehingga berbunyi "
        "sebagai berikut:\n(1a) Ketua ditetapkan oleh Presiden.\n"
        "3. Huruf b Pasal 3 dihapus.\n"
        "4. Ketentuan Pasal 3 ditambah 1 (satu) huruf, yakni huruf d sehingga berbunyi sebagai berikut:\n"
        "d. melaksanakan tugas lain.\n"
        "5. Pasal 1 dihapus.\n")
    result = consolidate(BASE, [amendment])
    assert render_body(result) == (
        "Pasal 1\nDihapus.\n\n"
        "Pasal 2\n(1) Ketua dijabat oleh menteri.\n(1a) Ketua ditetapkan oleh Presiden.\n"
        "(2) Ketua dibantu oleh Ketua Harian.\n\n"
        "Pasal 3\nGugus Tugas bertugas:\na. mengoordinasikan;\nb. Dihapus.\nc. melaporkan.\n"
        "d. melaksanakan tugas lain.\n")


def test_inserted_articles_go_in_number_order():
    amendment = _amend(
        "1. Di antara Pasal 1 dan Pasal 2 disisipkan 2 (dua) pasal, yakni Pasal 1A dan Pasal 1B sehingga "
        "berbunyi sebagai berikut:\nPasal 1A\nSatu A.\nPasal 1B\nSatu B.\n"
        "2. Setelah Pasal 3 ditambahkan 1 (satu) pasal, yakni Pasal 3A sehingga berbunyi sebagai berikut:\n"
        "Pasal 3A\nTiga A.\n")
    result = consolidate(BASE, [amendment])
    assert [article.number for article in result.articles()] == ["1", "1A", "1B", "2", "3", "3A"]


def test_chapter_deleted_keeps_its_number():
    base = parse_text("BAB I\nSATU\nPasal 1\nSatu.\nBAB II\nDUA\nBagian Kesatu\nUmum\nPasal 2\nDua.\n"
                      "BAB III\nTIGA\nPasal 3\nTiga.\n")
    result = consolidate(base, [_amend("1. BAB II dihapus.")])
    assert render_body(result) == ("BAB I\nSATU\n\nPasal 1\nSatu.\n\nBAB II\nDihapus.\n\nPasal 2\nDihapus.\n\n"
                                   "BAB III\nTIGA\n\nPasal 3\nTiga.\n")


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("1. Pasal 9 dihapus.", 3, "change 1: Pasal 9 is not in the text being amended"),
        ("1. Ketentuan Pasal 9 diubah sehingga berbunyi sebagai berikut:\nPasal 9\nSembilan.", 3,
         "change 1: Pasal 9 is not in the text being amended"),
        ("1. Ketentuan ayat (5) Pasal 2 diubah sehingga berbunyi sebagai berikut:\n(5) Lima.", 3,
         "change 1: (5) of Pasal 2 is not in the text being amended"),
        ("1. Ketentuan Pasal 1 diubah sehingga berbunyi sebagai berikut:", 3,
         "change 1 says replace but restates no text"),
        ("1. Ketentuan Pasal 1 diubah sehingga berbunyi sebagai berikut:\nteks tanpa nomor", 4,
         "change 1: expected the restated Pasal, ayat, huruf or angka, found 'teks tanpa nomor'"),
        ("1. Penjelasan Pasal 1 diubah sehingga berbunyi sebagai berikut:\nPasal 1\nCukup jelas.", 3,
         "change 1 amends the Penjelasan, which the consolidator does not apply"),
    ],
)
def test_amendment_errors_name_the_line(body, line, message):
    with pytest.raises(AmendmentError) as caught:
        consolidate(BASE, [_amend(body)])
    assert (caught.value.line, caught.value.message) == (line, message)


def test_not_an_amendment():
    with pytest.raises(AmendmentError) as caught:
        parse_amendment(BASE)
    assert (caught.value.line, caught.value.message) == (10, "no Pasal I found: this is not an amending regulation")
