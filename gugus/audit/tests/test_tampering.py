"""Every way an insider with database access was found to rewrite the audit log, and its detection.

The attacker holds the database (the application's role, or the owner who can drop triggers),
not ``GUGUS_AUDIT_KEY`` and not the checkpoint file outside the database; where the attacker
also holds the key, the checkpoints still catch what was signed before.
"""

import hashlib
import json

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from gugus.audit import guard, integrity
from gugus.audit.models import AuditEntry, AuditHead
from gugus.audit.services import HEAD_RESTORED, audit_record, audit_verify_chain

DATABASE_ERRORS = DatabaseError


@pytest.fixture
def checkpoints(settings, tmp_path):
    settings.GUGUS_AUDIT_CHECKPOINTS = str(tmp_path / "outside-the-database" / "checkpoints.jsonl")
    settings.GUGUS_AUDIT_CHECKPOINT_EVERY = 4
    return tmp_path / "outside-the-database" / "checkpoints.jsonl"


def _entries(n, start=0):
    return [
        audit_record(actor=None, action="case.update", target=("case", i), data={"n": i})
        for i in range(start, start + n)
    ]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Write entries and run their on-commit work (the periodic checkpoint) as a commit would."""

    def write(n, start=0):
        with django_capture_on_commit_callbacks(execute=True):
            return _entries(n, start)

    return write


def _drop_guard():
    """What the tables' owner can do: take the triggers away (rolled back with the test)."""
    if connection.vendor == "sqlite":
        guard.remove(connection)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")


def _restore_guard():
    if connection.vendor == "sqlite":
        guard.install(connection)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = origin")


