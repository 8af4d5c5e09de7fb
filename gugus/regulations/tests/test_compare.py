# ruff: noqa: E501  (the sample articles are one provision per line, as the parser reads them)
from gugus.regulations.compare import compare, word_diff
from gugus.regulations.parser import parse_file, parse_text


def test_hand_checked_pair(samples):
    # Counted by hand (docs/regulations-method.md), words = whitespace-separated tokens without "Pasal N":
    #   base Pasal 1  "Gugus Tugas dibentuk oleh Presiden."                       5
    #   base Pasal 2  "(1) Gugus Tugas dipimpin oleh Ketua." 6 + "(2) Ketua dibantu oleh Ketua Harian." 6 = 12
    #   base Pasal 3  "Rapat koordinasi diadakan setiap tahun."                    5
    #   base Pasal 4  "Laporan disampaikan kepada Presiden."                       4
    #   base Pasal 5  "Pendanaan dibebankan pada anggaran negara."                 5
    #   base Pasal 6  "Peraturan Presiden ini ... seluruh anggota Gugus Tugas."    16
    #   base batang tubuh: 5 + 12 + 5 + 4 + 5 + 16 = 47 words, 6 articles.
    # Draft: Pasal 2 ayat (2) gains "dan Sekretaris" -> changed; the word diff deletes "Harian." and
    #        inserts "Harian dan Sekretaris." -> 1 + 3 = 4 words actually changed (not its 12 words);
    #        Pasal 2A "Sekretariat dipimpin oleh Sekretaris." -> inserted, counts its 4 words;
    #        Pasal 4 "Dihapus." -> deleted, counts its 4 base words; the rest unchanged.
    #   words:    (4 + 4 + 4) / 47 = 12 / 47 = 0.2553 -> not more than 50%
    #   articles: (1 changed + 1 inserted + 1 deleted) / 6 = 3 / 6 = 0.5 -> exactly 50%, not more
    #   chapters unchanged -> verdict "amendment".
    comparison = compare(parse_file(samples / "hand_base.txt"), parse_file(samples / "hand_draft.txt"))
    assert [(p.article, p.classification) for p in comparison.provisions] == [
        ("1", "unchanged"), ("2", "changed"), ("2A", "inserted"), ("3", "unchanged"), ("4", "deleted"),
        ("5", "unchanged"), ("6", "unchanged")]
    assert [p.counted_words for p in comparison.provisions] == [0, 4, 4, 0, 4, 0, 0]
    assert (comparison.words_changed, comparison.words_base) == (12, 47)
    assert (comparison.articles_changed, comparison.articles_base) == (3, 6)
    assert round(comparison.change_ratio_words, 4) == 0.2553
    assert comparison.change_ratio_articles == 0.5
    assert comparison.systematics_changed is False
    assert comparison.verdict == "amendment"
    assert [reason.code for reason in comparison.reasons] == [
        "words_within", "articles_within", "systematics_kept", "essence"]
    assert comparison.provisions[1].diff == [
        ("equal", "(1) Gugus Tugas dipimpin oleh Ketua. (2) Ketua dibantu oleh Ketua"),
        ("delete", "Harian."), ("insert", "Harian dan Sekretaris.")]


def test_consolidated_against_base(base, consolidated):
    comparison = compare(base, consolidated)
    changed = [(p.article, p.classification) for p in comparison.provisions if p.classification != "unchanged"]
    assert changed == [("1", "changed"), ("3", "changed"), ("5", "changed"), ("6", "changed"), ("9", "changed"),
                       ("11A", "inserted"), ("14", "deleted"), ("16", "changed"), ("17A", "inserted"),
                       ("17B", "inserted")]
    assert (comparison.words_changed, comparison.words_base) == (195, 493)
    assert (comparison.articles_changed, comparison.articles_base) == (10, 19)
    assert [(change.kind, change.old_number, change.new_number) for change in comparison.chapter_changes] == [
        ("retitled", "VI", "VI"), ("added", None, "IXA")]
    # BAB IXA is inserted with the amendment technique (Lampiran II of UU 12/2011): not a change of
    # systematics. 10 of 19 articles are touched (52.6%), but only 195 of 493 words changed (39.6%):
    # the material changed is under half, so both amendments together remain an amendment.
    assert comparison.systematics_changed is False
    assert comparison.verdict == "amendment"
    assert [reason.code for reason in comparison.reasons] == [
        "articles_over", "words_within", "systematics_kept", "inserted_by_technique", "essence"]


