"""Managing accounts in the application: services, access and pages (issue 17)."""

import pytest
from django.test import Client
from django.urls import reverse

from gugus.accounts import services
from gugus.accounts.access import access_user, users_visible_to
from gugus.accounts.models import User
from gugus.accounts.roles import ROLE_CAPABILITIES, Role
from gugus.audit.models import AuditEntry
from gugus.core.errors import NotFound, PermissionDenied, ValidationFailed
from gugus.fixtures import PASSWORD, sign_in_verified

pytestmark = pytest.mark.django_db
ROLE_KEYS = [r.value for r in Role] + [r.value + "@other" for r in Role] + ["outsider"]
MANAGERS = {key for key in ROLE_KEYS if key != "outsider" and "accounts.manage" in ROLE_CAPABILITIES[key.split("@")[0]]}


def _invite(actor, units, **kwargs):
    defaults = {"username": "new.worker", "role": Role.CASE_WORKER, "unit": units["dinsos"], "full_name": "Rina Sari"}
    return services.user_invite(actor=actor, **{**defaults, **kwargs})


def test_only_the_system_administrator_manages_accounts():
    assert {"system_admin", "system_admin@other"} == MANAGERS


@pytest.mark.parametrize("user_key", ROLE_KEYS)
def test_users_visible_to_every_role(user_key, users):
    visible = set(users_visible_to(users[user_key]).values_list("username", flat=True))
    if user_key in MANAGERS:
        assert visible == set(User.objects.values_list("username", flat=True))  # the national admin: everyone
    else:
        assert visible == set()
        with pytest.raises(NotFound):
            access_user(users[user_key], users["case_worker"].pk)


@pytest.mark.parametrize("user_key", sorted(set(ROLE_KEYS) - MANAGERS))
def test_other_roles_cannot_create_or_change_accounts(user_key, users, units):
    actor = users[user_key]
    target = users["case_worker"]
    before = User.objects.count()
    with pytest.raises(PermissionDenied):
        _invite(actor, units)
    with pytest.raises(PermissionDenied):
        services.user_set_active(actor=actor, user=target, active=False)
    with pytest.raises(PermissionDenied):
        services.user_assign(actor=actor, user=target, role=Role.SYSTEM_ADMIN, unit=units["polda"])
    with pytest.raises(PermissionDenied):
        services.user_password_reset(actor=actor, user=target)
    target.refresh_from_db()
    assert (User.objects.count(), target.is_active, target.role) == (before, True, Role.CASE_WORKER)


def test_invite_with_temporary_password_must_change_at_first_sign_in(users, units):
    admin = users["system_admin"]
    credential = _invite(admin, units)
    user = credential.user
    user.refresh_from_db()
    assert (user.role, user.unit, user.must_change_password, user.get_full_name()) == (
        Role.CASE_WORKER, units["dinsos"], True, "Rina Sari",
    )  # fmt: skip
    assert user.check_password(credential.temporary_password)
    assert credential.set_password_path == ""
    actions = list(AuditEntry.objects.filter(object_id=str(user.pk)).values_list("action", "actor_id"))
    assert actions == [("user.create", admin.pk), ("user.credential_issue", admin.pk)]
    # The temporary password is never in the audit log.
    assert not AuditEntry.objects.filter(data__icontains=credential.temporary_password).exists()

    client = Client()
    assert (
        client.post(
            reverse("accounts:login"), {"username": "new.worker", "password": credential.temporary_password}
        ).status_code
        == 302
    )
    # A case worker confirms a second factor after the password (gugus/accounts/tests/test_second_factor.py
    # drives that step); the temporary password still binds the verified session.
    sign_in_verified(client, user)
    response = client.get(reverse("cases:list"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_change")
    page = client.get(reverse("accounts:password_change"))
    assert 'data-testid="must-change"' in page.content.decode()
    new = "a-fresh-passphrase-of-my-own-91"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": credential.temporary_password, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.must_change_password is False and user.check_password(new)
    assert client.get(reverse("cases:list")).status_code == 200


def test_invite_with_set_password_link(users, units):
    credential = _invite(users["system_admin"], units, method=services.SET_PASSWORD)
    user = User.objects.get(pk=credential.user.pk)
    assert credential.temporary_password == "" and not user.has_usable_password()
    client = Client()
    response = client.get(credential.set_password_path, follow=True)
    assert 'data-testid="password-reset-confirm"' in response.content.decode()
    new = "a-fresh-passphrase-of-my-own-91"
    client.post(response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    user.refresh_from_db()
    assert user.check_password(new)
    assert AuditEntry.objects.filter(action="auth.password_reset_complete", object_id=str(user.pk)).count() == 1
    # The link works once.
    again = client.get(credential.set_password_path, follow=True)
    assert 'data-testid="invalid-link"' in again.content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"username": "case_worker"}, "username"),
        ({"username": "  "}, "username"),
        ({"role": "root"}, "role"),
        ({"unit": None}, "unit"),
        ({"role": Role.SECRETARIAT_REGIONAL}, "task_force"),
        ({"method": "carrier-pigeon"}, "method"),
    ],
)
def test_invite_refuses_bad_input_naming_the_field(changes, field, users, units):
    before = User.objects.count()
    with pytest.raises(ValidationFailed) as error:
        _invite(users["system_admin"], units, **changes)
    assert error.value.field == field
    assert User.objects.count() == before


