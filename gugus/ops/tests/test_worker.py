"""``gugus worker``: the reaper of tasks whose worker died, the schedule, and imports run as tasks.

The last test starts a real ``gugus worker`` process on an import, kills it with SIGKILL in the
middle of the import's transaction, and checks that nothing was written, that django-tasks-db left
the task RUNNING, and that the next worker's reaper put it back in the queue and ran it to the end.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gugus.cases.import_jobs import import_job_request
from gugus.cases.models import Case, ImportJob
from gugus.cases.tasks import run_import_job
from gugus.ops.models import ScheduledJob, WorkerHeartbeat
from gugus.ops.tests.test_crash_consistency import ROWS, Target, _import_file
from gugus.ops.worker import SCHEDULE, schedule_enqueue, tasks_reap
from gugus.reports.models import ReportRun

pytestmark = pytest.mark.django_db
TASKS = DBTaskResult._meta.db_table


def _dead_pid() -> int:
    # The pid of a process that has ended and been reaped (reuse within the test is unlikely).
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def _running(task_path="gugus.reports.tasks.generate_report", *, workers: list[str], started=None, args=(1,)):
    now = timezone.now()
    return DBTaskResult.objects.create(
        task_path=task_path,
        status="RUNNING",
        args_kwargs={"args": list(args), "kwargs": {}},
        backend_name="default",
        run_after=now,
        started_at=started or now,
        worker_ids=workers,
    )


def _beat(worker_id: str, *, host: str, pid: int, seen: dt.datetime | None = None) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id=worker_id, hostname=host, pid=pid, started_at=now, seen_at=seen or now)


def test_reaper_requeues_the_task_of_a_dead_worker_and_leaves_live_ones(monkeypatch):
    monkeypatch.delenv("GUGUS_TASK_MAX_ATTEMPTS", raising=False)
    host = socket.gethostname()
    _beat("dead", host=host, pid=_dead_pid())
    _beat("alive", host=host, pid=os.getpid())
    _beat("far-silent", host="other-host", pid=1, seen=timezone.now() - dt.timedelta(minutes=10))
    _beat("far-fresh", host="other-host", pid=1)
    orphan = _running(workers=["dead"])
    live = _running(workers=["alive"])
    far_lost = _running(workers=["far-silent"])
    far_live = _running(workers=["far-fresh"])
    # A plain db_worker (no heartbeat): judged by how long the task has run.
    old_plain = _running(workers=["plain"], started=timezone.now() - dt.timedelta(hours=7))
    new_plain = _running(workers=["plain"], started=timezone.now() - dt.timedelta(minutes=5))
    assert tasks_reap() == {"requeued": 3, "failed": 0}
    status = dict(DBTaskResult.objects.values_list("id", "status"))
    assert [status[t.pk] for t in (orphan, live, far_lost, far_live, old_plain, new_plain)] == [
        "READY",
        "RUNNING",
        "READY",
        "RUNNING",
        "READY",
        "RUNNING",
    ]
    orphan.refresh_from_db()
    assert orphan.traceback.startswith("worker dead stopped during attempt 1 of 3: its process")
    assert orphan.exception_class_path == "gugus.ops.worker.WorkerLost"
    # Reaping again changes nothing: the requeued tasks wait for a worker, the live ones run.
    assert tasks_reap() == {"requeued": 0, "failed": 0}


def test_reaper_fails_a_task_after_its_last_attempt_with_the_reason(
    monkeypatch, users, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("GUGUS_TASK_MAX_ATTEMPTS", "2")
    run = ReportRun.objects.create(
        kind="annual", year=2024, language="id", format="pdf", cutoff=timezone.now(), requested_by=users["supervisor"]
    )
    ReportRun.objects.filter(pk=run.pk).update(status="running", progress=40)
    _beat("dead", host=socket.gethostname(), pid=_dead_pid())
    task = _running(workers=["first", "dead"], args=(run.pk,))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks_reap() == {"requeued": 0, "failed": 1}
    task.refresh_from_db()
    assert task.status == "FAILED" and task.finished_at is not None
    assert task.exception_class_path == "gugus.ops.worker.WorkerLost"
    assert "worker dead stopped during attempt 2 of 2: its process" in task.traceback
    run.refresh_from_db()
    assert run.status == "failed" and run.error.startswith("worker dead stopped during attempt 2 of 2")


def test_schedule_enqueues_each_job_once_per_period_whoever_asks():
    now = timezone.now()
    assert schedule_enqueue(now=now) == ["referrals escalate", "meetings remind"]
    # A second worker at the same moment (or the same one again): nothing more.
    assert schedule_enqueue(now=now) == []
    assert schedule_enqueue(now=now + dt.timedelta(minutes=59)) == []
    assert schedule_enqueue(now=now + dt.timedelta(hours=1, seconds=1)) == ["referrals escalate"]
    paths = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == [
        "gugus.ops.tasks.meetings_remind",
        "gugus.ops.tasks.referrals_escalate",
        "gugus.ops.tasks.referrals_escalate",
    ]
    job = ScheduledJob.objects.get(name="meetings remind")
    assert job.next_due == now + dt.timedelta(days=1)
    assert job.last_task_id == str(DBTaskResult.objects.get(task_path="gugus.ops.tasks.meetings_remind").pk)
    assert [j.name for j in SCHEDULE] == ["referrals escalate", "meetings remind"]


# The worker closes a connection whose autocommit differs from the settings' (the test's open
# transaction): on PostgreSQL these run outside one, as the worker does.
@pytest.mark.django_db(transaction=True)
def test_scheduled_jobs_run_in_the_worker():
    from django.core.management import call_command

    schedule_enqueue()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    done = dict(DBTaskResult.objects.values_list("task_path", "status"))
    assert done == {"gugus.ops.tasks.referrals_escalate": "SUCCESSFUL", "gugus.ops.tasks.meetings_remind": "SUCCESSFUL"}
    results = dict(DBTaskResult.objects.values_list("task_path", "return_value"))
    assert results["gugus.ops.tasks.referrals_escalate"] == {"reminded": 0, "escalated": 0}


@pytest.mark.django_db(transaction=True)
def test_a_large_list_is_imported_by_the_worker_with_its_progress_shown(
    users, client_for, tmp_path, settings, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.GUGUS_IMPORT_WORKER_ROWS = 5
    path = _import_file(tmp_path)
    client = client_for(users["supervisor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cases:import"), {"file": SimpleUploadedFile("list.csv", path.read_bytes())})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:import_job", args=[job.pk])
    assert Case.objects.count() == 0
    assert job.status == "queued" and job.task_id and path.read_bytes() not in bytes(job.sealed_file)
    page = client.get(reverse("cases:import_job", args=[job.pk]))
    assert 'hx-trigger="every 2s"' in page.content.decode()
    assert 'data-status="queued"' in page.content.decode()
    assert client_for(users["case_worker"]).get(reverse("cases:import_job", args=[job.pk])).status_code in (403, 404)
    assert client_for(users["supervisor@other"]).get(reverse("cases:import_job", args=[job.pk])).status_code == 404

    from django.core.management import call_command

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.rows_total, job.created, job.skipped) == ("done", ROWS, ROWS, 0)
    assert bytes(job.sealed_file) == b""
    assert (job.first_number, job.last_number) == ("T-POLDA-21/2025/0001", f"T-POLDA-21/2025/{ROWS:04d}")
    assert Case.objects.count() == ROWS
    body = client.get(reverse("cases:import_job", args=[job.pk])).content.decode()
    assert 'data-status="done"' in body and "hx-trigger" not in body
    # Run again (as after a lost worker): nothing more is written.
    assert run_import_job.call(job.pk) == {"created": ROWS, "skipped": 0}
    assert Case.objects.count() == ROWS


def test_a_list_that_fails_its_checks_is_refused_in_the_request(users, client_for, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.GUGUS_IMPORT_WORKER_ROWS = 0
    bad = "full_name,sex\nSiti,P\n"
    response = client_for(users["supervisor"]).post(
        reverse("cases:import"), {"file": SimpleUploadedFile("bad.csv", bad.encode())}
    )
    assert response.status_code == 200 and 'data-testid="import-rejected"' in response.content.decode()
    assert ImportJob.objects.count() == 0 and DBTaskResult.objects.count() == 0


def _count(target: Target, sql: str) -> list[tuple]:
    if target.sqlite_file:
        with sqlite3.connect(target.sqlite_file) as raw:
            return raw.execute(sql).fetchall()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_nothing_and_the_task_is_retried(users, units, tmp_path):
    path = _import_file(tmp_path)
    import_job_request(actor=users["supervisor"], unit=units["polda"], data=path.read_bytes(), filename="list.csv")
    target = Target(tmp_path)  # on SQLite: a file copy of the database, queued task included
    try:
        err = tmp_path / "worker.err"
        with err.open("w") as stderr:
            worker = subprocess.Popen(
                [sys.executable, "-m", "gugus", "worker", "--no-schedule", "--interval", "0.2"],
                env={**target.env, "GUGUS_TEST_IMPORT_PAUSE_AT": "7"},
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        deadline = time.monotonic() + 120
        while "import paused before row 7" not in err.read_text():
            assert worker.poll() is None, err.read_text()[-2000:]
            assert time.monotonic() < deadline, err.read_text()[-2000:]
            time.sleep(0.05)
        worker.send_signal(signal.SIGKILL)
        assert worker.wait() == -signal.SIGKILL
        # Nothing of the import was written, and django-tasks-db left the task RUNNING.
        assert _count(target, "SELECT COUNT(*) FROM cases_case") == [(0,)]
        assert _count(target, "SELECT COUNT(*) FROM people_person") == [(0,)]
        assert _count(target, f"SELECT status FROM {TASKS}")  # noqa: S608 (the model's table) == [("RUNNING",)]
        # The next worker reaps it (its process is gone), runs it again, and it completes once.
        code, _out, error = target.gugus("worker", "--batch", "--no-schedule")
        assert code == 0, error[-2000:]
        assert _count(target, f"SELECT status FROM {TASKS}")  # noqa: S608 (the model's table) == [("SUCCESSFUL",)]
        assert _count(target, "SELECT COUNT(*) FROM cases_case") == [(ROWS,)]
        assert _count(target, "SELECT status, created FROM cases_importjob") == [("done", ROWS)]
        code, out, error = target.gugus("audit", "verify", "--no-checkpoint")
        assert code == 0, error[-2000:]
    finally:
        target.close()
