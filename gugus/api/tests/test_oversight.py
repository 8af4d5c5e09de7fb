"""The audit chain and the de-identified figures: who may read them, and exact values."""

from __future__ import annotations

import pytest
from django.test import Client

from gugus.accounts.actors import system_actor
from gugus.accounts.roles import ROLE_CAPABILITIES, Role
from gugus.accounts.services import api_token_issue

pytestmark = pytest.mark.django_db


def _client(user):
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_issue(actor=system_actor('tests'), user=user, name='t')}")


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_oversight_operation_needs_its_capability(role, users):
    client = _client(users[role])
    for url, needed in (
        ("/api/audit/chain", "audit.view"),
        ("/api/analytics/cases", "analytics.view"),
        ("/api/reports/cases", "reports.view"),
    ):
        response = client.get(url)
        assert response.status_code == (200 if needed in ROLE_CAPABILITIES[role] else 403), (url, role)


def test_figures_count_cases_in_reach(users, open_case, units):
    for _ in range(2):
        open_case()  # Polda Kepri (21), origin Indramayu (32.12)
    national = _client(users["secretariat_national"]).get("/api/reports/cases").json()
    assert national["by_status"]["reported"] == 2
    regional = _client(users["secretariat_regional"]).get("/api/reports/cases").json()
    assert regional["by_status"]["reported"] == 2  # reported by a unit in Kepri
    other = _client(users["analyst@other"]).get("/api/analytics/cases").json()  # Batam: not its reach
    assert other["by_status"]["reported"] == 0
    analyst = _client(users["analyst"]).get("/api/analytics/cases").json()  # Kepri: two, below 11
    assert analyst == {"by_status": {**dict.fromkeys(analyst["by_status"], 0), "reported": None},
                       "suppressed_below": 11}  # fmt: skip
    chain = _client(users["auditor"]).get("/api/audit/chain").json()
    assert chain["ok"] is True and chain["broken_at"] is None and chain["checked"] > 0
