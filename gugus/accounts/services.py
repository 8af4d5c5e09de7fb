"""Writes to accounts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gugus.accounts.models import User
from gugus.accounts.roles import Role
from gugus.audit.services import audit_record
from gugus.core.errors import ValidationFailed
from gugus.organisations.jurisdiction import require_capability


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str | None,
    role: str,
    unit=None,
    task_force=None,
    email: str = "",
    full_name: str = "",
    validate: bool = True,
    must_change_password: bool = False,
) -> User:
    """Create a user in a unit with a role; the password must pass the validators.

    ``password=None`` leaves the account without a usable password (it is set through a link).
    """
    require_capability(actor, "accounts.manage")
    if role not in Role.values:
        raise ValidationFailed(_("Unknown role %(role)s.") % {"role": role}, field="role")
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(
            _("The username %(username)s is already taken.") % {"username": username}, field="username"
        )
    if role in (Role.SECRETARIAT_NATIONAL, Role.SECRETARIAT_REGIONAL) and task_force is None:
        raise ValidationFailed(_("A secretariat user must serve a task force."), field="task_force")
    user = User(
        username=username,
        role=role,
        unit=unit,
        task_force=task_force,
        email=email,
        must_change_password=must_change_password,
    )
    if full_name:
        user.first_name, _space, user.last_name = full_name.partition(" ")
    if password is None:
        user.set_unusable_password()
    else:
        if validate:
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise ValidationFailed(" ".join(error.messages), field="password") from error
        user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        action="user.create",
        target=user,
        data={"username": username, "role": role, "unit": unit.pk if unit else None,
              "task_force": task_force.pk if task_force else None},
    )  # fmt: skip
    return user


MAX_TOKEN_DAYS = 3650


def api_token_issue(*, actor, user: User, name: str, expires_days: int | None = None) -> str:
    """Issue a bearer token for ``user``; the token is returned once and only its digest stored.

    It expires after ``expires_days`` (default ``GUGUS_API_TOKEN_DAYS``, 90), 1 to 3,650 days.
    """
    require_capability(actor, "accounts.manage")
    import hashlib
    import secrets
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from gugus.accounts.models import ApiToken

    days = getattr(settings, "GUGUS_API_TOKEN_DAYS", 90) if expires_days is None else expires_days
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationFailed(
            _("A token lasts from 1 to %(max)s days.") % {"max": MAX_TOKEN_DAYS}, field="expires_days"
        )
    token = "ggs_" + secrets.token_urlsafe(32)
    expires_at = timezone.now() + timedelta(days=days)
    with transaction.atomic():
        record = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=token[4:12],
            digest=hashlib.sha256(token.encode()).hexdigest(),
            expires_at=expires_at,
        )
        audit_record(
            actor=actor,
            action="api_token.issue",
            target=record,
            data={"user": user.username, "name": name, "expires_at": expires_at.isoformat()},
        )
    return token


# --- Managing accounts in the application (issue 17) -------------------------------------------

SET_PASSWORD = "link"  # noqa: S105 (a method's name, not a password)
TEMPORARY_PASSWORD = "password"  # noqa: S105 (a method's name, not a password)
CREDENTIAL_METHODS = (TEMPORARY_PASSWORD, SET_PASSWORD)


@dataclass(frozen=True)
class Credential:
    """What the administrator hands over once: a temporary password or a set-password link (a path)."""

    user: User
    temporary_password: str = ""
    set_password_path: str = ""


def _temporary_password() -> str:
    # Four groups from an alphabet without look-alikes (0/O, 1/l/I): read out or copied once.
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


def _credential(user: User, method: str) -> Credential:
    """Give ``user`` a new credential (the caller saves and audits)."""
    if method == TEMPORARY_PASSWORD:
        password = _temporary_password()
        user.set_password(password)
        user.must_change_password = True
        return Credential(user=user, temporary_password=password)
    # The link is Django's password-reset confirmation: its token expires after
    # PASSWORD_RESET_TIMEOUT and dies as soon as the password changes or the user signs in.
    user.set_unusable_password()
    user.must_change_password = False
    return Credential(user=user)


def _set_password_path(user: User) -> str:
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def _check_method(method: str) -> None:
    if method not in CREDENTIAL_METHODS:
        raise ValidationFailed(_("Choose a temporary password or a set-password link."), field="method")


def _check_placement(actor, *, role: str, unit, task_force) -> None:
    from gugus.accounts.access import unit_in_reach
    from gugus.organisations.jurisdiction import reach_region, region_covers

    if role not in Role.values:
        raise ValidationFailed(_("Choose a role."), field="role")
    secretariat = role in (Role.SECRETARIAT_NATIONAL, Role.SECRETARIAT_REGIONAL)
    if role != Role.SYSTEM_ADMIN and unit is None and not secretariat:
        raise ValidationFailed(_("Choose the unit the user works in."), field="unit")
    if not unit_in_reach(actor, unit):
        raise ValidationFailed(_("This unit is outside your jurisdiction."), field="unit")
    if secretariat:
        if task_force is None:
            raise ValidationFailed(_("A secretariat user must serve a task force."), field="task_force")
        national = task_force.tier == "national"
        if (role == Role.SECRETARIAT_NATIONAL) != national:
            raise ValidationFailed(
                _("The national secretariat serves the national task force; a regional one a regional task force."),
                field="task_force",
            )
        if not region_covers(reach_region(actor), task_force.region_id):
            raise ValidationFailed(_("This task force is outside your jurisdiction."), field="task_force")


def _lock_for_change(actor, user: User) -> tuple[User, list[int]]:
    """Lock the active administrators (by id), then ``user``: one order for every change, so two
    administrators acting on each other at once wait for each other instead of deadlocking; the
    second sees the first's change (and is refused if it was deactivated meanwhile)."""
    from gugus.core.errors import PermissionDenied

    administrators = list(
        User.objects.select_for_update()
        .filter(role=Role.SYSTEM_ADMIN, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    locked = User.objects.select_for_update().get(pk=user.pk)
    if getattr(actor, "pk", None) and not User.objects.filter(pk=actor.pk, is_active=True, role=actor.role).exists():
        raise PermissionDenied(_("Your role does not allow this."))
    return locked, administrators


def _refuse_losing_last_administrator(user: User, administrators: list[int]) -> None:
    if administrators == [user.pk]:
        raise ValidationFailed(
            _("%(username)s is the last active system administrator; make another one first.")
            % {"username": user.username},
            field="role",
        )


@transaction.atomic
def user_invite(
    *,
    actor,
    username: str,
    role: str,
    unit=None,
    task_force=None,
    email: str = "",
    full_name: str = "",
    method: str = TEMPORARY_PASSWORD,
) -> Credential:
    """Create an account with a one-time temporary password (changed at first sign-in) or a set-password link."""
    require_capability(actor, "accounts.manage")
    username = (username or "").strip()
    if not username:
        raise ValidationFailed(_("Give a username."), field="username")
    _check_method(method)
    if task_force is not None and role not in (Role.SECRETARIAT_NATIONAL, Role.SECRETARIAT_REGIONAL):
        task_force = None  # only secretariat users serve a task force
    _check_placement(actor, role=role, unit=unit, task_force=task_force)
    user = user_create(
        actor=actor, username=username, password=None, role=role, unit=unit, task_force=task_force,
        email=(email or "").strip(), full_name=(full_name or "").strip(),
    )  # fmt: skip
    credential = _credential(user, method)
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=actor, action="user.credential_issue", target=user, data={"method": method})
    if method == SET_PASSWORD:
        return Credential(user=user, set_password_path=_set_password_path(user))
    return credential


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> User:
    """Deactivate or reactivate an account; never one's own, never the last active administrator."""
    require_capability(actor, "accounts.manage")
    from gugus.accounts.access import access_user

    user = access_user(actor, user.pk)
    user, administrators = _lock_for_change(actor, user)
    if user.is_active == active:
        return user
    if not active:
        if user.pk == getattr(actor, "pk", None):
            raise ValidationFailed(_("You cannot deactivate your own account."), field="active")
        if user.role == Role.SYSTEM_ADMIN:
            _refuse_losing_last_administrator(user, administrators)
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        # Sessions end by themselves (an inactive user no longer authenticates); tokens too, but
        # revoking them says so on the token list.
        from django.utils import timezone

        from gugus.accounts.models import ApiToken

        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit_record(actor=actor, action="user.activate" if active else "user.deactivate", target=user, data={})
    return user


@transaction.atomic
def user_assign(*, actor, user: User, role: str, unit=None, task_force=None) -> User:
    """Change an account's role, unit and task force; never demote the last active administrator."""
    require_capability(actor, "accounts.manage")
    from gugus.accounts.access import access_user

    user = access_user(actor, user.pk)
    user, administrators = _lock_for_change(actor, user)
    if task_force is not None and role not in (Role.SECRETARIAT_NATIONAL, Role.SECRETARIAT_REGIONAL):
        task_force = None
    _check_placement(actor, role=role, unit=unit, task_force=task_force)
    before = {"role": user.role, "unit": user.unit_id, "task_force": user.task_force_id}
    after = {"role": role, "unit": unit.pk if unit else None, "task_force": task_force.pk if task_force else None}
    if before == after:
        return user
    if user.role == Role.SYSTEM_ADMIN and role != Role.SYSTEM_ADMIN and user.is_active:
        _refuse_losing_last_administrator(user, administrators)
    user.role, user.unit, user.task_force = role, unit, task_force
    user.save(update_fields=["role", "unit", "task_force"])
    audit_record(actor=actor, action="user.assign", target=user, data={"from": before, "to": after})
    return user


@transaction.atomic
def user_password_reset(*, actor, user: User, method: str = TEMPORARY_PASSWORD) -> Credential:
    """Replace an account's password by a temporary one (changed at next sign-in) or a set-password link."""
    require_capability(actor, "accounts.manage")
    from gugus.accounts.access import access_user

    _check_method(method)
    user = access_user(actor, user.pk)
    user = User.objects.select_for_update().get(pk=user.pk)
    credential = _credential(user, method)
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=actor, action="user.password_reset", target=user, data={"method": method})
    if method == SET_PASSWORD:
        return Credential(user=user, set_password_path=_set_password_path(user))
    return credential


def user_password_changed(*, user: User) -> None:
    """The user chose their own password: the temporary one no longer binds them."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


def api_token_revoke(*, actor, token) -> bool:
    """Revoke ``token``: its owner or an administrator (``accounts.manage``). False when already revoked."""
    from django.utils import timezone

    from gugus.accounts.models import ApiToken
    from gugus.accounts.roles import has_capability
    from gugus.core.errors import PermissionDenied

    own = getattr(actor, "pk", None) is not None and actor.pk == token.user_id
    if not own and not has_capability(actor, "accounts.manage"):
        raise PermissionDenied(_("Only the token's owner or an administrator may revoke it."))
    with transaction.atomic():
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if changed:
            audit_record(
                actor=actor,
                action="api_token.revoke",
                target=token,
                data={"user": token.user.username, "name": token.name, "prefix": token.prefix},
            )
    token.refresh_from_db(fields=["revoked_at"])
    return bool(changed)
