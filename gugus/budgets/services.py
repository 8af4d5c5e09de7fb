"""Writes to budgets: lines, revisions, realisation, flows. Every amount is Decimal rupiah."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from gugus.accounts.actors import is_system, require_actor
from gugus.audit.services import audit_record
from gugus.budgets import access
from gugus.budgets.models import ZERO, BudgetLine, Flow, Realisation, Revision, Source
from gugus.core.errors import NotFound, ValidationFailed
from gugus.core.money import clean_amount
from gugus.organisations.models import AgencyUnit, TaskForce, Tier

TIER_RANK = {Tier.NATIONAL: 0, Tier.PROVINCE: 1, Tier.REGENCY: 2}
# Sources that only make sense at some tiers.
SOURCE_TIERS = {
    Source.APBN_POLRI: {Tier.NATIONAL},
    Source.APBD_PROVINCE: {Tier.PROVINCE},
    Source.APBD_REGENCY: {Tier.REGENCY},
    Source.TRANSFER: {Tier.PROVINCE, Tier.REGENCY},
}
FIRST_YEAR, LAST_YEAR = 2008, 2100


def holder_code(holder) -> str:
    """How a budget officer names a holder: the unit's code, or GT-PUSAT / GT-<region code>."""
    if isinstance(holder, TaskForce):
        return "GT-PUSAT" if holder.region_id is None else f"GT-{holder.region_id}"
    return holder.code


def holder_resolve(code: str):
    """The task force or unit a holder code names; None when unknown."""
    code = (code or "").strip()
    upper = code.upper()
    if upper == "GT-PUSAT":
        return TaskForce.objects.filter(tier=Tier.NATIONAL).first()
    if upper.startswith("GT-"):
        return TaskForce.objects.filter(region_id=code[3:]).first()
    return AgencyUnit.objects.select_related("agency", "region").filter(code=code).first()


def holder_place(holder) -> tuple[str, str | None]:
    """(tier, region code) of a holder."""
    if isinstance(holder, TaskForce):
        return holder.tier, holder.region_id
    return holder.tier, holder.region_id


def natural_key(
    *, fiscal_year: int, holder, programme_code: str, activity_code: str, output_code: str, account_code: str, source
) -> str:
    parts = [str(fiscal_year), holder_code(holder), programme_code, activity_code, output_code, account_code, source]
    return "|".join(p.strip().upper() for p in parts)


def money(value, field: str) -> Decimal:
    """Parse an amount (gugus.core.money), or raise a validation error naming the field."""
    return clean_amount(value, field=field, minimum=None)


def _require_holder(actor, holder) -> None:
    # The system actor (demo loader, fixtures) keeps every holder's budget; people only their own.
    require_actor(actor)
    if not is_system(actor) and not access.can_edit_holder(actor, holder):
        raise NotFound("Budget holder not found.")


def _require_line(actor, line: BudgetLine) -> None:
    require_actor(actor)
    if not is_system(actor) and not access.lines_editable_by(actor).filter(pk=line.pk).exists():
        raise NotFound("Budget line not found.")


def validate_line_fields(*, fiscal_year, holder, source, title, allocated) -> tuple[str, str | None, Decimal]:
    """Check the fields of a new line; returns (tier, region code, amount)."""
    if not isinstance(fiscal_year, int) or not FIRST_YEAR <= fiscal_year <= LAST_YEAR:
        raise ValidationFailed(_("Not a fiscal year."), field="fiscal_year")
    if holder is None:
        raise ValidationFailed(_("Unknown holder (a unit code, GT-PUSAT or GT-<region code>)."), field="holder")
    if source not in Source.values:
        raise ValidationFailed(_("Unknown source of funds."), field="source")
    tier, region = holder_place(holder)
    allowed = SOURCE_TIERS.get(source)
    if allowed and tier not in allowed:
        raise ValidationFailed(
            _("%(source)s cannot fund a line at the %(tier)s tier.")
            % {"source": Source(source).label, "tier": Tier(tier).label},
            field="source",
        )
    if not (title or "").strip():
        raise ValidationFailed(_("Describe the line."), field="title")
    amount = money(allocated, "allocated")
    if amount < 0:
        raise ValidationFailed(_("An allocation cannot be negative."), field="allocated")
    return tier, region, amount


