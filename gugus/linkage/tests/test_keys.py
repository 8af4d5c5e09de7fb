from gugus.linkage.keys import candidate_keys, name_keys, nik_keys


def test_nik_keys_survive_one_typo():
    right = set(nik_keys("3212151708950001"))
    swapped = set(nik_keys("3212151708950010"))
    wrong_digit = set(nik_keys("3212151709950001"))
    assert right & swapped == {"nik_ab:321215170895"}
    assert right & wrong_digit == {"nik_ac:3212150001"}


def test_nik_keys_of_a_short_nik():
    assert nik_keys("321215") == ["nik:321215"]
    assert nik_keys(None) == []


def test_name_keys_leave_out_common_tokens():
    assert name_keys("Siti Nurhayati", 1990) == [
        "name:sitinurhayati",
        "name_year:sitinurhayati:1990",
        "phon:nuraiati siti",
        "phon_token:nuraiati",
        "phon_year:nuraiati:1990",
        "phon_year:siti:1990",
    ]


def test_candidate_keys_of_two_spellings_meet():
    first = candidate_keys({"full_name": "H. Muhammad Rizki", "birth_date": "1990-05-17",
                            "nik": "3506011705900007", "phone": "081355550001"})
    second = candidate_keys({"full_name": "M. Rizky", "birth_date": "17/05/1990",
                             "nik": "3506011705900070", "phone": "+62 813 5555 0001"})
    assert sorted(set(first) & set(second)) == [
        "nik_ab:350601170590",
        "phon:muamad rijki",
        "phon_token:rijki",
        "phon_year:muamad:1990",
        "phon_year:rijki:1990",
        "phone:+6281355550001",
    ]


def test_candidate_keys_of_an_empty_record():
    assert candidate_keys({}) == []
