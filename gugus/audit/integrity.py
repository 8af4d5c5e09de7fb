"""What makes the audit log tamper-evident to someone who can write to the database.

Two keys are derived (HKDF-SHA256) from ``GUGUS_AUDIT_KEY``, which lives in the environment like
the field keys and never in the database:

- the **entry MAC** key: each entry's ``entry_hash`` is HMAC-SHA256 over the previous entry's MAC
  and the entry's own content. Without the key nobody can forge, alter, re-chain or append an
  entry that verifies; a database insider can only delete, which the sequence and the
  checkpoints reveal.
- the **journal MAC** key: a read recorded in the unsealed journal (``AuditJournal``) carries a
  MAC of its content, checked when the sealer chains it, so a row slipped into the journal without
  the key is reported, not sealed.
- the **checkpoint** key, an Ed25519 private key: periodically (every
  ``GUGUS_AUDIT_CHECKPOINT_EVERY`` entries, on every successful ``gugus audit verify`` and on
  ``gugus audit checkpoint``) the chain head (sequence and MAC) is signed and appended to
  ``GUGUS_AUDIT_CHECKPOINTS``, a file outside the database. A truncated tail, a wiped log or a
  chain rewritten by someone who also stole the key is caught by comparing the log with the
  checkpoints. The public key (``gugus audit public-key``) lets an auditor check the file
  without the secret.

Checkpoint lines carry only sequence numbers and MACs, never personal data; they are also logged
on the ``gugus.audit.checkpoints`` logger (INFO) so an operator can ship them to a remote sink.
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import functools
import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENESIS = "0" * 64
CHECKPOINT_VERSION = 1
logger = logging.getLogger("gugus.audit.checkpoints")


def _decode(text: str) -> bytes:
    text = text.strip()
    padded = text + "=" * (-len(text) % 4)
    for decode in (base64.urlsafe_b64decode, base64.b64decode):
        try:
            raw = decode(padded)
        except (binascii.Error, ValueError):
            continue
        if len(raw) >= 32:
            return raw
    raise ImproperlyConfigured("GUGUS_AUDIT_KEY must be at least 32 bytes, base64-encoded")


@functools.lru_cache(maxsize=8)
def _derive(spec: str, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"gugus-audit:{purpose}".encode()).derive(
        _decode(spec)
    )


def _mac_key() -> bytes:
    return _derive(settings.GUGUS_AUDIT_KEY, "entry-mac")


def _signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_derive(settings.GUGUS_AUDIT_KEY, "checkpoint-ed25519"))


def entry_mac(
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
    """The keyed MAC of one entry, chained to the previous one."""
    payload = json.dumps(
        [previous_hash, sequence, at.isoformat(), kind, actor_id, actor_label, action, object_type, object_id, data],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hmac.new(_mac_key(), payload.encode(), hashlib.sha256).hexdigest()


def journal_mac(
    at, kind: str, actor_id, actor_label: str, action: str, object_type: str, object_id: str, data: dict
) -> str:
    """The keyed MAC of one unsealed journal row (its content alone; the chain comes at sealing)."""
    payload = json.dumps(
        [at.isoformat(), kind, actor_id, actor_label, action, object_type, object_id, data],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hmac.new(_derive(settings.GUGUS_AUDIT_KEY, "journal-mac"), payload.encode(), hashlib.sha256).hexdigest()


def public_key_text() -> str:
    """The checkpoint verification key, PEM, for auditors."""
    return (
        _signing_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def _signed_text(sequence: int, entry_hash: str, at: str) -> bytes:
    return f"gugus-audit-checkpoint:v{CHECKPOINT_VERSION}:{sequence}:{entry_hash}:{at}".encode()


@dataclass(frozen=True)
class Checkpoint:
    """One signed statement: "the chain had ``sequence`` entries, the last with MAC ``entry_hash``"."""

    sequence: int
    entry_hash: str
    at: str
    valid: bool
    line: int


def checkpoint_path() -> Path | None:
    value = getattr(settings, "GUGUS_AUDIT_CHECKPOINTS", "")
    return Path(value) if value else None


def checkpoint_write(*, sequence: int, entry_hash: str, at: str) -> Path | None:
    """Append one signed checkpoint to the checkpoint file (created owner-only); returns its path."""
    path = checkpoint_path()
    if path is None:
        return None
    signature = base64.b64encode(_signing_key().sign(_signed_text(sequence, entry_hash, at))).decode()
    line = json.dumps(
        {"v": CHECKPOINT_VERSION, "sequence": sequence, "entry_hash": entry_hash, "at": at, "signature": signature},
        separators=(",", ":"),
    )
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.write(descriptor, (line + "\n").encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    logger.info("audit checkpoint %s", line)
    return path


def _verify_signature(public_key: Ed25519PublicKey, sequence: int, entry_hash: str, at: str, signature: str) -> bool:
    try:
        public_key.verify(base64.b64decode(signature, validate=True), _signed_text(sequence, entry_hash, at))
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def checkpoints_read() -> list[Checkpoint] | None:
    """Every checkpoint in the file, each marked valid or not; None when there is no file."""
    path = checkpoint_path()
    if path is None or not path.exists():
        return None
    public_key = _signing_key().public_key()
    found = []
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
            sequence, entry_hash, at = int(item["sequence"]), str(item["entry_hash"]), str(item["at"])
            valid = _verify_signature(public_key, sequence, entry_hash, at, str(item["signature"]))
        except (ValueError, KeyError, TypeError):
            sequence, entry_hash, at, valid = -1, "", "", False
        found.append(Checkpoint(sequence, entry_hash, at, valid, number))
    return found
