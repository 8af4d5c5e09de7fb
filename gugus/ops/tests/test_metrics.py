"""/metrics: who may read it, requests by route name (never the path), the queue from the tasks table."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from prometheus_client import REGISTRY

from gugus.cases.services import case_open
from gugus.cases.tests.fixtures import NIK_SITI, victim

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-for-tests-0123456789abcdef"


def _sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def _scrape(client, **headers):
    return client.get("/metrics", **headers)


def test_without_a_token_only_a_direct_loopback_client_reads(client, monkeypatch):
    monkeypatch.delenv("GUGUS_METRICS_TOKEN", raising=False)
    assert _scrape(client).status_code == 200  # the test client comes from 127.0.0.1
    assert _scrape(client, REMOTE_ADDR="10.1.2.3").status_code == 404
    # Relayed by the proxy (which itself connects from loopback): refused.
    assert _scrape(client, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404


def test_with_a_token_only_its_bearer_reads(client, monkeypatch):
    monkeypatch.setenv("GUGUS_METRICS_TOKEN", TOKEN)
    assert _scrape(client).status_code == 404  # loopback is not enough once a token is set
    assert _scrape(client, HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert _scrape(client, HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 404
    response = _scrape(client, REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]
    assert client.post("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405


def test_requests_are_counted_by_route_name_and_status_never_by_path(client_for, users, units, monkeypatch):
    monkeypatch.delenv("GUGUS_METRICS_TOKEN", raising=False)
    case = case_open(
        actor=users["case_worker"],
        unit=units["polda"],
        channel="embassy",
        reported_on=dt.date(2025, 3, 1),
        exploitation_types=["online_scam"],
        victims=[victim()],
    ).case
    web = client_for(users["case_worker"])
    before_ok = _sample("gugus_http_requests_total", route="cases:detail", method="GET", status="200")
    before_404 = _sample("gugus_http_requests_total", route="cases:detail", method="GET", status="404")
    before_count = _sample("gugus_http_request_duration_seconds_count", route="cases:detail", method="GET")
    assert web.get(f"/cases/{case.pk}/").status_code == 200
    assert web.get(f"/cases/{case.pk}/").status_code == 200
    assert web.get("/cases/987654321/").status_code == 404
    assert web.get("/no/such/page/").status_code == 404
    assert _sample("gugus_http_requests_total", route="cases:detail", method="GET", status="200") == before_ok + 2
    assert _sample("gugus_http_requests_total", route="cases:detail", method="GET", status="404") == before_404 + 1
    assert _sample("gugus_http_request_duration_seconds_count", route="cases:detail", method="GET") == (
        before_count + 3
    )
    assert _sample("gugus_http_requests_total", route="unresolved", method="GET", status="404") >= 1
    text = _scrape(client_for(users["case_worker"])).content.decode()
    # No path, id, user name or personal value in any label.
    ours = [line for line in text.splitlines() if line.startswith("gugus_")]
    labels = " ".join(label for line in ours for label in re.findall(r"\{[^}]*\}", line))
    assert 'route="cases:detail"' in labels
    for leaked in (str(case.pk), "/cases/", "987654321", "case_worker", NIK_SITI, str(users["case_worker"].pk)):
        assert f'"{leaked}"' not in labels and f"/{leaked}" not in labels


def test_unknown_methods_are_folded(client):
    before = _sample("gugus_http_requests_total", route="healthz", method="other", status="405")
    client.generic("BREW", "/healthz")
    assert _sample("gugus_http_requests_total", route="healthz", method="other", status="405") == before + 1


def test_queue_figures_by_task_name_and_status(client, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    monkeypatch.delenv("GUGUS_METRICS_TOKEN", raising=False)
    now = timezone.now()
    common = {"args_kwargs": {"args": [1], "kwargs": {}}, "backend_name": "default", "run_after": now}
    path = "gugus.reports.tasks.generate_report"
    DBTaskResult.objects.create(task_path=path, status="READY", **common)
    waiting = DBTaskResult.objects.create(task_path=path, status="READY", **common)
    DBTaskResult.objects.filter(pk=waiting.pk).update(enqueued_at=now - dt.timedelta(seconds=600))
    DBTaskResult.objects.create(task_path=path, status="RUNNING", started_at=now, **common)
    for seconds, status in ((2, "SUCCESSFUL"), (40, "SUCCESSFUL"), (7, "FAILED")):
        DBTaskResult.objects.create(
            task_path="gugus.ops.tasks.referrals_escalate",
            status=status,
            started_at=now - dt.timedelta(seconds=seconds + 5),
            finished_at=now - dt.timedelta(seconds=5),
            **common,
        )
    old = DBTaskResult.objects.create(
        task_path="gugus.ops.tasks.referrals_escalate",
        status="SUCCESSFUL",
        started_at=now - dt.timedelta(days=2, seconds=9000),
        finished_at=now - dt.timedelta(days=2),
        **common,
    )
    text = _scrape(client).content.decode()
    lines = set(text.splitlines())
    assert 'gugus_tasks{status="waiting",task="generate_report"} 2.0' in lines
    assert 'gugus_tasks{status="running",task="generate_report"} 1.0' in lines
    assert 'gugus_tasks{status="successful",task="referrals_escalate"} 3.0' in lines
    assert 'gugus_tasks{status="failed",task="referrals_escalate"} 1.0' in lines
    (oldest,) = [line for line in lines if line.startswith('gugus_task_oldest_waiting_seconds{task="generate_report"}')]
    assert 600 <= float(oldest.split()[-1]) < 660
    # Durations of the three finished in the window (2 s, 40 s, 7 s), not of the one two days ago.
    assert 'gugus_task_duration_seconds_bucket{le="5.0",task="referrals_escalate"} 1.0' in lines
    assert 'gugus_task_duration_seconds_bucket{le="15.0",task="referrals_escalate"} 2.0' in lines
    assert 'gugus_task_duration_seconds_bucket{le="60.0",task="referrals_escalate"} 3.0' in lines
    assert 'gugus_task_duration_seconds_gcount{task="referrals_escalate"} 3.0' in lines
    gsum = 'gugus_task_duration_seconds_gsum{task="referrals_escalate"}'
    (total,) = [line for line in lines if line.startswith(gsum)]
    assert abs(float(total.split()[-1]) - 49.0) < 0.5
    assert str(old.pk) not in text
