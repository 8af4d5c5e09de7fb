"""Keyed MACs instead of plain SHA-256, and the database guard of the chain head.

Existing entries are checked against their old (unkeyed) hashes first; only an intact chain is
re-sealed with MACs under GUGUS_AUDIT_KEY, so no tampering is laundered by the upgrade.
Going back restores the unkeyed hashes and the old triggers.
"""

import hashlib
import json

from django.db import migrations

from gugus.audit import guard, integrity

OLD_SQLITE = ["DROP TRIGGER IF EXISTS audit_entry_no_update;", "DROP TRIGGER IF EXISTS audit_entry_no_delete;"]


def _legacy_hash(previous, entry):
    payload = json.dumps(
        [
            previous,
            entry.sequence,
            entry.at.isoformat(),
            entry.kind,
            entry.actor_id,
            entry.actor_label,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.data,
        ],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _keyed_hash(previous, entry):
    return integrity.entry_mac(
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


def _reseal(apps, schema_editor, check, seal):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditHead = apps.get_model("audit", "AuditHead")
    connection = schema_editor.connection
    guard.remove(connection)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for sql in OLD_SQLITE:
                cursor.execute(sql)
    old_previous = new_previous = integrity.GENESIS
    sequence = 0
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        if entry.sequence != sequence + 1 or entry.previous_hash != old_previous or check(old_previous, entry) != (
            entry.entry_hash
        ):
            raise RuntimeError(
                f"the audit chain is broken at entry #{entry.sequence}: it is not re-sealed; "
                "investigate with the previous release's `gugus audit verify`"
            )
        old_previous = entry.entry_hash
        new_hash = seal(new_previous, entry)
        AuditEntry.objects.filter(pk=entry.pk).update(previous_hash=new_previous, entry_hash=new_hash)
        new_previous, sequence = new_hash, entry.sequence
    AuditHead.objects.filter(id=1).delete()
    AuditHead.objects.create(id=1, sequence=sequence, last_hash=new_previous)


def forwards(apps, schema_editor):
    _reseal(apps, schema_editor, _legacy_hash, _keyed_hash)
    guard.install(schema_editor.connection)


def backwards(apps, schema_editor):
    _reseal(apps, schema_editor, _keyed_hash, _legacy_hash)
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                """CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry
                   BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;"""
            )
            cursor.execute(
                """CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_auditentry
                   BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;"""
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                """CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger AS $$
                   BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql;"""
            )
            cursor.execute(
                """CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_auditentry
                   FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change();"""
            )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(forwards, backwards)]
