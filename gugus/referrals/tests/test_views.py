import pytest
from django.urls import reverse

from gugus.accounts.roles import ROLE_CAPABILITIES, Role
from gugus.referrals.models import Consent, Referral
from gugus.referrals.services import consent_withdraw

pytestmark = pytest.mark.django_db

ROLE_KEYS = [r.value for r in Role] + [r.value + "@other" for r in Role] + ["outsider"]
# Who sees the referral from Polda Kepri (province 21) to Dinas Sosial Batam (21.71).
VISIBLE = {
    "supervisor",
    "case_worker",
    "supervisor@other",
    "case_worker@other",
    "secretariat_national",
    "secretariat_national@other",
    "secretariat_regional",
    "secretariat_regional@other",
}
RECEIVING = {"supervisor@other", "case_worker@other"}
NAME = "Siti Aminah binti Kasim"
NIK = "3212014505900001"


def caps(role_key):
    return ROLE_CAPABILITIES.get(role_key.partition("@")[0], frozenset())


@pytest.mark.parametrize("role_key", [*ROLE_KEYS, "anonymous"])
def test_pages_permission_matrix(role_key, users, referral, client_for):
    client = client_for(None if role_key == "anonymous" else users[role_key])
    for name, capability in (
        ("referrals:inbox", "referrals.view"),
        ("referrals:outbox", "referrals.view"),
        ("referrals:oversight", "referrals.oversee"),
        ("referrals:overdue", "referrals.oversee"),
        ("referrals:notifications", "shell.view"),
    ):
        response = client.get(reverse(name))
        if role_key == "anonymous":
            assert response.status_code == 302, name
        else:
            assert response.status_code == (200 if capability in caps(role_key) else 403), (name, role_key)


@pytest.mark.parametrize("role_key", ROLE_KEYS)
def test_referral_detail_matrix_and_what_is_shared(role_key, users, referral, client_for):
    response = client_for(users[role_key]).get(reverse("referrals:detail", args=[referral.pk]))
    body = response.content.decode()
    if "referrals.view" not in caps(role_key):
        assert response.status_code == 403
        assert NAME not in body
    elif role_key in VISIBLE:
        assert response.status_code == 200
        assert NAME in body  # identity is shared
        assert "Trauma berat" in body  # needs are shared
        assert NIK not in body  # documents are not
        assert "0812" not in body and "+62812" not in body  # contact is not
    else:
        assert response.status_code == 404
        assert b'data-testid="not-found"' in response.content


def test_inbox_lists_incoming_with_time_left_and_outbox_lists_sent(users, referral, client_for):
    inbox = client_for(users["case_worker@other"]).get(reverse("referrals:inbox")).content.decode()
    assert f'data-referral="{referral.pk}"' in inbox
    assert "6 hari 23 jam" in inbox or "6 hari 22 jam" in inbox
    outbox = client_for(users["case_worker"]).get(reverse("referrals:outbox")).content.decode()
    assert f'data-referral="{referral.pk}"' in outbox
    # Each list shows only its own direction.
    assert (
        f'data-referral="{referral.pk}"'
        not in client_for(users["case_worker"]).get(reverse("referrals:inbox")).content.decode()
    )


def test_inbox_query_count_does_not_grow_with_rows(users, referral, client_for, django_assert_max_num_queries):
    client = client_for(users["case_worker@other"])
    with django_assert_max_num_queries(12):
        client.get(reverse("referrals:inbox"))


@pytest.mark.parametrize("role_key", ROLE_KEYS)
def test_accept_permission_matrix(role_key, users, referral, client_for):
    response = client_for(users[role_key]).post(
        reverse("referrals:transition", args=[referral.pk]), {"action": "accept", "version": "1"}
    )
    referral.refresh_from_db()
    if "referrals.view" not in caps(role_key):
        assert response.status_code == 403
        assert referral.status == "sent"
    elif role_key in RECEIVING:
        assert response.status_code == 302
        assert referral.status == "accepted"
    elif "referrals.respond" not in caps(role_key):
        assert response.status_code == 403  # secretariats oversee, they do not answer
        assert referral.status == "sent"
    else:
        assert response.status_code == 404 and b'data-testid="not-found"' in response.content
        assert referral.status == "sent"


def test_concurrent_answers_through_the_page_show_one_winner(users, referral, client_for):
    first = client_for(users["case_worker@other"])
    second = client_for(users["supervisor@other"])
    url = reverse("referrals:transition", args=[referral.pk])
    first.post(url, {"action": "accept", "version": "1"})
    response = second.post(url, {"action": "decline", "reason": "no_capacity", "version": "1"}, follow=True)
    body = response.content.decode()
    assert "case_worker.other" in body  # the message says who answered first
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == ("accepted", "")


