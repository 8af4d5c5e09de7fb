"""Roles that see personal data: 15 minutes idle, 12 hours in all (issue 19)."""

import time

import pytest
from django.urls import reverse

from gugus.audit.models import AuditEntry
from gugus.core.session_limits import SEEN, STARTED, session_is_limited

pytestmark = pytest.mark.django_db


def _age(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"started": STARTED, "seen": SEEN}[key]] = now - ago
    session.save()


def test_which_roles_are_limited(users):
    limited = {key for key, user in users.items() if "@" not in key and session_is_limited(user)}
    assert limited == {"system_admin", "secretariat_national", "secretariat_regional", "supervisor", "case_worker"}


@pytest.mark.parametrize(("started", "seen", "reason"), [(60, 16 * 60, "idle"), (12 * 3600 + 5, 10, "absolute")])
def test_a_limited_session_ends_and_says_why(users, client_for, started, seen, reason):
    client = client_for(users["case_worker"])
    assert client.get(reverse("cases:list")).status_code == 200
    _age(client, started=started, seen=seen)
    response = client.get(reverse("cases:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.filter(action="auth.session_expired").get()
    assert (entry.actor_label, entry.data) == ("case_worker", {"reason": reason})


def test_an_active_session_goes_on_and_htmx_is_told_to_sign_in(users, client_for):
    client = client_for(users["supervisor"])
    client.get(reverse("cases:list"))
    _age(client, started=3600, seen=14 * 60)
    assert client.get(reverse("cases:list")).status_code == 200
    _age(client, seen=20 * 60)
    response = client.get(reverse("cases:list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))


def test_an_analyst_keeps_the_ordinary_session(users, client_for):
    client = client_for(users["analyst"])
    client.get(reverse("home"))
    _age(client, started=13 * 3600, seen=3 * 3600)
    assert client.get(reverse("home")).status_code == 200
