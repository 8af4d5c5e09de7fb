"""gunicorn for Gugus behind nginx: `gunicorn -c deploy/gunicorn.conf.py gugus.wsgi`."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 60
graceful_timeout = 30
max_requests = 2000  # recycle workers to bound memory growth
max_requests_jitter = 200
forwarded_allow_ips = "127.0.0.1"  # only nginx on this host may set X-Forwarded-*
accesslog = None  # the application logs one JSON line per request, without paths or query strings
errorlog = "-"


def child_exit(server, worker):
    """A recycled worker's metric files are merged into the totals, not left as a live process's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
