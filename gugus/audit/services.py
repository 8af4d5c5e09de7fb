"""Writing to and checking the audit log.

Changes are chained at once, under the row lock of the chain head, in the transaction of the write.
Reads of personal data are many (every page view of a victim) and must not queue on that one lock:
they are appended to the unsealed journal (``AuditJournal``, append-only, each row with its own
keyed MAC) without the lock, and ``audit_seal`` chains them later, in the order they committed,
under one lock per batch: before every change is chained (so a change never precedes the reads
journalled before it), by ``gugus audit seal`` on a schedule, and by ``gugus audit verify`` before
it verifies. With ``GUGUS_AUDIT_SEAL_READS = "immediate"`` (the test settings) a read is sealed in
its own call, so a test sees it in the chain at once.
"""

from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from gugus.audit import integrity
from gugus.audit.models import AuditEntry, AuditHead, AuditJournal

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


def _append(
    head_sequence: int,
    head_hash: str,
    *,
    kind,
    actor_id,
    actor_label,
    action,
    object_type,
    object_id,
    data,
    at=None,
    journal_id=None,
):
    sequence = head_sequence + 1
    at = at or timezone.now()
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
        journal_id=journal_id,
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


def _actor_fields(actor) -> tuple[int | None, str]:
    actor_id = actor.pk if actor is not None and getattr(actor, "pk", None) else None
    from gugus.accounts.actors import is_system

    named = actor_id or is_system(actor)
    return actor_id, actor.username if named else (actor if isinstance(actor, str) else "system")


SEAL_BATCH = 500


@dataclass
class SealReport:
    """What one sealing did: journal rows chained, and rows refused because their MAC is wrong."""

    sealed: int = 0
    forged: list[int] = field(default_factory=list)


def _seal_locked(head_sequence: int, head_hash: str, *, batch_size: int, limit: int | None = None):
    """Chain the journal's rows, oldest first, while the caller holds the head's lock."""
    report = SealReport()
    while limit is None or report.sealed < limit:
        rows = list(AuditJournal.objects.exclude(id__in=report.forged).order_by("id")[:batch_size])
        if not rows:
            break
        sealed_ids = []
        for row in rows:
            mac = integrity.journal_mac(
                row.at, row.kind, row.actor_id, row.actor_label, row.action, row.object_type, row.object_id, row.data
            )
            if mac != row.mac:
                # Left in the journal, where `gugus audit verify` reports it; never laundered into the chain.
                logger.error("audit journal row #%s has no valid MAC; not sealed", row.id)
                report.forged.append(row.id)
                continue
            entry = _append(
                head_sequence,
                head_hash,
                kind=row.kind,
                actor_id=row.actor_id,
                actor_label=row.actor_label,
                action=row.action,
                object_type=row.object_type,
                object_id=row.object_id,
                data=row.data,
                at=row.at,
                journal_id=row.id,
            )
            head_sequence, head_hash = entry.sequence, entry.entry_hash
            sealed_ids.append(row.id)
        # Allowed by the guard only because each row now has its entry.
        AuditJournal.objects.filter(id__in=sealed_ids).delete()
        report.sealed += len(sealed_ids)
    return head_sequence, head_hash, report


def audit_seal(*, batch_size: int = SEAL_BATCH) -> SealReport:
    """Chain every read waiting in the journal, one head lock per batch; returns what it did."""
    total = SealReport()
    while True:
        with transaction.atomic():
            if not AuditJournal.objects.exclude(id__in=total.forged).exists():
                return total
            head_sequence, head_hash = _locked_head()
            _, _, report = _seal_locked(head_sequence, head_hash, batch_size=batch_size, limit=batch_size)
        total.sealed += report.sealed
        total.forged += [pk for pk in report.forged if pk not in total.forged]
        if not report.sealed:
            return total


