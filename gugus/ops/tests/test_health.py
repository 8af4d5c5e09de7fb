"""Health and readiness: public, minimal bodies, the readiness checks each able to fail."""

from __future__ import annotations

import pytest
from django.db import DatabaseError

from gugus.audit.services import audit_record


def test_healthz_answers_without_the_database(client):
    # No django_db mark: pytest-django makes any database access raise here.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ready_with_everything_applied(client, users):
    audit_record(actor=users["case_worker"], action="test.entry")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": True, "migrations": True, "audit_chain": True},
    }
    assert b"case_worker" not in response.content


@pytest.mark.django_db
def test_readyz_reports_unapplied_migrations(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("people", "0099_pending")])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "migrations": False, "audit_chain": True}


@pytest.mark.django_db
def test_readyz_reports_an_unreachable_database(client, monkeypatch):
    from django.db import connection

    def refuse():
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "not ready",
        "checks": {"database": False, "migrations": False, "audit_chain": False},
    }


def test_probes_refuse_writes(client):
    assert client.post("/healthz").status_code == 405
