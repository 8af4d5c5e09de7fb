import pandas as pd
import pytest

from gugus.linkage import matching
from gugus.linkage.evaluation import pairwise_scores
from gugus.linkage.generate import INPUT_COLUMNS, generate_records
from gugus.linkage.matching import (
    PREPARED_COLUMNS,
    Model,
    _apply_guard,
    default_model,
    prepare_record,
    prepare_records,
    resolve,
    train_model,
)
from gugus.linkage.tests import cases


def test_prepare_record_normalises_every_field():
    row = prepare_record(dict(zip(cases.COLUMNS.split(","), cases.ROWS[1].split(","), strict=True)))
    assert row == {
        "unique_id": "A2",
        "source": "KP2MI",
        "name": "siti aminah",
        "name_compact": "sitiaminah",
        "name_phonetic": ["amina", "siti"],
        "name_phonetic_key": "amina siti",
        "first_phonetic": "amina",
        "name_first": "siti",
        "name_initials": "sa",
        "name_abbreviated": None,
        "name_tokens": ["siti", "aminah"],
        "sex": "F",
        "birth_date": "2003-03-12",
        "birth_year": "2003",
        "dob": "2003-03-12",
        "any_year": "2003",
        "nik_birth_date": "2008-03-12",
        "nik_sex": "F",
        "nik_valid": "1",
        "nik": "3212155203080001",
        "nik_a": "321215520308",
        "nik_b": "5203080001",
        "nik_c": "3212150001",
        "phone": "+6281234567001",
        "passport": "C1234567",
        "regions": ["32.12"],
        "provinces": ["32"],
        "home_regency": "32.12",
    }


def test_prepare_record_fields_follow_the_prepared_columns():
    assert list(prepare_record(cases.records()[0])) == PREPARED_COLUMNS


def test_normalising_in_workers_gives_the_same_frame(monkeypatch):
    records = generate_records(3_000, seed=5)[INPUT_COLUMNS]
    monkeypatch.setattr(matching, "PARALLEL_FROM_RECORDS", 1_000)
    monkeypatch.setattr(matching, "_CHUNK_RECORDS", 700)
    in_one = prepare_records(records, workers=1)
    in_workers = prepare_records(records, workers=2)
    assert in_workers.equals(in_one)
    assert list(in_workers["unique_id"]) == list(records["record_id"])


def test_hard_cases_resolve_as_expected():
    resolution = resolve(cases.records())
    assert cases.clusters_as_sets(resolution.clusters) == cases.EXPECTED_CLUSTERS
    assert list(resolution.clusters["record_id"]) == [r.split(",")[0] for r in sorted(cases.ROWS)]


def test_siblings_score_high_but_the_guard_keeps_them_apart():
    pairs = resolve(cases.records()).pairs.set_index(["record_id_l", "record_id_r"])
    # the household phone alone would link the sisters
    assert pairs.loc[("B2", "C2"), "match_probability"] > 0.99
    assert bool(pairs.loc[("B2", "C2"), "guarded"]) is True
    assert bool(pairs.loc[("B2", "C2"), "linked"]) is False


def test_falsified_birth_year_is_linked_and_reported():
    conflicts = resolve(cases.records()).birth_year_conflicts()
    assert conflicts.to_dict("records") == [
        {"record_id": "A1", "cluster_id": "A1", "recorded_year": "2008", "nik_year": "2008"},
        {"record_id": "A2", "cluster_id": "A1", "recorded_year": "2003", "nik_year": "2008"},
        {"record_id": "A3", "cluster_id": "A1", "recorded_year": "2003", "nik_year": None},
    ]


def test_threshold_is_settable():
    # no probability reaches exactly 1, so at threshold 1 every record stands alone
    assert resolve(cases.records(), threshold=1.0).clusters["cluster_id"].nunique() == 12
    # at 0.9 the sisters' near-certain household pairs are still kept apart by the guard
    assert resolve(cases.records(), threshold=0.5).clusters["cluster_id"].nunique() == 6


def test_singleton_reports_zero_without_candidates():
    clusters = resolve(cases.records()).clusters.set_index("record_id")
    assert clusters.loc["F1", "match_probability"] == 0.0
    assert clusters.loc["F1", "cluster_id"] == "F1"


def test_guard_rules():
    pairs = pd.DataFrame(
        {
            # sibling pattern; falsified year; household only; mistyped NIK; name conflict with the same NIK;
            # twins (name conflict, same birth date, NIKs one serial digit apart); another NIK, same birth date
            "gamma_nik": [0, 3, -1, 0, 4, 3, 2],
            "gamma_birth_date": [0, 5, -1, 6, -1, 6, 6],
            "gamma_name": [1, 6, 1, 6, 0, 0, 1],
            "gamma_passport": [-1, -1, -1, -1, -1, -1, -1],
        }
    )
    assert list(_apply_guard(pairs)) == [True, False, True, False, False, True, True]
    # namesakes: the same name and birth date, two NIKs that encode it; a shared passport still links
    namesakes = pd.DataFrame(
        {"gamma_nik": [2, 2], "gamma_birth_date": [6, 6], "gamma_name": [8, 8], "gamma_passport": [-1, 2]}
    )
    assert list(_apply_guard(namesakes)) == [True, False]


def test_bad_threshold_and_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="threshold"):
        resolve(cases.records(), threshold=0)
    records = cases.records() + [cases.records()[0]]
    with pytest.raises(ValueError, match="'A1' appears more than once"):
        resolve(records)


