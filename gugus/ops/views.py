"""Health and readiness probes for the proxy and the orchestrator: public, minimal, no personal data."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gugus.accounts.decorators import public


@public
@never_cache
@require_GET
def healthz(request):
    """The process is up and answers; the database is not touched."""
    return JsonResponse({"status": "ok"})


def _readiness() -> dict[str, bool]:
    checks = {"database": False, "migrations": False, "audit_chain": False}
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = True
        executor = MigrationExecutor(connection)
        checks["migrations"] = not executor.migration_plan(executor.loader.graph.leaf_nodes())
        from gugus.audit.models import AuditHead

        # The head may not exist before the first entry; reading the table is what matters.
        AuditHead.objects.filter(id=1).values_list("sequence", flat=True).first()
        checks["audit_chain"] = True
    except DatabaseError:
        pass
    return checks


@public
@never_cache
@require_GET
def readyz(request):
    """Ready to serve: the database answers, every migration is applied, the audit chain head reads."""
    checks = _readiness()
    ready = all(checks.values())
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": checks}, status=200 if ready else 503)


@public
@never_cache
@require_GET
def metrics(request):
    """Prometheus metrics for the bearer of GUGUS_METRICS_TOKEN (or loopback when no token is set).

    Any other caller gets a plain 404: the page does not say it exists.
    """
    from gugus.ops.metrics import render, scrape_allowed

    if not scrape_allowed(request):
        return HttpResponseNotFound()
    from prometheus_client import CONTENT_TYPE_LATEST

    return HttpResponse(render(), content_type=CONTENT_TYPE_LATEST)
