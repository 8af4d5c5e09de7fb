"""Operator commands: backup, restore, check (the production checklist)."""

from __future__ import annotations

import sys
from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser("backup", help="back up the database named by DATABASE_URL (never the keys)")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="a new or empty directory")
    p.set_defaults(handler=backup)

    p = subparsers.add_parser("restore", help="restore a backup into an empty database and verify it")
    p.add_argument("directory", metavar="DIR")
    p.add_argument("--force", action="store_true", help="replace the contents of a non-empty database")
    p.add_argument(
        "--verify-only", action="store_true", help="compare the database with the backup's manifest, change nothing"
    )
    p.set_defaults(handler=restore)

    p = subparsers.add_parser("check", help="the production checklist: check --deploy and Gugus's own checks")
    p.set_defaults(handler=check)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def backup(args) -> int:
    from gugus.ops.backup import BackupError, backup_create

    try:
        manifest = backup_create(out_dir=Path(args.output), progress=_progress)
    except BackupError as error:
        print(f"backup failed: {error}", file=sys.stderr)
        return 1
    rows = sum(t["rows"] for t in manifest["tables"].values())
    print(f"backup written to {args.output}: {len(manifest['tables'])} tables, {rows} rows ({manifest['engine']})")
    print("the keys are not in the backup: keep SECRET_KEY, GUGUS_FIELD_KEYS and GUGUS_BLIND_INDEX_KEY apart")
    return 0


def restore(args) -> int:
    from gugus.ops.backup import BackupError, backup_restore, compare_fingerprints, database_fingerprint, read_manifest

    try:
        if args.verify_only:
            manifest = read_manifest(Path(args.directory))
            problems = compare_fingerprints(manifest["tables"], database_fingerprint(_progress))
        else:
            problems = backup_restore(backup_dir=Path(args.directory), force=args.force, progress=_progress)
    except BackupError as error:
        print(f"restore failed: {error}", file=sys.stderr)
        return 1
    if problems:
        print("the database differs from the backup:", file=sys.stderr)
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("every table matches the backup (row counts and checksums)")
    return 0


def check(args) -> int:
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=True, fail_level="WARNING")
    except SystemCheckError as error:
        print(error, file=sys.stderr)
        return 1
    return 0
