"""Small-count suppression for viewers not entitled to the rows behind a figure.

A cell under the threshold (default 5, ``GUGUS_SUPPRESSION_THRESHOLD``) is hidden ("<5"), and
enough other cells are hidden with it (complementary suppression, shown "•") that no hidden
small cell can be worked out by subtracting visible cells from a total. Zeros stay visible.

The model of the reader is pessimistic: every breakdown of a population is assumed to have a
known total (totals of cases and people are printed elsewhere on the same page), a reader knows
that a primary cell lies in 1..threshold-1 and that a complementary cell is at least the
threshold. After the usual rule (no total equation with exactly one hidden member), bounds are
propagated through every equation; while a small cell's value is still pinned to one number,
one more cell beside it is hidden. Pure functions over plain integers: tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings


@dataclass(frozen=True)
class Suppressed:
    """A hidden cell: ``primary`` when it is itself small, otherwise hidden to protect one that is."""

    primary: bool
    threshold: int = 5

    @property
    def text(self) -> str:
        return f"<{self.threshold}" if self.primary else "•"

    def __str__(self) -> str:
        return self.text


def threshold() -> int:
    return int(getattr(settings, "GUGUS_SUPPRESSION_THRESHOLD", 5))


@dataclass
class Table:
    """A protected table: cells by row and column, row totals, column totals, the grand total."""

    cells: list[list]
    row_totals: list
    column_totals: list
    total: object
    hidden: set = field(default_factory=set)

    def row(self, i: int) -> list:
        return self.cells[i]


def _equations(n_rows: int, n_cols: int, *, rows: bool, columns: bool) -> list[tuple[list, tuple]]:
    """(members, total key) for every sum a reader knows (or is assumed to know)."""
    equations = []
    if rows:
        for i in range(n_rows):
            equations.append(([("c", i, j) for j in range(n_cols)], ("r", i)))
        equations.append(([("r", i) for i in range(n_rows)], ("g",)))
    if columns:
        for j in range(n_cols):
            equations.append(([("c", i, j) for i in range(n_rows)], ("k", j)))
        equations.append(([("k", j) for j in range(n_cols)], ("g",)))
    return equations


def _bounds(values: dict, hidden: set, primary: set, k: int, equations) -> dict:
    """Interval of each hidden cell as a reader can narrow it from the visible cells and the sums."""
    big = sum(v for key, v in values.items() if key[0] == "c") or 0
    low = {key: (1 if key in primary else k) for key in hidden}
    high = {key: (k - 1 if key in primary else max(big, k)) for key in hidden}
    for _ in range(50):
        changed = False
        for members, total in equations:
            # total = sum(members): treat it as sum(members) - total = 0 over all its keys
            keys = [*members, total]
            for target in keys:
                if target not in hidden:
                    continue
                sign = -1 if target == total else 1
                lo_rest = hi_rest = 0
                for other in keys:
                    if other == target:
                        continue
                    s = -1 if other == total else 1
                    if other in hidden:
                        lo, hi = low[other], high[other]
                    else:
                        lo = hi = values[other]
                    if s > 0:
                        lo_rest, hi_rest = lo_rest + lo, hi_rest + hi
                    else:
                        lo_rest, hi_rest = lo_rest - hi, hi_rest - lo
                # sign*target + rest = 0  ->  target = -rest / sign
                new_lo, new_hi = (-hi_rest, -lo_rest) if sign > 0 else (lo_rest, hi_rest)
                if new_lo > low[target]:
                    low[target], changed = new_lo, True
                if new_hi < high[target]:
                    high[target], changed = new_hi, True
        if not changed:
            break
    return {key: (low[key], high[key]) for key in hidden}


def protect(matrix: list[list[int]], *, k: int | None = None, rows: bool = True, columns: bool = True) -> Table:
    """Suppress small cells of ``matrix`` (and of its margins) and their complements.

    ``rows``/``columns``: whether row sums / column sums are known to the reader. A one-row
    breakdown is ``protect([[...]], columns=False)``.
    """
    k = threshold() if k is None else k
    n_rows = len(matrix)
    n_cols = len(matrix[0]) if matrix else 0
    values: dict = {}
    for i, row in enumerate(matrix):
        for j, v in enumerate(row):
            values[("c", i, j)] = int(v)
        values[("r", i)] = sum(int(v) for v in row)
    for j in range(n_cols):
        values[("k", j)] = sum(int(matrix[i][j]) for i in range(n_rows))
    values[("g",)] = sum(values[("r", i)] for i in range(n_rows))
    equations = _equations(n_rows, n_cols, rows=rows, columns=columns)
    shown = {key for members, total in equations for key in (*members, total)} or {
        ("c", i, j) for i in range(n_rows) for j in range(n_cols)
    }
    primary = {key for key in shown if 0 < values[key] < k}
    hidden = set(primary)

    def hide_one_beside(keys: list) -> bool:
        candidates = [key for key in keys if key not in hidden and key in values]
        if not candidates:
            return False
        # smallest positive first (zeros reveal nothing, hiding them protects little), interior before totals
        candidates.sort(key=lambda key: (values[key] == 0, key[0] != "c", values[key], key))
        hidden.add(candidates[0])
        return True

    for _ in range(10 * (len(values) + 1)):
        progress = False
        for members, total in equations:
            keys = [*members, total]
            if sum(1 for key in keys if key in hidden) == 1:
                progress |= hide_one_beside(keys)
        if progress:
            continue
        bounds = _bounds(values, hidden, primary, k, equations)
        pinned = [key for key in primary if bounds[key][0] >= bounds[key][1]]
        if not pinned:
            break
        key = sorted(pinned)[0]
        neighbours = [other for members, total in equations if key in (*members, total) for other in (*members, total)]
        if not hide_one_beside(neighbours):
            break

    def shown_value(key):
        if key in hidden:
            return Suppressed(primary=key in primary, threshold=k)
        return values[key]

    return Table(
        cells=[[shown_value(("c", i, j)) for j in range(n_cols)] for i in range(n_rows)],
        row_totals=[shown_value(("r", i)) for i in range(n_rows)],
        column_totals=[shown_value(("k", j)) for j in range(n_cols)],
        total=shown_value(("g",)),
        hidden=hidden,
    )


def protect_counts(counts: dict, *, k: int | None = None, entitled: bool = False) -> tuple[dict, object]:
    """A one-dimensional breakdown ({key: n}) and its total, protected unless ``entitled``."""
    keys = list(counts)
    if entitled or not keys:
        return dict(counts), sum(counts.values())
    table = protect([[counts[key] for key in keys]], k=k, columns=False)
    return dict(zip(keys, table.cells[0], strict=True)), table.total
