"""Budget endpoints: lines in scope with their history and flows, absorption and the centre/region split.

Amounts are strings of rupiah with two decimals (never floats).
"""

from __future__ import annotations

from decimal import Decimal

from ninja import Router, Schema

from gugus.api.auth import require
from gugus.api.capabilities import capability
from gugus.api.params import Date, Id, Year
from gugus.budgets import access, selectors, services

router = Router(tags=["budgets"])


class LineOut(Schema):
    id: int
    fiscal_year: int
    holder: str
    tier: str
    region: str | None
    function: str | None
    source: str
    source_detail: str
    programme_code: str
    activity_code: str
    output_code: str
    account_code: str
    title: str
    ran_activity: str
    allocated: Decimal
    passed_on: Decimal
    received: Decimal
    realised: Decimal


class RevisionOut(Schema):
    sequence: int
    kind: str
    amount: Decimal
    effective_on: Date | None


class FlowOut(Schema):
    source_id: int
    target_id: int
    amount: Decimal


class LineDetailOut(LineOut):
    revisions: list[RevisionOut]
    inflows: list[FlowOut]
    outflows: list[FlowOut]


class RowOut(Schema):
    key: str
    label: str
    lines: int
    allocated: Decimal
    realised: Decimal
    absorption: Decimal | None


class SplitOut(Schema):
    centre: Decimal
    regions: Decimal
    transferred: Decimal
    centre_share: Decimal | None
    regions_share: Decimal | None


def _line(line) -> dict:
    return {
        "id": line.pk,
        "fiscal_year": line.fiscal_year,
        "holder": services.holder_code(line.holder),
        "tier": line.tier,
        "region": line.region_id,
        "function": line.function.code if line.function_id else None,
        "source": line.source,
        "source_detail": line.source_detail,
        "programme_code": line.programme_code,
        "activity_code": line.activity_code,
        "output_code": line.output_code,
        "account_code": line.account_code,
        "title": line.title,
        "ran_activity": line.ran_activity,
        "allocated": line.allocated,
        "passed_on": line.passed_on,
        "received": line.received,
        "realised": line.realised,
    }


@router.get("/lines", response=list[LineOut])
@capability("budgets.view")
def list_lines(request, year: Year):
    user = require(request, "budgets.view")
    return [LineOut(**_line(line)) for line in selectors.lines_with_totals(user, year)[:5000]]


@router.get("/lines/{line_id}", response=LineDetailOut)
@capability("budgets.view")
def line_detail(request, line_id: Id):
    user = require(request, "budgets.view")
    access.access_line(user, line_id)
    line = selectors.lines_with_totals(user).get(pk=line_id)
    visible = set(access.lines_visible_to(user).values_list("pk", flat=True))
    return LineDetailOut(
        **_line(line),
        revisions=[
            RevisionOut(sequence=r.sequence, kind=r.kind, amount=r.amount, effective_on=r.effective_on)
            for r in line.revisions.all()
        ],
        inflows=[
            FlowOut(source_id=f.source_id, target_id=f.target_id, amount=f.amount)
            for f in line.inflows.all()
            if f.source_id in visible
        ],
        outflows=[
            FlowOut(source_id=f.source_id, target_id=f.target_id, amount=f.amount)
            for f in line.outflows.all()
            if f.target_id in visible
        ],
    )


@router.get("/absorption", response=list[RowOut])
@capability("budgets.view")
def absorption(request, year: Year, by: str = "function"):
    """Own allocation, realisation and absorption by agency, function, region, tier or source."""
    user = require(request, "budgets.view")
    if by not in selectors.DIMENSIONS:
        from gugus.core.errors import ValidationFailed

        raise ValidationFailed("by must be one of agency, function, region, tier, source", field="by")
    lines = list(selectors.lines_with_totals(user, year))
    return [
        RowOut(
            key=r.key, label=r.label, lines=r.lines, allocated=r.allocated, realised=r.realised, absorption=r.absorption
        )
        for r in selectors.absorption(lines, by)
    ]


@router.get("/split", response=SplitOut)
@capability("budgets.view")
def split(request, year: Year):
    """The centre/region split (transfers counted once, where they are spent)."""
    user = require(request, "budgets.view")
    s = selectors.centre_region_split(selectors.lines_with_totals(user, year))
    return SplitOut(
        centre=s.centre,
        regions=s.regions,
        transferred=s.transferred,
        centre_share=s.centre_share,
        regions_share=s.regions_share,
    )
