"""Two people answer the same referral at once: one wins, the other gets a Conflict; nothing is lost.

The threaded test needs PostgreSQL (``DATABASE_URL=postgres://...``): SQLite serialises writers
with one database lock, so there the version check is tested deterministically (test_services).
"""

import threading

import pytest
from django.db import connection

from gugus.core.errors import Conflict
from gugus.referrals.models import Referral, ReferralEvent
from gugus.referrals.services import referral_accept, referral_decline


def _race(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except Conflict as error:
            results[index] = ("conflict", str(error.message))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[index] = ("error", repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_concurrent_accept_and_decline_on_postgres_one_winner(attempt, users, referral):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL")
    results = _race(
        [
            lambda: referral_accept(actor=users["case_worker@other"], referral=referral, version=1),
            lambda: referral_decline(
                actor=users["supervisor@other"], referral=referral, reason="no_capacity", version=1
            ),
        ]
    )
    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["conflict", "ok"], results
    referral.refresh_from_db()
    assert referral.version == 2
    assert referral.status in ("accepted", "declined")
    # Exactly one answer in the history, and the loser's message names the winner.
    answers = ReferralEvent.objects.filter(referral=referral, kind__in=["accepted", "declined"])
    assert answers.count() == 1
    winner = answers.get().actor.username
    message = next(text for kind, text in results if kind == "conflict")
    assert winner in message


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_accepts_on_postgres_one_winner(users, referral):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL")
    results = _race(
        [
            lambda: referral_accept(actor=users["case_worker@other"], referral=referral),
            lambda: referral_accept(actor=users["supervisor@other"], referral=referral),
            lambda: referral_accept(actor=users["case_worker@other"], referral=referral),
        ]
    )
    assert sorted(kind for kind, _ in results) == ["conflict", "conflict", "ok"], results
    assert Referral.objects.get(pk=referral.pk).version == 2
