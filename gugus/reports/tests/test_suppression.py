"""Suppression: no small cell reaches a reader who is not entitled to the rows, directly or by
subtraction from a total. The reader is modelled by brute force over every table consistent with
what is shown (primary cells 1..4, complementary cells at least 5)."""

from __future__ import annotations

import random

import pytest

from gugus.reports.suppression import Suppressed, protect, protect_counts

pytestmark = pytest.mark.filterwarnings("ignore")


def _shown(table, n_rows, n_cols):
    shown = {}
    for i in range(n_rows):
        for j in range(n_cols):
            shown[("c", i, j)] = table.cells[i][j]
        shown[("r", i)] = table.row_totals[i]
    for j in range(n_cols):
        shown[("k", j)] = table.column_totals[j]
    shown[("g",)] = table.total
    return shown


def _feasible_values(matrix, table, *, k, columns=True, cap=None):
    """For each hidden interior cell, every value it takes in some table consistent with the page
    (depth-first over the hidden cells, row by row, pruned on the visible row sums)."""
    n_rows, n_cols = len(matrix), len(matrix[0])
    shown = _shown(table, n_rows, n_cols)
    hidden_cells = [(i, j) for i in range(n_rows) for j in range(n_cols) if isinstance(table.cells[i][j], Suppressed)]
    grand = sum(map(sum, matrix)) + k
    limit = cap or grand

    def known(key):
        value = shown[key]
        return None if isinstance(value, Suppressed) else value

    def value_range(i, j):
        if table.cells[i][j].primary:
            return range(1, k)
        top = min(x for x in (known(("r", i)), known(("k", j)) if columns else None, limit) if x is not None)
        return range(k, top + 1)

    seen = {cell: set() for cell in hidden_cells}
    candidate = [row[:] for row in matrix]

    def consistent_row(i):
        r = known(("r", i))
        return r is None or sum(candidate[i]) == r

    def consistent_end():
        if columns:
            for j in range(n_cols):
                c = known(("k", j))
                if c is not None and sum(candidate[i][j] for i in range(n_rows)) != c:
                    return False
        g = known(("g",))
        return g is None or sum(map(sum, candidate)) == g

    def search(index, choice):
        if index == len(hidden_cells):
            if all(consistent_row(i) for i in range(n_rows)) and consistent_end():
                for cell, v in zip(hidden_cells, choice, strict=True):
                    seen[cell].add(v)
            return
        i, j = hidden_cells[index]
        for v in value_range(i, j):
            candidate[i][j] = v
            nxt = hidden_cells[index + 1][0] if index + 1 < len(hidden_cells) else None
            if nxt != i:  # the row is complete: prune on its sum
                if not consistent_row(i):
                    continue
            elif known(("r", i)) is not None and sum(candidate[i][: j + 1]) > known(("r", i)):
                break
            search(index + 1, [*choice, v])
        candidate[i][j] = matrix[i][j]

    search(0, [])
    return seen


def test_a_single_small_cell_takes_a_partner_so_the_total_does_not_give_it_away():
    counts, total = protect_counts({"hotline": 12, "walk_in": 3, "embassy": 40, "online": 9}, k=5)
    assert counts["walk_in"] == Suppressed(primary=True, threshold=5)
    assert str(counts["walk_in"]) == "<5"
    # the smallest other cell is hidden with it; the total stays
    assert counts["online"] == Suppressed(primary=False, threshold=5)
    assert counts["hotline"] == 12 and counts["embassy"] == 40 and total == 64


def test_entitled_viewers_see_every_count():
    counts, total = protect_counts({"a": 1, "b": 2}, k=5, entitled=True)
    assert counts == {"a": 1, "b": 2} and total == 3


def test_zeros_stay_visible_and_a_small_total_is_hidden():
    counts, total = protect_counts({"a": 0, "b": 3, "c": 0}, k=5)
    assert counts["a"] == 0 and counts["c"] == 0
    assert isinstance(counts["b"], Suppressed) and isinstance(total, Suppressed)


def test_a_partner_that_would_pin_the_small_cell_is_not_enough():
    # 1 + 5 = 6: a reader who knows the partner is at least 5 would know the small cell is 1
    counts, total = protect_counts({"a": 1, "b": 5, "c": 30}, k=5)
    assert total == 36
    # hiding b alone would pin a (the total minus 30 is 6, and b is at least 5): c goes too
    assert [key for key, v in counts.items() if isinstance(v, Suppressed)] == ["a", "b", "c"]
    table = protect([[1, 5, 30]], k=5, columns=False)
    seen = _feasible_values([[1, 5, 30]], table, k=5, columns=False)
    assert all(len(values) >= 2 for cell, values in seen.items() if table.cells[cell[0]][cell[1]].primary)


def test_two_way_table_keeps_every_small_cell_ambiguous():
    matrix = [[12, 3, 20], [7, 9, 15], [30, 11, 2]]
    table = protect(matrix, k=5)
    assert str(table.cells[0][1]) == "<5" and str(table.cells[2][2]) == "<5"
    seen = _feasible_values(matrix, table, k=5, cap=40)
    for (i, j), values in seen.items():
        if table.cells[i][j].primary:
            assert len(values) >= 2, (i, j, values)


@pytest.mark.parametrize("seed", range(20))
def test_random_tables_never_reveal_a_small_cell(seed):
    rng = random.Random(seed)
    n_rows, n_cols = rng.randint(1, 2), rng.randint(2, 3)
    matrix = [[rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 14]) for _ in range(n_cols)] for _ in range(n_rows)]
    table = protect(matrix, k=5)
    for i in range(n_rows):
        for j in range(n_cols):
            value = matrix[i][j]
            if 0 < value < 5:
                assert isinstance(table.cells[i][j], Suppressed)
    seen = _feasible_values(matrix, table, k=5)
    for (i, j), values in seen.items():
        if table.cells[i][j].primary:
            assert matrix[i][j] in values
            assert len(values) >= 2, (matrix, i, j, values)
