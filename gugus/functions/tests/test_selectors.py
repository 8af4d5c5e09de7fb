import pytest

from gugus.accounts.actors import system_actor
from gugus.functions import selectors
from gugus.functions.services import assignment_add, function_create
from gugus.organisations.models import Agency, Membership
from gugus.organisations.services import membership_add, structure_create


@pytest.fixture
def hand_built(national_task_force):
    """A small matrix built by hand: three functions (one in a group), five member agencies."""
    agencies = {a: Agency.objects.get(abbreviation=a) for a in ("Polri", "Kemensos", "LPSK", "Kemenlu", "TNI", "Pemda")}
    base = structure_create(
        actor=system_actor("tests"), task_force=national_task_force, key="t-base", name="Base", status="in_force"
    )
    draft = structure_create(
        actor=system_actor("tests"),
        task_force=national_task_force,
        key="t-draft",
        name="Draft",
        status="draft",
        based_on=base,
    )
    for structure, members in (
        (base, ("Polri", "Kemensos", "LPSK", "Kemenlu", "TNI")),
        (draft, ("Polri", "Kemensos", "LPSK", "Kemenlu")),
    ):
        for abbreviation in members:
            membership_add(
                actor=system_actor("tests"),
                structure=structure,
                agency=agencies[abbreviation],
                position=Membership.Position.MEMBER,
                allow_fixed=True,
            )
    one = function_create(
        actor=system_actor("tests"), code="one", name_id="Satu", name_en="One", at_province=False, at_regency=False
    )
    group = function_create(actor=system_actor("tests"), code="grp", name_id="Grup", name_en="Group")
    child = function_create(
        actor=system_actor("tests"), code="grp.child", name_id="Anak", name_en="Child", parent=group, at_national=False
    )
    functions = {"one": one, "grp.child": child}

    def letters(structure, rows):
        for code, tier, abbreviation, responsibility in rows:
            assignment_add(
                actor=system_actor("tests"),
                structure=structure,
                function=functions[code],
                agency=agencies[abbreviation],
                tier=tier,
                responsibility=responsibility,
                allow_fixed=True,
            )

    letters(
        base,
        [
            ("one", "national", "Polri", "A"),
            ("one", "national", "Kemensos", "A"),
            ("one", "national", "LPSK", "A"),
            ("one", "national", "Kemenlu", "C"),
            ("grp.child", "province", "Kemensos", "R"),
            ("grp.child", "regency", "Pemda", "A"),
            ("grp.child", "regency", "Pemda", "R"),
        ],
    )
    letters(
        draft,
        [
            ("one", "national", "Polri", "A"),
            ("one", "national", "Polri", "R"),
            ("grp.child", "province", "Kemensos", "A"),
            ("grp.child", "province", "LPSK", "A"),
            ("grp.child", "province", "LPSK", "R"),
        ],
    )
    return base, draft


@pytest.mark.django_db
def test_hand_built_analysis_flags_every_overlap_and_gap(hand_built):
    base, _ = hand_built
    result = selectors.analyse(base).as_dict()
    assert result["overlaps"] == [{"function": "one", "tier": "national", "agencies": ["Kemensos", "LPSK", "Polri"]}]
    # Catalogue order: "grp" sorts before "one" (same position).
    assert result["gaps"] == [
        {"function": "grp.child", "tier": "province", "missing": ["A"]},
        {"function": "one", "tier": "national", "missing": ["R"]},
    ]


@pytest.mark.django_db
def test_hand_built_idle_members_load_and_figures(hand_built):
    base, _ = hand_built
    result = selectors.analyse(base).as_dict()
    # LPSK is Accountable for "one"; Kemenlu only consulted; TNI holds nothing.
    assert result["idle_members"] == ["Kemenlu", "TNI"]
    assert result["non_member_agencies"] == ["Pemda"]
    assert result["load"] == [
        {"agency": "Kemensos", "member": True, "functions": 2, "A": 1, "R": 1, "C": 0, "I": 0},
        {"agency": "LPSK", "member": True, "functions": 1, "A": 1, "R": 0, "C": 0, "I": 0},
        {"agency": "Pemda", "member": False, "functions": 1, "A": 1, "R": 1, "C": 0, "I": 0},
        {"agency": "Polri", "member": True, "functions": 1, "A": 1, "R": 0, "C": 0, "I": 0},
        {"agency": "Kemenlu", "member": True, "functions": 0, "A": 0, "R": 0, "C": 1, "I": 0},
        {"agency": "TNI", "member": True, "functions": 0, "A": 0, "R": 0, "C": 0, "I": 0},
    ]
    assert result["figures"] == {
        "members": 5,
        "working_members": 3,
        "idle_members": 2,
        "functions": 2,
        "functions_covered": 0,
        "slots": 3,
        "slots_clean": 1,
        "overlaps": 1,
        "gaps": 2,
        "functions_per_member": 0.0,
    }


