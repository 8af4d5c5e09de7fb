"""The de-identified release: k-anonymity over every released column, checked independently with pycanon."""

from __future__ import annotations

import random

import pytest
from pycanon import anonymity

from gugus.exchange import release
from gugus.exchange.release import COLUMNS, DEMOGRAPHIC, SENSITIVE, VictimRecord, build_release

PROVINCES = {"32": "Jawa Barat", "33": "Jawa Tengah", "35": "Jawa Timur", "52": "Nusa Tenggara Barat",
             "53": "Nusa Tenggara Timur", "12": "Sumatera Utara", "21": "Kepulauan Riau", "73": "Sulawesi Selatan",
             "61": "Kalimantan Barat", "94": "Papua"}  # fmt: skip
EXPLOITATION = ["online_scam", "forced_labour", "sexual_exploitation", "domestic_servitude", "fishing_crew",
                "online_child_sexual_exploitation", "forced_marriage"]  # fmt: skip
MEANS = ["fraud", "debt_bondage", "threat", "force", "confinement", "forgery"]


def records(n: int, seed: int) -> list[VictimRecord]:
    """Seeded synthetic victim records with a realistic skew (most from Java and NTB, to Cambodia and Malaysia)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        province = rng.choices(list(PROVINCES), weights=[20, 12, 14, 18, 10, 6, 5, 5, 5, 2])[0]
        out.append(
            VictimRecord(
                year=rng.choice([2022, 2023, 2024, 2025]),
                sex=rng.choice(["F", "F", "M", ""]),
                age=rng.choice([None, *range(12, 60)]),
                citizenship=rng.choices(["ID", "MY", "PH"], weights=[95, 3, 2])[0],
                province=province,
                province_name=PROVINCES[province],
                destination=rng.choices(
                    ["KH", "MY", "MM", "SA", "TW", "HK", "LA", "AE", ""], weights=[25, 20, 10, 10, 8, 8, 6, 5, 8]
                )[0],
                status=rng.choice(["identified", "suspected"]),
                exploitation=tuple(sorted(set(rng.sample(EXPLOITATION, rng.choice([1, 1, 1, 2]))))),
                means=tuple(sorted(set(rng.sample(MEANS, rng.choice([0, 1, 2]))))),
            )
        )
    return out


@pytest.mark.parametrize(("n", "seed", "k"), [(3000, 1, 11), (8000, 7, 11), (2000, 3, 5)])
def test_every_released_row_is_in_a_class_of_k_by_pycanon(n, seed, k):
    made = build_release(records(n, seed), k=k)
    frame = made.frame
    assert len(frame) > 0
    assert list(frame.columns) == list(COLUMNS)
    independent_k = anonymity.k_anonymity(frame, list(COLUMNS))
    assert independent_k >= k
    assert made.k_achieved == independent_k
    assert made.l_achieved == anonymity.l_diversity(frame, list(DEMOGRAPHIC), [SENSITIVE])
    assert made.rows_in == n
    assert made.rows_suppressed == n - len(frame)
    assert made.rows_suppressed <= 0.05 * n


def test_generalisation_is_applied_only_as_far_as_needed():
    # 600 identical records: nothing to generalise, nothing to suppress.
    same = [records(1, 5)[0]] * 600
    made = build_release(same, k=11)
    assert made.levels == dict.fromkeys(release.ATTRIBUTES, 0)
    assert made.rows_suppressed == 0
    assert made.k_achieved == 600
    assert made.generalisation()[0] == "year: year of registration"


def test_a_lone_outlier_is_suppressed_never_released():
    rows = [records(1, 5)[0]] * 50 + [
        VictimRecord(2025, "M", 70, "PH", "94", "Papua", "SA", "identified", ("organ_removal",))
    ]
    made = build_release(rows, k=11)
    assert len(made.frame) == 50
    assert made.rows_suppressed == 1
    assert "PH" not in set(made.frame["citizenship"])


def test_ctdc_age_bands():
    assert [release.age_broad(a) for a in (None, 0, 8, 9, 17, 18, 20, 29, 30, 47, 48, 90)] == [
        "", "0--8", "0--8", "9--17", "9--17", "18--20", "18--20", "27--29", "30--38", "39--47", "48+", "48+",
    ]  # fmt: skip


def test_an_empty_release_states_it():
    made = build_release([], k=11)
    assert (len(made.frame), made.k_achieved, made.rows_suppressed) == (0, 0, 0)


@pytest.mark.django_db
def test_release_from_the_database_counts_people_once_and_keeps_statuses_apart(open_case, users):
    from gugus.accounts.actors import system_actor
    from gugus.cases.models import Case
    from gugus.cases.services import assessment_record
    from gugus.cases.tests.fixtures import victim
    from gugus.exchange.services import release_make, release_records

    for index in range(12):
        case = open_case(victims=[victim(full_name=f"Korban {index}", nik="", passport_no="", phones=[])])
        assessment_record(
            actor=users["supervisor"], case=case, victim=case.roles.get(), act="present", means="present",
            purpose="present", act_kinds=["recruiting"], means_kinds=["fraud"], purpose_kinds=["exploitation"],
            act_evidence="a", means_evidence="b", purpose_evidence="c",
            result="identified" if index < 11 else "suspected", reason="r",
        )  # fmt: skip
    records = release_records(Case.objects.all())
    assert len(records) == 12
    assert {(r.status, r.destination, r.province, r.year, r.age) for r in records} == {
        ("identified", "KH", "32", 2025, 35),
        ("suspected", "KH", "32", 2025, 35),
    }
    made = release_make(actor=system_actor("test"), cases=Case.objects.all(), k=11)
    # the one suspected victim cannot hide among identified ones: suppressed, never merged into them
    assert (len(made.frame), made.rows_suppressed, made.k_achieved) == (11, 1, 11)
    assert set(made.frame["idn_victimStatus"]) == {"Identified"}
    assert anonymity.k_anonymity(made.frame, list(COLUMNS)) == 11
