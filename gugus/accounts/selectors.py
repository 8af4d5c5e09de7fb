"""Reads of accounts: the administrator's list of users."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gugus.accounts.access import users_visible_to
from gugus.accounts.models import User
from gugus.accounts.roles import Role

PAGE_SIZE = 100


def users_list(actor, *, query: str = "", role: str = "", active: str = "") -> QuerySet[User]:
    """The accounts ``actor`` manages, filtered by name, role and state; unit, agency and task force joined."""
    users = users_visible_to(actor).select_related("unit", "unit__agency", "task_force")
    query = (query or "").strip()[:100]
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(unit__name__icontains=query)
        )
    if role in Role.values:
        users = users.filter(role=role)
    if active == "yes":
        users = users.filter(is_active=True)
    elif active == "no":
        users = users.filter(is_active=False)
    return users.order_by("username")


def users_page(actor, *, query: str = "", role: str = "", active: str = "", limit: int = PAGE_SIZE + 1) -> list[User]:
    """``users_list`` cut at ``limit``, the read of names and addresses recorded (``user_list``): the
    administrator's page and its API twin."""
    from gugus.audit.reads import read_record

    users = list(users_list(actor, query=query, role=role, active=active)[:limit])
    read_record(actor=actor, target=("accounts.user", "list"), purpose="user_list")
    return users


def user_page(actor, user_id) -> User:
    """One account ``actor`` manages (NotFound as ``access_user``); the read recorded (``user``)."""
    from gugus.accounts.access import access_user
    from gugus.audit.reads import read_record

    user = access_user(actor, user_id)
    read_record(actor=actor, target=user, purpose="user")
    return user
