"""The in-memory scorer gives the engine's (Splink's) probabilities and guard on the same pairs."""

import pytest

from gugus.identity.scoring import model_weights, prepare, score
from gugus.linkage.generate import generate_records
from gugus.linkage.matching import resolve


def test_scorer_agrees_with_splink_on_every_scored_pair():
    records = generate_records(1500, seed=11)
    resolution = resolve(records)
    by_id = {str(r["record_id"]): r for r in records.to_dict("records")}
    weights = model_weights().at_population(len(records))
    compared = 0
    for row in resolution.pairs.itertuples(index=False):
        result = score(prepare(by_id[row.record_id_l]), prepare(by_id[row.record_id_r]), weights)
        assert result.guarded == bool(row.guarded)
        if result.levels["name"] not in ("exact", "compact"):  # Splink adjusts these by name frequency
            assert result.probability == pytest.approx(row.match_probability, abs=1e-9)
            compared += 1
    assert compared > 100


def test_a_falsified_birth_year_is_explained_by_the_nik_despite_a_typo():
    weights = model_weights().at_population(1_000_000)
    left = prepare(
        {
            "record_id": "1",
            "full_name": "Siti Aminah",
            "nik": "3212014505900001",
            "birth_date": "1990-05-05",
            "sex": "P",
            "phones": ["0812-3456-7890"],
            "address_region": "Kab. Indramayu",
        }
    )
    right = prepare(
        {
            "record_id": "2",
            "full_name": "SITI AMINAH",
            "nik": "3212014505900007",
            "birth_date": "1988-05-05",
            "sex": "F",
            "phones": ["+62 812 3456 7890"],
            "address_region": "32.12",
        }
    )
    result = score(left, right, weights)
    assert result.levels == {
        "nik": "one_typo",
        "birth_date": "nik_date",  # the recorded 1990 date agrees with the date in the other NIK
        "name": "exact",
        "phone": "exact",
        "passport": None,
        "regions": "same_regency",
        "sex": "exact",
    }
    assert not result.guarded
    assert result.probability > 0.99


def test_siblings_sharing_a_phone_and_an_address_are_held_apart():
    weights = model_weights().at_population(1_000_000)
    left = prepare(
        {
            "record_id": "1",
            "full_name": "Dewi binti Karta",
            "birth_date": "2001-02-03",
            "sex": "P",
            "phones": ["081234567890"],
            "address_region": "32.12",
        }
    )
    right = prepare(
        {
            "record_id": "2",
            "full_name": "Rina binti Karta",
            "birth_date": "2004-07-09",
            "sex": "P",
            "phones": ["081234567890"],
            "address_region": "32.12",
        }
    )
    result = score(left, right, weights)
    assert result.levels["name"] in ("one_token", "different")
    assert result.guarded
