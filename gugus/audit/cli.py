"""Commands: audit verify."""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    p = subparsers.add_parser("audit", help="the audit log")
    sp = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    q = sp.add_parser("verify", help="check the whole hash chain; non-zero exit on a break")
    q.set_defaults(handler=verify)


def verify(args) -> int:
    from gugus.audit.services import audit_verify_chain

    report = audit_verify_chain()
    if report.ok:
        print(f"audit chain intact: {report.checked} entries")
        return 0
    print(
        f"audit chain broken at entry #{report.broken_at}: {report.reason} "
        f"({report.checked} entries before it are intact)",
        file=sys.stderr,
    )
    return 1
