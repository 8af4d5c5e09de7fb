"""Background tasks (the Django Tasks API through the django-tasks backport; backend in settings)."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_report(run_id: int) -> int:
    """Generate one report to the President; progress is written to its ReportRun row."""
    from gugus.reports.models import ReportRun
    from gugus.reports.services import report_build, report_fail

    run = ReportRun.objects.select_related("requested_by").get(pk=run_id)
    try:
        data = report_build(run=run)
    except Exception as error:
        report_fail(run=run, error=f"{type(error).__name__}: {error}"[:300])
        raise
    return len(data)
