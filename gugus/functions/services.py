"""Writes to the function catalogue and the authority matrix; every change is audited."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction

from gugus.audit.services import audit_record
from gugus.core.errors import ValidationFailed
from gugus.functions.catalogue import CATALOGUE
from gugus.functions.models import FUNCTION_CODE_PATTERN, Assignment, Function
from gugus.organisations.jurisdiction import require_capability, require_task_force_editable
from gugus.organisations.models import Agency, StructureVersion, Tier

_TIER_LETTERS = {"N": "at_national", "P": "at_province", "R": "at_regency"}
_EDITABLE_FIELDS = (
    "name_id",
    "name_en",
    "description",
    "legal_basis",
    "at_national",
    "at_province",
    "at_regency",
    "position",
    "active",
)


def _validate_function_fields(*, code: str, name_id: str, name_en: str, parent: Function | None) -> None:
    if not re.match(FUNCTION_CODE_PATTERN, code or ""):
        raise ValidationFailed("the code must be lower-case words joined by _ and dots", field="code")
    if not (name_id or "").strip():
        raise ValidationFailed("the name in Bahasa Indonesia is required", field="name_id")
    if not (name_en or "").strip():
        raise ValidationFailed("the name in English is required", field="name_en")
    if parent is not None and not code.startswith(parent.code + "."):
        raise ValidationFailed("a sub-function's code starts with its parent's code and a dot", field="code")


@transaction.atomic
def function_create(
    *,
    actor,
    code: str,
    name_id: str,
    name_en: str,
    parent: Function | None = None,
    description: str = "",
    legal_basis: str = "",
    at_national: bool = True,
    at_province: bool = True,
    at_regency: bool = True,
    position: int = 0,
) -> Function:
    """Add a function to the catalogue."""
    require_capability(actor, "functions.edit")
    code = (code or "").strip()
    _validate_function_fields(code=code, name_id=name_id, name_en=name_en, parent=parent)
    if Function.objects.filter(code=code).exists():
        raise ValidationFailed(f"function code {code} is taken", field="code")
    if parent is not None and parent.assignments.exists():
        raise ValidationFailed("the parent already carries assignments; it cannot become a group", field="parent")
    function = Function.objects.create(
        code=code,
        parent=parent,
        name_id=name_id.strip(),
        name_en=name_en.strip(),
        description=description,
        legal_basis=legal_basis,
        at_national=at_national,
        at_province=at_province,
        at_regency=at_regency,
        position=position,
    )
    audit_record(actor=actor, action="function.create", target=function, data={"code": code})
    return function


@transaction.atomic
def function_update(*, actor, function: Function, **changes) -> Function:
    """Change a function's names, description, legal basis, tiers, position or active flag (not its code)."""
    require_capability(actor, "functions.edit")
    unknown = set(changes) - set(_EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(f"cannot change {', '.join(sorted(unknown))}", field=sorted(unknown)[0])
    function = Function.objects.select_for_update().get(pk=function.pk)
    merged = {f: changes.get(f, getattr(function, f)) for f in _EDITABLE_FIELDS}
    _validate_function_fields(code=function.code, name_id=merged["name_id"], name_en=merged["name_en"], parent=None)
    changed = [f for f in _EDITABLE_FIELDS if merged[f] != getattr(function, f)]
    if not changed:
        return function
    for name in changed:
        setattr(function, name, merged[name])
    function.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        action="function.update",
        target=function,
        data={"code": function.code, "changed": {f: merged[f] for f in changed}},
    )
    return function


@transaction.atomic
def catalogue_load(*, actor) -> dict[str, int]:
    """Seed the catalogue with the shipped functions; existing codes are left as edited."""
    require_capability(actor, "functions.edit")
    existing = {f.code: f for f in Function.objects.all()}
    created = 0
    for position, (code, parent_code, name_id, name_en, tiers, legal_basis, description) in enumerate(CATALOGUE):
        if code in existing:
            continue
        flags = {field: letter in tiers for letter, field in _TIER_LETTERS.items()}
        existing[code] = Function.objects.create(
            code=code,
            parent=existing[parent_code] if parent_code else None,
            name_id=name_id,
            name_en=name_en,
            description=description,
            legal_basis=legal_basis,
            position=(position + 1) * 10,
            **flags,
        )
        created += 1
    if created:
        audit_record(actor=actor, action="functions.catalogue_load", data={"created": created})
    return {"created": created, "total": len(CATALOGUE)}


