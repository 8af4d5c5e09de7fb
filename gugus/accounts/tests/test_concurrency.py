"""Two administrators act on each other at once: the last active administrator always stays.

The threaded test needs PostgreSQL (``DATABASE_URL=postgres://...``); SQLite serialises writers, so
there the re-check under the lock is tested deterministically.
"""

import threading

import pytest
from django.db import connection

from gugus.accounts import services
from gugus.accounts.models import User
from gugus.accounts.roles import Role
from gugus.core.errors import GugusError, PermissionDenied


def test_an_administrator_deactivated_meanwhile_can_no_longer_act(users, db):
    admin, other = users["system_admin"], users["system_admin@other"]
    stale = User.objects.get(pk=other.pk)  # loaded before the change, still "active" in memory
    services.user_set_active(actor=admin, user=other, active=False)
    with pytest.raises(PermissionDenied):
        services.user_set_active(actor=stale, user=admin, active=False)
    admin.refresh_from_db()
    assert admin.is_active


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_administrators_deactivating_each_other_leave_one(attempt, users):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL")
    first, second = users["system_admin"], users["system_admin@other"]
    barrier = threading.Barrier(2)
    results = [None, None]

    def run(index, actor, target):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            services.user_set_active(actor=actor, user=target, active=False)
            results[index] = "ok"
        except GugusError as error:
            results[index] = type(error).__name__
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[index] = repr(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(0, first, second)),
        threading.Thread(target=run, args=(1, second, first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["PermissionDenied", "ok"], results
    assert User.objects.filter(role=Role.SYSTEM_ADMIN, is_active=True).count() == 1
