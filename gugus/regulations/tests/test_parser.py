import docx
import pytest

from gugus.regulations.parser import (
    Article,
    Division,
    RegulationParseError,
    article_words,
    chapter_number_key,
    number_key,
    parse_file,
    parse_text,
    read_document,
    render,
    render_article,
)


def test_base_structure(base):
    assert base.title == ("PERATURAN PRESIDEN REPUBLIK INDONESIA NOMOR 7 TAHUN 2031 TENTANG GUGUS TUGAS "
                          "PENCEGAHAN DAN PENANGANAN TINDAK PIDANA PERDAGANGAN ORANG")
    assert [item.label for item in base.considerations] == ["a", "b", "c"]
    assert [item.label for item in base.legal_basis] == ["1", "2"]
    assert base.decision.startswith("PERATURAN PRESIDEN TENTANG GUGUS TUGAS")
    assert [chapter.number for chapter in base.chapters()] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    assert [article.number for article in base.articles()] == [str(number) for number in range(1, 20)]
    assert base.closing[0] == "Agar setiap orang mengetahuinya, memerintahkan pengundangan Peraturan Presiden ini " \
                              "dengan penempatannya dalam Lembaran Negara Republik Indonesia."
    assert base.has_elucidation
    assert base.elucidation_general[0] == "I. UMUM"
    assert [number for number, _text in base.elucidation_articles] == ["1", "2", "3", "4"]


def test_divisions_nest_bagian_and_paragraf(base):
    chapter = base.chapters()[2]
    assert (chapter.number, chapter.title) == ("III", "SUSUNAN ORGANISASI")
    assert [(node.kind, node.number, node.title) for node in chapter.children] == [
        ("bagian", "Kesatu", "Umum"), ("bagian", "Kedua", "Gugus Tugas Pusat"),
        ("bagian", "Ketiga", "Gugus Tugas Daerah")]
    second = chapter.children[1]
    assert [(node.kind, node.number) for node in second.children] == [("paragraf", "1"), ("paragraf", "2")]
    assert [article.number for article in second.children[0].children] == ["5"]


def test_items_nest_ayat_huruf_angka(base):
    article = {article.number: article for article in base.articles()}
    pasal_3 = article["3"]
    assert pasal_3.text == "Gugus Tugas mempunyai tugas:"
    assert [(item.kind, item.label) for item in pasal_3.items] == [("huruf", label) for label in "abcde"]
    assert [(item.kind, item.label) for item in pasal_3.items[2].children] == [("angka", "1"), ("angka", "2"),
                                                                               ("angka", "3")]
    pasal_5 = article["5"]
    assert [(item.kind, item.label) for item in pasal_5.items] == [("ayat", "1"), ("ayat", "2")]
    assert [item.label for item in pasal_5.items[1].children] == ["a", "b", "c", "d"]
    assert [item.label for item in article["1"].items] == ["1", "2", "3", "4"]


def test_inserted_and_deleted_numbers(consolidated):
    numbers = [article.number for article in consolidated.articles()]
    assert numbers[10:13] == ["11", "11A", "12"]
    assert "17A" in numbers and "17B" in numbers
    assert [chapter.number for chapter in consolidated.chapters()][-3:] == ["IX", "IXA", "X"]
    article = {article.number: article for article in consolidated.articles()}
    assert article["14"].deleted
    assert [item.label for item in article["9"].items] == ["1", "1a", "2", "3"]
    assert article["9"].items[3].deleted
    assert [item.label for item in article["5"].items[1].children] == ["a", "b", "c", "c1", "d"]
    assert article["3"].items[3].deleted


def test_render_reads_back_to_the_same_text(base, consolidated):
    for regulation in (base, consolidated):
        text = render(regulation)
        assert render(parse_text(text)) == text


def test_word_count_excludes_the_heading():
    regulation = parse_text("Pasal 2\n(1) Gugus Tugas dipimpin oleh Ketua.\n(2) Ketua dibantu oleh Ketua Harian.\n")
    article = regulation.articles()[0]
    assert article_words(article) == ["(1)", "Gugus", "Tugas", "dipimpin", "oleh", "Ketua.", "(2)", "Ketua",
                                      "dibantu", "oleh", "Ketua", "Harian."]
    assert render_article(article) == (
        "Pasal 2\n(1) Gugus Tugas dipimpin oleh Ketua.\n(2) Ketua dibantu oleh Ketua Harian.")


