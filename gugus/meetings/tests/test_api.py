import pytest

from gugus.meetings.tests.conftest import visible_for


@pytest.mark.django_db
@pytest.mark.parametrize("role_key", ["secretariat_regional", "case_worker@other", "outsider"])
def test_api_meetings_scoped(role_key, users, meetings_data, client_for):
    client = client_for(users[role_key])
    response = client.get("/api/meetings/")
    if role_key == "outsider":
        assert response.status_code == 403
        return
    assert {m["title"] for m in response.json()} == {f"Rakor {k}" for k in visible_for(role_key)}
    for key, data in meetings_data.items():
        status = client.get(f"/api/meetings/{data['meeting'].pk}").status_code
        assert status == (200 if key in visible_for(role_key) else 404)


@pytest.mark.django_db
def test_api_status_update_by_secretariat_only(users, meetings_data, client_for):
    item = meetings_data["kepri"]["item"]
    url = f"/api/meetings/action-items/{item.pk}/status"
    payload = {"status": "done", "evidence": "Surat 12", "completed_on": "2026-01-20"}
    assert client_for(users["supervisor"]).post(url, payload, content_type="application/json").status_code == 403
    response = client_for(users["secretariat_regional"]).post(url, payload, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["overdue"]) == ("done", False)
    detail = client_for(users["secretariat_regional"]).get(f"/api/meetings/{item.agreement.meeting_id}").json()
    assert detail["agreements"][0]["action_items"][0]["evidence"] == "Surat 12"
    bad = client_for(users["secretariat_regional"]).post(
        url, {"status": "done", "evidence": ""}, content_type="application/json"
    )
    assert bad.status_code == 422  # clearing the evidence of a done item is refused, nothing changes
    assert bad.json()["field"] == "evidence"
    item.refresh_from_db()
    assert (item.status, item.evidence) == ("done", "Surat 12")