BASE = """BAB I
UMUM
Pasal 1
Gugus Tugas dibentuk oleh Presiden untuk mengoordinasikan pencegahan perdagangan orang.
Pasal 2
Ketua Gugus Tugas dijabat oleh menteri koordinator bidang pembangunan manusia.
BAB II
TATA KERJA
Pasal 3
Rapat koordinasi diadakan paling sedikit dua kali dalam satu tahun anggaran.
Pasal 4
Laporan pelaksanaan tugas disampaikan kepada Presiden setiap tahun.
BAB III
PENUTUP
Pasal 5
Peraturan ini mulai berlaku pada tanggal diundangkan.
"""

# A new Pasal 2 is inserted without a letter, so the old Pasal 2, 3 and 4 are renumbered; old Pasal 3 is
# also reworded. Alignment must follow the content, not the numbers.
RENUMBERED = """BAB I
UMUM
Pasal 1
Gugus Tugas dibentuk oleh Presiden untuk mengoordinasikan pencegahan perdagangan orang.
Pasal 2
Gugus Tugas berkedudukan di ibu kota negara.
Pasal 3
Ketua Gugus Tugas dijabat oleh menteri koordinator bidang pembangunan manusia.
BAB II
TATA KERJA
Pasal 4
Rapat koordinasi diadakan paling sedikit tiga kali dalam satu tahun anggaran.
Pasal 5
Laporan pelaksanaan tugas disampaikan kepada Presiden setiap tahun.
BAB III
PENUTUP
Pasal 6
Peraturan ini mulai berlaku pada tanggal diundangkan.
"""


def test_renumbered_articles_are_aligned_by_content():
    comparison = compare(parse_text(BASE), parse_text(RENUMBERED))
    assert [(p.old.number if p.old else None, p.article, p.classification, p.note)
            for p in comparison.provisions] == [
        ("1", "1", "unchanged", ""),
        (None, "2", "inserted", ""),
        ("2", "3", "moved", "was Pasal 2"),
        ("3", "4", "changed", "was Pasal 3"),
        ("4", "5", "moved", "was Pasal 4"),
        ("5", "6", "moved", "was Pasal 5"),
    ]
    assert comparison.systematics_changed is True
    assert comparison.articles_changed == 2
    assert comparison.verdict == "replacement"
    assert "articles_moved" in [reason.code for reason in comparison.reasons]


REORDERED = """BAB I
UMUM
Pasal 1
Gugus Tugas dibentuk oleh Presiden untuk mengoordinasikan pencegahan perdagangan orang.
Pasal 2
Ketua Gugus Tugas dijabat oleh menteri koordinator bidang pembangunan manusia.
BAB II
PENUTUP
Pasal 3
Peraturan ini mulai berlaku pada tanggal diundangkan.
BAB III
TATA KERJA
Pasal 4
Rapat koordinasi diadakan paling sedikit dua kali dalam satu tahun anggaran.
Pasal 5
Laporan pelaksanaan tugas disampaikan kepada Presiden setiap tahun.
"""


