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
