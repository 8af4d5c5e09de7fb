"""The root fixtures: reference data, two agencies with a user in every role, and an outsider.

Fixtures build data through the services, so test data passes the same validation and audit
as real data.
"""

from __future__ import annotations

import pytest

from gugus.accounts.actors import system_actor
from gugus.accounts.roles import Role

PASSWORD = "correct-horse-battery-staple-42"  # noqa: S105 (test-only accounts)


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Services, commands and selectors called directly by a test speak the source language.

    Requests still go through the locale middleware (Indonesian by default), so page tests see
    what users see; the catalogue itself is checked by gugus/core/tests/test_i18n.py.
    """
    from django.conf import settings

    if not settings.configured:  # plain-Python tests run without Django (-p no:django)
        yield
        return
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (rate limits count per user id, and ids repeat)."""
    from django.conf import settings

    if settings.configured:
        from django.core.cache import cache

        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _audit_append_only_guard(request):
    """Keep the audit table's append-only triggers in place for every database test.

    SQLite's flush (used after transactional tests) deletes rows one by one, which the
    triggers refuse; they are lifted just for that flush and put back before the next test.
    PostgreSQL's flush truncates: the session is allowed to, just for that flush.
    """
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    transactional = (
        "transactional_db" in names or "live_server" in names or bool(marker and marker.kwargs.get("transaction"))
    )
    if marker is None and "db" not in names and not transactional:
        yield
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.db import connection

    from gugus.audit import guard

    if connection.vendor == "sqlite":
        guard.install(connection)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("RESET gugus.audit_truncate")
    yield
    if transactional and connection.vendor == "sqlite":
        guard.remove(connection)
    if transactional and connection.vendor == "postgresql":
        # PostgreSQL's flush truncates, which the audit guard refuses unless the session allows it.
        with connection.cursor() as cursor:
            cursor.execute("SET gugus.audit_truncate = 'allow'")


def _load_reference_data() -> None:
    from gugus.organisations.models import Agency, Region
    from gugus.organisations.services import agencies_load, regions_load

    if not Region.objects.exists():
        regions_load(actor=system_actor("fixtures"))
    if not Agency.objects.exists():
        agencies_load(actor=system_actor("fixtures"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped regions and agencies once per test database, not once per test.

    Tests run in a transaction rolled back at their end, so the reference data stays. Transactional
    tests (run last by pytest-django) flush the tables; ``reference_data`` loads it again for them.
    """
    with django_db_blocker.unblock():
        _load_reference_data()


@pytest.fixture
def reference_data(db):
    """Regions and agencies as shipped (loaded once per database; cheap to call again)."""
    _load_reference_data()


@pytest.fixture
def national_task_force(reference_data):
    from gugus.organisations.models import TaskForce
    from gugus.organisations.services import task_force_create

    return TaskForce.objects.filter(tier="national").first() or task_force_create(
        actor=system_actor("fixtures"), tier="national", region=None, name="Gugus Tugas PP-TPPO Pusat"
    )


@pytest.fixture
def province_task_force(reference_data):
    from gugus.organisations.models import Region
    from gugus.organisations.services import task_force_create

    return task_force_create(
        actor=system_actor("fixtures"),
        tier="province",
        region=Region.objects.get(code="21"),
        name="Gugus Tugas PP-TPPO Provinsi Kepulauan Riau",
    )


@pytest.fixture
def units(reference_data):
    """Two agencies' units: Polda Kepri (Polri) and Dinas Sosial Kota Batam, plus the national secretariat."""
    from gugus.organisations.models import Agency, Region
    from gugus.organisations.services import unit_create

    polri = Agency.objects.get(abbreviation="Polri")
    dinsos = Agency.objects.get(abbreviation="Dinas Sosial")
    return {
        "polda": unit_create(
            actor=system_actor("fixtures"),
            code="T-POLDA-21",
            agency=polri,
            name="Polda Kepulauan Riau",
            kind="provincial",
            region=Region.objects.get(code="21"),
        ),
        "dinsos": unit_create(
            actor=system_actor("fixtures"),
            code="T-DINSOS-21.71",
            agency=dinsos,
            name="Dinas Sosial Kota Batam",
            kind="regency",
            region=Region.objects.get(code="21.71"),
        ),
        "secretariat": unit_create(
            actor=system_actor("fixtures"),
            code="T-SETGT",
            agency=polri,
            name="Sekretariat GT Pusat",
            kind="secretariat",
        ),
    }


@pytest.fixture
def users(units, national_task_force, province_task_force):
    """A user in every role in each of the two agencies (key ``"<role>"`` and ``"<role>@other"``),
    and ``"outsider"``: a user with no unit and no role."""
    from gugus.accounts.services import user_create

    made = {}
    for home, suffix in ((units["polda"], ""), (units["dinsos"], "@other")):
        for role in Role:
            task_force = None
            if role == Role.SECRETARIAT_NATIONAL:
                task_force = national_task_force
            elif role == Role.SECRETARIAT_REGIONAL:
                task_force = province_task_force
            made[role.value + suffix] = user_create(
                actor=system_actor("fixtures"),
                username=f"{role.value}{suffix.replace('@', '.')}",
                password=PASSWORD,
                role=role,
                unit=home,
                task_force=task_force,
            )
    from gugus.accounts.models import User

    outsider = User.objects.create_user(username="outsider", password=PASSWORD)
    made["outsider"] = outsider
    return made


def sign_in_verified(client, user) -> None:
    """Sign ``client`` in as ``user`` with the second factor confirmed, as a real sign-in ends.

    For a role that needs a second factor (``roles.SECOND_FACTOR_ROLES``) the user gets a confirmed
    authenticator and the session is marked verified by it, as ``django_otp.login`` does after a
    correct code; the rule itself is untouched (``gugus/accounts/tests/test_second_factor.py``
    drives the real sign-in with computed codes).
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from gugus.accounts.roles import requires_second_factor

    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if requires_second_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="authenticator", confirmed=True
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture
def client_for(client):
    """``client_for(user)`` returns a test client signed in as ``user`` (or anonymous for None),
    with the second factor confirmed for the roles that need one."""

    def sign_in(user):
        from django.test import Client

        c = Client()
        if user is not None:
            sign_in_verified(c, user)
        return c

    return sign_in


def totp_code_now(user) -> str:
    """The code ``user``'s authenticator shows now, computed as the app does (django_otp.oath.totp).

    The device's memory of the last code used is cleared first, so that a test may sign the same
    user in twice within one 30-second step (django-otp refuses a code it has seen).
    """
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=True
    )
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return str(code).zfill(device.digits)


def browser_sign_in(page, base_url: str, username: str, password: str = PASSWORD):
    """Sign in through the login page in a browser, with the authenticator's code when the role needs one."""
    from gugus.accounts.models import User
    from gugus.accounts.roles import requires_second_factor

    user = User.objects.get(username=username)
    needs_code = requires_second_factor(user)
    code = totp_code_now(user) if needs_code else None
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("[data-testid=login-submit]")
    if needs_code:
        page.wait_for_url("**/accounts/second-factor/**")
        page.fill("[data-testid=second-factor-token]", code)
        page.click("[data-testid=second-factor-submit]")
    page.wait_for_url(f"{base_url}/")
    return page