def _unkeyed(previous, entry_fields):
    payload = json.dumps(
        [previous, *entry_fields], sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _set_head(sequence, last_hash):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_audithead SET sequence = %s, last_hash = %s WHERE id = 1", [sequence, last_hash])


@pytest.mark.django_db
def test_a_forged_entry_with_a_correct_unkeyed_hash_and_the_head_advanced_is_detected(checkpoints):
    _entries(3)
    head = AuditHead.objects.get(id=1)
    at = timezone.now()
    fields = [4, at.isoformat(), "change", None, "system", "case.close", "case", "9", {}]
    forged = _unkeyed(head.last_hash, fields)
    # The guard lets the insider append (it extends the head) and advances the head itself.
    AuditEntry.objects.create(
        sequence=4,
        at=at,
        kind="change",
        actor_label="system",
        action="case.close",
        object_type="case",
        object_id="9",
        data={},
        previous_hash=head.last_hash,
        entry_hash=forged,
    )
    assert AuditHead.objects.get(id=1).sequence == 4
    report = audit_verify_chain()
    assert (report.ok, report.broken_at, report.checked) == (False, 4, 3)
    assert "MAC" in report.reason


@pytest.mark.django_db
def test_a_truncated_tail_with_the_head_fixed_is_caught_by_the_checkpoint(checkpoints, committed):
    entries = committed(6)  # checkpoint signed at entry #4
    _drop_guard()
    AuditEntry.objects.filter(sequence__gte=4).delete()
    _set_head(3, entries[2].entry_hash)
    report = audit_verify_chain()
    assert (report.ok, report.checked, report.broken_at) == (False, 3, 4)
    assert "checkpoint records entry #4" in report.reason


@pytest.mark.django_db
def test_everything_deleted_and_the_head_reset_is_not_intact(checkpoints, committed):
    committed(5)
    _drop_guard()
    AuditEntry.objects.all().delete()
    _set_head(0, integrity.GENESIS)
    report = audit_verify_chain()
    assert (report.ok, report.checked, report.broken_at) == (False, 0, 1)
    assert "log ends at #0" in report.reason


@pytest.mark.django_db
def test_a_chain_rewritten_from_entry_k_without_the_key_is_detected(checkpoints):
    entries = _entries(6)
    _drop_guard()
    previous = entries[1].entry_hash
    for entry in AuditEntry.objects.filter(sequence__gte=3).order_by("sequence"):
        data = {"n": 100 + entry.sequence}
        fields = [
            entry.sequence,
            entry.at.isoformat(),
            entry.kind,
            None,
            entry.actor_label,
            entry.action,
            entry.object_type,
            entry.object_id,
            data,
        ]
        new_hash = _unkeyed(previous, fields)
        AuditEntry.objects.filter(pk=entry.pk).update(data=data, previous_hash=previous, entry_hash=new_hash)
        previous = new_hash
    _set_head(6, previous)
    report = audit_verify_chain()
    assert (report.ok, report.broken_at, report.checked) == (False, 3, 2)


@pytest.mark.django_db
def test_a_chain_rewritten_by_someone_who_stole_the_key_is_caught_by_the_checkpoint(checkpoints, committed):
    entries = committed(6)  # checkpoint at #4
    _drop_guard()
    previous = entries[1].entry_hash
    for entry in AuditEntry.objects.filter(sequence__gte=3).order_by("sequence"):
        data = {"n": 100 + entry.sequence}
        new_hash = integrity.entry_mac(
            previous,
            entry.sequence,
            entry.at,
            entry.kind,
            None,
            entry.actor_label,
            entry.action,
            entry.object_type,
            entry.object_id,
            data,
        )
        AuditEntry.objects.filter(pk=entry.pk).update(data=data, previous_hash=previous, entry_hash=new_hash)
        previous = new_hash
    _set_head(6, previous)
    report = audit_verify_chain()
    assert (report.ok, report.broken_at) == (False, 4)
    assert "differs from the signed checkpoint" in report.reason


@pytest.mark.django_db
def test_the_head_row_cannot_be_deleted_and_its_deletion_is_detected_without_breaking_writes(checkpoints):
    _entries(2)
    with pytest.raises(DATABASE_ERRORS, match="cannot be deleted"), transaction.atomic():
        AuditHead.objects.filter(id=1).delete()
    _drop_guard()
    AuditHead.objects.filter(id=1).delete()
    report = audit_verify_chain()
    assert (report.ok, report.broken_at) == (False, 3)
    assert "head row is missing" in report.reason
    _restore_guard()
    # Later audited writes go on (they used to fail for ever) and the incident stays on record.
    entry = audit_record(actor=None, action="case.update")
    assert entry.sequence == 4
    assert list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True)) == [
        "case.update",
        "case.update",
        HEAD_RESTORED,
        "case.update",
    ]
    report = audit_verify_chain()
    assert (report.ok, report.broken_at) == (False, 3)
    assert "deleted and restored" in report.reason


@pytest.mark.django_db
def test_update_delete_and_replace_of_entries_are_refused():
    entries = _entries(2)
    with pytest.raises(DATABASE_ERRORS, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entries[0].pk).update(action="forged")
    with pytest.raises(DATABASE_ERRORS, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entries[0].pk).delete()
    # Out of order or off the head: refused.
    with pytest.raises(DATABASE_ERRORS, match="extend the chain head"), transaction.atomic():
        AuditEntry.objects.create(
            sequence=9,
            at=timezone.now(),
            kind="change",
            action="x",
            previous_hash=entries[1].entry_hash,
            entry_hash="f" * 64,
        )
    with pytest.raises(DATABASE_ERRORS, match="extend the chain head"), transaction.atomic():
        AuditEntry.objects.create(
            sequence=3,
            at=timezone.now(),
            kind="change",
            action="x",
            previous_hash=entries[0].entry_hash,
            entry_hash="e" * 64,
        )
    assert audit_verify_chain().ok


