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


# --- the consent race: a referral never lands on consent withdrawn a moment before -----------------


def _send(users, units, victim, consent, function):
    from gugus.referrals.services import referral_send

    return referral_send(
        actor=users["case_worker"], victim=victim, function=function("social_rehabilitation"),
        to_unit=units["dinsos"], consent=consent, shares=["identity"], place="21.71",
    )  # fmt: skip


@pytest.mark.django_db
def test_consent_withdrawn_between_check_and_write_is_refused(users, units, victim, consent, function, monkeypatch):
    """Deterministic on any database: the withdrawal commits after referral_send read the consent
    and before it writes; the re-check under the row lock refuses."""
    from gugus.core.errors import ValidationFailed
    from gugus.referrals import services

    real = services.routing_proposal

    def withdraw_meanwhile(**kwargs):
        services.consent_withdraw(actor=users["case_worker"], consent=consent)
        return real(**kwargs)

    monkeypatch.setattr(services, "routing_proposal", withdraw_meanwhile)
    before = Referral.objects.count()
    with pytest.raises(ValidationFailed) as error:
        _send(users, units, victim, consent, function)
    assert error.value.field == "consent"
    assert Referral.objects.count() == before


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_concurrent_send_and_withdraw_on_postgres_never_share_on_withdrawn_consent(
    attempt, users, units, victim, consent, function
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL")
    from gugus.core.errors import ValidationFailed
    from gugus.referrals.models import Consent
    from gugus.referrals.services import consent_withdraw

    barrier = threading.Barrier(2)
    results = {}

    def run(name, call):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            results[name] = ("ok", call())
        except ValidationFailed as error:
            results[name] = ("refused", error.field)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[name] = ("error", repr(error))
        finally:
            connections.close_all()

    stale = Consent.objects.get(pk=consent.pk)  # the copy both callers start from
    def withdraw():
        return consent_withdraw(actor=users["case_worker"], consent=stale)

    threads = [
        threading.Thread(target=run, args=("send", lambda: _send(users, units, victim, stale, function))),
        threading.Thread(target=run, args=("withdraw", withdraw)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results["withdraw"][0] == "ok", results
    assert results["send"][0] in ("ok", "refused"), results
    # Whatever the order, nothing is shared on the withdrawn consent: the referral either was never
    # written, or was written first and then cancelled by the withdrawal.
    open_on_withdrawn = Referral.objects.filter(
        consent_id=consent.pk, consent__withdrawn_at__isnull=False, status__in=Referral.OPEN_STATUSES
    )
    assert list(open_on_withdrawn) == []
