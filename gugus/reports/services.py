"""Writes of the reports app: a verification of the audit chain, recorded in the log."""

from __future__ import annotations

from django.db import transaction

from gugus.accounts.roles import has_capability
from gugus.audit.selectors import VERIFY_ACTION
from gugus.audit.services import audit_record, audit_verify_chain
from gugus.core.errors import NotFound


def audit_chain_verify(*, actor) -> dict:
    """Recompute the whole chain and record the outcome (who checked, how many entries, where it broke)."""
    if not has_capability(actor, "audit.view"):
        raise NotFound("No such page.")
    report = audit_verify_chain()
    outcome = {"checked": report.checked, "ok": report.ok, "broken_at": report.broken_at, "reason": report.reason}
    with transaction.atomic():
        audit_record(actor=actor, action=VERIFY_ACTION, target=("audit.chain", "all"), data=outcome)
    return outcome