@pytest.mark.django_db
def test_hand_built_comparison(hand_built):
    base, draft = hand_built
    result = selectors.compare(base, draft).as_dict()
    assert result["overlaps_resolved"] == [
        {"function": "one", "tier": "national", "agencies": ["Kemensos", "LPSK", "Polri"], "now": ["Polri"]}
    ]
    assert result["overlaps_introduced"] == [
        {"function": "grp.child", "tier": "province", "agencies": ["Kemensos", "LPSK"]}
    ]
    assert result["overlaps_remaining"] == []
    assert result["gaps_closed"] == [
        {"function": "grp.child", "tier": "province", "missing": ["A"]},
        {"function": "one", "tier": "national", "missing": ["R"]},
    ]
    assert result["gaps_introduced"] == [{"function": "grp.child", "tier": "regency", "missing": ["A", "R"]}]
    assert result["members_added"] == []
    assert result["members_removed"] == ["TNI"]
    assert result["assignments_added"] == [
        {"function": "grp.child", "tier": "province", "agency": "Kemensos", "responsibility": "A"},
        {"function": "grp.child", "tier": "province", "agency": "LPSK", "responsibility": "A"},
        {"function": "grp.child", "tier": "province", "agency": "LPSK", "responsibility": "R"},
        {"function": "one", "tier": "national", "agency": "Polri", "responsibility": "R"},
    ]
    assert result["assignments_removed"] == [
        {"function": "grp.child", "tier": "province", "agency": "Kemensos", "responsibility": "R"},
        {"function": "grp.child", "tier": "regency", "agency": "Pemda", "responsibility": "A"},
        {"function": "grp.child", "tier": "regency", "agency": "Pemda", "responsibility": "R"},
        {"function": "one", "tier": "national", "agency": "Kemenlu", "responsibility": "C"},
        {"function": "one", "tier": "national", "agency": "Kemensos", "responsibility": "A"},
        {"function": "one", "tier": "national", "agency": "LPSK", "responsibility": "A"},
    ]


@pytest.mark.django_db
def test_matrix_cells_and_columns(hand_built, django_assert_max_num_queries):
    base, _ = hand_built
    with django_assert_max_num_queries(3):
        built = selectors.matrix(base)
    assert [a.abbreviation for a in built.columns()] == ["Kemenlu", "Kemensos", "LPSK", "Polri", "Pemda"]
    assert [a.abbreviation for a in built.columns("regency")] == ["Pemda"]
    rows = [(f.code, s.tier if s else None) for f, s in built.rows()]
    assert rows == [("grp", None), ("grp.child", "province"), ("grp.child", "regency"), ("one", "national")]
    regency = next(s for f, s in built.rows("regency") if s)
    assert {a.abbreviation: regency.letters[a.id] for a in built.columns("regency")} == {"Pemda": "AR"}


DEMO_OVERLAPS_49 = [
    ("prevention.online_job_ads", "national", ["BP2MI", "Kominfo"]),
    ("prevention.placement_agency_supervision", "national", ["BP2MI", "Kemnaker"]),
    ("victim_identification", "national", ["KemenPPPA", "Polri"]),
    ("witness_victim_protection", "national", ["KemenPPPA", "LPSK"]),
    ("witness_victim_protection", "province", ["Dinas PPPA", "LPSK"]),
    ("restitution", "national", ["Kejaksaan RI", "LPSK"]),
    ("repatriation_abroad", "national", ["BP2MI", "Kemenlu", "Kemensos"]),
    ("return_home", "province", ["BP2MI", "Dinas Sosial"]),
    ("coordination", "national", ["Kemenko PMK", "Kemenko Polhukam"]),
]
DEMO_GAPS_49 = [
    ("prevention.online_job_ads", "province", ["A"]),
    ("legal_aid", "province", ["A"]),
    ("legal_aid", "regency", ["A"]),
    ("restitution", "province", ["A"]),
    ("restitution", "regency", ["A", "R"]),
    ("data_reporting", "national", ["A"]),
    ("data_reporting", "province", ["A"]),
    ("data_reporting", "regency", ["A", "R"]),
]


