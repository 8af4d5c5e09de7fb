import pandas as pd
import pytest

from gugus.linkage.evaluation import PairwiseScores, pairwise_scores


def test_pairwise_scores():
    clusters = pd.DataFrame({"record_id": list("abcde"), "cluster_id": ["1", "1", "1", "4", "5"]})
    truth = pd.DataFrame({"record_id": list("abcde"), "person_id": [1, 1, 2, 3, 3]})
    scores = pairwise_scores(clusters, truth)
    assert scores == PairwiseScores(predicted_pairs=3, true_pairs=2, correct_pairs=1)
    assert (scores.precision, scores.recall) == (1 / 3, 0.5)
    assert scores.f1 == pytest.approx(0.4)


def test_pairwise_scores_need_the_same_records():
    with pytest.raises(ValueError, match="same records"):
        pairwise_scores(pd.DataFrame({"record_id": ["a"], "cluster_id": ["a"]}),
                        pd.DataFrame({"record_id": ["a", "b"], "person_id": [1, 2]}))