def _require_draft(structure: StructureVersion) -> None:
    if structure.status != StructureVersion.Status.DRAFT:
        raise ValidationFailed(
            "only a draft structure can be changed; regulations in force are fixed", field="structure"
        )


@transaction.atomic
def assignment_add(
    *,
    actor,
    structure: StructureVersion,
    function: Function,
    agency: Agency,
    tier: str,
    responsibility: str,
    legal_basis: str = "",
    note: str = "",
    allow_fixed: bool = False,
) -> Assignment:
    """Give ``agency`` a RACI letter for ``function`` at ``tier`` in a structure (drafts only)."""
    require_task_force_editable(actor, structure.task_force_id, "functions.edit")
    from gugus.organisations.services import structure_require_editable

    structure_require_editable(actor, structure)  # a regional structure: its own secretariat only
    if not allow_fixed:
        _require_draft(structure)
    if tier not in Tier.values:
        raise ValidationFailed(f"unknown tier {tier}", field="tier")
    if responsibility not in Assignment.Responsibility.values:
        raise ValidationFailed(f"unknown responsibility {responsibility}; use R, A, C or I", field="responsibility")
    if not function.active:
        raise ValidationFailed(f"function {function.code} is retired", field="function")
    if function.children.exists():
        raise ValidationFailed(
            f"{function.code} groups other functions; assign its sub-functions instead", field="function"
        )
    if tier not in function.tiers:
        raise ValidationFailed(f"{function.code} does not apply at the {tier} tier", field="tier")
    duplicate = Assignment.objects.filter(
        structure=structure, function=function, tier=tier, agency=agency, responsibility=responsibility
    )
    if duplicate.exists():
        raise ValidationFailed(f"{agency} already holds {responsibility} for {function.code} at {tier}", field="agency")
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                structure=structure,
                function=function,
                agency=agency,
                tier=tier,
                responsibility=responsibility,
                legal_basis=legal_basis,
                note=note,
            )
    except IntegrityError as error:  # a concurrent add of the same letter
        raise ValidationFailed("this assignment exists already", field="agency") from error
    audit_record(
        actor=actor,
        action="assignment.add",
        target=assignment,
        data={
            "structure": structure.key,
            "function": function.code,
            "agency": agency.abbreviation,
            "tier": tier,
            "responsibility": responsibility,
        },
    )
    return assignment


@transaction.atomic
def assignment_remove(*, actor, assignment: Assignment) -> None:
    """Remove one RACI letter from a draft structure."""
    from gugus.organisations.services import structure_require_editable

    assignment = Assignment.objects.select_related("structure", "function", "agency").get(pk=assignment.pk)
    require_task_force_editable(actor, assignment.structure.task_force_id, "functions.edit")
    structure_require_editable(actor, assignment.structure)
    _require_draft(assignment.structure)
    audit_record(
        actor=actor,
        action="assignment.remove",
        target=assignment,
        data={
            "structure": assignment.structure.key,
            "function": assignment.function.code,
            "agency": assignment.agency.abbreviation,
            "tier": assignment.tier,
            "responsibility": assignment.responsibility,
        },
    )
    assignment.delete()


@transaction.atomic
def assignments_copy(*, actor, source: StructureVersion, target: StructureVersion) -> int:
    """Copy every assignment of ``source`` into the draft ``target`` (letters it already has are kept)."""
    require_task_force_editable(actor, target.task_force_id, "functions.edit")
    _require_draft(target)
    if source.pk == target.pk:
        raise ValidationFailed("a structure cannot be copied onto itself", field="source")
    have = set(target.assignments.values_list("function_id", "tier", "agency_id", "responsibility"))
    new_rows = [
        Assignment(
            structure=target,
            function_id=a.function_id,
            agency_id=a.agency_id,
            tier=a.tier,
            responsibility=a.responsibility,
            legal_basis=a.legal_basis,
            note=a.note,
        )
        for a in source.assignments.all()
        if (a.function_id, a.tier, a.agency_id, a.responsibility) not in have
    ]
    Assignment.objects.bulk_create(new_rows)
    audit_record(
        actor=actor,
        action="assignments.copy",
        target=target,
        data={"source": source.key, "target": target.key, "copied": len(new_rows)},
    )
    return len(new_rows)