def test_national_secretariat_needs_the_national_task_force(users, units, province_task_force, national_task_force):
    with pytest.raises(ValidationFailed) as error:
        _invite(users["system_admin"], units, role=Role.SECRETARIAT_NATIONAL, task_force=province_task_force)
    assert error.value.field == "task_force"
    user = _invite(users["system_admin"], units, role=Role.SECRETARIAT_NATIONAL, task_force=national_task_force).user
    assert user.task_force == national_task_force


def test_administrator_cannot_deactivate_themself(users):
    admin = users["system_admin"]
    with pytest.raises(ValidationFailed):
        services.user_set_active(actor=admin, user=admin, active=False)
    admin.refresh_from_db()
    assert admin.is_active


def test_the_last_active_administrator_is_kept(users, units):
    admin, other_admin = users["system_admin"], users["system_admin@other"]
    services.user_set_active(actor=admin, user=other_admin, active=False)
    # Now ``admin`` is the last one: not demoted by themself, and the other cannot be brought back
    # only to remove the first (they are inactive and cannot act).
    with pytest.raises(ValidationFailed) as error:
        services.user_assign(actor=admin, user=admin, role=Role.AUDITOR, unit=units["polda"])
    assert error.value.field == "role"
    admin.refresh_from_db()
    assert admin.role == Role.SYSTEM_ADMIN
    # With a second active administrator, demoting one is allowed.
    services.user_set_active(actor=admin, user=other_admin, active=True)
    services.user_assign(actor=admin, user=other_admin, role=Role.AUDITOR, unit=units["dinsos"])
    other_admin.refresh_from_db()
    assert (other_admin.role, other_admin.unit) == (Role.AUDITOR, units["dinsos"])


def test_deactivate_reactivate_audited_and_signs_out(users, client_for):
    admin, worker = users["system_admin"], users["case_worker"]
    worker_client = client_for(worker)
    assert worker_client.get(reverse("cases:list")).status_code == 200
    services.user_set_active(actor=admin, user=worker, active=False)
    assert worker_client.get(reverse("cases:list")).status_code == 302  # the session no longer authenticates
    assert (
        Client().post(reverse("accounts:login"), {"username": worker.username, "password": PASSWORD}).status_code == 200
    )
    services.user_set_active(actor=admin, user=worker, active=True)
    actions = list(
        AuditEntry.objects.filter(object_id=str(worker.pk), action__startswith="user.").values_list("action", flat=True)
    )
    assert actions[-2:] == ["user.deactivate", "user.activate"]


def test_password_reset_by_administrator(users):
    admin, worker = users["system_admin"], users["case_worker"]
    credential = services.user_password_reset(actor=admin, user=worker)
    worker.refresh_from_db()
    assert worker.must_change_password and worker.check_password(credential.temporary_password)
    assert not worker.check_password(PASSWORD)
    entry = AuditEntry.objects.get(action="user.password_reset", object_id=str(worker.pk))
    assert (entry.actor_id, entry.data) == (admin.pk, {"method": "password"})


def test_role_change_audited_with_before_and_after(users, units):
    admin, worker = users["system_admin"], users["case_worker"]
    services.user_assign(actor=admin, user=worker, role=Role.SUPERVISOR, unit=units["dinsos"])
    entry = AuditEntry.objects.get(action="user.assign", object_id=str(worker.pk))
    assert entry.data == {
        "from": {"role": "case_worker", "unit": units["polda"].pk, "task_force": None},
        "to": {"role": "supervisor", "unit": units["dinsos"].pk, "task_force": None},
    }


# --- pages ---------------------------------------------------------------------------------------

PAGES = ["accounts:users", "accounts:user_create"]


