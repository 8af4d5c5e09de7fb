"""Charts as SVG for the PDF reports (drawn here, so the PDF needs no JavaScript and no internet).

Every number inside the SVG is written with a dot (``plain``); labels shown to people are
formatted in the report's language.
"""

from __future__ import annotations

from html import escape

from gugus.reports.numbers import format_number, plain
from gugus.reports.suppression import Suppressed


def bar_chart(rows: list[tuple[str, object]], *, language: str, width: int = 640, bar: int = 16, gap: int = 6) -> str:
    """Horizontal bars, one per (label, value); a hidden value is drawn as an empty bar labelled "<5"."""
    rows = list(rows)
    label_width = 210
    numbers = [v for _, v in rows if isinstance(v, int | float) and not isinstance(v, bool)]
    top = max(numbers, default=0) or 1
    height = max(1, len(rows)) * (bar + gap) + gap
    scale = (width - label_width - 60) / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{plain(width, 0)}" height="{plain(height, 0)}" '
        f'viewBox="0 0 {plain(width, 0)} {plain(height, 0)}">'
    ]
    for n, (label, value) in enumerate(rows):
        y = gap + n * (bar + gap)
        parts.append(
            f'<text x="{plain(label_width - 6, 0)}" y="{plain(y + bar - 4, 0)}" text-anchor="end" font-size="10">'
            f"{escape(str(label)[:38])}</text>"
        )
        if isinstance(value, Suppressed):
            text, length = value.text, 0
        else:
            text, length = format_number(value or 0, language), (value or 0) * scale
        parts.append(
            f'<rect x="{plain(label_width, 0)}" y="{plain(y, 0)}" width="{plain(length, 1)}" height="{plain(bar, 0)}" '
            f'fill="#1565c0"></rect>'
        )
        x = plain(label_width + length + 4, 1)
        parts.append(f'<text x="{x}" y="{plain(y + bar - 4, 0)}" font-size="10">{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def column_chart(rows: list[tuple[str, object]], *, language: str, width: int = 640, height: int = 180) -> str:
    """Vertical columns (a time series), one per (label, value)."""
    rows = list(rows)
    numbers = [v for _, v in rows if isinstance(v, int | float) and not isinstance(v, bool)]
    top = max(numbers, default=0) or 1
    n = max(1, len(rows))
    slot = (width - 20) / n
    base = height - 20
    scale = (base - 20) / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{plain(width, 0)}" height="{plain(height, 0)}" '
        f'viewBox="0 0 {plain(width, 0)} {plain(height, 0)}">'
    ]
    for i, (label, value) in enumerate(rows):
        x = 10 + i * slot
        hidden = isinstance(value, Suppressed)
        h = 0 if hidden else (value or 0) * scale
        parts.append(
            f'<rect x="{plain(x + slot * 0.15, 1)}" y="{plain(base - h, 1)}" width="{plain(slot * 0.7, 1)}" '
            f'height="{plain(h, 1)}" fill="#1565c0"></rect>'
        )
        text = value.text if hidden else format_number(value or 0, language)
        parts.append(
            f'<text x="{plain(x + slot / 2, 1)}" y="{plain(base - h - 3, 1)}" text-anchor="middle" font-size="9">'
            f"{escape(text)}</text>"
        )
        parts.append(
            f'<text x="{plain(x + slot / 2, 1)}" y="{plain(height - 6, 0)}" text-anchor="middle" font-size="9">'
            f"{escape(str(label))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
