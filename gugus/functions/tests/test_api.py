import pytest
from django.test import Client

from gugus.accounts.actors import system_actor
from gugus.accounts.roles import ROLE_CAPABILITIES, Role
from gugus.accounts.services import api_token_issue
from gugus.functions.models import Assignment


def _client(user):
    token = api_token_issue(actor=system_actor("tests"), user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.django_db
def test_read_endpoints(users, demo_matrix):
    client = _client(users["analyst"])
    catalogue = client.get("/api/functions/catalogue").json()
    assert catalogue[1]["code"] == "prevention.public_awareness" and catalogue[1]["parent"] == "prevention"
    matrix = client.get("/api/functions/structures/49-2023/matrix?tier=national").json()
    slot = next(s for s in matrix["slots"] if s["function"] == "repatriation_abroad")
    assert slot == {
        "function": "repatriation_abroad",
        "tier": "national",
        "letters": {"BP2MI": "AR", "Kemenlu": "AR", "Kemensos": "AR"},
        "overlap": True,
        "missing": [],
    }
    analysis = client.get("/api/functions/structures/49-2023/analysis").json()
    assert analysis["figures"]["overlaps"] == 9
    compare = client.get("/api/functions/structures/49-2023/compare/draft-2025").json()
    assert len(compare["overlaps_resolved"]) == 7
    routed = client.get("/api/functions/route?function=repatriation_abroad&place=KH").json()
    assert (routed["unit"], routed["outcome"], routed["overlap"]) == ("KEMENLU-KBRI-KH", "abroad", True)
    missing = client.get("/api/functions/structures/nope/analysis")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in Role] + ["outsider"])
def test_write_permission_matrix(role, users, demo_matrix):
    client = _client(users[role])
    before = Assignment.objects.filter(structure__key="draft-2025").count()
    payload = {"function": "legal_aid", "agency": "Kemenlu", "tier": "national", "responsibility": "I"}
    created = client.post("/api/functions/structures/draft-2025/assignments", payload, content_type="application/json")
    allowed = role != "outsider" and "functions.edit" in ROLE_CAPABILITIES[role]
    if allowed:
        assert created.status_code == 201
        assert client.delete(f"/api/functions/assignments/{created.json()['id']}").status_code == 204
    else:
        assert created.status_code == 403
        assert created.json()["code"] == "permission_denied"
        target = Assignment.objects.filter(structure__key="draft-2025").first()
        assert client.delete(f"/api/functions/assignments/{target.pk}").status_code == 403
    assert Assignment.objects.filter(structure__key="draft-2025").count() == before
    reads = client.get("/api/functions/structures/49-2023/analysis").status_code
    assert reads == (200 if role != "outsider" else 403)


@pytest.mark.django_db
def test_write_errors_name_the_field(users, demo_matrix):
    client = _client(users["secretariat_national"])
    bad = client.post(
        "/api/functions/structures/49-2023/assignments",
        {"function": "legal_aid", "agency": "Kemenlu", "tier": "national", "responsibility": "I"},
        content_type="application/json",
    )
    assert (bad.status_code, bad.json()["field"]) == (422, "structure")
    bad = client.post(
        "/api/functions/structures/draft-2025/assignments",
        {"function": "legal_aid", "agency": "Nope", "tier": "national", "responsibility": "I"},
        content_type="application/json",
    )
    assert (bad.status_code, bad.json()["field"]) == (422, "agency")
