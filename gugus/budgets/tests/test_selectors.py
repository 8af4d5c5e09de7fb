from decimal import Decimal

import pytest

from gugus.budgets import selectors
from gugus.budgets.tests.conftest import B


def by_key(rows):
    return {r.key: (r.allocated, r.realised, r.absorption) for r in rows}


@pytest.mark.django_db
def test_absorption_and_split_known_by_hand(users, budget_data):
    lines = list(selectors.lines_with_totals(users["secretariat_national"], 2026))
    total = selectors.totals(lines)
    assert (total.allocated, total.realised, total.absorption) == (15 * B, Decimal("6.2") * B, Decimal("0.4133"))
    split = selectors.centre_region_split(lines)
    assert (split.centre, split.regions, split.transferred) == (11 * B, 4 * B, 2 * B)
    assert (split.centre_share, split.regions_share) == (Decimal("0.7333"), Decimal("0.2667"))
    assert (split.centre_realised, split.regions_realised) == (4 * B, Decimal("2.2") * B)
    assert by_key(selectors.absorption(lines, "tier")) == {
        "national": (11 * B, 4 * B, Decimal("0.3636")),
        "province": (2 * B, Decimal("0.5") * B, Decimal("0.2500")),
        "regency": (2 * B, Decimal("1.7") * B, Decimal("0.8500")),
    }
    assert by_key(selectors.absorption(lines, "source")) == {
        "apbn_polri": (10 * B, 4 * B, Decimal("0.4000")),
        "apbn_ministry": (Decimal("1.8") * B, Decimal("0.2") * B, Decimal("0.1111")),
        "transfer": (2 * B, Decimal("1.5") * B, Decimal("0.7500")),
        "apbd_province": (Decimal("0.7") * B, 0, Decimal("0")),
        "apbd_regency": (Decimal("0.5") * B, Decimal("0.5") * B, Decimal("1.0000")),
    }
    assert by_key(selectors.absorption(lines, "region")) == {
        "00": (11 * B, 4 * B, Decimal("0.3636")),
        "21": (Decimal("3.3") * B, Decimal("2.2") * B, Decimal("0.6667")),
        "32": (Decimal("0.7") * B, 0, Decimal("0")),
    }
    assert by_key(selectors.absorption(lines, "function")) == {
        "coordination": (Decimal("11.2") * B, Decimal("4.3") * B, Decimal("0.3839")),
        "social_rehabilitation": (3 * B, Decimal("1.7") * B, Decimal("0.5667")),
        "investigation": (Decimal("0.8") * B, Decimal("0.2") * B, Decimal("0.2500")),
    }
    agencies = by_key(selectors.absorption(lines, "agency"))
    assert agencies["task_force"] == (Decimal("11.2") * B, Decimal("4.3") * B, Decimal("0.3839"))
    assert agencies["Dinas Sosial"] == (2 * B, Decimal("1.7") * B, Decimal("0.8500"))
    assert agencies["KemenPPPA"] == (1 * B, 0, Decimal("0"))
    assert agencies["Polri"] == (Decimal("0.8") * B, Decimal("0.2") * B, Decimal("0.2500"))


@pytest.mark.django_db
def test_regional_view_of_the_same_budget(users, budget_data):
    lines = list(selectors.lines_with_totals(users["analyst@other"], 2026))
    assert {line.output_code for line in lines} == {"N", "P", "R", "B"}
    split = selectors.centre_region_split(lines)
    assert (split.centre, split.regions, split.transferred) == (1 * B, Decimal("2.5") * B, 2 * B)


@pytest.mark.django_db
def test_flow_from_apbn_to_regency_can_be_followed(users, budget_data):
    regency = budget_data["R"]
    chains = selectors.flow_upstream(users["budget_officer@other"], regency)
    assert [[(s.line.output_code, s.amount) for s in chain] for chain in chains] == [
        [("N", 2 * B), ("P", Decimal("1.5") * B), ("R", None)]
    ]
    assert [s.line.tier for s in chains[0]] == ["national", "province", "regency"]
    down = selectors.flow_downstream(users["secretariat_national"], budget_data["N"])
    assert [(depth, f.target.output_code, f.amount) for depth, f in down] == [
        (0, "P", 2 * B),
        (1, "R", Decimal("1.5") * B),
    ]


@pytest.mark.django_db
def test_task_forces_without_budget_and_function_gaps(users, budget_data):
    from gugus.functions.models import Assignment, Function
    from gugus.organisations.models import Agency, StructureVersion, TaskForce

    TaskForce.objects.create(tier="regency", region_id="21.71", name="GT Batam")
    without = selectors.task_forces_without_budget(users["secretariat_national"], 2026)
    assert [tf.name for tf in without] == ["GT Batam"]
    assert [tf.name for tf in selectors.task_forces_without_budget(users["secretariat_national"], 2025)] == [
        "Gugus Tugas PP-TPPO Pusat",
        "Gugus Tugas PP-TPPO Provinsi Kepulauan Riau",
        "Gugus Tugas Jawa Barat",
        "GT Batam",
    ]
    national = TaskForce.objects.get(tier="national")
    structure = StructureVersion.objects.create(task_force=national, key="49-2023", name="49", status="in_force")
    kemensos = Agency.objects.get(abbreviation="Kemensos")
    for code, tier in (
        ("social_rehabilitation", "national"),
        ("social_rehabilitation", "province"),
        ("coordination", "province"),
    ):
        Assignment.objects.create(
            structure=structure,
            function=Function.objects.get(code=code),
            agency=kemensos,
            tier=tier,
            responsibility="A",
        )
    gaps = [
        (g.task_force.name, g.function.code, g.accountable)
        for g in selectors.functions_without_budget(users["secretariat_national"], 2026)
    ]
    # National social rehabilitation has N (KemenPPPA, national); Kepri has coordination (P) but no
    # social rehabilitation at province tier; Jawa Barat has coordination only.
    assert gaps == [
        ("Gugus Tugas PP-TPPO Provinsi Kepulauan Riau", "social_rehabilitation", ["Kemensos"]),
        ("Gugus Tugas Jawa Barat", "social_rehabilitation", ["Kemensos"]),
    ]


@pytest.mark.django_db
def test_sankey_and_chart_data(users, budget_data):
    lines = list(selectors.lines_with_totals(users["secretariat_national"], 2026))
    layout = selectors.sankey(lines)
    labels = {n.key: n.value for n in layout["nodes"]}
    assert labels["s:apbn_polri"] == 10 * B
    assert labels["r:21"] == Decimal("3.3") * B
    assert labels["f:coordination"] == Decimal("11.2") * B
    assert sum(link.value for link in layout["links"] if link.source.column == 0) == 15 * B
    chart = selectors.source_by_tier(lines)
    assert chart["labels"] == ["National", "Province", "Regency/city"] or len(chart["labels"]) == 3
