"""Benchmark of the regulation workbench: compare two versions of a generated 300-article regulation.

    .venv/bin/python bench/regulations_bench.py [--articles 300] [--repeat 5]

Two drafts are measured: an amendment-style draft (articles changed, inserted with letters, deleted
as "Dihapus.", a chapter inserted) and a renumbered draft (a new Pasal 2 shifts every number, so
every article must be aligned by content). Times are wall-clock, parse included, median of runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from gugus.regulations.amend import amendment_draft
from gugus.regulations.compare import compare
from gugus.regulations.consolidate import consolidate
from gugus.regulations.export import matrix_docx, matrix_xlsx, to_json
from gugus.regulations.parser import int_to_roman, parse_text, render_body

_VOCABULARY = (
    "gugus tugas pusat provinsi kabupaten kota menteri kementerian lembaga pemerintah daerah koordinasi "
    "pencegahan penanganan korban perdagangan orang rehabilitasi sosial kesehatan pemulangan reintegrasi "
    "laporan pelaksanaan anggaran pendanaan pengawasan evaluasi pemantauan rapat kesepakatan rencana aksi "
    "nasional sekretariat ketua harian anggota unsur bidang urusan menyelenggarakan melaksanakan menetapkan "
    "sebagaimana dimaksud pada ayat huruf dalam dengan oleh untuk terhadap paling sedikit lama tahun bulan"
)
WORDS = _VOCABULARY.split()


def article_text(rng: random.Random) -> list[str]:
    lines = []
    for ayat in range(1, rng.randint(2, 4) + 1):
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 24)))
        if rng.random() < 0.3:
            lines.append(f"({ayat}) {sentence.capitalize()}:")
            for letter in "abc"[: rng.randint(2, 3)]:
                lines.append(f"{letter}. " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 10))) + ";")
        else:
            lines.append(f"({ayat}) {sentence.capitalize()}.")
    return lines


def generate(articles: int, seed: int = 7) -> tuple[str, str, str]:
    """Base text, amendment-style draft, renumbered draft."""
    rng = random.Random(seed)
    chapters = 15
    per_chapter = articles // chapters
    texts = {number: article_text(rng) for number in range(1, articles + 1)}

    def chapter_block(index: int) -> list[str]:
        return [f"BAB {int_to_roman(index)}", f"KETENTUAN BAGIAN {index}"]

    base, amended, renumbered = ["PERATURAN CONTOH", "TENTANG", "UJI KINERJA"], [
        "RANCANGAN PERATURAN CONTOH", "TENTANG", "UJI KINERJA"], ["RANCANGAN PENGGANTI", "TENTANG", "UJI KINERJA"]
    changer = random.Random(seed + 1)
    shift = 0
    for number in range(1, articles + 1):
        chapter, position = divmod(number - 1, per_chapter)
        if position == 0:
            for out in (base, amended, renumbered):
                out.extend(chapter_block(chapter + 1))
        body = texts[number]
        base += [f"Pasal {number}", *body]
        roll = changer.random()
        if roll < 0.10:
            changed = list(body)
            changed[0] = changed[0].replace(".", " dan wajib dilaporkan kepada Ketua Harian.", 1)
            amended += [f"Pasal {number}", *changed]
        elif roll < 0.12:
            amended += [f"Pasal {number}", "Dihapus."]
        else:
            amended += [f"Pasal {number}", *body]
        if roll > 0.98:
            amended += [f"Pasal {number}A", *article_text(changer)]
        if number == 2:
            renumbered += ["Pasal 2", *article_text(changer)]
            shift = 1
        renumbered += [f"Pasal {number + shift}", *(body if roll >= 0.10 else body[::-1])]
        if position == per_chapter - 1 and chapter == 8:
            amended += [f"BAB {int_to_roman(chapter + 1)}A", "KETENTUAN TAMBAHAN", f"Pasal {number}B",
                        *article_text(changer)]
    return "\n".join(base) + "\n", "\n".join(amended) + "\n", "\n".join(renumbered) + "\n"


def measure(label: str, base_text: str, draft_text: str, repeat: int):
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        comparison = compare(parse_text(base_text), parse_text(draft_text))
        timings.append(time.perf_counter() - start)
    counts = comparison.counts()
    print(f"{label}: median {statistics.median(timings):.3f} s, max {max(timings):.3f} s over {repeat} runs; "
          f"{comparison.articles_base} base articles, {counts}, verdict {comparison.verdict}")
    return comparison


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    base_text, amended_text, renumbered_text = generate(args.articles)
    comparison = measure("amendment-style draft", base_text, amended_text, args.repeat)
    measure("renumbered draft     ", base_text, renumbered_text, args.repeat)

    start = time.perf_counter()
    to_json(comparison)
    matrix_xlsx(comparison)
    matrix_docx(comparison)
    print(f"JSON + XLSX + DOCX of the amendment-style comparison: {time.perf_counter() - start:.3f} s")
    start = time.perf_counter()
    base, draft = parse_text(base_text), parse_text(amended_text)
    text = amendment_draft(base, draft).text
    assert render_body(consolidate(base, [text])) == render_body(draft), "round trip failed"
    print(f"amendment draft + consolidation round trip: {time.perf_counter() - start:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