@pytest.mark.parametrize("user_key", ROLE_KEYS)
def test_pages_are_refused_without_the_capability(user_key, users, client_for):
    client = client_for(users[user_key])
    worker = users["case_worker"]
    expected = 200 if user_key in MANAGERS else 403
    for name in PAGES:
        assert client.get(reverse(name)).status_code == expected, name
    assert client.get(reverse("accounts:user_detail", args=[worker.pk])).status_code == expected
    response = client.post(reverse("accounts:user_active", args=[worker.pk]), {"active": "0"})
    assert response.status_code == (302 if user_key in MANAGERS else 403)
    worker.refresh_from_db()
    assert worker.is_active is (user_key not in MANAGERS)
    if user_key in MANAGERS:
        services.user_set_active(actor=users[user_key], user=worker, active=True)


def test_user_list_shows_names_not_codes_with_bounded_queries(users, client_for, django_assert_max_num_queries):
    client = client_for(users["system_admin"])
    # 12 for the page, and the read's journal entry sealed at once as the tests configure it
    # (GUGUS_AUDIT_SEAL_READS=immediate: about 8 more, the same for any number of rows)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("accounts:users")).content.decode()
    assert 'data-user="case_worker"' in page
    assert "Dinas Sosial Kota Batam" in page and "T-DINSOS-21.71" not in page
    row = page.split('data-user="case_worker"')[1].split("</tr>")[0]
    assert "Petugas kasus" in row and ">case_worker<" in row  # the role by its label, never its key
    assert "case_worker</td>" not in row.replace(">case_worker</a></td>", "")
    filtered = client.get(reverse("accounts:users"), {"role": "auditor", "active": "yes"}, HTTP_HX_REQUEST="true")
    body = filtered.content.decode()
    assert "<html" not in body  # htmx gets the table alone
    assert 'data-user="auditor"' in body and 'data-user="case_worker"' not in body


def test_user_list_query_count_does_not_grow(users, units, client_for, django_assert_num_queries):
    client = client_for(users["system_admin"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(reverse("accounts:users"))
    for number in range(5):
        _invite(users["system_admin"], units, username=f"extra{number}")
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("accounts:users"))
    assert len(second) == len(first)


def test_create_page_shows_the_temporary_password_once(users, units, client_for):
    client = client_for(users["system_admin"])
    response = client.post(
        reverse("accounts:user_create"),
        {"username": "petugas.baru", "full_name": "Budi", "email": "budi@example.org", "role": "case_worker",
         "unit": units["polda"].pk, "method": "password"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    user = User.objects.get(username="petugas.baru")
    password = body.split('data-testid="temporary-password">')[1].split("<")[0]
    assert user.check_password(password) and user.must_change_password
    detail = client.get(reverse("accounts:user_detail", args=[user.pk])).content.decode()
    assert password not in detail


def test_create_page_names_the_bad_field(users, units, client_for):
    client = client_for(users["system_admin"])
    response = client.post(
        reverse("accounts:user_create"),
        {"username": "case_worker", "role": "case_worker", "unit": units["polda"].pk, "method": "password"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert User.objects.filter(username="case_worker").count() == 1


def test_detail_page_refuses_self_deactivation_and_last_admin(users, client_for):
    admin = users["system_admin"]
    client = client_for(admin)
    page = client.get(reverse("accounts:user_detail", args=[admin.pk])).content.decode()
    assert 'data-testid="user-active"' not in page
    response = client.post(reverse("accounts:user_active", args=[admin.pk]), {"active": "0"}, follow=True)
    admin.refresh_from_db()
    assert admin.is_active
    assert "message error" in response.content.decode()


def test_detail_page_resets_password_and_changes_role(users, units, client_for):
    client = client_for(users["system_admin"])
    worker = users["case_worker"]
    response = client.post(reverse("accounts:user_password_reset", args=[worker.pk]), {"method": "link"})
    assert 'data-testid="set-password-link"' in response.content.decode()
    worker.refresh_from_db()
    assert not worker.has_usable_password()
    client.post(reverse("accounts:user_assign", args=[worker.pk]), {"role": "analyst", "unit": units["dinsos"].pk})
    worker.refresh_from_db()
    assert (worker.role, worker.unit) == (Role.ANALYST, units["dinsos"])


def test_missing_user_is_not_found(users, client_for):
    assert client_for(users["system_admin"]).get(reverse("accounts:user_detail", args=[999999])).status_code == 404


def test_menu_and_profile_link_users_for_the_administrator(users, client_for):
    page = client_for(users["system_admin"]).get(reverse("accounts:profile")).content.decode()
    assert 'data-testid="menu-users"' in page and 'data-testid="users-link"' in page
    assert 'data-testid="header-password-link"' in page
    page = client_for(users["case_worker"]).get(reverse("accounts:profile")).content.decode()
    assert 'data-testid="menu-users"' not in page and 'data-testid="header-password-link"' in page
