"""Writing to and checking the audit log."""

from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from gugus.audit import integrity
from gugus.audit.models import AuditEntry, AuditHead

GENESIS = integrity.GENESIS
HEAD_RESTORED = "audit.head_restored"
logger = logging.getLogger(__name__)

# Kept under its old name for callers; the hash is now a keyed MAC (gugus/audit/integrity.py).
_entry_hash = integrity.entry_mac


def _target(target) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, tuple):
        return str(target[0]), str(target[1])
    if isinstance(target, models.Model):
        return target._meta.label_lower, str(target.pk)
    return type(target).__name__, str(target)


def _append(head_sequence: int, head_hash: str, *, kind, actor_id, actor_label, action, object_type, object_id, data):
    sequence = head_sequence + 1
    at = timezone.now()
    entry_hash = integrity.entry_mac(
        head_hash, sequence, at, kind, actor_id, actor_label, action, object_type, object_id, data
    )
    # The head advances by trigger in the same statement (gugus/audit/guard.py).
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
        previous_hash=head_hash,
        entry_hash=entry_hash,
    )
    every = getattr(settings, "GUGUS_AUDIT_CHECKPOINT_EVERY", 0)
    if every and sequence % every == 0 and integrity.checkpoint_path() is not None:
        transaction.on_commit(
            lambda: integrity.checkpoint_write(sequence=sequence, entry_hash=entry_hash, at=at.isoformat()),
            robust=True,
        )
    return entry


def _locked_head() -> tuple[int, str]:
    """The chain head under a row lock; re-created from the last entry if someone deleted it."""
    head = AuditHead.objects.select_for_update().filter(id=1).first()
    if head is not None:
        return head.sequence, head.last_hash
    last = AuditEntry.objects.order_by("-sequence").first()
    sequence, last_hash = (last.sequence, last.entry_hash) if last else (0, GENESIS)
    AuditHead.objects.create(id=1, sequence=sequence, last_hash=last_hash)
    AuditHead.objects.select_for_update().filter(id=1).first()
    if last is None:
        return sequence, last_hash
    # Writes go on, but the loss of the head stays on the record for `gugus audit verify`.
    logger.error("audit head row was missing; restored at entry #%s", sequence)
    entry = _append(
        sequence,
        last_hash,
        kind=AuditEntry.Kind.CHANGE,
        actor_id=None,
        actor_label="system",
        action=HEAD_RESTORED,
        object_type="audit.audithead",
        object_id="1",
        data={"restored_at_sequence": sequence},
    )
    return entry.sequence, entry.entry_hash


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
    # No savepoint: inside the write's transaction an error here must undo the write as well (never a
    # write without its entry), and a savepoint is two more round trips per entry.
    with transaction.atomic(savepoint=False):
        head_sequence, head_hash = _locked_head()
        return _append(
            head_sequence,
            head_hash,
            kind=kind,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            data=data,
        )


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
    checkpoints: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.broken_at is None


class _Broken(Exception):
    def __init__(self, at: int, reason: str):
        self.at, self.reason = at, reason


@contextmanager
def _snapshot():
    """One consistent view of entries and head, whatever commits meanwhile.

    PostgreSQL: a REPEATABLE READ, READ ONLY transaction (when not already inside one, as in a
    test); SQLite: the transaction itself (BEGIN IMMEDIATE holds writers back while it reads).
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def audit_verify_chain(*, batch_size: int = 5000, write_checkpoint: bool = False) -> ChainReport:
    """Check every MAC in order in one snapshot, then the head and the signed checkpoints.

    Reports the first broken link. With ``write_checkpoint``, an intact chain gets a new signed
    checkpoint of its head (what ``gugus audit verify`` does).
    """
    checkpoints = integrity.checkpoints_read()
    wanted = {}
    for checkpoint in checkpoints or []:
        if not checkpoint.valid:
            return ChainReport(
                0,
                max(checkpoint.sequence, 0),
                f"checkpoint on line {checkpoint.line} has no valid signature (the checkpoint file was altered)",
            )
        wanted.setdefault(checkpoint.sequence, set()).add(checkpoint.entry_hash)
    checked = 0
    incidents = []
    with _snapshot():
        head = AuditHead.objects.filter(id=1).first()
        previous = GENESIS
        expected_sequence = 1
        queryset = AuditEntry.objects.order_by("sequence")
        try:
            for entry in queryset.iterator(chunk_size=batch_size):
                if entry.sequence != expected_sequence:
                    raise _Broken(expected_sequence, f"entry #{expected_sequence} is missing")
                if entry.previous_hash != previous:
                    raise _Broken(entry.sequence, "previous hash does not match the entry before it")
                recomputed = integrity.entry_mac(
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
                    raise _Broken(entry.sequence, "content does not match its MAC (the row was altered or forged)")
                if entry.sequence in wanted and wanted[entry.sequence] != {entry.entry_hash}:
                    raise _Broken(
                        entry.sequence,
                        f"entry #{entry.sequence} differs from the signed checkpoint (the chain was rewritten)",
                    )
                if entry.action == HEAD_RESTORED:
                    incidents.append(entry.sequence)
                previous = entry.entry_hash
                expected_sequence += 1
                checked += 1
            if head is None and checked:
                raise _Broken(checked + 1, "the head row is missing (it was deleted)")
            if head is not None and (head.sequence != checked or head.last_hash != previous):
                raise _Broken(checked + 1, f"the head says {head.sequence} entries but {checked} remain")
            if wanted and max(wanted) > checked:
                raise _Broken(
                    checked + 1,
                    f"a signed checkpoint records entry #{max(wanted)} but the log ends at #{checked} "
                    "(entries were deleted)",
                )
            if incidents:
                raise _Broken(
                    incidents[0], f"the head row was deleted and restored at entry #{incidents[0]} (investigate)"
                )
        except _Broken as broken:
            return ChainReport(checked, broken.at, broken.reason, checkpoints=len(wanted))
    report = ChainReport(checked, checkpoints=len(wanted))
    path = integrity.checkpoint_path()
    if path is None:
        report.warnings.append("no checkpoint file is configured (GUGUS_AUDIT_CHECKPOINTS)")
    elif checkpoints is None and checked >= getattr(settings, "GUGUS_AUDIT_CHECKPOINT_EVERY", 1):
        # Not proof of tampering (checkpoints may have been configured only now), but worth a look.
        report.warnings.append(f"no checkpoint file at {path} although checkpoints were due")
    if write_checkpoint and path is not None and checked:
        integrity.checkpoint_write(sequence=checked, entry_hash=previous, at=timezone.now().isoformat())
    return report