def test_reordered_chapters_change_the_systematics():
    comparison = compare(parse_text(BASE), parse_text(REORDERED))
    assert [(change.kind, change.old_number, change.new_number) for change in comparison.chapter_changes] == [
        ("reordered", "III", "II"), ("renumbered", "II", "III")]
    assert comparison.systematics_changed is True
    assert comparison.articles_changed == 0
    assert comparison.verdict == "replacement"
    assert [(p.article, p.classification, p.note) for p in comparison.provisions] == [
        ("1", "unchanged", ""), ("2", "unchanged", ""), ("3", "moved", "was Pasal 5; moved to another place"),
        ("4", "moved", "was Pasal 3"), ("5", "moved", "was Pasal 4")]


def test_removed_chapter():
    draft = BASE.split("BAB III")[0]
    comparison = compare(parse_text(BASE), parse_text(draft))
    assert [(c.kind, c.old_number) for c in comparison.chapter_changes] == [("removed", "III")]
    assert [(p.article, p.classification) for p in comparison.provisions][-1] == ("5", "deleted")


def test_identical_texts():
    comparison = compare(parse_text(BASE), parse_text(BASE))
    assert comparison.change_ratio_words == 0.0
    assert comparison.verdict == "amendment"
    assert comparison.counts() == {"unchanged": 5, "changed": 0, "inserted": 0, "deleted": 0, "moved": 0}


def test_word_diff():
    assert word_diff("a b c d", "a x c d e") == [("equal", "a"), ("delete", "b"), ("insert", "x"),
                                                 ("equal", "c d"), ("insert", "e")]


HAM_BASE = """Pasal 1
Koordinasi pencegahan dan penanganan tindak pidana perdagangan orang dilaksanakan oleh kementerian yang menyelenggarakan urusan pemerintahan di bidang hukum dan hak asasi manusia bersama kepolisian.
Pasal 2
Perlindungan korban di luar negeri dilaksanakan oleh perwakilan Republik Indonesia dengan dukungan kementerian di bidang hukum dan hak asasi manusia.
Pasal 3
Penyusunan norma hukum pencegahan dilakukan oleh kementerian di bidang hukum dan hak asasi manusia setiap tahun.
Pasal 4
Laporan pelaksanaan tugas Gugus Tugas disampaikan kepada Presiden paling sedikit satu kali dalam satu tahun.
"""


def test_removing_a_phrase_counts_only_the_words_removed():
    # "dan hak asasi manusia" (4 words) leaves 3 of 4 articles: 4 + 4 words deleted in Pasal 1 and 3;
    # in Pasal 2 the phrase ends the sentence, so the diff deletes "hukum dan hak asasi manusia." (5)
    # and inserts "hukum." (1): 14 words of 75. Counting whole articles gave 60 of 75 (80.0%).
    draft = HAM_BASE.replace(" dan hak asasi manusia", "")
    comparison = compare(parse_text(HAM_BASE), parse_text(draft))
    assert [p.classification for p in comparison.provisions] == ["changed", "changed", "changed", "unchanged"]
    assert (comparison.words_changed, comparison.words_base) == (14, 75)
    assert round(comparison.change_ratio_words, 4) == 0.1867
    assert comparison.change_ratio_articles == 0.75  # the second figure: 3 of 4 articles touched
    assert comparison.verdict == "amendment"
    assert [reason.code for reason in comparison.reasons] == [
        "articles_over", "words_within", "systematics_kept", "essence"]


def test_inserted_chapter_with_a_letter_is_not_a_change_of_systematics():
    draft = BASE.replace("BAB III\nPENUTUP", "BAB IIA\nPENGAWASAN\nPasal 4A\nPengawasan dilakukan oleh sekretariat.\nBAB III\nPENUTUP")
    comparison = compare(parse_text(BASE), parse_text(draft))
    assert [(c.kind, c.new_number, c.affects_systematics) for c in comparison.chapter_changes] == [
        ("added", "IIA", False)]
    assert comparison.systematics_changed is False
    added = BASE.replace("BAB III\nPENUTUP", "BAB III\nPENGAWASAN\nPasal 4A\nPengawasan dilakukan oleh sekretariat.\nBAB IV\nPENUTUP")
    assert compare(parse_text(BASE), parse_text(added)).systematics_changed is True
