"""A tile-grid cartogram of the 38 provinces: one square each, placed roughly west to east.

Hand-placed grid positions (column, row) keep neighbours near each other; no map tiles or
geometry are fetched, so the map works on closed networks.
"""

from __future__ import annotations

TILE = 46

# code: (column, row, short label)
PROVINCE_TILES: dict[str, tuple[int, int, str]] = {
    "11": (0, 0, "ACEH"),
    "12": (1, 1, "SUMUT"),
    "13": (1, 2, "SUMBAR"),
    "14": (2, 2, "RIAU"),
    "21": (3, 1, "KEPRI"),
    "15": (2, 3, "JAMBI"),
    "17": (1, 3, "BKL"),
    "16": (2, 4, "SUMSEL"),
    "19": (3, 3, "BABEL"),
    "18": (2, 5, "LPG"),
    "36": (3, 6, "BTN"),
    "31": (4, 5, "DKI"),
    "32": (4, 6, "JABAR"),
    "33": (5, 6, "JATENG"),
    "34": (5, 7, "DIY"),
    "35": (6, 6, "JATIM"),
    "51": (7, 7, "BALI"),
    "52": (8, 7, "NTB"),
    "53": (9, 7, "NTT"),
    "61": (4, 2, "KALBAR"),
    "62": (5, 3, "KALTENG"),
    "63": (6, 4, "KALSEL"),
    "64": (6, 2, "KALTIM"),
    "65": (6, 1, "KALTARA"),
    "76": (7, 3, "SULBAR"),
    "73": (7, 4, "SULSEL"),
    "72": (8, 2, "SULTENG"),
    "74": (8, 4, "SULTRA"),
    "75": (9, 1, "GTLO"),
    "71": (10, 1, "SULUT"),
    "82": (11, 2, "MALUT"),
    "81": (11, 4, "MALUKU"),
    "96": (12, 2, "PBD"),
    "92": (13, 2, "PB"),
    "91": (14, 2, "PAPUA"),
    "94": (13, 3, "PTENG"),
    "95": (14, 3, "PPEG"),
    "93": (14, 4, "PSEL"),
}


def province_tiles(coverage: dict) -> list[dict]:
    """Tiles with SVG coordinates, each carrying its province's coverage row (or None)."""
    tiles = []
    for code, (column, row, label) in sorted(PROVINCE_TILES.items()):
        tiles.append(
            {
                "code": code,
                "x": column * TILE,
                "y": row * TILE,
                "size": TILE - 2,
                "label": label,
                "coverage": coverage.get(code),
            }
        )
    return tiles
