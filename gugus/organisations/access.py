"""Who may change which structure: the secretariat of its task force's tier, never one below it.

Reading the organisation register (regions, agencies, units, task forces, structures) is public to
every role with ``organisations.view``; changing a task force's structure is scoped by tier
(``gugus.organisations.jurisdiction.task_forces_editable_by``): a provincial secretariat edits
its province's structures and those of its regencies, never the national one. "Not found" and
"not allowed" look the same.
"""

from __future__ import annotations

from django.db.models import QuerySet

from gugus.core.errors import NotFound
from gugus.organisations.jurisdiction import task_forces_editable_by
from gugus.organisations.models import Membership, StructureVersion


def structures_editable_by(user) -> QuerySet[StructureVersion]:
    """Structures of the task forces whose organisation ``user`` may edit."""
    return StructureVersion.objects.filter(task_force__in=task_forces_editable_by(user, "organisations.edit"))


def access_structure_for_edit(user, structure_id) -> StructureVersion:
    """The structure, if ``user`` may change it; NotFound otherwise."""
    try:
        pk = int(structure_id)
    except (TypeError, ValueError):
        raise NotFound("No such structure.") from None
    structure = structures_editable_by(user).select_related("task_force").filter(pk=pk).first()
    if structure is None:
        raise NotFound("No such structure.")
    return structure


def access_membership_for_edit(user, membership_id) -> Membership:
    """A membership of a structure ``user`` may change; NotFound otherwise."""
    try:
        pk = int(membership_id)
    except (TypeError, ValueError):
        raise NotFound("No such membership.") from None
    membership = (
        Membership.objects.filter(structure__in=structures_editable_by(user), pk=pk).select_related("structure").first()
    )
    if membership is None:
        raise NotFound("No such membership.")
    return membership
