"""PostgreSQL: the application's restricted role, TRUNCATE, and verification under concurrent writes."""

import threading

import pytest
from django.db import DatabaseError, connection, connections, transaction

from gugus.audit import guard
from gugus.audit.models import AuditEntry
from gugus.audit.services import audit_record, audit_verify_chain

pytestmark = pytest.mark.postgres
PROBE_ROLE = "gugus_security_app_probe"


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")


def _refused(sql, params=None):
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(caught.value)


@pytest.mark.django_db(transaction=True)
def test_truncate_is_refused_by_trigger_even_for_the_owner(postgres):
    before = AuditEntry.objects.count()  # the test database's set-up is audited too
    audit_record(actor=None, action="case.update")
    assert "TRUNCATE refused" in _refused("TRUNCATE audit_auditentry CASCADE")
    assert "TRUNCATE refused" in _refused("TRUNCATE audit_audithead")
    assert AuditEntry.objects.count() == before + 1


@pytest.mark.django_db
def test_the_application_role_cannot_bypass_the_guard(postgres):
    entry = audit_record(actor=None, action="case.update")
    with connection.cursor() as cursor:
        # Rolled back with the test: the role never outlives it.
        for sql in guard.app_role_sql(role=PROBE_ROLE, database=connection.settings_dict["NAME"]):
            cursor.execute(sql)
        cursor.execute(f"SET LOCAL ROLE {PROBE_ROLE}")
    # It works as the application needs...
    second = audit_record(actor=None, action="case.update")
    assert second.sequence == 2
    # ...and cannot disable triggers, replicate, truncate, rewrite or delete.
    assert "must be owner" in _refused("ALTER TABLE audit_auditentry DISABLE TRIGGER ALL")
    assert "must be owner" in _refused("DROP TRIGGER audit_entry_no_change ON audit_auditentry")
    assert "permission denied" in _refused("SET session_replication_role = replica")
    assert "permission denied" in _refused("TRUNCATE audit_auditentry")
    assert "permission denied" in _refused("UPDATE audit_auditentry SET action = 'forged' WHERE id = %s", [entry.pk])
    assert "permission denied" in _refused("DELETE FROM audit_auditentry")
    assert "permission denied" in _refused("DELETE FROM audit_audithead")
    assert "permission denied" in _refused("UPDATE audit_auditjournal SET action = 'forged'")
    assert "only once it is sealed" in _refused(
        "INSERT INTO audit_auditjournal (at, kind, actor_label, action, object_type, object_id, data, mac) "
        "VALUES (now(), 'read', 'x', 'read.case', '', '', '{}', 'f'); DELETE FROM audit_auditjournal"
    )
    assert "follows the last entry" in _refused("UPDATE audit_audithead SET sequence = 0")
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
    assert audit_verify_chain().ok


def _writer(stop: threading.Event, written: list[int], errors: list[BaseException]):
    try:
        while not stop.is_set():
            with transaction.atomic():
                audit_record(actor=None, action="case.update", data={"n": len(written)})
            written.append(1)
    except BaseException as error:  # reported by the test
        errors.append(error)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_no_false_alarm_in_50_verifications_under_concurrent_writes(postgres, settings, tmp_path):
    settings.GUGUS_AUDIT_CHECKPOINTS = str(tmp_path / "checkpoints.jsonl")
    settings.GUGUS_AUDIT_CHECKPOINT_EVERY = 7
    audit_record(actor=None, action="start")
    stop, written, errors = threading.Event(), [], []
    writers = [threading.Thread(target=_writer, args=(stop, written, errors)) for _ in range(3)]
    for thread in writers:
        thread.start()
    reports = []
    try:
        for index in range(50):
            reports.append(audit_verify_chain(write_checkpoint=index % 5 == 0))
    finally:
        stop.set()
        for thread in writers:
            thread.join()
    assert errors == []
    assert [r.reason for r in reports if not r.ok] == []
    assert len(reports) == 50
    final = audit_verify_chain()
    assert final.ok and final.checked == 1 + len(written)
    assert final.checkpoints > 0
    # The writers really did write while the verifications ran.
    assert reports[-1].checked > reports[0].checked
