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


def api_token_issue(*, actor, user: User, name: str) -> str:
    """Issue a bearer token for ``user``; the token is returned once and only its digest stored."""
    require_capability(actor, "accounts.manage")
    import hashlib
    import secrets

    from gugus.accounts.models import ApiToken

    token = "ggs_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        record = ApiToken.objects.create(
            user=user, name=name, prefix=token[4:12], digest=hashlib.sha256(token.encode()).hexdigest()
        )
        audit_record(actor=actor, action="api_token.issue", target=record, data={"user": user.username, "name": name})
    return token