def test_model_saves_and_loads(tmp_path):
    model = default_model()
    path = tmp_path / "model.json"
    model.save(path)
    loaded = Model.load(path)
    assert loaded == model
    assert loaded.trained_on_records == 20_000
    settings = loaded.settings_for(20_000)
    assert settings["probability_two_random_records_match"] == pytest.approx(
        model.splink_settings["probability_two_random_records_match"]
    )
    assert loaded.settings_for(2_000_000)["probability_two_random_records_match"] == pytest.approx(
        model.splink_settings["probability_two_random_records_match"] * 19_999 / 1_999_999
    )


def test_model_of_another_format_is_refused():
    with pytest.raises(ValueError, match="not a Gugus linkage model"):
        Model.from_json('{"format": "other"}')


def test_generated_records_resolve_with_the_shipped_model():
    records = generate_records(3_000, seed=11)
    resolution = resolve(records.drop(columns=["person_id", "family_id", "falsified"]))
    scores = pairwise_scores(resolution.clusters, records[["record_id", "person_id"]])
    assert (scores.predicted_pairs, scores.true_pairs, scores.correct_pairs) == (2525, 2599, 2525)


def test_training_on_generated_records_gives_a_usable_model():
    records = generate_records(4_000, seed=5)
    model = train_model(records, seed=1)
    resolution = resolve(records, model=model)
    scores = pairwise_scores(resolution.clusters, records[["record_id", "person_id"]])
    assert model.trained_on_records == 4_000
    assert round(scores.f1, 3) == 0.984


def test_duckdb_never_spills_records_to_disk():
    api = matching._db_api("duckdb")
    setting = api.duckdb_con.execute("select current_setting('temp_directory')").fetchone()[0]
    assert setting == ""


def _pairs(rows):
    return pd.DataFrame(rows, columns=["record_id_l", "record_id_r", "match_probability", "guarded", "linked"])


def test_clusters_never_hold_two_valid_niks_with_different_birth_dates():
    # x and z are linked through y, who has no NIK: plain connected components would chain them
    pairs = _pairs([("x", "y", 0.99, False, True), ("y", "z", 0.98, False, True)])
    signatures = {"x": "1990-01-02:F", "y": None, "z": "1991-01-02:F"}
    clusters = matching.constrained_clusters(["x", "y", "z"], pairs, signatures, threshold=0.9)
    assert clusters == {"x": "x", "y": "x", "z": "z"}


def test_a_weak_link_does_not_chain_two_groups_that_scored_low_against_each_other():
    pairs = _pairs(
        [
            ("a1", "a2", 0.999, False, True),
            ("b1", "b2", 0.999, False, True),
            ("a2", "b1", 0.95, False, True),  # the only link across
            ("a1", "b1", 0.05, False, False),
            ("a1", "b2", 0.04, False, False),
            ("a2", "b2", 0.10, False, False),
        ]
    )
    ids = ["a1", "a2", "b1", "b2"]
    clusters = matching.constrained_clusters(ids, pairs, {}, threshold=0.9)
    assert clusters == {"a1": "a1", "a2": "a1", "b1": "b1", "b2": "b1"}
    # without the low pairs, one link between two pairs of records is still too thin to join them
    clusters = matching.constrained_clusters(ids, pairs.iloc[:3], {}, threshold=0.9)
    assert clusters == {"a1": "a1", "a2": "a1", "b1": "b1", "b2": "b1"}
    # but a single record joins a group through one link when nothing speaks against it
    clusters = matching.constrained_clusters(["a1", "a2", "b1"], pairs.iloc[[0, 2]], {}, threshold=0.9)
    assert set(clusters.values()) == {"a1"}


def test_a_guarded_pair_keeps_its_records_in_different_clusters_even_through_a_third():
    pairs = _pairs(
        [("s1", "m", 0.99, False, True), ("m", "s2", 0.97, False, True), ("s1", "s2", 0.99, True, False)]
    )
    clusters = matching.constrained_clusters(["s1", "s2", "m"], pairs, {}, threshold=0.9)
    assert clusters == {"s1": "m", "m": "m", "s2": "s2"}


def test_nik_conflicts_compare_the_encoded_birth_date_and_sex_of_valid_niks():
    prepared = prepare_records(
        [
            {"record_id": "1", "full_name": "Wati Purnamasari", "nik": "3212014505900001"},
            {"record_id": "2", "full_name": "Wati Purnamasari", "nik": "3212014506900002"},  # another date
            {"record_id": "3", "full_name": "Wati Purnamasari", "nik": "3212014505900009"},  # same date
            {"record_id": "4", "full_name": "Wati Purnamasari", "nik": "3212010505900001"},  # a man's NIK
            {"record_id": "5", "full_name": "Wati Purnamasari", "nik": "32120145059"},  # not valid
        ]
    )
    signatures = matching.nik_signature(prepared)
    assert signatures.to_dict() == {
        "1": "1990-05-05:F", "2": "1990-06-05:F", "3": "1990-05-05:F", "4": "1990-05-05:M", "5": None,
    }  # fmt: skip
    pairs = pd.DataFrame({"record_id_l": ["1", "1", "1", "1"], "record_id_r": ["2", "3", "4", "5"]})
    assert list(matching.nik_conflicts(pairs, signatures)) == [True, False, True, False]


def test_an_initial_matches_the_name_it_stands_for():
    resolution = resolve(
        [
            {"record_id": "1", "full_name": "HENDRA K.", "phone": "+6282818346050", "birth_date": "1990-05-17",
             "address_region": "Kab. Kediri"},
            {"record_id": "2", "full_name": "Sdr. Hendaa Kurniawan", "phone": "0828-1834-6050",
             "birth_date": "1988-05-17", "address_region": "KEDIRI"},
        ]
    )
    assert resolution.clusters["cluster_id"].tolist() == ["1", "1"]
