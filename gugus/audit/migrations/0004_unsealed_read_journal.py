"""The unsealed journal of reads (chained later by the sealer) and its guard.

SQLite rebuilds the entries' table to add the unique ``journal_id``, which drops its triggers:
the guard is taken off before and put back after, with the journal's own guard.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from gugus.audit import guard


def _guard_off(apps, schema_editor):
    guard.remove(schema_editor.connection)


def _guard_on(apps, schema_editor):
    guard.install(schema_editor.connection)
    guard.install_journal(schema_editor.connection)


def _entry_guard_on(apps, schema_editor):
    guard.install(schema_editor.connection)


def _journal_guard_off(apps, schema_editor):
    guard.remove_journal(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_keyed_macs_and_chain_guard'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(_guard_off, _entry_guard_on),
        migrations.AddField(
            model_name='auditentry',
            name='journal_id',
            field=models.PositiveBigIntegerField(blank=True, null=True, unique=True),
        ),
        migrations.CreateModel(
            name='AuditJournal',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('at', models.DateTimeField()),
                ('kind', models.CharField(choices=[('change', 'Change'), ('read', 'Read of personal data'), ('auth', 'Sign-in event')], max_length=8)),
                ('actor_label', models.CharField(blank=True, max_length=150)),
                ('action', models.CharField(max_length=80)),
                ('object_type', models.CharField(blank=True, max_length=80)),
                ('object_id', models.CharField(blank=True, max_length=64)),
                ('data', models.JSONField(blank=True, default=dict)),
                ('mac', models.CharField(max_length=64, unique=True)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'audit journal',
                'ordering': ['id'],
            },
        ),
        migrations.RunPython(_guard_on, _journal_guard_off),
    ]
