"""Accounts endpoints for the system administrator: thin twins of the account pages (issue 17).

The same services as the pages (``gugus.accounts.services``) and the same scope
(``gugus.accounts.access``); a credential is in the answer once and nowhere else.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router, Schema

from gugus.accounts import access, selectors, services
from gugus.api.auth import require
from gugus.api.capabilities import capability
from gugus.api.params import Id
from gugus.core.errors import ValidationFailed

router = Router(tags=["accounts"])


class UserOut(Schema):
    id: int
    username: str
    name: str
    role: str
    role_label: str
    unit_id: int | None
    unit: str
    task_force_id: int | None
    task_force: str
    active: bool
    must_change_password: bool
    last_login: dt.datetime | None


class UserIn(Schema):
    username: str
    role: str
    unit_id: int | None = None
    task_force_id: int | None = None
    email: str = ""
    full_name: str = ""
    method: str = services.TEMPORARY_PASSWORD


class AssignIn(Schema):
    role: str
    unit_id: int | None = None
    task_force_id: int | None = None


class ActiveIn(Schema):
    active: bool


class MethodIn(Schema):
    method: str = services.TEMPORARY_PASSWORD


class CredentialOut(Schema):
    user: UserOut
    temporary_password: str
    set_password_url: str


def _out(user) -> UserOut:
    return UserOut(
        id=user.pk, username=user.username, name=user.get_full_name(), role=user.role,
        role_label=str(user.get_role_display()), unit_id=user.unit_id, unit=user.unit.name if user.unit else "",
        task_force_id=user.task_force_id, task_force=user.task_force.name if user.task_force else "",
        active=user.is_active, must_change_password=user.must_change_password, last_login=user.last_login,
    )  # fmt: skip


def _placement(user, unit_id, task_force_id):
    unit = task_force = None
    if unit_id is not None:
        unit = access.units_assignable_by(user).filter(pk=unit_id).first()
        if unit is None:
            raise ValidationFailed(_("This unit is outside your jurisdiction."), field="unit_id")
    if task_force_id is not None:
        task_force = access.task_forces_assignable_by(user).filter(pk=task_force_id).first()
        if task_force is None:
            raise ValidationFailed(_("This task force is outside your jurisdiction."), field="task_force_id")
    return unit, task_force


def _credential(request, credential) -> CredentialOut:
    user = access.access_user(request.auth, credential.user.pk)
    path = credential.set_password_path
    return CredentialOut(
        user=_out(user),
        temporary_password=credential.temporary_password,
        set_password_url=request.build_absolute_uri(path) if path else "",
    )


@router.get("/users", response=list[UserOut])
@capability("accounts.manage")
def list_users(request, q: str = "", role: str = "", active: str = ""):
    """The accounts the caller manages (at most 500), by username."""
    user = require(request, "accounts.manage")
    return [_out(u) for u in selectors.users_page(user, query=q, role=role, active=active, limit=500)]


@router.post("/users", response=CredentialOut)
@capability("accounts.manage")
def create_user(request, payload: UserIn):
    """Create an account; the temporary password or set-password link is in this answer only."""
    user = require(request, "accounts.manage")
    unit, task_force = _placement(user, payload.unit_id, payload.task_force_id)
    credential = services.user_invite(
        actor=user, username=payload.username, role=payload.role, unit=unit, task_force=task_force,
        email=payload.email, full_name=payload.full_name, method=payload.method,
    )  # fmt: skip
    return _credential(request, credential)


@router.post("/users/{user_id}/assign", response=UserOut)
@capability("accounts.manage")
def assign_user(request, user_id: Id, payload: AssignIn):
    user = require(request, "accounts.manage")
    managed = access.access_user(user, user_id)
    unit, task_force = _placement(user, payload.unit_id, payload.task_force_id)
    services.user_assign(actor=user, user=managed, role=payload.role, unit=unit, task_force=task_force)
    return _out(access.access_user(user, user_id))


@router.post("/users/{user_id}/active", response=UserOut)
@capability("accounts.manage")
def set_user_active(request, user_id: Id, payload: ActiveIn):
    user = require(request, "accounts.manage")
    managed = access.access_user(user, user_id)
    services.user_set_active(actor=user, user=managed, active=payload.active)
    return _out(access.access_user(user, user_id))


@router.post("/users/{user_id}/password", response=CredentialOut)
@capability("accounts.manage")
def reset_user_password(request, user_id: Id, payload: MethodIn):
    user = require(request, "accounts.manage")
    managed = access.access_user(user, user_id)
    return _credential(request, services.user_password_reset(actor=user, user=managed, method=payload.method))
