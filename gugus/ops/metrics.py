"""Prometheus metrics: requests by route name, the task queue and task durations (issue 20).

Labels are names chosen by the code, never data: a request is labelled by its URL pattern's name
(``cases:detail``, never ``/cases/1234/``), its method and its status; a task by its task name
(``generate_report``) and its status. No user, unit, id or path appears in any label.

Requests are counted in the process that serves them. Under gunicorn with several workers set
``PROMETHEUS_MULTIPROC_DIR`` to an empty directory writable by the service (wiped at each start):
every worker then writes its samples there and /metrics adds them up (prometheus_client's
multiprocess mode). The queue figures are read from django-tasks-db's table when /metrics is
scraped, so they are the same whichever process answers, and task durations come from the rows
the worker finished (in the window ``GUGUS_METRICS_TASK_WINDOW`` seconds, default one hour).
"""

from __future__ import annotations

import datetime as dt
import hmac
import ipaddress
import os

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeHistogramMetricFamily, GaugeMetricFamily

# Seconds: from a cached page to a slow export.
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# Seconds: from a reminder run to a national report or a large import.
TASK_BUCKETS = (0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0)

REQUESTS = Counter(
    "gugus_http_requests",
    "HTTP requests answered, by URL pattern name, method and status.",
    ["route", "method", "status"],
)
REQUEST_DURATION = Histogram(
    "gugus_http_request_duration_seconds",
    "Time to answer an HTTP request, by URL pattern name and method.",
    ["route", "method"],
    buckets=REQUEST_BUCKETS,
)

# Methods outside this set are folded, so a client cannot grow the label set at will.
_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def observe_request(*, route: str, method: str, status: int, seconds: float) -> None:
    """Count one answered request (route is the URL pattern's name or "unresolved")."""
    method = method if method in _METHODS else "other"
    REQUESTS.labels(route=route, method=method, status=str(status)).inc()
    REQUEST_DURATION.labels(route=route, method=method).observe(seconds)


def task_name(task_path: str) -> str:
    """The task's name as a label: the last part of its import path (``generate_report``)."""
    return task_path.rsplit(".", 1)[-1][:64]


class TaskQueueCollector:
    """Reads the queue from django-tasks-db at each scrape: tasks by name and status, the age of the
    oldest waiting task, and the durations of the tasks finished in the window."""

    STATUSES = {"READY": "waiting", "RUNNING": "running", "FAILED": "failed", "SUCCESSFUL": "successful"}

    def __init__(self, window_seconds: int | None = None):
        self.window_seconds = window_seconds or int(os.environ.get("GUGUS_METRICS_TASK_WINDOW", "3600"))

    def collect(self):
        from django.db.models import Count, Min
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        now = timezone.now()
        tasks = GaugeMetricFamily(
            "gugus_tasks", "Background tasks in the queue's table, by task name and status.", labels=["task", "status"]
        )
        counts: dict[tuple[str, str], int] = {}
        for row in DBTaskResult.objects.values("task_path", "status").annotate(n=Count("id")):
            key = (task_name(row["task_path"]), self.STATUSES.get(row["status"], "other"))
            counts[key] = counts.get(key, 0) + row["n"]
        for (name, status), n in sorted(counts.items()):
            tasks.add_metric([name, status], n)
        yield tasks

        oldest = GaugeMetricFamily(
            "gugus_task_oldest_waiting_seconds",
            "Age of the oldest task waiting for a worker (0 when none waits), by task name.",
            labels=["task"],
        )
        for row in DBTaskResult.objects.ready().values("task_path").annotate(first=Min("enqueued_at")):
            oldest.add_metric([task_name(row["task_path"])], max(0.0, (now - row["first"]).total_seconds()))
        yield oldest

        durations: dict[str, list[float]] = {}
        finished = DBTaskResult.objects.finished().filter(
            finished_at__gte=now - dt.timedelta(seconds=self.window_seconds), started_at__isnull=False
        )
        for path, started, ended in finished.values_list("task_path", "started_at", "finished_at").iterator():
            durations.setdefault(task_name(path), []).append(max(0.0, (ended - started).total_seconds()))
        histogram = GaugeHistogramMetricFamily(
            "gugus_task_duration_seconds",
            f"Run time of the tasks finished in the last {self.window_seconds} s, by task name.",
            labels=["task"],
        )
        for name, values in sorted(durations.items()):
            buckets = [(str(bound), sum(1 for v in values if v <= bound)) for bound in TASK_BUCKETS]
            buckets.append(("+Inf", len(values)))
            histogram.add_metric([name], buckets, sum(values))
        yield histogram


def render() -> bytes:
    """The exposition text: this process's (or all processes') request metrics and the queue."""
    from prometheus_client import REGISTRY

    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
        output = generate_latest(registry)
    else:
        output = generate_latest(REGISTRY)
    queue = CollectorRegistry()
    queue.register(TaskQueueCollector())
    return output + generate_latest(queue)


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def scrape_allowed(request, token: str | None = None) -> bool:
    """Who may read /metrics: a bearer of GUGUS_METRICS_TOKEN; without a token set, only a direct
    client on loopback (a request relayed by the proxy carries X-Forwarded-For and is refused)."""
    token = os.environ.get("GUGUS_METRICS_TOKEN", "") if token is None else token
    if token:
        offered = request.headers.get("Authorization", "")
        scheme, _space, value = offered.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), token.encode())
    relayed = "X-Forwarded-For" in request.headers or "X-Real-IP" in request.headers
    return not relayed and _loopback(request.META.get("REMOTE_ADDR", ""))
