"""REST operations of data exchange: HTCDS, the de-identified release, identified exports (twins of the pages)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from gugus.api.auth import require
from gugus.api.capabilities import capability
from gugus.api.errors import ErrorOut
from gugus.core.errors import ImportRejected
from gugus.exchange import access, services
from gugus.exchange.forms import MAX_UPLOAD

router = Router(tags=["exchange"])


class RowErrorOut(Schema):
    row: int
    column: str
    message: str


class RejectedOut(Schema):
    code: str = "import_rejected"
    errors: list[RowErrorOut]


class ImportOut(Schema):
    rows: int
    created: list[str]
    skipped: int


class ExportIn(Schema):
    format: str
    purpose: str
    case_status: str = ""


class ExportOut(Schema):
    id: int
    format: str
    status: str
    cases: int
    people: int
    requested_at: dt.datetime
    expires_at: dt.datetime | None
    requested_by: str
    decided_by: str | None


class DecisionIn(Schema):
    note: str = ""


def _export(e) -> dict:
    return {
        "id": e.pk,
        "format": e.format,
        "status": e.status,
        "cases": e.cases,
        "people": e.people,
        "requested_at": e.requested_at,
        "expires_at": e.expires_at,
        "requested_by": e.requested_by.username,
        "decided_by": e.approved_by.username if e.approved_by_id else None,
    }


@router.get("/htcds", response=dict)
@capability("exchange.htcds")
def htcds_export(request):
    """The cases the caller may see as an HTCDS v2.0 JSON document (one record per victim; never the NIK)."""
    user = require(request, "exchange.htcds")
    export = services.htcds_export(actor=user, cases=access.export_cases_for(user), purpose="api")
    return HttpResponse(export.as_json(), content_type="application/json")


@router.post("/htcds/import", response={200: ImportOut, 422: RejectedOut | ErrorOut})
@capability("exchange.htcds")
def htcds_import(request, file: File[UploadedFile]):
    """Import an HTCDS file (CSV, XLSX or JSON) into the caller's unit: every row or none."""
    user = require(request, "exchange.htcds")
    if file.size > MAX_UPLOAD:
        return Status(422, {"errors": [{"row": 1, "column": "-", "message": "The file is larger than 20 MB."}]})
    try:
        result = services.htcds_import(actor=user, unit=user.unit, data=file.read(), filename=file.name or "")
    except ImportRejected as rejected:
        return Status(422, {"errors": [e.__dict__ for e in rejected.errors]})
    return {"rows": result.rows, "created": result.created, "skipped": result.skipped}


@router.get("/release", response=dict)
@capability("analytics.view")
def release(request):
    """The k-anonymous de-identified release of the caller's area: its notes and its rows."""
    user = require(request, "analytics.view")
    made = services.release_make(actor=user, cases=access.release_cases_for(user))
    return {"notes": services.release_notes(made), "records": made.frame.to_dict(orient="records")}


@router.get("/exports", response=list[ExportOut])
@capability("exports.identified")
def list_exports(request):
    """The caller's own export requests and, for approvers, those of their unit."""
    user = require(request, "exports.identified")
    visible = access.export_requests_visible_to(user).select_related("requested_by", "approved_by")[:100]
    return [_export(e) for e in visible]


@router.post("/exports", response={201: ExportOut})
@capability("exports.identified")
def create_export(request, payload: ExportIn):
    """Ask for an identified export of the caller's unit's cases (pending a second approver above the threshold)."""
    user = require(request, "exports.identified")
    export = services.export_request(actor=user, **payload.dict())
    return Status(201, _export(export))


@router.post("/exports/{export_id}/approve", response=ExportOut)
@capability("exports.approve")
def approve_export(request, export_id: int, payload: DecisionIn):
    user = require(request, "exports.approve")
    export = access.access_export_request(user, export_id)
    return _export(services.export_decide(actor=user, export=export, approve=True, note=payload.note))


@router.post("/exports/{export_id}/reject", response=ExportOut)
@capability("exports.approve")
def reject_export(request, export_id: int, payload: DecisionIn):
    user = require(request, "exports.approve")
    export = access.access_export_request(user, export_id)
    return _export(services.export_decide(actor=user, export=export, approve=False, note=payload.note))


@router.get("/exports/{export_id}/file")
@capability("exports.identified")
def export_file(request, export_id: int):
    """The export's file, for the user who asked for it, until it expires."""
    user = require(request, "exports.identified")
    export = access.access_export_request(user, export_id)
    name, content, content_type = services.export_download(actor=user, export=export)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
