"""Reads journalled without the chain-head lock and sealed later: order, guard, forgery, verify.

These tests run with ``GUGUS_AUDIT_SEAL_READS = "deferred"`` (production's setting), where a read
stays in the journal until something seals it.
"""

import threading

import pytest
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from gugus.audit import guard, integrity
from gugus.audit.cli import seal as seal_command
from gugus.audit.models import AuditEntry, AuditHead, AuditJournal
from gugus.audit.services import audit_read, audit_record, audit_seal, audit_verify_chain


@pytest.fixture
def deferred(settings):
    settings.GUGUS_AUDIT_SEAL_READS = "deferred"


def _refused(sql, params=None):
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(caught.value)


def _forge_row(**overrides):
    """A journal row inserted by someone with database access but without the key."""
    values = {"at": timezone.now(), "kind": "read", "actor_label": "system:x", "action": "read.case",
              "object_type": "cases.case", "object_id": "7", "data": {"fields": ["full_name"]},
              "mac": "f" * 64}  # fmt: skip
    values.update(overrides)
    return AuditJournal.objects.create(**values)


@pytest.mark.django_db
def test_a_read_is_journalled_without_touching_the_head_and_sealed_later(deferred):
    row = audit_read(actor="system:test", target=("cases.case", 5), purpose="case", fields=["full_name"])
    assert isinstance(row, AuditJournal)
    assert AuditEntry.objects.count() == 0
    assert AuditHead.objects.get(id=1).sequence == 0
    report = audit_seal()
    assert (report.sealed, report.forged) == (1, [])
    entry = AuditEntry.objects.get()
    assert (entry.sequence, entry.action, entry.kind, entry.object_type, entry.object_id) == (
        1, "read.case", "read", "cases.case", "5",
    )  # fmt: skip
    assert entry.data == {"fields": ["full_name"]}
    assert (entry.at, entry.journal_id) == (row.at, row.id)  # the time of the read, not of the sealing
    assert AuditJournal.objects.count() == 0
    assert audit_verify_chain().ok


@pytest.mark.django_db
def test_a_change_is_chained_after_the_reads_journalled_before_it(deferred):
    audit_read(actor="system:test", target=("cases.case", 1), purpose="case")
    audit_read(actor="system:test", target=("cases.case", 2), purpose="case")
    change = audit_record(actor=None, action="case.update", target=("cases.case", 1))
    assert change.sequence == 3
    assert list(AuditEntry.objects.values_list("action", "object_id")) == [
        ("read.case", "1"), ("read.case", "2"), ("case.update", "1"),
    ]  # fmt: skip
    assert not AuditJournal.objects.exists()


@pytest.mark.django_db
def test_verify_seals_the_journal_first_and_says_so(deferred, capsys):
    from types import SimpleNamespace

    from gugus.audit.cli import verify

    for i in range(3):
        audit_read(actor="system:test", target=("people.person", i), purpose="person")
    assert verify(SimpleNamespace(no_checkpoint=True)) == 0
    out = capsys.readouterr().out
    assert "sealed 3 journalled reads into the chain first" in out
    assert "audit chain intact: 3 entries" in out
    report = audit_verify_chain()
    assert (report.ok, report.checked, report.sealed, report.unsealed) == (True, 3, 0, 0)


@pytest.mark.django_db
def test_seal_command_chains_in_batches(deferred, capsys):
    from types import SimpleNamespace

    for i in range(7):
        audit_read(actor="system:test", target=("people.person", i), purpose="person")
    assert audit_seal(batch_size=3).sealed == 7
    assert list(AuditEntry.objects.values_list("object_id", flat=True)) == [str(i) for i in range(7)]
    audit_read(actor="system:test", target=("people.person", 9), purpose="person")
    assert seal_command(SimpleNamespace(every=0)) == 0
    assert "sealed 1 journalled reads" in capsys.readouterr().out
    assert audit_verify_chain().ok


@pytest.mark.django_db
def test_journal_rows_cannot_be_altered_or_deleted_before_they_are_sealed(deferred):
    row = audit_read(actor="system:test", target=("cases.case", 3), purpose="case")
    assert "append-only" in _refused("UPDATE audit_auditjournal SET object_id = '4' WHERE id = %s", [row.id])
    assert "only once it is sealed" in _refused("DELETE FROM audit_auditjournal WHERE id = %s", [row.id])
    if connection.vendor == "sqlite":
        assert "append-only" in _refused(
            "INSERT OR REPLACE INTO audit_auditjournal (id, at, kind, actor_label, action, object_type, object_id, "
            "data, mac) VALUES (%s, %s, 'read', 'x', 'read.case', 'cases.case', '4', '{}', %s)",
            [row.id, row.at.isoformat(), "a" * 64],
        )
    assert list(AuditJournal.objects.values_list("object_id", flat=True)) == ["3"]
    # A copy of a genuine row (to chain the read twice) clashes with its MAC.
    with pytest.raises(DatabaseError), transaction.atomic():
        _forge_row(at=row.at, object_id=row.object_id, mac=row.mac)
    assert audit_seal().sealed == 1
    assert audit_verify_chain().ok


