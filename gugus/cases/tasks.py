"""Background tasks of the cases app (run by ``gugus worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import_job(job_id: int) -> dict:
    """Import one uploaded list (``gugus.cases.import_jobs.import_job_run``)."""
    from gugus.cases.import_jobs import import_job_run

    return import_job_run(job_id)
