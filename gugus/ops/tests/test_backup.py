"""Backups: the manifest, the keys kept out, restore into an empty database only, the comparison."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from gugus.cases.services import case_open
from gugus.cases.tests.fixtures import NIK_SITI, victim
from gugus.ops.backup import (
    BackupError,
    backup_create,
    compare_fingerprints,
    database_fingerprint,
    read_manifest,
    table_fingerprint,
)
from gugus.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(users, units):
    return case_open(
        actor=users["case_worker"],
        unit=units["polda"],
        channel="embassy",
        reported_on=dt.date(2025, 3, 1),
        exploitation_types=["online_scam"],
        victims=[victim()],
    )


def _key_strings() -> list[bytes]:
    """Every key as configured, and each field key's raw bytes and base64 material."""
    found = [settings.SECRET_KEY.encode(), settings.GUGUS_BLIND_INDEX_KEY.encode()]
    for part in settings.GUGUS_FIELD_KEYS.split(","):
        key_id, _, material = part.partition(":")
        found.append(material.encode())
        found.append(base64.urlsafe_b64decode(material + "=" * (-len(material) % 4)))
    blind = settings.GUGUS_BLIND_INDEX_KEY
    found.append(base64.urlsafe_b64decode(blind + "=" * (-len(blind) % 4)))
    return found


def test_backup_writes_manifest_with_counts_and_checksums(seeded, tmp_path):
    messages = []
    manifest = backup_create(out_dir=tmp_path / "b", progress=messages.append)
    assert manifest == read_manifest(tmp_path / "b")
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["people_person"]["rows"] == Person.objects.count() == 1
    assert manifest["tables"]["people_person"]["sha256"] == table_fingerprint("people_person")[1]
    assert manifest["tables"]["cases_case"]["rows"] == 1
    assert manifest["migrations"]["people"].startswith("00")
    assert set(manifest["tables"]) == set(database_fingerprint())
    assert any("people_person: 1 rows" in m for m in messages)
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == sorted(["manifest.json", manifest["data_file"]])


def test_backup_never_holds_a_key(seeded, tmp_path):
    backup_create(out_dir=tmp_path / "b")
    keys = _key_strings()
    assert len(keys) >= 5 and all(len(k) >= 32 for k in keys)
    for path in (tmp_path / "b").iterdir():
        content = path.read_bytes()
        for key in keys:
            assert key not in content, f"a key was written into {path.name}"
    # The data is there, encrypted: the NIK in clear is not in the copy either.
    data = (tmp_path / "b" / read_manifest(tmp_path / "b")["data_file"]).read_bytes()
    assert NIK_SITI.encode() not in data


def test_backup_refuses_a_non_empty_directory(tmp_path, reference_data):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "other").write_text("x")
    with pytest.raises(BackupError, match="not empty"):
        backup_create(out_dir=tmp_path / "b")
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["other"]


def test_fingerprint_sees_a_changed_row(seeded):
    before = database_fingerprint()
    Person.objects.update(sex="M")  # a direct change, as a damaged restore would show
    after = database_fingerprint()
    assert compare_fingerprints(before, after) == ["people_person: checksum differs"]
    assert compare_fingerprints(before, {k: v for k, v in before.items() if k != "cases_case"}) == [
        "cases_case: missing after restore"
    ]


def _gugus(*args: str, database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "GUGUS_ENV": "test"}
    return subprocess.run(
        [sys.executable, "-m", "gugus", *args], env=env, capture_output=True, text=True, check=False, timeout=300
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")
def test_sqlite_restore_round_trip_and_refusal(seeded, tmp_path):
    manifest = backup_create(out_dir=tmp_path / "b")
    target = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    done = _gugus("restore", str(tmp_path / "b"), database_url=target)
    assert done.returncode == 0, done.stderr
    assert "every table matches the backup" in done.stdout
    assert "verifying row counts and checksums" in done.stderr
    # Now it holds data: a second restore is refused and changes nothing, unless --force.
    again = _gugus("restore", str(tmp_path / "b"), database_url=target)
    assert again.returncode == 1
    assert "not empty" in again.stderr
    forced = _gugus("restore", "--force", str(tmp_path / "b"), database_url=target)
    assert forced.returncode == 0, forced.stderr
    verified = _gugus("restore", "--verify-only", str(tmp_path / "b"), database_url=target)
    assert verified.returncode == 0, verified.stderr
    assert manifest["tables"]["people_person"]["rows"] == 1


def test_restore_refuses_an_altered_backup(seeded, tmp_path):
    backup_create(out_dir=tmp_path / "b")
    manifest_path = tmp_path / "b" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    data_file = tmp_path / "b" / manifest["data_file"]
    data_file.write_bytes(data_file.read_bytes()[:-10] + b"0123456789")
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    if connection.vendor == "postgresql":
        url = "postgres://postgres@127.0.0.1:5432/never_used_gugus_ops"
    done = _gugus("restore", str(tmp_path / "b"), database_url=url)
    assert done.returncode == 1
    assert "does not match its manifest" in done.stderr
    assert not Path(tmp_path / "x.sqlite3").exists() or Path(tmp_path / "x.sqlite3").stat().st_size == 0