@pytest.mark.django_db
def test_sqlite_insert_or_replace_cannot_bypass_the_triggers():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's conflict clause")
    entries = _entries(3)
    with pytest.raises(DATABASE_ERRORS, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT OR REPLACE INTO audit_auditentry (id, sequence, at, kind, actor_label, action, object_type, "
            "object_id, data, previous_hash, entry_hash) "
            "VALUES (%s, 2, %s, 'change', 'x', 'forged', '', '', '{}', %s, %s)",
            [entries[1].pk, entries[1].at.isoformat(), entries[0].entry_hash, "a" * 64],
        )
    with (
        pytest.raises(DATABASE_ERRORS, match="follows the last entry"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT OR REPLACE INTO audit_audithead (id, sequence, last_hash) VALUES (1, 0, %s)", [integrity.GENESIS]
        )
    with pytest.raises(DATABASE_ERRORS, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "REPLACE INTO audit_auditentry (id, sequence, at, kind, actor_label, action, object_type, "
            "object_id, data, previous_hash, entry_hash) SELECT id, sequence, at, kind, 'x', 'forged', "
            "object_type, object_id, data, previous_hash, entry_hash FROM audit_auditentry WHERE sequence = 1"
        )
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["case.update"] * 3
    assert audit_verify_chain().ok


@pytest.mark.django_db
def test_the_head_cannot_move_backwards_or_off_the_last_entry():
    entries = _entries(3)
    with pytest.raises(DATABASE_ERRORS, match="follows the last entry"), transaction.atomic():
        _set_head(2, entries[1].entry_hash)
    with pytest.raises(DATABASE_ERRORS, match="follows the last entry"), transaction.atomic():
        _set_head(4, "b" * 64)
    with pytest.raises(DATABASE_ERRORS, match="follows the last entry"), transaction.atomic():
        AuditHead.objects.create(id=2, sequence=3, last_hash=entries[2].entry_hash)
    assert AuditHead.objects.get(id=1).sequence == 3


@pytest.mark.django_db
def test_an_altered_checkpoint_file_is_detected(checkpoints, committed):
    committed(4)
    assert checkpoints.exists()
    assert oct(checkpoints.stat().st_mode & 0o777) == "0o600"
    line = json.loads(checkpoints.read_text().splitlines()[0])
    assert (line["sequence"], line["entry_hash"]) == (4, AuditEntry.objects.get(sequence=4).entry_hash)
    line["sequence"] = 2
    checkpoints.write_text(json.dumps(line) + "\n")
    report = audit_verify_chain()
    assert report.ok is False
    assert "no valid signature" in report.reason


@pytest.mark.django_db
def test_verify_signs_a_checkpoint_and_an_intact_chain_passes_against_it(checkpoints, committed):
    _entries(3)
    report = audit_verify_chain(write_checkpoint=True)
    assert (report.ok, report.checked, report.checkpoints) == (True, 3, 0)
    committed(2, start=3)  # entry #4 is signed when it commits
    report = audit_verify_chain()
    assert (report.ok, report.checked, report.checkpoints) == (True, 5, 2)
    assert [json.loads(line)["sequence"] for line in checkpoints.read_text().splitlines()] == [3, 4]


@pytest.mark.django_db
def test_the_cli_reports_checkpoints_and_breaks(checkpoints, capsys):
    from gugus.cli import main

    _entries(2)
    assert main(["audit", "verify"]) == 0
    assert "audit chain intact: 2 entries, 0 signed checkpoints matched" in capsys.readouterr().out
    assert main(["audit", "verify"]) == 0
    assert "2 entries, 1 signed checkpoints matched" in capsys.readouterr().out
    _drop_guard()
    AuditEntry.objects.filter(sequence=2).delete()
    _set_head(1, AuditEntry.objects.get(sequence=1).entry_hash)
    assert main(["audit", "verify"]) == 1
    assert "audit chain broken at entry #2" in capsys.readouterr().err


def test_public_key_and_app_role_commands(capsys):
    from gugus.cli import main

    assert main(["audit", "app-role", "gugus_app", "--database", "gugus", "--owner", "gugus"]) == 0
    sql = capsys.readouterr().out
    assert 'CREATE ROLE "gugus_app" LOGIN NOSUPERUSER' in sql
    assert 'REVOKE UPDATE, DELETE ON audit_auditentry FROM "gugus_app";' in sql
    assert main(["audit", "app-role", "gugus app; DROP", "--database", "gugus"]) == 2
    assert main(["audit", "public-key"]) == 0
    assert capsys.readouterr().out.startswith("-----BEGIN PUBLIC KEY-----")
