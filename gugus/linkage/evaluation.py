"""Pairwise quality of a clustering against known truth: precision, recall, F1."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class PairwiseScores:
    """Counts of record pairs placed together by the clustering, by the truth, and by both."""

    predicted_pairs: int
    true_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _pairs(labels: pd.Series) -> int:
    sizes = labels.value_counts()
    return int((sizes * (sizes - 1) // 2).sum())


def pairwise_scores(clusters: pd.DataFrame, truth: pd.DataFrame) -> PairwiseScores:
    """Compare clusters (record_id, cluster_id) with truth (record_id, person_id)."""
    joined = clusters[["record_id", "cluster_id"]].merge(truth[["record_id", "person_id"]], on="record_id")
    if len(joined) != len(truth):
        raise ValueError("clusters and truth must cover the same records")
    both = joined["cluster_id"].astype(str) + "\x1f" + joined["person_id"].astype(str)
    return PairwiseScores(_pairs(joined["cluster_id"]), _pairs(joined["person_id"]), _pairs(both))
