from gugus.linkage.generate import INPUT_COLUMNS, generate_records


def test_generator_is_seeded():
    first = generate_records(500, seed=3)
    assert first.equals(generate_records(500, seed=3))
    assert not first.equals(generate_records(500, seed=4))


def test_generator_shape_and_truth():
    records = generate_records(2_000, seed=3)
    assert list(records.columns) == [*INPUT_COLUMNS, "person_id", "family_id", "falsified"]
    assert len(records) == 2_000
    assert records["record_id"].is_unique
    assert records["person_id"].nunique() == 973
    assert (records["falsified"] == "1").sum() == 15
    families = records.groupby("family_id")["person_id"].nunique()
    assert (families > 1).sum() == 100
    assert sorted(records["source"].str.startswith(("KBRI", "KDEI")).value_counts().tolist()) == [197, 1_803]


def test_agencies_leave_out_what_they_do_not_collect():
    records = generate_records(2_000, seed=3)
    missing_nik = (records["nik"] == "").groupby(records["source"].where(
        ~records["source"].str.startswith(("KBRI", "KDEI")), "Embassy")).mean().round(2)
    assert missing_nik.to_dict() == {
        "Embassy": 0.74, "KP2MI": 0.26, "Kemensos": 0.06, "LPSK": 0.12, "Polri": 0.15, "UPTD PPA": 0.29
    }
