"""Writes to accounts."""

from __future__ import annotations

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
    password: str,
    role: str,
    unit=None,
    task_force=None,
    email: str = "",
    full_name: str = "",
    validate: bool = True,
) -> User:
    """Create a user in a unit with a role; the password must pass the validators."""
    require_capability(actor, "accounts.manage")
    if role not in Role.values:
        raise ValidationFailed(_("Unknown role %(role)s.") % {"role": role}, field="role")
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(
            _("The username %(username)s is already taken.") % {"username": username}, field="username"
        )
    if role in (Role.SECRETARIAT_NATIONAL, Role.SECRETARIAT_REGIONAL) and task_force is None:
        raise ValidationFailed(_("A secretariat user must serve a task force."), field="task_force")
    user = User(username=username, role=role, unit=unit, task_force=task_force, email=email)
    if full_name:
        user.first_name, _space, user.last_name = full_name.partition(" ")
    if validate:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationFailed(" ".join(error.messages), field="password") from error
    user.set_password(password)
    user.save()
    audit_record(actor=actor, action="user.create", target=user, data={"username": username, "role": role})
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
