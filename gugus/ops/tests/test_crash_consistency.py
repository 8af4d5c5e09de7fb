"""Crash consistency of the bulk case import (issue 19): ``gugus cases import`` killed with SIGKILL at
20 seeded points of its write, and (PostgreSQL) its connection terminated by the server mid-import,
leaves no partial row and no broken invariant: every table as it was, the audit chain intact, and the
next import numbers its cases from 1 without a gap (the killed runs took no number).

The importer stops at a chosen row when GUGUS_ENV=test and GUGUS_TEST_IMPORT_PAUSE_AT is set
(``gugus.cases.importer._crash_test_pause``); the test kills it there. Runs on SQLite (a file copy
of the test database) and on PostgreSQL (the test database itself, DATABASE_URL=postgres://...).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from gugus.cases.importer import HEADER
from gugus.ops.backup import backup_create, compare_fingerprints, database_fingerprint

pytestmark = pytest.mark.django_db(transaction=True)

KEYS = ("SECRET_KEY", "GUGUS_FIELD_KEYS", "GUGUS_BLIND_INDEX_KEY", "GUGUS_AUDIT_KEY", "GUGUS_SIGNING_KEY")
ROWS = 24
KILL_POINTS = 20
SEED = 19
UNIT = "T-POLDA-21"
# Names without digits (the person checks refuse them), all different: each row is a new case.
GIVEN = ["Siti", "Budi", "Dewi", "Agus", "Rina", "Joko"]
FAMILY = ["Aminah", "Santoso", "Lestari", "Wibowo"]


def _import_file(tmp_path: Path) -> Path:
    lines = [",".join(HEADER)]
    for i in range(ROWS):
        name = f"{GIVEN[i % len(GIVEN)]} {FAMILY[i // len(GIVEN)]}"
        lines.append(f"{name},P,1990-01-{i + 1:02d},Indramayu,,,,Kab. Indramayu,Kamboja,online_scam,2025-03-01")
    path = tmp_path / "list.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


class Target:
    """The database the commands write (the PostgreSQL test database, or a SQLite file copy), and the
    zygote that forks a process per command (``gugus.ops.tests.zygote``)."""

    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path
        self.sqlite_file = None
        if connection.vendor == "sqlite":
            backup_create(out_dir=tmp_path / "seed")
            self.sqlite_file = str(tmp_path / "seed" / "database.sqlite3")
            url = f"sqlite:///{self.sqlite_file}"
        else:
            s = connection.settings_dict
            url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        # The commands must read with this process's keys (in tests they are made per process).
        keys = {name: getattr(settings, name) for name in KEYS}
        self.env = {**os.environ, **keys, "DATABASE_URL": url, "GUGUS_ENV": "test", "LOG_FORMAT": "plain"}
        self.zygote = subprocess.Popen(
            [sys.executable, "-m", "gugus.ops.tests.zygote"],
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.zygote.stdout.readline().strip() == "ready"
        self.count = 0

    def close(self) -> None:
        self.zygote.stdin.close()
        self.zygote.wait(timeout=30)

    def fingerprint(self) -> dict:
        return database_fingerprint(sqlite_file=self.sqlite_file)

    def _ask(self, request: dict) -> str:
        self.zygote.stdin.write(json.dumps(request) + "\n")
        self.zygote.stdin.flush()
        return self.zygote.stdout.readline().strip()

    def start(self, *args: str, **env: str) -> Child:
        self.count += 1
        out, err = self.tmp / f"{self.count}.out", self.tmp / f"{self.count}.err"
        answer = self._ask({"args": list(args), "out": str(out), "err": str(err), "env": env})
        return Child(self, int(answer.split()[1]), out, err)

    def gugus(self, *args: str) -> tuple[int, str, str]:
        child = self.start(*args)
        code = child.wait()
        return code, child.out.read_text(), child.err.read_text()


class Child:
    def __init__(self, target: Target, pid: int, out: Path, err: Path):
        self.target, self.pid, self.out, self.err = target, pid, out, err

    def wait_paused(self, point: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        marker = f"import paused before row {point}\n"
        while time.monotonic() < deadline:
            text = self.err.read_text() if self.err.exists() else ""
            if marker in text:
                return
            if self.out.exists() and " rows: " in self.out.read_text():
                raise AssertionError(f"the import finished without pausing at {point}")
            time.sleep(0.02)
        raise AssertionError(f"the import did not pause at {point}: {text[-1000:]}")

    def kill(self) -> int:
        os.kill(self.pid, signal.SIGKILL)
        return self.wait()

    def wait(self) -> int:
        return int(self.target._ask({"reap": self.pid}).split()[2])


def _import(target: Target, path: Path, point: int | None = None, **env: str) -> Child:
    if point is not None:
        env["GUGUS_TEST_IMPORT_PAUSE_AT"] = str(point)
    return target.start("cases", "import", str(path), "--unit", UNIT, **env)


def _invariants_hold(target: Target, before: dict) -> None:
    assert compare_fingerprints(before, target.fingerprint()) == []
    code, out, err = target.gugus("audit", "verify", "--no-checkpoint")
    assert code == 0, err[-2000:]
    assert "audit chain intact" in out


def _complete_import_numbers_from_one(target: Target, path: Path) -> None:
    child = _import(target, path)
    code = child.wait()
    assert code == 0, child.err.read_text()[-2000:]
    numbers = [line.split()[-1] for line in child.out.read_text().splitlines() if line.startswith("created ")]
    assert numbers == [f"{UNIT}/2025/{n:04d}" for n in range(1, ROWS + 1)]
    code, _out, err = target.gugus("audit", "verify", "--no-checkpoint")
    assert code == 0, err[-2000:]


@pytest.fixture
def target(tmp_path, users, units):
    made = Target(tmp_path)
    yield made
    made.close()


def test_import_killed_at_twenty_seeded_points_leaves_nothing(target, tmp_path):
    path = _import_file(tmp_path)
    before = target.fingerprint()
    # Points 1..ROWS stop before writing that row; ROWS + 1 stops after the last case, before the
    # import's record and audit entry.
    points = sorted(random.Random(SEED).sample(range(1, ROWS + 2), KILL_POINTS))
    for point in points:
        child = _import(target, path, point)
        child.wait_paused(point)
        assert child.kill() == -signal.SIGKILL
    _invariants_hold(target, before)
    _complete_import_numbers_from_one(target, path)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates the PostgreSQL backend")
def test_import_whose_connection_the_server_terminates_leaves_nothing(target, tmp_path):
    path = _import_file(tmp_path)
    before = target.fingerprint()
    resume = tmp_path / "resume"
    name = f"gugus-crash-{os.getpid()}"
    child = _import(target, path, ROWS // 2, PGAPPNAME=name, GUGUS_TEST_IMPORT_RESUME_FILE=str(resume))
    child.wait_paused(ROWS // 2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s", [name])
        assert cursor.fetchall() == [(True,)]
    resume.touch()
    assert child.wait() != 0
    error = child.err.read_text().lower()
    assert "terminat" in error or "closed" in error, error[-2000:]
    _invariants_hold(target, before)
    _complete_import_numbers_from_one(target, path)