@transaction.atomic
def line_create(
    *,
    actor,
    fiscal_year: int,
    holder,
    source: str,
    title: str,
    allocated,
    function=None,
    source_detail: str = "",
    programme_code: str = "",
    activity_code: str = "",
    output_code: str = "",
    account_code: str = "",
    ran_activity: str = "",
    effective_on: dt.date | None = None,
) -> BudgetLine:
    """Create a line with its original allocation (the first revision)."""
    _require_holder(actor, holder)
    tier, region, amount = validate_line_fields(
        fiscal_year=fiscal_year, holder=holder, source=source, title=title, allocated=allocated
    )
    key = natural_key(
        fiscal_year=fiscal_year,
        holder=holder,
        programme_code=programme_code,
        activity_code=activity_code,
        output_code=output_code,
        account_code=account_code,
        source=source,
    )
    if BudgetLine.objects.filter(natural_key=key).exists():
        raise ValidationFailed(_("This holder already has a line with these codes and source."), field="output_code")
    line = BudgetLine.objects.create(
        fiscal_year=fiscal_year,
        tier=tier,
        task_force=holder if isinstance(holder, TaskForce) else None,
        unit=holder if isinstance(holder, AgencyUnit) else None,
        region_id=region,
        function=function,
        source=source,
        source_detail=source_detail.strip(),
        programme_code=programme_code.strip(),
        activity_code=activity_code.strip(),
        output_code=output_code.strip(),
        account_code=account_code.strip(),
        title=title.strip()[:300],
        ran_activity=ran_activity.strip(),
        allocated=amount,
        natural_key=key,
    )
    Revision.objects.create(
        line=line,
        sequence=1,
        kind=Revision.Kind.ORIGINAL,
        amount=amount,
        effective_on=effective_on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="budget_line.create",
        target=line,
        data={"fiscal_year": fiscal_year, "holder": holder_code(holder), "source": source, "allocated": amount},
    )
    return line


def realised_total(line: BudgetLine) -> Decimal:
    return line.realisations.aggregate(total=Sum("amount"))["total"] or ZERO


def outflow_total(line: BudgetLine) -> Decimal:
    return line.outflows.aggregate(total=Sum("amount"))["total"] or ZERO


