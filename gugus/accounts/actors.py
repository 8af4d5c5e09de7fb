"""The explicit system actor: who acts when no person does (commands, the demo loader, schedulers).

Services never accept ``actor=None``: a person passes themselves, and code that runs without a
person (``gugus referrals escalate``, ``gugus demo``, a fixture) passes ``system_actor("...")``,
which says in the audit log which part of the system acted. The system actor holds every
capability and sees the whole country; it exists only in-process, never comes from a request or a
token, and is not a row in the users table (its audit entries carry no user id).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SystemActor:
    """The system acting for ``purpose`` (e.g. "command:users create", "demo", "fixtures")."""

    purpose: str = "system"

    # The attributes code reads off a user, answered for a non-person: no row, no unit, no role.
    pk = None
    id = None
    unit_id = None
    unit = None
    task_force_id = None
    task_force = None
    role = ""
    email = ""
    is_active = True
    is_authenticated = True
    is_staff = False
    is_superuser = False

    @property
    def username(self) -> str:
        return f"system:{self.purpose}"

    def __str__(self) -> str:
        return self.username


def system_actor(purpose: str = "system") -> SystemActor:
    """The system actor for ``purpose``; pass it as ``actor=`` where no person acts."""
    return SystemActor(purpose=str(purpose or "system")[:100])


def is_system(actor) -> bool:
    """True for the system actor (and only for it)."""
    return isinstance(actor, SystemActor)


def require_actor(actor) -> None:
    """Refuse ``actor=None`` (and anything that is neither a user nor the system actor)."""
    from gugus.core.errors import PermissionDenied

    if actor is None:
        raise PermissionDenied("A service needs an actor: a signed-in user or system_actor(...).")
    if not is_system(actor) and not getattr(actor, "pk", None):
        raise PermissionDenied("A service needs an actor: a signed-in user or system_actor(...).")
