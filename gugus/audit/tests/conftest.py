"""The audit tests start from an empty chain, as a fresh installation has it.

The test database is set up once with the shipped reference data, whose loading is audited; these
tests count entries from the first one, so each starts (inside its own transaction, rolled back at
its end) by taking those set-up entries away as only the tables' owner could.
"""

import pytest


@pytest.fixture(autouse=True)
def _empty_chain(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None or marker.kwargs.get("transaction") or "transactional_db" in request.fixturenames:
        yield
        return
    request.getfixturevalue("db")
    from django.db import connection

    from gugus.audit import guard
    from gugus.audit.models import AuditEntry, AuditHead, AuditJournal
    from gugus.audit.services import GENESIS

    if connection.vendor == "sqlite":
        guard.remove(connection)
        guard.remove_journal(connection)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    AuditJournal.objects.all().delete()
    AuditEntry.objects.all().delete()
    AuditHead.objects.update_or_create(id=1, defaults={"sequence": 0, "last_hash": GENESIS})
    if connection.vendor == "sqlite":
        guard.install(connection)
        guard.install_journal(connection)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = origin")
    yield
