"""``gugus worker``: django-tasks-db's worker, plus a heartbeat, a reaper and the schedule.

- **Heartbeat.** Each worker keeps a ``WorkerHeartbeat`` row (host, pid, last seen), refreshed by a
  housekeeping thread every few seconds, removed when it stops cleanly.
- **Reaper.** django-tasks-db marks a task RUNNING when a worker claims it and leaves it so if the
  worker dies (``kill -9``, a lost machine). A task is orphaned when the worker that claimed it last
  is gone: on the same host, its process no longer exists; on another host, its heartbeat is older
  than ``GUGUS_WORKER_LOST_SECONDS`` (default 120); for a worker without a heartbeat (a plain
  ``db_worker``), when it started more than ``GUGUS_TASK_TIMEOUT_SECONDS`` ago (default 6 h).
  An orphaned task is put back in the queue until it has been tried ``GUGUS_TASK_MAX_ATTEMPTS``
  times (default 3), then marked failed with the reason. Every worker reaps at start and then
  periodically; a row is changed under its lock and only if no one claimed it meanwhile, so two
  workers never both act on it. Tasks must therefore be safe to run again: ours write in one
  transaction (a killed run left nothing) and are idempotent (imports skip rows already imported).
- **Schedule.** ``SCHEDULE`` lists the periodic jobs (``referrals escalate``, ``meetings remind``).
  A worker enqueues a job only after moving its ``next_due`` forward with one conditional UPDATE, so
  with two workers running the job is enqueued once per period; cron is no longer needed (running
  the commands from cron as well does no harm: both are idempotent).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from dataclasses import dataclass

from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

logger = logging.getLogger("gugus.worker")

HEARTBEAT_SECONDS = 5
REAP_EVERY_SECONDS = 15
SCHEDULE_EVERY_SECONDS = 30


class WorkerLost(Exception):
    """The worker running this task stopped (killed or lost) before the task finished."""


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    task_path: str


SCHEDULE = [
    Job("referrals escalate", dt.timedelta(hours=1), "gugus.ops.tasks.referrals_escalate"),
    Job("meetings remind", dt.timedelta(days=1), "gugus.ops.tasks.meetings_remind"),
]


def _setting(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def new_worker_id() -> str:
    """host:pid:random, at most 64 characters (django-tasks-db's limit); the host and pid say where it runs."""
    suffix = get_random_string(8)
    host = socket.gethostname()[: 64 - 2 - 10 - len(suffix)]
    return f"{host}:{os.getpid()}:{suffix}"


def process_alive(pid: int) -> bool:
    """True when a process with this id runs on this host (a zombie counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def heartbeat(worker_id: str, *, started_at: dt.datetime) -> None:
    from gugus.ops.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname(),
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


def _worker_gone(worker_id: str | None, beats: dict, *, started_at, now, host: str) -> str | None:
    """Why the worker that claimed a task is gone, or None while it may still be running it."""
    beat = beats.get(worker_id)
    if beat is not None:
        if beat.hostname == host:
            return None if process_alive(beat.pid) else f"its process {beat.pid} on {host} is gone"
        lost_after = _setting("GUGUS_WORKER_LOST_SECONDS", 120)
        silent = (now - beat.seen_at).total_seconds()
        return f"no heartbeat from {beat.hostname} for {silent:.0f} s" if silent > lost_after else None
    timeout = _setting("GUGUS_TASK_TIMEOUT_SECONDS", 6 * 3600)
    if started_at is not None and (now - started_at).total_seconds() > timeout:
        return f"running for more than {timeout} s without a heartbeat"
    return None


def tasks_reap(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Requeue or fail the RUNNING tasks whose worker is gone; {"requeued": n, "failed": n}."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from gugus.ops.models import WorkerHeartbeat

    now = now or timezone.now()
    host = socket.gethostname()
    max_attempts = _setting("GUGUS_TASK_MAX_ATTEMPTS", 3)
    counts = {"requeued": 0, "failed": 0}
    running = list(DBTaskResult.objects.running().values_list("id", "worker_ids", "started_at"))
    if not running:
        return counts
    beats = {b.worker_id: b for b in WorkerHeartbeat.objects.all()}
    for task_id, worker_ids, started_at in running:
        last = worker_ids[-1] if worker_ids else None
        reason = _worker_gone(last, beats, started_at=started_at, now=now, host=host)
        if reason is None:
            continue
        with transaction.atomic():
            row = DBTaskResult.objects.select_for_update(skip_locked=True).filter(pk=task_id).first()
            # Someone else reaped it, or it was claimed again, in the meantime: leave it.
            if row is None or row.status != TaskResultStatus.RUNNING or row.worker_ids != worker_ids:
                continue
            attempts = len(row.worker_ids)
            message = f"worker {last} stopped during attempt {attempts} of {max_attempts}: {reason}"
            if attempts < max_attempts:
                row.status = TaskResultStatus.READY
                row.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
                row.traceback = message
                row.save(update_fields=["status", "exception_class_path", "traceback"])
                counts["requeued"] += 1
                logger.warning("task %s (%s) requeued: %s", row.id, row.task_path, message)
            else:
                row.set_failed(WorkerLost(message))
                counts["failed"] += 1
                logger.error("task %s (%s) failed: %s", row.id, row.task_path, message)
                transaction.on_commit(lambda row=row, message=message: _on_lost(row, message))
    WorkerHeartbeat.objects.filter(
        hostname=host, seen_at__lt=now - dt.timedelta(seconds=_setting("GUGUS_WORKER_LOST_SECONDS", 120))
    ).exclude(pid__in=[b.pid for b in beats.values() if b.hostname == host and process_alive(b.pid)]).delete()
    return counts


def _on_lost(row, message: str) -> None:
    """Tell the task's own record that it failed (a report's run, an import job show it on their page)."""
    first_arg = (row.args_kwargs.get("args") or [None])[0]
    if row.task_path == "gugus.cases.tasks.run_import_job":
        from gugus.cases.import_jobs import LOST_MESSAGE, import_job_fail

        import_job_fail(job_id=first_arg, error=LOST_MESSAGE())
    if row.task_path == "gugus.reports.tasks.generate_report":
        from gugus.reports.models import ReportRun
        from gugus.reports.services import report_fail

        run = ReportRun.objects.filter(pk=first_arg).first()
        if run is not None:
            report_fail(run=run, error=message)


def schedule_enqueue(*, now: dt.datetime | None = None, jobs: list[Job] | None = None) -> list[str]:
    """Enqueue the jobs that are due; returns their names. Safe with several workers at once."""
    from django.utils.module_loading import import_string

    from gugus.ops.models import ScheduledJob

    now = now or timezone.now()
    enqueued = []
    for job in SCHEDULE if jobs is None else jobs:
        ScheduledJob.objects.get_or_create(name=job.name, defaults={"next_due": now})
        with transaction.atomic():
            # One conditional UPDATE decides who enqueues: the other worker's matches no row.
            won = ScheduledJob.objects.filter(name=job.name, next_due__lte=now).update(
                next_due=now + job.every, last_enqueued_at=now
            )
            if not won:
                continue
            result = import_string(job.task_path).enqueue()
            ScheduledJob.objects.filter(name=job.name).update(last_task_id=str(result.id))
        enqueued.append(job.name)
        logger.info("scheduled job %s enqueued", job.name)
    return enqueued


class Housekeeping(threading.Thread):
    """Heartbeat, reaper and schedule, beside the worker's own loop (which runs the tasks)."""

    def __init__(self, worker_id: str, *, schedule: bool):
        super().__init__(name="gugus-housekeeping", daemon=True)
        self.worker_id = worker_id
        self.schedule = schedule
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def once(self, *, reap: bool = True, schedule: bool | None = None) -> None:
        try:
            heartbeat(self.worker_id, started_at=self.started_at)
            if reap:
                tasks_reap()
            if self.schedule if schedule is None else schedule:
                schedule_enqueue()
        except Exception:  # a locked or lost database: try again at the next beat
            logger.exception("worker housekeeping failed")
        finally:
            close_old_connections()

    def run(self) -> None:
        ticks = 0
        while not self.stopping.wait(HEARTBEAT_SECONDS):
            ticks += 1
            self.once(
                reap=ticks % (REAP_EVERY_SECONDS // HEARTBEAT_SECONDS) == 0,
                schedule=self.schedule and ticks % (SCHEDULE_EVERY_SECONDS // HEARTBEAT_SECONDS) == 0,
            )

    def stop(self) -> None:
        from gugus.ops.models import WorkerHeartbeat

        self.stopping.set()
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except Exception:
            logger.exception("could not remove the worker's heartbeat")


def run_worker(*, batch: bool = False, schedule: bool = True, interval: float = 1.0) -> None:
    """Run django-tasks-db's worker with housekeeping (``batch``: the waiting tasks, then stop)."""
    from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
    from django_tasks_db.management.commands.db_worker import Worker

    worker_id = new_worker_id()
    housekeeping = Housekeeping(worker_id, schedule=schedule)
    housekeeping.once()
    if not batch:
        housekeeping.start()
    worker = Worker(
        queue_names=[DEFAULT_TASK_QUEUE_NAME],
        interval=interval,
        batch=batch,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=not batch,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    logger.info("worker %s started", worker_id)
    worker.configure_signals()
    try:
        worker.run()
    finally:
        housekeeping.stop()