@transaction.atomic
def line_revise(
    *, actor, line: BudgetLine, amount, kind: str, effective_on: dt.date | None = None, note: str = ""
) -> Revision:
    """Record a new allocation (APBN-P, APBD-P, shift, cut); the earlier ones stay as history."""
    _require_line(actor, line)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    if kind not in Revision.Kind.values or kind == Revision.Kind.ORIGINAL:
        raise ValidationFailed(_("Unknown kind of revision."), field="kind")
    new_amount = money(amount, "amount")
    if new_amount < 0:
        raise ValidationFailed(_("An allocation cannot be negative."), field="amount")
    committed = realised_total(line) + outflow_total(line)
    if new_amount < committed:
        raise ValidationFailed(
            _("The line has already spent or passed on more than this amount."),
            field="amount",
        )
    sequence = line.revisions.count() + 1
    revision = Revision.objects.create(
        line=line,
        sequence=sequence,
        kind=kind,
        amount=new_amount,
        effective_on=effective_on,
        note=(note or "").strip()[:300],
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    previous = line.allocated
    line.allocated = new_amount
    line.save(update_fields=["allocated", "updated_at"])
    audit_record(
        actor=actor,
        action="budget_line.revise",
        target=line,
        data={"sequence": sequence, "kind": kind, "from": previous, "to": new_amount},
    )
    return revision


@transaction.atomic
def realisation_record(
    *,
    actor,
    line: BudgetLine,
    spent_on: dt.date,
    amount,
    description: str = "",
    document_ref: str = "",
    service_ref: str = "",
) -> Realisation:
    """Record spending against a line; the total may not exceed what the line keeps for itself."""
    _require_line(actor, line)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    value = money(amount, "amount")
    if value <= 0:
        raise ValidationFailed(_("Spending must be more than zero."), field="amount")
    if spent_on is None or spent_on.year != line.fiscal_year:
        raise ValidationFailed(
            _("The date must fall in fiscal year %(year)d.") % {"year": line.fiscal_year}, field="spent_on"
        )
    document_ref = (document_ref or "").strip()
    if document_ref and line.realisations.filter(document_ref=document_ref).exists():
        raise ValidationFailed(_("This document number is already recorded on the line."), field="document_ref")
    if realised_total(line) + outflow_total(line) + value > line.allocated:
        raise ValidationFailed(_("Spending would exceed the line's allocation."), field="amount")
    realisation = Realisation.objects.create(
        line=line,
        spent_on=spent_on,
        amount=value,
        description=(description or "").strip()[:300],
        document_ref=document_ref,
        service_ref=(service_ref or "").strip(),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="realisation.record",
        target=realisation,
        data={"line": line.pk, "amount": value, "spent_on": spent_on},
    )
    return realisation


def _region_within(inner: str | None, outer: str | None) -> bool:
    if outer is None:
        return True
    return inner is not None and (inner == outer or inner.startswith(outer + "."))


@transaction.atomic
def flow_record(*, actor, source: BudgetLine, target: BudgetLine, amount, note: str = "") -> Flow:
    """Record that part of a higher-tier line funds a line below it, in the same fiscal year and region."""
    _require_line(actor, target)
    if not access.lines_visible_to(actor).filter(pk=source.pk).exists():
        raise NotFound("Budget line not found.")
    source = BudgetLine.objects.select_for_update().get(pk=source.pk)
    value = money(amount, "amount")
    if value <= 0:
        raise ValidationFailed(_("A flow must be more than zero."), field="amount")
    if source.fiscal_year != target.fiscal_year:
        raise ValidationFailed(_("Both lines must be in the same fiscal year."), field="source")
    if TIER_RANK[source.tier] >= TIER_RANK[target.tier]:
        raise ValidationFailed(_("Money flows from a higher tier to a lower one."), field="source")
    if not _region_within(target.region_id, source.region_id):
        raise ValidationFailed(_("The receiving line is outside the funding line's region."), field="target")
    if Flow.objects.filter(source=source, target=target).exists():
        raise ValidationFailed(_("This flow is already recorded."), field="target")
    if realised_total(source) + outflow_total(source) + value > source.allocated:
        raise ValidationFailed(_("The funding line does not have this much left."), field="amount")
    inflow = target.inflows.aggregate(total=Sum("amount"))["total"] or ZERO
    if inflow + value > target.allocated:
        raise ValidationFailed(_("The receiving line would get more than its allocation."), field="amount")
    flow = Flow.objects.create(
        source=source,
        target=target,
        amount=value,
        note=(note or "").strip()[:300],
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor, action="flow.record", target=flow, data={"source": source.pk, "target": target.pk, "amount": value}
    )
    return flow


LINE_DETAIL_FIELDS = {"title", "function", "source_detail", "ran_activity"}


@transaction.atomic
def line_update_details(*, actor, line: BudgetLine, **changes) -> BudgetLine:
    """Change a line's description, function, source detail or RAN reference (not its amount or codes)."""
    _require_line(actor, line)
    unknown = set(changes) - LINE_DETAIL_FIELDS
    if unknown:
        raise ValidationFailed(_("These fields cannot be changed here."), field=sorted(unknown)[0])
    if "title" in changes and not (changes["title"] or "").strip():
        raise ValidationFailed(_("Describe the line."), field="title")
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    changed = [name for name, value in changes.items() if getattr(line, name) != value]
    for name in changed:
        setattr(line, name, changes[name])
    if changed:
        line.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action="budget_line.update", target=line, data={"fields": sorted(changed)})
    return line
