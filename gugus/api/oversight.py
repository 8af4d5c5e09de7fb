"""Oversight for agency systems: the audit chain's state, de-identified case figures for
analysts and for reports. Counts only; no person, no case appears here."""

from __future__ import annotations

from ninja import Router, Schema

from gugus.api.capabilities import capability
from gugus.audit.services import audit_verify_chain
from gugus.cases.statistics import MIN_CELL, case_counts_by_status

router = Router(tags=["oversight"])


class ChainOut(Schema):
    ok: bool
    checked: int
    broken_at: int | None
    reason: str


@router.get("/audit/chain", response=ChainOut)
@capability("audit.view")
def audit_chain(request):
    """Verify the audit log's hash chain: how many entries were checked and the first broken link."""
    report = audit_verify_chain()
    return {"ok": report.ok, "checked": report.checked, "broken_at": report.broken_at, "reason": report.reason}


class CountsOut(Schema):
    by_status: dict[str, int | None]
    suppressed_below: int


@router.get("/analytics/cases", response=CountsOut)
@capability("analytics.view")
def analytics_cases(request):
    """Cases in the caller's reach by status; counts below 11 are suppressed (null)."""
    return {"by_status": case_counts_by_status(request.auth, capability="analytics.view", suppress=True),
            "suppressed_below": MIN_CELL}  # fmt: skip


@router.get("/reports/cases", response=CountsOut)
@capability("reports.view")
def report_cases(request):
    """Cases in the caller's reach by status, for reports to ministers and the President."""
    return {"by_status": case_counts_by_status(request.auth, capability="reports.view"), "suppressed_below": 0}