def test_wrapped_lines_continue_the_provision():
    regulation = parse_text("Pasal 1\n(1) Gugus Tugas\n  dipimpin oleh Ketua.\n(2) Selesai.\n")
    article = regulation.articles()[0]
    assert article.items[0].text == "Gugus Tugas\ndipimpin oleh Ketua."
    assert article_words(article)[:5] == ["(1)", "Gugus", "Tugas", "dipimpin", "oleh"]


def test_number_keys():
    assert number_key("11A") == (11, "A")
    assert number_key("1a") == (1, "A")
    assert number_key("11") < number_key("11A") < number_key("11B") < number_key("12")
    assert chapter_number_key("IXA") == (9, "A")
    assert chapter_number_key("XI") == (11, "")
    assert chapter_number_key("IX") < chapter_number_key("IXA") < chapter_number_key("X")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "the text is empty"),
        ("PERATURAN\n\nBAB I\nUMUM\n\nPasal 1\nSatu.\n\nPasal 2\n\nPasal 3\nTiga.\n", 9, "Pasal 2 has no text"),
        ("BAB I\nUMUM\n(1) Ayat tanpa pasal.\nPasal 1\nSatu.\n", 3,
         "'(1) Ayat tanpa pasal.' appears under BAB I before any Pasal"),
        ("BAB I\n\nPasal 1\nSatu.\n", 1, "BAB I has no title"),
        ("Pasal 1\nSatu.\nPasal 1\nLagi.\n", 3, "Pasal 1 appears twice (first at line 1)"),
        ("Pasal 2\nDua.\nPasal 1\nSatu.\n", 3, "Pasal 1 follows Pasal 2: numbers must increase"),
        ("Pasal 1\n(1) Satu.\n(1) Lagi.\n", 3, "(1) appears twice in Pasal 1"),
        ("JUDUL\nMenimbang : a. bahwa.\nMEMUTUSKAN:\nMenetapkan : PERATURAN.\n", 4,
         "no article (Pasal) found: the batang tubuh must have at least one Pasal"),
        ("Bagian Kesatu\nUmum\nTeks lepas.\nPasal 1\nSatu.\n", 3,
         "text 'Teks lepas.' after the title of Bagian Kesatu and before any Pasal"),
    ],
)
def test_malformed_text_names_the_line(text, line, message):
    with pytest.raises(RegulationParseError) as caught:
        parse_text(text)
    assert caught.value.line == line
    assert caught.value.message == message
    assert str(caught.value) == f"line {line}: {message}"


def test_malformed_sample(samples):
    with pytest.raises(RegulationParseError) as caught:
        parse_file(samples / "malformed.txt")
    assert (caught.value.line, caught.value.message) == (11, "Pasal 2 has no text")


def test_docx_input(tmp_path, samples):
    document = docx.Document()
    for line in (samples / "hand_base.txt").read_text().splitlines():
        document.add_paragraph(line)
    path = tmp_path / "hand_base.docx"
    document.save(path)
    assert read_document(path).splitlines()[:3] == ["PERATURAN CONTOH", "TENTANG", "UJI PERBANDINGAN"]
    regulation = parse_file(path)
    assert [article.number for article in regulation.articles()] == ["1", "2", "3", "4", "5", "6"]
    assert render(regulation) == render(parse_file(samples / "hand_base.txt"))


def test_division_and_article_types(base):
    assert isinstance(base.body[0], Division)
    assert isinstance(base.body[0].children[0], Article)


def test_pdf_input_drops_page_furniture(tmp_path, samples):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "hand_base.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    lines = (samples / "hand_base.txt").read_text().splitlines()
    for page, chunk in enumerate((lines[:14], lines[14:])):
        y = 800
        if page:
            for furniture in ("PRESIDEN", "REPUBLIK INDONESIA", "- 2 -"):
                pdf.drawString(60, y, furniture)
                y -= 16
        for line in chunk:
            pdf.drawString(60, y, line)
            y -= 16
        if not page:
            pdf.drawString(60, y, "Pasal 3 . . .")
        pdf.showPage()
    pdf.save()
    assert render(parse_file(path)) == render(parse_file(samples / "hand_base.txt"))