@pytest.mark.django_db
def test_demo_analysis_of_49_2023(demo_matrix, django_assert_max_num_queries):
    structure = selectors.structure_by_key("49/2023")
    with django_assert_max_num_queries(3):
        result = selectors.analyse(structure).as_dict()
    assert [(o["function"], o["tier"], o["agencies"]) for o in result["overlaps"]] == DEMO_OVERLAPS_49
    assert [(g["function"], g["tier"], g["missing"]) for g in result["gaps"]] == DEMO_GAPS_49
    assert result["idle_members"] == [
        "Bappenas",
        "Kemenag",
        "Kemendikbudristek",
        "Kemenkeu",
        "Kemenparekraf",
        "KKP",
        "TNI",
    ]
    assert result["figures"] == {
        "members": 23,
        "working_members": 16,
        "idle_members": 7,
        "functions": 21,
        "functions_covered": 11,
        "slots": 52,
        "slots_clean": 35,
        "overlaps": 9,
        "gaps": 8,
        "functions_per_member": 0.48,
    }


@pytest.mark.django_db
def test_demo_analysis_of_the_draft(demo_matrix):
    result = selectors.analyse(selectors.structure_by_key("draft-2025")).as_dict()
    assert [(o["function"], o["tier"], o["agencies"]) for o in result["overlaps"]] == [
        ("prevention.placement_agency_supervision", "national", ["KP2MI", "Kemnaker"]),
        ("witness_victim_protection", "province", ["Dinas PPPA", "LPSK"]),
        ("international_cooperation", "national", ["Kemenko Polkam", "Kemenlu"]),
    ]
    assert [(g["function"], g["tier"], g["missing"]) for g in result["gaps"]] == [
        g for g in DEMO_GAPS_49 if (g[0], g[1]) not in {("restitution", "province"), ("data_reporting", "national")}
    ]
    assert result["idle_members"] == ["Kemenko PMK", "Kemenparekraf"]


@pytest.mark.django_db
def test_demo_comparison_lists_what_changed(demo_matrix):
    result = selectors.compare(
        selectors.structure_by_key("49-2023"), selectors.structure_by_key("draft-2025")
    ).as_dict()
    assert [(o["function"], o["tier"], o["now"]) for o in result["overlaps_resolved"]] == [
        ("prevention.online_job_ads", "national", ["Komdigi"]),
        ("victim_identification", "national", ["Polri"]),
        ("witness_victim_protection", "national", ["LPSK"]),
        ("restitution", "national", ["LPSK"]),
        ("repatriation_abroad", "national", ["Kemenlu"]),
        ("return_home", "province", ["Dinas Sosial"]),
        ("coordination", "national", ["Kemenko Polkam"]),
    ]
    assert [(o["function"], o["tier"]) for o in result["overlaps_remaining"]] == [
        ("prevention.placement_agency_supervision", "national"),
        ("witness_victim_protection", "province"),
    ]
    assert [(o["function"], o["tier"]) for o in result["overlaps_introduced"]] == [
        ("international_cooperation", "national")
    ]
    assert [(g["function"], g["tier"]) for g in result["gaps_closed"]] == [
        ("restitution", "province"),
        ("data_reporting", "national"),
    ]
    assert result["gaps_introduced"] == []
    assert len(result["gaps_remaining"]) == 6
    assert result["members_added"] == []
    assert result["members_removed"] == ["BPS", "Bappenas"]
    assert {r["from"]: r["to"] for r in result["members_renamed"]} == {
        "BP2MI": ["KP2MI"],
        "Kemendikbudristek": ["Kemendikdasmen"],
        "Kemenko Polhukam": ["Kemenko Polkam"],
        "Kemenkumham": ["Kemenimipas", "Kemenkum"],
        "Kominfo": ["Komdigi"],
    }
    assert {"function": "repatriation_abroad", "tier": "national", "agency": "BP2MI", "responsibility": "A"} in (
        result["assignments_removed"]
    )
    assert {"function": "repatriation_abroad", "tier": "national", "agency": "Kemensos", "responsibility": "C"} in (
        result["assignments_added"]
    )


@pytest.mark.django_db
def test_structure_by_key_unknown(demo_matrix):
    from gugus.core.errors import NotFound

    with pytest.raises(NotFound):
        selectors.structure_by_key("12-2099")
