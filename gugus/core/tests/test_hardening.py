"""Headers and configuration of issue 19: caching, deploy checks, file modes, lockout behind a
proxy, sign-ins in the audit log, password change, and ``gugus manage`` options."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from gugus.audit.models import AuditEntry
from gugus.fixtures import PASSWORD

ROOT = Path(__file__).resolve().parents[3]
KEY = "YmVuY2gtb25seS1maWVsZC1rZXktMzItYnl0ZXMhISE="


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUGUS_", "DATABASE_URL", "PYTEST", "DJANGO_"))}
    env.update(extra)
    return env


@pytest.mark.django_db
def test_pages_of_a_signed_in_user_are_never_stored(users, client_for):
    response = client_for(users["case_worker"]).get(reverse("cases:list"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    api = client_for(users["case_worker"]).get("/api/cases/")
    assert "no-store" in api["Cache-Control"]


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "gugus", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=_env(
            GUGUS_ENV="production",
            GUGUS_HOME=str(tmp_path),
            SECRET_KEY="a-production-like-secret-key-with-more-than-fifty-characters-0123456789",
            GUGUS_FIELD_KEYS="k1:" + KEY,
            GUGUS_BLIND_INDEX_KEY=KEY,
            GUGUS_AUDIT_KEY=KEY,
            GUGUS_SIGNING_KEY=KEY,
            GUGUS_METRICS_TOKEN="a-metrics-token-for-the-scraper",
            # production runs on PostgreSQL (checked, not connected to, by `check --deploy`)
            DATABASE_URL="postgres://gugus@127.0.0.1:5432/gugus_check_only",
            ALLOWED_HOSTS="gugus.example.go.id",
        ),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_var_secrets_and_the_sqlite_file_are_owner_only(tmp_path):
    home = tmp_path / "var"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='gugus.settings'; django.setup()",
        ],
        env=_env(GUGUS_ENV="development", GUGUS_HOME=str(home)),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [home, *home.iterdir()]}
    assert modes == {"var": 0o700, "secrets.json": 0o600, "gugus.sqlite3": 0o600}


def test_gugus_manage_passes_options_through():
    from gugus.cli import build_parser

    args = build_parser().parse_args(["manage", "collectstatic", "--noinput", "--clear"])
    assert args.rest == ["collectstatic", "--noinput", "--clear"]


@pytest.mark.django_db
def test_lockout_behind_one_proxy_is_per_client_not_per_proxy(users, settings):
    settings.GUGUS_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    attacker = Client(HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    for _ in range(5):
        attacker.post(reverse("accounts:login"), {"username": "case_worker", "password": "wrong"})
    # Forging X-Forwarded-For does not help: the proxy appends the real address last.
    forged = Client(HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.7", **proxy)
    assert forged.post(reverse("accounts:login"), {"username": "case_worker", "password": PASSWORD}).status_code in (
        403,
        429,
    )
    # The real user, behind the same proxy from another address, still signs in.
    owner = Client(HTTP_X_FORWARDED_FOR="198.51.100.20", **proxy)
    response = owner.post(reverse("accounts:login"), {"username": "case_worker", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in owner.session


@pytest.mark.django_db
def test_sign_ins_and_failures_are_audited_without_the_password(users, settings):
    settings.GUGUS_TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    client.post(reverse("accounts:login"), {"username": "case_worker", "password": "wrong-Secret-1"})
    client.post(reverse("accounts:login"), {"username": "case_worker", "password": PASSWORD})
    client.post(reverse("accounts:logout"))
    entries = list(AuditEntry.objects.filter(kind="auth").order_by("sequence"))
    assert [(e.action, e.actor_label, e.data) for e in entries] == [
        ("auth.sign_in_failed", "anonymous", {"username": "case_worker", "address": "198.51.100.20"}),
        ("auth.sign_in", "case_worker", {"address": "198.51.100.20"}),
        ("auth.sign_out", "case_worker", {}),
    ]
    assert "wrong-Secret-1" not in str([e.data for e in entries])


@pytest.mark.django_db
def test_users_change_their_own_password(users, client_for):
    client = client_for(users["case_worker"])
    assert client.get(reverse("accounts:password_change")).status_code == 200
    new = "a-new-long-passphrase-77"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200 and "old_password" in response.context["form"].errors
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    users["case_worker"].refresh_from_db()
    assert users["case_worker"].check_password(new)
    assert AuditEntry.objects.filter(action="auth.password_change", actor_label="case_worker").count() == 1
    assert client_for(None).get(reverse("accounts:password_change")).status_code == 302
