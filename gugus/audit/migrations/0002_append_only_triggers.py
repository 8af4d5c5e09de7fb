"""Make the audit table append-only in the database itself: UPDATE and DELETE are refused.

The guard it installs is the current one (gugus/audit/guard.py); 0003 re-installs it after re-sealing.
"""

from django.db import migrations

from gugus.audit import guard


def forwards(apps, schema_editor):
    guard.install(schema_editor.connection)


def backwards(apps, schema_editor):
    guard.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
