"""A forgotten password: Django's reset flow, the same answer for every address, audited (issue 17)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from gugus.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
NEW = "a-fresh-passphrase-of-my-own-91"


@pytest.fixture
def worker(users):
    user = users["case_worker"]
    user.email = "petugas@polda.example.id"
    user.save(update_fields=["email"])
    return user


def _request(address, language="id"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    return client, client.post(reverse("accounts:password_reset"), {"email": address})


def test_login_page_links_the_reset(db):
    page = Client().get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("accounts:password_reset")}"' in page


def test_same_answer_whether_or_not_the_address_exists(worker):
    _client, known = _request("petugas@polda.example.id")
    _client, unknown = _request("nobody@example.id")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["petugas@polda.example.id"]
    entries = AuditEntry.objects.filter(action="auth.password_reset_request").order_by("sequence")
    assert [(e.object_id, e.data) for e in entries] == [
        (str(worker.pk), {}), ("", {"matched": 0, "limited": False}),
    ]  # fmt: skip
    assert not AuditEntry.objects.filter(data__icontains="example.id").exists()  # the address is not logged


def test_inactive_account_gets_no_mail(worker):
    worker.is_active = False
    worker.save(update_fields=["is_active"])
    _client, response = _request("petugas@polda.example.id")
    assert response.status_code == 302 and mail.outbox == []


def test_reset_link_sets_a_new_password_once(worker):
    _request("petugas@polda.example.id")
    body = mail.outbox[0].body
    assert "Gugus" in mail.outbox[0].subject
    path = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", body).group(1)
    client = Client()
    form = client.get(path, follow=True)
    assert 'data-testid="password-reset-confirm"' in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:password_reset_complete")
    worker.refresh_from_db()
    assert worker.check_password(NEW)
    assert AuditEntry.objects.filter(action="auth.password_reset_complete", actor_id=worker.pk).count() == 1
    assert 'data-testid="invalid-link"' in Client().get(path, follow=True).content.decode()


def test_weak_password_is_refused_on_the_reset_page(worker):
    _request("petugas@polda.example.id")
    path = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    client = Client()
    form = client.get(path, follow=True)
    response = client.post(form.redirect_chain[-1][0], {"new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200 and response.context["form"].errors["new_password2"]
    worker.refresh_from_db()
    assert not worker.check_password("12345")


def test_the_link_expires_after_the_timeout(worker, settings):
    import datetime as dt

    from django.contrib.auth.tokens import PasswordResetTokenGenerator

    assert settings.PASSWORD_RESET_TIMEOUT == 24 * 3600  # GUGUS_PASSWORD_RESET_TIMEOUT's default
    _request("petugas@polda.example.id")
    token = re.search(r"/accounts/password/reset/\S+/(\S+)/", mail.outbox[0].body).group(1)
    generator = PasswordResetTokenGenerator()
    assert generator.check_token(worker, token)
    generator._now = lambda: dt.datetime.now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT - 60)
    assert generator.check_token(worker, token)
    generator._now = lambda: dt.datetime.now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    assert not generator.check_token(worker, token)


def test_reset_pages_in_both_languages(worker):
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("accounts:password_reset")).content.decode()
    assert "Forgot your password?" in english
    indonesian = Client().get(reverse("accounts:password_reset")).content.decode()
    assert "Lupa kata sandi?" in indonesian
    sent = Client().get(reverse("accounts:password_reset_done")).content.decode()
    assert "24" in sent  # the expiry from settings, in hours


def test_mails_per_address_are_limited_but_the_answer_is_the_same(worker):
    for _ in range(5):
        _client, response = _request("petugas@polda.example.id")
        assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 3
