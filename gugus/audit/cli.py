"""Commands: audit verify, seal, checkpoint, public-key, app-role."""

from __future__ import annotations

import logging
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser("audit", help="the audit log")
    sp = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    q = sp.add_parser(
        "verify", help="check every MAC, the head and the signed checkpoints in one snapshot; non-zero exit on a break"
    )
    q.add_argument("--no-checkpoint", action="store_true", help="do not sign a new checkpoint when the chain is intact")
    q.set_defaults(handler=verify)
    q = sp.add_parser(
        "seal", help="chain the reads waiting in the journal; with --every, keep doing it (run beside the worker)"
    )
    q.add_argument("--every", type=float, default=0, metavar="SECONDS", help="seal again every SECONDS until stopped")
    q.set_defaults(handler=seal)
    q = sp.add_parser("checkpoint", help="sign the current head into the checkpoint file (schedule it, e.g. hourly)")
    q.set_defaults(handler=checkpoint)
    q = sp.add_parser("public-key", help="the key that verifies checkpoint signatures (PEM), for auditors")
    q.set_defaults(handler=public_key, needs_django=True)
    q = sp.add_parser("app-role", help="SQL that creates the application's restricted PostgreSQL role")
    q.add_argument("role", help="name of the login role the application will use, e.g. gugus_app")
    q.add_argument("--database", required=True, help="the database name")
    q.add_argument("--owner", help="the role that owns the tables and runs migrations (for default privileges)")
    q.set_defaults(handler=app_role, needs_django=False)


def verify(args) -> int:
    from gugus.audit.services import audit_verify_chain

    report = audit_verify_chain(write_checkpoint=not args.no_checkpoint)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if report.sealed:
        print(f"sealed {report.sealed} journalled reads into the chain first")
    if report.ok:
        print(f"audit chain intact: {report.checked} entries, {report.checkpoints} signed checkpoints matched")
        return 0
    print(
        f"audit chain broken at entry #{report.broken_at}: {report.reason} "
        f"({report.checked} entries before it are intact)",
        file=sys.stderr,
    )
    return 1


def seal(args) -> int:
    from gugus.audit.services import audit_seal

    if args.every:
        seal_loop(args.every)
        return 0
    report = audit_seal()
    _report_forged(report)
    print(f"sealed {report.sealed} journalled reads into the chain")
    return 1 if report.forged else 0


def _report_forged(report) -> None:
    if report.forged:
        ids = ", ".join(f"#{pk}" for pk in report.forged)
        print(f"journal rows with no valid MAC, not sealed: {ids} (run `gugus audit verify`)", file=sys.stderr)


def seal_loop(every: float, stop=None) -> None:
    """Seal the journal every ``every`` seconds until ``stop`` (a threading.Event) is set or forever;
    run by ``gugus audit seal --every`` and beside the task worker (``gugus worker``)."""
    import threading

    from django.db import DatabaseError, connections

    from gugus.audit.services import audit_seal

    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            _report_forged(audit_seal())
        except DatabaseError:
            # A lost connection must not end the sealer; the next round retries.
            logging.getLogger(__name__).exception("sealing the audit journal failed; retrying")
        finally:
            # A fresh connection each round (as a request has), unless inside a transaction (a test).
            for connection in connections.all(initialized_only=True):
                if not connection.in_atomic_block:
                    connection.close()
        stop.wait(every)


def checkpoint(args) -> int:
    from gugus.audit import integrity
    from gugus.audit.models import AuditHead

    head = AuditHead.objects.filter(id=1).first()
    if integrity.checkpoint_path() is None:
        print("no checkpoint file is configured (GUGUS_AUDIT_CHECKPOINTS)", file=sys.stderr)
        return 1
    if head is None or head.sequence == 0:
        print("the audit log is empty: nothing to sign")
        return 0
    from django.utils import timezone

    path = integrity.checkpoint_write(sequence=head.sequence, entry_hash=head.last_hash, at=timezone.now().isoformat())
    print(f"checkpoint of entry #{head.sequence} appended to {path}")
    return 0


def public_key(args) -> int:
    from gugus.audit import integrity

    print(integrity.public_key_text(), end="")
    return 0


def app_role(args) -> int:
    from gugus.audit.guard import app_role_sql

    try:
        statements = app_role_sql(role=args.role, database=args.database, owner=args.owner)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 2
    print("-- Run as the owner of the tables (after `gugus migrate`); set the password with \\password.")
    print("\n".join(statements))
    return 0
