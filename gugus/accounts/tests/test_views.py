import pytest
from django.test import Client
from django.urls import reverse

from gugus.accounts.actors import system_actor
from gugus.fixtures import PASSWORD


@pytest.mark.django_db
def test_login_then_home(users):
    c = Client()
    response = c.post(reverse("accounts:login"), {"username": "case_worker", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    # A case worker sees personal data: the second factor comes before any page.
    gate = c.get(reverse("home"))
    assert gate.status_code == 302 and gate["Location"].startswith(reverse("accounts:second_factor"))
    from gugus.fixtures import totp_code_now

    confirmed = c.post(reverse("accounts:second_factor"), {"token": totp_code_now(users["case_worker"]), "next": "/"})
    assert confirmed.status_code == 302 and confirmed["Location"] == "/"
    home = c.get(reverse("home"))
    assert home.status_code == 200
    assert "case_worker" in home.content.decode()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(db):
    response = Client().get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_lockout_after_five_failures(users):
    c = Client()
    for _ in range(5):
        c.post(reverse("accounts:login"), {"username": "case_worker", "password": "wrong"})
    # The right password no longer works once the account is locked.
    response = c.post(reverse("accounts:login"), {"username": "case_worker", "password": PASSWORD})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in c.session


@pytest.mark.django_db
def test_user_without_role_is_refused(users, client_for):
    response = client_for(users["outsider"]).get(reverse("home"))
    assert response.status_code == 403


@pytest.mark.django_db
def test_view_without_capability_is_refused(users, client_for, settings):
    from django.http import HttpResponse
    from django.urls import path

    from gugus import urls

    def undeclared(request):
        return HttpResponse("secret")

    settings.ROOT_URLCONF = type("U", (), {"urlpatterns": urls.urlpatterns + [path("undeclared/", undeclared)]})
    response = client_for(users["system_admin"]).get("/undeclared/")
    assert response.status_code == 403
    assert b"secret" not in response.content


@pytest.mark.django_db
def test_weak_password_is_refused(units):
    from gugus.accounts.services import user_create
    from gugus.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as error:
        user_create(
            actor=system_actor("tests"), username="weak", password="12345", role="case_worker", unit=units["polda"]
        )
    assert error.value.field == "password"


@pytest.mark.django_db
def test_language_switch_to_english(users, client_for):
    c = client_for(users["case_worker"])
    page = c.get(reverse("home")).content.decode()
    assert '<html lang="id"' in page
    assert "Keluar" in page
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = c.get(reverse("home")).content.decode()
    assert '<html lang="en"' in page
    assert "Log out" in page


@pytest.mark.django_db
def test_indonesian_is_the_default_whatever_the_browser_says(users, client_for):
    page = client_for(users["case_worker"]).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    assert b'<html lang="id"' in page


@pytest.mark.django_db
def test_cli_issues_a_token_that_authenticates(users, capsys):
    from gugus.accounts.models import ApiToken
    from gugus.cli import main

    assert main(["users", "token", "case_worker", "--name", "polda sync"]) == 0
    token = capsys.readouterr().out.strip()
    record = ApiToken.objects.get(name="polda sync")
    assert token.startswith("ggs_") and record.digest != token and token[4:12] == record.prefix
    response = Client().get("/api/organisations/regions?level=province", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and len(response.json()) == 38
    assert main(["users", "token", "nobody", "--name", "x"]) == 1
