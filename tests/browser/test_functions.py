import random
import sys

import pytest

from gugus.accounts.actors import system_actor


@pytest.fixture
def demo_matrix(reference_data):
    from gugus.functions.demo import demo_step as functions_step
    from gugus.organisations.demo import demo_step as organisations_step

    organisations_step(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)
    functions_step(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)


@pytest.mark.django_db(transaction=True)
def test_open_matrix_filter_by_tier_and_see_overlap(live_server, users, demo_matrix, login):
    page = login("analyst")
    page.click("[data-testid=menu-functions]")
    page.wait_for_selector("[data-testid=matrix][data-structure='49-2023'][data-tier='all']")

    page.select_option("[data-testid=tier-select]", "province")
    page.wait_for_selector("[data-testid=matrix][data-tier='province']")
    assert "tier=province" in page.url
    matrix = page.locator("[data-testid=matrix-table]")
    assert matrix.locator("tr[data-tier=national]").count() == 0

    row = matrix.locator("tr.overlap[data-function=witness_victim_protection][data-tier=province]")
    assert row.count() == 1
    highlighted = row.locator("td.cell.overlap")
    assert sorted(highlighted.evaluate_all("cells => cells.map(c => c.dataset.agency)")) == ["Dinas PPPA", "LPSK"]
    colour = highlighted.first.evaluate("cell => getComputedStyle(cell).backgroundColor")
    assert colour == "rgb(255, 205, 210)"
    assert row.locator("[data-testid=overlap]").is_visible()
