import pytest
from django.db import connection, transaction

from gugus.accounts.actors import system_actor
from gugus.audit.models import AuditEntry
from gugus.audit.services import audit_read, audit_record, audit_verify_chain


@pytest.mark.django_db
def test_entries_chain_and_verify():
    first = audit_record(actor=system_actor("tests"), action="thing.create", target=("thing", 1), data={"a": 1})
    second = audit_read(actor=system_actor("tests"), target=("person", 7), fields=["nik"])
    assert second.previous_hash == first.entry_hash
    assert second.sequence == first.sequence + 1  # after the reference data's own entries
    assert second.kind == "read"
    report = audit_verify_chain()
    assert report.ok and report.checked == second.sequence


@pytest.mark.django_db
def test_update_and_delete_are_refused_by_the_database():
    entry = audit_record(actor=system_actor("tests"), action="thing.create")
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()


def _disable_guard():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_entry_no_update")
            cursor.execute("DROP TRIGGER audit_entry_no_delete")
        else:
            # Superuser bypass of triggers, for this test's transaction only.
            cursor.execute("SET LOCAL session_replication_role = replica")


@pytest.mark.django_db
def test_tampering_with_one_row_is_detected():
    for i in range(5):
        audit_record(actor=system_actor("tests"), action="thing.update", target=("thing", i), data={"n": i})
    _disable_guard()  # an attacker with database access (rolled back with the test)
    AuditEntry.objects.filter(sequence=3).update(data={"n": 99})
    report = audit_verify_chain()
    assert report.broken_at == 3
    assert report.checked == 2
    assert "altered" in report.reason


@pytest.mark.django_db
def test_deleted_row_is_detected():
    for i in range(4):
        audit_record(actor=system_actor("tests"), action="thing.update", target=("thing", i))
    _disable_guard()
    AuditEntry.objects.filter(sequence=2).delete()
    report = audit_verify_chain()
    assert report.broken_at == 2
    assert "missing" in report.reason


@pytest.mark.django_db
def test_cli_verify_exit_codes(capsys):
    from gugus.cli import main

    audit_record(actor=system_actor("tests"), action="a")
    second = audit_record(actor=system_actor("tests"), action="b")
    assert main(["audit", "verify"]) == 0
    assert f"{AuditEntry.objects.count()} entries" in capsys.readouterr().out
    _disable_guard()
    AuditEntry.objects.filter(sequence=second.sequence).update(action="forged")
    assert main(["audit", "verify"]) == 1
    assert f"entry #{second.sequence}" in capsys.readouterr().err
