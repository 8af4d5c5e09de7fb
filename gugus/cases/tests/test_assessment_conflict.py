"""Concurrent assessments of one victim: one wins, the other gets 409 (issue 19)."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_two_assessments_at_once_one_wins_one_gets_409(users, open_case):
    import json

    from gugus.accounts.actors import system_actor
    from gugus.accounts.services import api_token_issue
    from gugus.cases.models import Assessment

    case = open_case()
    victim = case.roles.get(role="victim")
    body = {
        "victim": victim.pk,
        "act": "present",
        "act_kinds": ["recruiting"],
        "act_evidence": "Lowongan palsu",
        "means": "present",
        "means_kinds": ["fraud"],
        "means_evidence": "Gaji palsu",
        "purpose": "present",
        "purpose_kinds": ["exploitation"],
        "purpose_evidence": "Dipaksa",
        "result": "identified",
        "reason": "Tiga unsur",
        "based_on": 0,  # both assessors saw no assessment yet
    }
    first, second = (
        Client(HTTP_AUTHORIZATION=f"Bearer {api_token_issue(actor=system_actor('tests'), user=users[k], name='x')}")
        for k in ("supervisor", "supervisor")  # two windows of the unit's assessor
    )
    path = f"/api/cases/{case.pk}/assessments"
    assert first.post(path, data=json.dumps(body), content_type="application/json").status_code == 201
    refused = second.post(path, data=json.dumps({**body, "reason": "Lain"}), content_type="application/json")
    assert refused.status_code == 409
    assert [(a.reason, a.is_current) for a in Assessment.objects.filter(victim=victim)] == [("Tiga unsur", True)]
    current = Assessment.objects.get(victim=victim).pk
    again = {**body, "reason": "Ditinjau", "based_on": current}
    assert second.post(path, data=json.dumps(again), content_type="application/json").status_code == 201