def test_after_consent_is_withdrawn_the_receiving_unit_sees_nothing(users, referral, consent, client_for):
    client = client_for(users["case_worker@other"])
    client.post(reverse("referrals:transition", args=[referral.pk]), {"action": "accept", "version": "1"})
    consent_withdraw(actor=users["case_worker"], consent=consent)
    body = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert NAME not in body and "Trauma berat" not in body
    assert 'data-testid="nothing-shared"' in body
    journey = client.get(reverse("assistance:journey", args=[referral.victim_id]))
    assert journey.status_code == 404 and b'data-testid="not-found"' in journey.content
    # The sending unit still sees its own case's victim.
    assert (
        NAME in client_for(users["case_worker"]).get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    )


def test_send_page_refuses_without_consent_and_sends_with_it(users, units, victim, client_for):
    client = client_for(users["case_worker"])
    url = reverse("referrals:send", args=[victim.pk])
    page = client.get(url + "?function=social_rehabilitation&place=21.71").content.decode()
    assert "Dinas Sosial Kota Batam" in page  # the matrix's proposal
    base = {
        "function": "social_rehabilitation",
        "place": "21.71",
        "to_unit": units["dinsos"].code,
        "shares": ["identity", "needs"],
        "message": "Mohon rumah aman",
    }
    refused = client.post(url, {**base, "basis": "law_enforcement", "legal_basis": "KUHAP"})
    assert refused.status_code == 200
    assert Referral.objects.count() == 0 and Consent.objects.count() == 0
    missing_method = client.post(url, {**base, "basis": "consent", "consent_given_on": "2025-03-02"})
    assert missing_method.status_code == 200
    assert Referral.objects.count() == 0 and Consent.objects.count() == 0  # nothing half-written
    sent = client.post(url, {**base, "basis": "consent", "consent_given_on": "2025-03-02", "consent_method": "written"})
    assert sent.status_code == 302
    referral = Referral.objects.get()
    assert (referral.to_unit, referral.follows_matrix, referral.consent.method) == (units["dinsos"], True, "written")


@pytest.mark.parametrize("role_key", ROLE_KEYS)
def test_send_page_matrix(role_key, users, victim, client_for):
    response = client_for(users[role_key]).get(reverse("referrals:send", args=[victim.pk]))
    if "referrals.send" not in caps(role_key):
        assert response.status_code == 403
    elif role_key in {"supervisor", "case_worker"}:
        assert response.status_code == 200
    else:
        assert response.status_code == 404 and b'data-testid="not-found"' in response.content


def test_menu_shows_counts(users, referral, client_for):
    body = client_for(users["case_worker@other"]).get(reverse("referrals:inbox")).content.decode()
    assert 'data-testid="incoming-count">1<' in body
    assert 'data-testid="unread-count">1<' in body
    client_for(users["case_worker@other"]).post(reverse("referrals:notifications"))
    body = client_for(users["case_worker@other"]).get(reverse("referrals:inbox")).content.decode()
    assert 'data-testid="unread-count"' not in body


def test_the_receiving_unit_reads_the_shared_victim_in_words_not_keys(users, referral, client_for):
    body = client_for(users["case_worker@other"]).get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    shared = body[body.index('data-testid="victim-shared"') : body.index('data-testid="journey-link"')]
    assert "<dt>Nama lengkap</dt><dd>Siti Aminah binti Kasim</dd>" in shared
    assert "<dt>Kewarganegaraan</dt><dd>Indonesia</dd>" in shared
    assert "<dt>Penyandang disabilitas</dt><dd>Tidak</dd>" in shared
    assert "<dt>Tahun lahir</dt><dd>—</dd>" in shared or "<dt>Tahun lahir</dt><dd>1990</dd>" in shared
    for raw in ("full_name", "has_disability", "birth_year", "False", "None", ">ID<"):
        assert raw not in shared, raw


def test_time_spans_read_in_words_in_both_languages():
    import datetime as dt

    from django.utils import translation

    from gugus.referrals.templatetags.referral_tags import span

    late = -dt.timedelta(days=3, hours=5, minutes=10)
    with translation.override("id"):
        assert span(late) == "3 hari 5 jam"
        assert span(dt.timedelta(days=14)) == "14 hari"
        assert span(dt.timedelta(hours=2, minutes=30)) == "2 jam 30 menit"
    with translation.override("en"):
        assert span(late) == "3 days 5 hours"
        assert span(dt.timedelta(days=1, hours=1)) == "1 day 1 hour"


def test_notifications_read_in_the_readers_language(users, referral, client_for):
    from gugus.referrals.models import Notification

    # The service ran in English (as a command would); the receiving unit reads Indonesian.
    stored = Notification.objects.get(recipient=users["case_worker@other"], referral=referral)
    assert stored.text.startswith("New referral")
    body = client_for(users["case_worker@other"]).get(reverse("referrals:notifications")).content.decode()
    assert f"Rujukan baru #{referral.pk} untuk" in body and "New referral" not in body
    home = client_for(users["case_worker@other"]).get(reverse("home")).content.decode()
    assert f"Rujukan baru #{referral.pk} untuk" in home and "New referral" not in home
