"""Exports of this app neutralise formulas and control characters (gugus/core/spreadsheets.py)."""

import csv

from gugus.core.tests.test_spreadsheets import HYPERLINK


def test_linkage_clusters_csv(tmp_path):
    import pandas as pd

    from gugus.linkage.cli import OUTPUT_COLUMNS, write_clusters

    clusters = pd.DataFrame([[HYPERLINK, "c1", 0.5], ["r2", "c1", 1.0]], columns=OUTPUT_COLUMNS)
    path = tmp_path / "out.csv"
    write_clusters(path, clusters)
    assert list(csv.reader(path.open())) == [
        list(OUTPUT_COLUMNS),
        ["'" + HYPERLINK, "c1", "0.500000"],
        ["r2", "c1", "1.000000"],
    ]
