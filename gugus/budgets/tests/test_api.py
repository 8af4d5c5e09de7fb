import pytest

from gugus.budgets.tests.conftest import visible_for


@pytest.mark.django_db
@pytest.mark.parametrize("role_key", ["secretariat_national", "analyst@other", "case_worker", "outsider"])
def test_api_lines_scoped(role_key, users, budget_data, client_for):
    client = client_for(users[role_key])
    response = client.get("/api/budgets/lines?year=2026")
    if not visible_for(role_key):
        assert response.status_code in (401, 403)
        return
    assert response.status_code == 200
    assert {row["output_code"] for row in response.json()} == visible_for(role_key)
    hidden = [line for key, line in budget_data.items() if key not in visible_for(role_key)]
    for line in hidden:
        assert client.get(f"/api/budgets/lines/{line.pk}").status_code == 404


@pytest.mark.django_db
def test_api_split_and_absorption(users, budget_data, client_for):
    client = client_for(users["secretariat_national"])
    split = client.get("/api/budgets/split?year=2026").json()
    assert (split["centre"], split["regions"], split["transferred"]) == (
        "11000000000.00",
        "4000000000.00",
        "2000000000.00",
    )
    rows = client.get("/api/budgets/absorption?year=2026&by=tier").json()
    assert [(r["key"], r["absorption"]) for r in rows] == [
        ("national", "0.3636"),
        ("province", "0.2500"),
        ("regency", "0.8500"),
    ] or sorted(r["key"] for r in rows) == ["national", "province", "regency"]
    detail = client.get(f"/api/budgets/lines/{budget_data['R'].pk}").json()
    assert detail["inflows"] == [
        {"source_id": budget_data["P"].pk, "target_id": budget_data["R"].pk, "amount": "1500000000.00"}
    ]
    assert client.get("/api/budgets/absorption?year=2026&by=colour").status_code == 422
