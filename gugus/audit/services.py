"""Writing to and checking the audit log."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from gugus.audit.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _entry_hash(
    previous_hash: str,
    sequence: int,
    at,
    kind: str,
    actor_id,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    data: dict,
) -> str:
    payload = json.dumps(
        [previous_hash, sequence, at.isoformat(), kind, actor_id, actor_label, action, object_type, object_id, data],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _target(target) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, tuple):
        return str(target[0]), str(target[1])
    if isinstance(target, models.Model):
        return target._meta.label_lower, str(target.pk)
    return type(target).__name__, str(target)


def audit_record(
    *, actor, action: str, target=None, data: dict | None = None, kind: str = AuditEntry.Kind.CHANGE
) -> AuditEntry:
    """Append one entry; call inside the transaction of the write it records."""
    object_type, object_id = _target(target)
    data = json.loads(json.dumps(data or {}, default=str))
    actor_id = actor.pk if actor is not None and getattr(actor, "pk", None) else None
    from gugus.accounts.actors import is_system

    named = actor_id or is_system(actor)
    actor_label = actor.username if named else (actor if isinstance(actor, str) else "system")
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        sequence = head.sequence + 1
        at = timezone.now()
        entry_hash = _entry_hash(
            head.last_hash, sequence, at, kind, actor_id, actor_label, action, object_type, object_id, data
        )
        entry = AuditEntry.objects.create(
            sequence=sequence,
            at=at,
            kind=kind,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            data=data,
            previous_hash=head.last_hash,
            entry_hash=entry_hash,
        )
        head.sequence, head.last_hash = sequence, entry_hash
        head.save(update_fields=["sequence", "last_hash"])
    return entry


def audit_read(*, actor, target, purpose: str = "view", fields: list[str] | None = None) -> AuditEntry:
    """Record that ``actor`` saw personal data of ``target``."""
    return audit_record(
        actor=actor, action=f"read.{purpose}", target=target, data={"fields": fields or []}, kind=AuditEntry.Kind.READ
    )


@dataclass
class ChainReport:
    """Outcome of a verification of the chain."""

    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def audit_verify_chain(*, batch_size: int = 5000) -> ChainReport:
    """Recompute every hash in order; report the first entry whose link is broken."""
    previous = GENESIS
    expected_sequence = 1
    checked = 0
    queryset = AuditEntry.objects.order_by("sequence")
    for entry in queryset.iterator(chunk_size=batch_size):
        if entry.sequence != expected_sequence:
            return ChainReport(checked, expected_sequence, f"entry #{expected_sequence} is missing")
        if entry.previous_hash != previous:
            return ChainReport(checked, entry.sequence, "previous hash does not match the entry before it")
        recomputed = _entry_hash(
            previous,
            entry.sequence,
            entry.at,
            entry.kind,
            entry.actor_id,
            entry.actor_label,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.data,
        )
        if recomputed != entry.entry_hash:
            return ChainReport(checked, entry.sequence, "content does not match its hash (the row was altered)")
        previous = entry.entry_hash
        expected_sequence += 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and head.sequence != checked:
        return ChainReport(checked, checked + 1, f"the head says {head.sequence} entries but {checked} remain")
    return ChainReport(checked)