@pytest.mark.django_db
def test_a_row_forged_into_the_journal_is_never_sealed_and_verify_reports_it(deferred):
    audit_read(actor="system:test", target=("cases.case", 1), purpose="case")
    forged = _forge_row()
    audit_read(actor="system:test", target=("cases.case", 2), purpose="case")
    report = audit_seal()
    assert (report.sealed, report.forged) == (2, [forged.id])
    assert list(AuditEntry.objects.values_list("object_id", flat=True)) == ["1", "2"]
    assert list(AuditJournal.objects.values_list("id", flat=True)) == [forged.id]
    verification = audit_verify_chain()
    assert not verification.ok
    assert verification.broken_at == 3
    assert f"unsealed journal row #{forged.id} does not match its MAC" in verification.reason
    # A change still chains, after the genuine reads, and leaves the forged row where it is.
    assert audit_record(actor=None, action="case.update").sequence == 3


@pytest.mark.django_db
def test_an_altered_journal_row_is_detected_by_its_mac(deferred):
    row = audit_read(actor="system:test", target=("cases.case", 1), purpose="case", fields=["full_name"])
    if connection.vendor == "sqlite":
        guard.remove_journal(connection)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    AuditJournal.objects.filter(id=row.id).update(data={"fields": []})
    if connection.vendor == "sqlite":
        guard.install_journal(connection)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = origin")
    report = audit_verify_chain()
    assert not report.ok and "does not match its MAC" in report.reason
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_immediate_mode_returns_the_sealed_entry(settings):
    settings.GUGUS_AUDIT_SEAL_READS = "immediate"
    entry = audit_read(actor="system:test", target=("cases.case", 1), purpose="case", fields=["narrative"])
    assert isinstance(entry, AuditEntry)
    assert (entry.sequence, entry.action, entry.data) == (1, "read.case", {"fields": ["narrative"]})
    assert not AuditJournal.objects.exists()
    assert entry.entry_hash == integrity.entry_mac(
        integrity.GENESIS, 1, entry.at, "read", None, "system:test", "read.case", "cases.case", "1", entry.data
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_readers_never_wait_for_the_head_lock_and_every_read_is_sealed(settings):
    """A transaction holds the head lock; readers on other connections still record their reads."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    settings.GUGUS_AUDIT_SEAL_READS = "deferred"
    # a change first, so that the head row exists (a transactional test before may have flushed it)
    audit_record(actor="system:test", action="test.start", target=("cases.case", "start"))
    before = AuditEntry.objects.count()
    recorded, errors = [], []

    def reader(i):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
            recorded.append(audit_read(actor="system:test", target=("cases.case", i), purpose="case").id)
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    with transaction.atomic():
        AuditHead.objects.select_for_update().get(id=1)  # the lock a change holds
        threads = [threading.Thread(target=reader, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
    assert errors == [] and len(recorded) == 4
    assert audit_seal().sealed == 4
    assert AuditEntry.objects.count() == before + 4
    assert "TRUNCATE refused" in _refused("TRUNCATE audit_auditjournal")
    assert set(AuditEntry.objects.filter(journal_id__in=recorded).values_list("object_id", flat=True)) == {
        "0", "1", "2", "3",
    }  # fmt: skip
    assert audit_verify_chain().ok


@pytest.mark.django_db
def test_the_seal_loop_seals_until_stopped(deferred):
    from gugus.audit.cli import seal_loop

    audit_read(actor="system:test", target=("cases.case", 1), purpose="case")

    class OneRound(threading.Event):
        def wait(self, timeout=None):
            self.set()
            return True

    seal_loop(0.01, stop=OneRound())
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["read.case"]
    assert not AuditJournal.objects.exists()


@pytest.mark.django_db
def test_the_auditor_sees_reads_still_in_the_journal(deferred, users):
    from gugus.audit.selectors import AuditFilters, audit_log

    audit_read(actor="system:test", target=("people.person", 4), purpose="person")
    rows, _more = audit_log(users["auditor"], AuditFilters(action="read."))
    assert [(e.action, e.object_id) for e in rows] == [("read.person", "4")]
    assert audit_log(users["case_worker"], AuditFilters())[0] == []
