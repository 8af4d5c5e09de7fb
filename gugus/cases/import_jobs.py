"""Bulk imports run by the worker (issue 20): the upload is kept encrypted until the worker imports it
with ``cases_import`` (all rows or none, in one transaction), and the job shows how far it went.

The page checks the file first, in the request, and names every bad row as before; only a file that
passes is handed to the worker. The worker checks it again (nothing may have changed in between,
but the import must not trust an earlier answer) and writes it. A worker killed mid-import leaves
nothing (one transaction) and the reaper (``gugus.ops.worker``) puts the task back in the queue;
running it again is safe, since an import skips the rows it already wrote. Once done, the file is
wiped from the job.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gugus.accounts.roles import has_capability
from gugus.audit.services import audit_record
from gugus.cases.models import ImportJob
from gugus.core.crypto import associated_data, decrypt_bytes, encrypt_bytes
from gugus.core.errors import GugusError, ImportRejected, NotFound, PermissionDenied


def LOST_MESSAGE() -> str:  # noqa: N802 (a message, translated when it is read)
    return _("The import stopped before it finished; nothing was imported. Try again.")


def _aad(job: ImportJob) -> bytes:
    return associated_data("cases_importjob", "sealed_file", job.uuid)


def import_jobs_visible_to(user):
    """A user's own import jobs (a job holds the file its requester uploaded)."""
    if not getattr(user, "is_authenticated", False) or not has_capability(user, "cases.import"):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(requested_by=user)


def access_import_job(user, job_id) -> ImportJob:
    """The job, if ``user`` requested it; NotFound otherwise (and for a malformed id)."""
    try:
        return import_jobs_visible_to(user).select_related("reporting_unit").get(pk=int(job_id))
    except (ImportJob.DoesNotExist, TypeError, ValueError) as error:
        raise NotFound(_("No such import.")) from error


def import_job_request(*, actor, unit, data: bytes, filename: str = "") -> ImportJob:
    """Hand a checked file to the worker; the task is enqueued once this commits."""
    from gugus.cases.tasks import run_import_job

    if not has_capability(actor, "cases.import"):
        raise PermissionDenied(_("Your role does not allow this."))
    with transaction.atomic():
        job = ImportJob(reporting_unit=unit, requested_by=actor, file_name=filename[-200:])
        job.sealed_file = encrypt_bytes(data, aad=_aad(job))
        job.save()
        audit_record(
            actor=actor, action="cases.import_request", target=job, data={"unit": unit.code, "bytes": len(data)}
        )

        def enqueue():
            result = run_import_job.enqueue(job.pk)
            ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))

        transaction.on_commit(enqueue)
    return job


def import_job_run(job_id: int) -> dict:
    """The worker's part: import the job's file, recording progress and outcome on the job."""
    from gugus.cases.importer import cases_import

    job = ImportJob.objects.select_related("reporting_unit", "requested_by").get(pk=job_id)
    if job.status == ImportJob.Status.DONE:
        return {"created": job.created, "skipped": job.skipped}  # run again after a lost worker: done already

    def checked(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKING, rows_done=done, rows_total=total)

    def writing(done: int, total: int) -> None:
        # Inside the import's transaction: seen by others only with the rows, at the commit.
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.WRITING)

    checked(0, 0)
    try:
        data = decrypt_bytes(job.sealed_file, aad=_aad(job))
        result = cases_import(
            actor=job.requested_by,
            unit=job.reporting_unit,
            data=data,
            filename=job.file_name,
            progress=writing,
            checked=checked,
        )
    except ImportRejected as rejected:
        import_job_fail(
            job_id=job.pk,
            error=_("%(n)d rows no longer pass the checks; nothing was imported. Upload the file again to see them.")
            % {"n": len(rejected.errors)},
        )
        return {"rejected": len(rejected.errors)}
    except GugusError as error:
        import_job_fail(job_id=job.pk, error=str(error.message))
        return {"failed": True}
    except Exception:
        # The task fails with its traceback in the queue's table; the job says so without detail.
        import_job_fail(job_id=job.pk, error=LOST_MESSAGE())
        raise
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE,
        rows_done=result.rows,
        rows_total=result.rows,
        created=len(result.created),
        skipped=len(result.skipped),
        first_number=result.created[0] if result.created else "",
        last_number=result.created[-1] if result.created else "",
        case_import=result.record,
        sealed_file=b"",
        finished_at=timezone.now(),
    )
    return {"created": len(result.created), "skipped": len(result.skipped)}


def import_job_fail(*, job_id: int, error: str) -> None:
    """The job failed (its rows were not written): say why, and wipe the file."""
    ImportJob.objects.filter(pk=job_id).exclude(status=ImportJob.Status.DONE).update(
        status=ImportJob.Status.FAILED, error=error[:300], sealed_file=b"", finished_at=timezone.now()
    )