def audit_record(
    *, actor, action: str, target=None, data: dict | None = None, kind: str = AuditEntry.Kind.CHANGE
) -> AuditEntry | AuditJournal:
    """Append one entry; call inside the transaction of the write it records.

    A read (``kind=READ``) goes to the unsealed journal without the head's lock and is returned as
    its journal row (or, sealed at once, as its entry: ``GUGUS_AUDIT_SEAL_READS = "immediate"``).
    A change is chained at once, after the reads journalled before it.
    """
    object_type, object_id = _target(target)
    data = json.loads(json.dumps(data or {}, default=str))
    actor_id, actor_label = _actor_fields(actor)
    if kind == AuditEntry.Kind.READ:
        return _journal(
            kind=kind, actor_id=actor_id, actor_label=actor_label, action=action,
            object_type=object_type, object_id=object_id, data=data,
        )  # fmt: skip
    # No savepoint: inside the write's transaction an error here must undo the write as well (never a
    # write without its entry), and a savepoint is two more round trips per entry.
    with transaction.atomic(savepoint=False):
        head_sequence, head_hash = _locked_head()
        head_sequence, head_hash, _ = _seal_locked(head_sequence, head_hash, batch_size=SEAL_BATCH)
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


def _journal(*, kind, actor_id, actor_label, action, object_type, object_id, data) -> AuditEntry | AuditJournal:
    at = timezone.now()
    mac = integrity.journal_mac(at, kind, actor_id, actor_label, action, object_type, object_id, data)
    row = AuditJournal.objects.create(
        at=at, kind=kind, actor_id=actor_id, actor_label=actor_label, action=action,
        object_type=object_type, object_id=object_id, data=data, mac=mac,
    )  # fmt: skip
    if getattr(settings, "GUGUS_AUDIT_SEAL_READS", "deferred") == "immediate":
        audit_seal()
        return AuditEntry.objects.get(journal_id=row.id)
    return row


def audit_read(*, actor, target, purpose: str = "view", fields: list[str] | None = None) -> AuditEntry | AuditJournal:
    """Record that ``actor`` saw personal data of ``target`` (journalled; sealed into the chain later)."""
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
    # Journal rows this verification sealed first, and those still waiting when it looked.
    sealed: int = 0
    unsealed: int = 0

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


def audit_verify_chain(*, batch_size: int = 5000, write_checkpoint: bool = False, seal: bool = True) -> ChainReport:
    """Seal the journal, then check every MAC in order in one snapshot, the head and the checkpoints.

    Reports the first broken link, and journal rows whose MAC is wrong (forged) as a break. With
    ``write_checkpoint``, an intact chain gets a new signed checkpoint of its head (what
    ``gugus audit verify`` does).
    """
    sealed = audit_seal().sealed if seal else 0
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
        waiting = list(AuditJournal.objects.order_by("id"))
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
            for row in waiting:
                mac = integrity.journal_mac(
                    row.at, row.kind, row.actor_id, row.actor_label, row.action, row.object_type, row.object_id,
                    row.data,
                )  # fmt: skip
                if mac != row.mac:
                    raise _Broken(
                        checked + 1,
                        f"unsealed journal row #{row.id} does not match its MAC (the row was altered or forged)",
                    )
        except _Broken as broken:
            return ChainReport(
                checked, broken.at, broken.reason, checkpoints=len(wanted), sealed=sealed, unsealed=len(waiting)
            )
    report = ChainReport(checked, checkpoints=len(wanted), sealed=sealed, unsealed=len(waiting))
    if waiting:
        report.warnings.append(f"{len(waiting)} reads were journalled during the verification and are not sealed yet")
    path = integrity.checkpoint_path()
    if path is None:
        report.warnings.append("no checkpoint file is configured (GUGUS_AUDIT_CHECKPOINTS)")
    elif checkpoints is None and checked >= getattr(settings, "GUGUS_AUDIT_CHECKPOINT_EVERY", 1):
        # Not proof of tampering (checkpoints may have been configured only now), but worth a look.
        report.warnings.append(f"no checkpoint file at {path} although checkpoints were due")
    if write_checkpoint and path is not None and checked:
        integrity.checkpoint_write(sequence=checked, entry_hash=previous, at=timezone.now().isoformat())
    return report
