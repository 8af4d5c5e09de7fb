"""Backups of the database named by DATABASE_URL, with a manifest, and never the keys.

A backup directory holds the data (``database.dump``, PostgreSQL custom format, or
``database.sqlite3``, a copy made with SQLite's online backup API) and ``manifest.json``:
the engine, the time, the latest migration of every app, and for each table its row count
and a SHA-256 over its rows in primary-key order. The manifest is what a restore, and the
drill in ``deploy/backup-drill.sh``, compares against.

The keys (SECRET_KEY, GUGUS_FIELD_KEYS, GUGUS_BLIND_INDEX_KEY) are not in the database and
never enter the directory: a stolen backup holds only ciphertexts and keyed hashes. Keys are
backed up apart, by whoever keeps the environment (see docs/deployment.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from django.db import connection

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
FORMAT_VERSION = 1

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why."""


def _noop(message: str) -> None:
    pass


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"unsupported database engine: {vendor}")
    return vendor


def _canonical(value) -> str:
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        return "b:" + value.hex()
    if isinstance(value, dict | list):
        return "j:" + json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return type(value).__name__ + ":" + str(value)


def _sqlite_open(name: str) -> sqlite3.Connection:
    """A plain sqlite3 connection (no type converters), so a copy and its source read alike."""
    return sqlite3.connect(name, uri=name.startswith("file:"))


def _tables_and_keys(cursor, vendor: str) -> list[tuple[str, list[str], list[str]]]:
    """(table, columns, primary-key columns) of every table, sorted by name."""
    found = []
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        for (table,) in cursor.fetchall():
            cursor.execute(f'PRAGMA table_info("{table}")')
            info = cursor.fetchall()
            columns = [row[1] for row in info]
            keys = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
            found.append((table, columns, keys))
        return found
    for table in sorted(connection.introspection.table_names(cursor)):
        pk = connection.introspection.get_primary_key_column(cursor, table)
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
        found.append((table, columns, [pk] if pk else []))
    return found


def _fingerprint_cursor(cursor, vendor: str, progress: Progress) -> dict[str, dict]:
    def quote(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    tables = _tables_and_keys(cursor, vendor)
    result = {}
    for index, (table, columns, keys) in enumerate(tables, start=1):
        order = keys or columns
        cursor.execute(
            f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)} "  # noqa: S608  # nosec B608 (names from the catalogue)
            f"ORDER BY {', '.join(quote(c) for c in order)}"
        )
        digest = hashlib.sha256("\x1f".join(columns).encode())
        count = 0
        while rows := cursor.fetchmany(2000):
            for row in rows:
                digest.update(("\x1e" + "\x1f".join(_canonical(v) for v in row)).encode())
            count += len(rows)
        result[table] = {"rows": count, "sha256": digest.hexdigest()}
        progress(f"[{index}/{len(tables)}] {table}: {count} rows")
    return result


def database_fingerprint(progress: Progress = _noop, *, sqlite_file: str | None = None) -> dict[str, dict]:
    """{table: {"rows": n, "sha256": hex}} for every table of the configured database (or a SQLite file)."""
    vendor = _engine()
    if vendor == "sqlite":
        raw = _sqlite_open(sqlite_file or str(connection.settings_dict["NAME"]))
        try:
            return _fingerprint_cursor(raw.cursor(), "sqlite", progress)
        finally:
            raw.close()
    with connection.cursor() as cursor:
        return _fingerprint_cursor(cursor, vendor, progress)


def table_fingerprint(table: str) -> tuple[int, str]:
    """Row count and SHA-256 of one table's rows, in primary-key order."""
    entry = database_fingerprint()[table]
    return entry["rows"], entry["sha256"]


def _migrations() -> dict[str, str]:
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return {}
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        latest: dict[str, str] = {}
        for app, name in cursor.fetchall():
            latest[app] = name
    return dict(sorted(latest.items()))


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """pg_dump/pg_restore connection arguments, the password passed through the environment only."""
    settings_dict = connection.settings_dict
    args = []
    if settings_dict.get("HOST"):
        args += ["-h", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["-U", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    # The child must not receive the application's keys: it has no use for them.
    for name in ("SECRET_KEY", "GUGUS_FIELD_KEYS", "GUGUS_BLIND_INDEX_KEY"):
        env.pop(name, None)
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if completed.returncode != 0:
        raise BackupError(f"{command[0]} failed: {completed.stderr.strip()[:2000]}")


def backup_create(*, out_dir: Path, progress: Progress = _noop) -> dict:
    """Write the database and its manifest into ``out_dir`` (created; must be empty). Returns the manifest."""
    engine = _engine()
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise BackupError(f"{out_dir} is not empty")
    out_dir.mkdir(parents=True, exist_ok=True)
    out_dir.chmod(0o700)
    started = dt.datetime.now(dt.UTC)
    # The fingerprint and the dump must see the same state: on PostgreSQL both read one
    # exported snapshot.
    if engine == "postgresql":
        with connection.cursor() as cursor:
            connection.set_autocommit(False)
            try:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                args, env = _pg_env()
                progress("pg_dump (custom format)")
                _run(
                    [
                        "pg_dump",
                        *args,
                        "-Fc",
                        "--no-owner",
                        "--no-privileges",
                        "--snapshot",
                        snapshot,
                        "-f",
                        str(out_dir / PG_DUMP),
                        str(connection.settings_dict["NAME"]),
                    ],
                    env,
                )
                tables = database_fingerprint(progress)
                migrations = _migrations()
            finally:
                connection.rollback()
                connection.set_autocommit(True)
        data_file = PG_DUMP
    else:
        progress("sqlite3 online backup")
        # The online backup restarts by itself if another connection writes meanwhile, so
        # the copy is consistent; the copy, not the live file, is then fingerprinted.
        connection.ensure_connection()
        destination = sqlite3.connect(out_dir / SQLITE_COPY)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        tables = database_fingerprint(progress, sqlite_file=str(out_dir / SQLITE_COPY))
        migrations = _migrations()
        data_file = SQLITE_COPY
    (out_dir / data_file).chmod(0o600)
    manifest = {
        "format": FORMAT_VERSION,
        "engine": engine,
        "created_at": started.isoformat(),
        "data_file": data_file,
        "data_sha256": _file_sha256(out_dir / data_file),
        "migrations": migrations,
        "tables": tables,
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    (out_dir / MANIFEST).chmod(0o600)
    return manifest


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(backup_dir: Path) -> dict:
    path = Path(backup_dir) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{backup_dir} holds no {MANIFEST}")
    try:
        manifest = json.loads(path.read_text())
    except json.JSONDecodeError as error:
        raise BackupError(f"{path} is not valid JSON: {error}") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{path}: unknown backup format {manifest.get('format')!r}")
    return manifest


def database_is_empty() -> bool:
    """True when the target holds no table with a row (a freshly created database)."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608  # nosec B608 (a quoted name from the catalogue)
            if cursor.fetchone() is not None:
                return False
    return True


def compare_fingerprints(expected: dict[str, dict], actual: dict[str, dict]) -> list[str]:
    """The differences, one line per table; empty when every table matches."""
    problems = []
    for table in sorted(set(expected) | set(actual)):
        want, got = expected.get(table), actual.get(table)
        if want is None:
            problems.append(f"{table}: not in the backup")
        elif got is None:
            problems.append(f"{table}: missing after restore")
        elif want["rows"] != got["rows"]:
            problems.append(f"{table}: {want['rows']} rows in the backup, {got['rows']} restored")
        elif want["sha256"] != got["sha256"]:
            problems.append(f"{table}: checksum differs")
    return problems


def backup_restore(*, backup_dir: Path, force: bool = False, progress: Progress = _noop) -> list[str]:
    """Restore ``backup_dir`` into the configured database and verify it; returns the differences."""
    engine = _engine()
    backup_dir = Path(backup_dir)
    manifest = read_manifest(backup_dir)
    if manifest["engine"] != engine:
        raise BackupError(f"the backup is of {manifest['engine']}, the database is {engine}")
    data_path = backup_dir / manifest["data_file"]
    if not data_path.is_file():
        raise BackupError(f"{data_path} is missing")
    progress("checking the backup file")
    if _file_sha256(data_path) != manifest["data_sha256"]:
        raise BackupError(f"{data_path} does not match its manifest (damaged or altered)")
    if not force and not database_is_empty():
        raise BackupError("the database is not empty; restore into a new database, or pass --force to replace it")
    if engine == "postgresql":
        args, env = _pg_env()
        connection.close()
        progress("pg_restore")
        command = ["pg_restore", *args, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        if force:
            command += ["--clean", "--if-exists"]
        _run([*command, "-d", str(connection.settings_dict["NAME"]), str(data_path)], env)
    else:
        progress("sqlite3 online restore")
        connection.close()
        target = Path(connection.settings_dict["NAME"])
        with sqlite3.connect(data_path) as source, sqlite3.connect(target) as destination:
            source.backup(destination)
        source.close()
        destination.close()
    progress("verifying row counts and checksums")
    return compare_fingerprints(manifest["tables"], database_fingerprint(progress))
