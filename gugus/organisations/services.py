"""Writes to the organisation registry: reference data, units, task forces, structures."""

from __future__ import annotations

import csv
import datetime as dt
from importlib import resources

import pycountry
from django.db import transaction
from django.utils.translation import gettext as _

from gugus.accounts.actors import is_system
from gugus.accounts.roles import Role
from gugus.audit.services import audit_record
from gugus.core.errors import NotFound, ValidationFailed
from gugus.organisations.jurisdiction import (
    oversight_region,
    region_covers,
    require_capability,
    require_task_force_editable,
)
from gugus.organisations.models import (
    Agency,
    AgencySuccession,
    AgencyUnit,
    Membership,
    Region,
    StructureVersion,
    TaskForce,
    Tier,
)

# The Kabinet Merah Putih took office on 21 October 2024; the renames and splits of that
# year date from then.
CABINET_2024 = dt.date(2024, 10, 21)


def _read_csv(name: str) -> list[dict[str, str]]:
    with resources.files("gugus.organisations.data").joinpath(name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def regions_load(*, actor) -> dict[str, int]:
    """Load every Kemendagri region shipped with Gugus; running it again changes nothing."""
    require_capability(actor, "organisations.edit")
    rows = _read_csv("regions.csv")
    existing = {r.code: (r.name, r.level, r.parent_id) for r in Region.objects.all()}
    created = updated = 0
    new_rows = []
    # Parents come before children in code order, so one sorted pass satisfies the foreign keys.
    for row in sorted(rows, key=lambda r: (len(r["code"]), r["code"])):
        values = (row["name"], row["level"], row["parent_code"] or None)
        current = existing.get(row["code"])
        if current == values:
            continue
        if current is None:
            new_rows.append(Region(code=row["code"], name=values[0], level=values[1], parent_id=values[2]))
            created += 1
        else:
            Region.objects.filter(code=row["code"]).update(name=values[0], level=values[1], parent_id=values[2])
            updated += 1
    Region.objects.bulk_create(new_rows, batch_size=2000)
    if created or updated:
        audit_record(actor=actor, action="regions.load", data={"created": created, "updated": updated})
    return {"created": created, "updated": updated, "total": len(rows)}


def _agency_kind(abbreviation: str, official_name: str) -> str:
    special = {
        "Polri": Agency.Kind.POLICE,
        "Kejaksaan RI": Agency.Kind.PROSECUTION,
        "TNI": Agency.Kind.MILITARY,
        "KSP": Agency.Kind.PRESIDENTIAL_OFFICE,
    }
    if abbreviation in special:
        return special[abbreviation]
    if official_name.startswith("Kementerian Koordinator"):
        return Agency.Kind.COORDINATING_MINISTRY
    if official_name.startswith("Kementerian"):
        return Agency.Kind.MINISTRY
    if official_name.startswith(("Dinas", "Pemerintah Daerah")):
        return Agency.Kind.REGIONAL_GOVERNMENT
    return Agency.Kind.AGENCY


def _succession_rows() -> dict[tuple[str, str], dict[str, str]]:
    """Renames and splits with their exact date and legal basis (``agency_successions.csv``)."""
    return {(row["predecessor"], row["successor"]): row for row in _read_csv("agency_successions.csv")}


@transaction.atomic
def agencies_load(*, actor) -> dict[str, int]:
    """Load the shipped agencies, their aliases and their renames, splits and merges; idempotent.

    ``agencies.csv`` (the reference list) says who succeeded whom; ``agency_successions.csv``
    adds the exact date and legal basis of each step, with its source and whether it is
    uncertain; ``agency_provenance.csv`` gives the notes shown to users. An agency's validity
    comes from those dated steps only: a year alone is never turned into 1 January. Values the
    secretariat has filled in are kept.
    """
    require_capability(actor, "organisations.edit")
    rows = _read_csv("agencies.csv") + _read_csv("agencies_extra.csv")
    provenance = {row["abbreviation"]: row for row in _read_csv("agency_provenance.csv")}
    aliases: dict[str, list[str]] = {}
    for row in _read_csv("agency_aliases.csv"):
        aliases.setdefault(row["abbreviation"], []).append(row["alias"].strip())
    dated = _succession_rows()
    by_abbreviation = {a.abbreviation: a for a in Agency.objects.all()}
    created = 0
    for row in rows:
        override = provenance.get(row["abbreviation"])
        note = (override["note"] if override else row["note"]).strip()
        fields = {
            "official_name": row["official_name"].strip(),
            "kind": _agency_kind(row["abbreviation"], row["official_name"]),
            "role_in_tppo": ((override and override["role_in_tppo"]) or row["role_in_tppo"]).strip(),
            "note": note,
            "uncertain": override["uncertain"] == "1" if override else bool(note),
            "aliases": "\n".join(aliases.get(row["abbreviation"], [])),
        }
        # Formed by Perpres 139/2024 with no predecessor in the list (Kemenko PM): the cabinet's date.
        if row["since_year"].strip() == "2024" and row["status"] == "current":
            fields["valid_from"] = CABINET_2024
        agency = by_abbreviation.get(row["abbreviation"])
        if agency is None:
            agency = Agency.objects.create(abbreviation=row["abbreviation"], **fields)
            by_abbreviation[agency.abbreviation] = agency
            created += 1
        elif fields["aliases"] and not agency.aliases:
            agency.aliases = fields["aliases"]
            agency.save(update_fields=["aliases"])
    pairs: dict[tuple[str, str], str] = {}
    for row in rows:
        successors = [s.strip() for s in row["successor_abbreviations"].split(";") if s.strip()]
        for name in successors:
            pairs[(row["abbreviation"], name)] = (
                AgencySuccession.Kind.SPLIT if len(successors) > 1 else AgencySuccession.Kind.RENAMED
            )
    for key, row in dated.items():
        pairs[key] = row["kind"]
    successions = 0
    for (predecessor_name, successor_name), kind in pairs.items():
        missing = [n for n in (predecessor_name, successor_name) if n not in by_abbreviation]
        if missing:
            raise ValidationFailed(
                f"{predecessor_name} → {successor_name}: unknown agency {', '.join(missing)}",
                field="successor_abbreviations",
            )
        predecessor, successor = by_abbreviation[predecessor_name], by_abbreviation[successor_name]
        row = dated.get((predecessor_name, successor_name), {})
        on = dt.date.fromisoformat(row["on"]) if row.get("on") else None
        step, made = AgencySuccession.objects.get_or_create(
            predecessor=predecessor,
            successor=successor,
            defaults={
                "kind": kind,
                "on": on,
                "legal_basis": row.get("legal_basis", ""),
                "source": row.get("source", ""),
                "uncertain": row.get("uncertain") == "1" or on is None,
                "note": row.get("note", ""),
            },
        )
        successions += made
        if not made and step.on is None and on is not None:
            step.on, step.legal_basis, step.source = on, row.get("legal_basis", ""), row.get("source", "")
            step.uncertain, step.note = row.get("uncertain") == "1", row.get("note", "")
            step.save(update_fields=["on", "legal_basis", "source", "uncertain", "note"])
        if step.on and predecessor.valid_to is None:
            predecessor.valid_to = step.on - dt.timedelta(days=1)
            predecessor.save(update_fields=["valid_to"])
        if step.on and successor.valid_from is None:
            successor.valid_from = step.on
            successor.save(update_fields=["valid_from"])
    if created or successions:
        audit_record(actor=actor, action="agencies.load", data={"created": created, "successions": successions})
    return {"created": created, "successions": successions, "total": len(rows)}


@transaction.atomic
def unit_create(
    *, actor, code: str, agency: Agency, name: str, kind: str, region: Region | None = None, country: str = ""
) -> AgencyUnit:
    """Create an agency unit in a region or abroad."""
    require_capability(actor, "organisations.edit")
    if AgencyUnit.objects.filter(code=code).exists():
        raise ValidationFailed(_("Unit code %(code)s is already taken.") % {"code": code}, field="code")
    national = kind in (AgencyUnit.Kind.HEADQUARTERS, AgencyUnit.Kind.SECRETARIAT)
    if region and country:
        raise ValidationFailed(_("A unit is either in a region or abroad, not both."), field="country")
    if not region and not country and not national:
        raise ValidationFailed(_("A regional unit needs a region; a unit abroad needs a country."), field="region")
    if country and not pycountry.countries.get(alpha_2=country.upper()):
        raise ValidationFailed(_("Unknown country code %(code)s.") % {"code": country}, field="country")
    unit = AgencyUnit.objects.create(
        code=code, agency=agency, name=name, kind=kind, region=region, country=country.upper()
    )
    audit_record(actor=actor, action="unit.create", target=unit, data={"code": code, "agency": agency.abbreviation})
    return unit


@transaction.atomic
def task_force_create(
    *, actor, tier: str, region: Region | None, name: str, legal_basis: str = "", formed_on: dt.date | None = None
) -> TaskForce:
    """Record that a task force was formed at a tier (within the actor's own region, below its tier)."""
    require_capability(actor, "organisations.edit")
    expected_level = {Tier.NATIONAL: None, Tier.PROVINCE: Region.Level.PROVINCE, Tier.REGENCY: Region.Level.REGENCY}
    if tier not in expected_level:
        raise ValidationFailed(_("Unknown tier %(tier)s.") % {"tier": tier}, field="tier")
    if (region.level if region else None) != expected_level[tier]:
        raise ValidationFailed(_("The region does not match the tier."), field="region")
    if not _may_form(actor, tier, region):
        raise NotFound("Task force not found.")
    if TaskForce.objects.filter(tier=tier, region=region).exists():
        raise ValidationFailed(_("This region already has a task force."), field="region")
    task_force = TaskForce.objects.create(
        tier=tier, region=region, name=name, legal_basis=legal_basis, formed_on=formed_on
    )
    audit_record(actor=actor, action="task_force.create", target=task_force, data={"tier": tier})
    return task_force


@transaction.atomic
def structure_create(
    *,
    actor,
    task_force: TaskForce,
    key: str,
    name: str,
    status: str,
    regulation: str = "",
    effective_from: dt.date | None = None,
    effective_to: dt.date | None = None,
    based_on: StructureVersion | None = None,
    note: str = "",
    signed_on: dt.date | None = None,
    source: str = "",
) -> StructureVersion:
    """Create a structure version (a regulation's or a draft's), with the day its regulation was
    signed and the source of that date and of its members."""
    require_task_force_editable(actor, task_force.pk, "organisations.edit")
    # A province's or regency's structure is its own secretariat's, not the one above it.
    structure_require_editable(actor, StructureVersion(task_force=task_force))
    if StructureVersion.objects.filter(task_force=task_force, key=key).exists():
        raise ValidationFailed(_("A structure with the key %(key)s already exists.") % {"key": key}, field="key")
    if status == StructureVersion.Status.IN_FORCE:
        StructureVersion.objects.filter(task_force=task_force, status=StructureVersion.Status.IN_FORCE).update(
            status=StructureVersion.Status.HISTORICAL
        )
    structure = StructureVersion.objects.create(
        task_force=task_force,
        key=key,
        name=name,
        status=status,
        regulation=regulation,
        effective_from=effective_from,
        effective_to=effective_to,
        based_on=based_on,
        note=note,
        signed_on=signed_on,
        source=source,
    )
    audit_record(actor=actor, action="structure.create", target=structure, data={"key": key, "status": status})
    return structure


def _may_form(actor, tier: str, region: Region | None) -> bool:
    """A task force is formed by the system, the system administrator, or the secretariat above it."""
    if is_system(actor) or getattr(actor, "role", "") == Role.SYSTEM_ADMIN:
        return True
    above = oversight_region(actor)
    if above is None or tier == Tier.NATIONAL or region is None:
        return False
    return region_covers(above, region.code) and region.code != above


def structure_require_editable(actor, structure: StructureVersion) -> None:
    """A regional task force's structure is edited by its own secretariat only (the rule lives in
    ``gugus.meetings.access.structure_editable_by``, with the other task-force scopes)."""
    from gugus.meetings.access import structure_editable_by

    if actor is not None and not structure_editable_by(actor, structure):
        raise NotFound(_("Structure not found."))


def sub_task_force_add(*, actor, structure: StructureVersion, code: str, name: str, allow_fixed: bool = False):
    """Add a sub-task-force (sub gugus tugas) to a structure."""
    from gugus.organisations.models import SubTaskForce

    structure_require_editable(actor, structure)
    if not allow_fixed:
        _require_draft(structure)
    if not name.strip():
        raise ValidationFailed(_("A sub-task-force needs a name."), field="name")
    if SubTaskForce.objects.filter(structure=structure, code=code).exists():
        raise ValidationFailed(_("A sub-task-force with this code exists."), field="code")
    sub = SubTaskForce.objects.create(structure=structure, code=code, name=name.strip())
    audit_record(actor=actor, action="sub_task_force.add", target=sub, data={"structure": structure.key, "code": code})
    return sub


def _require_draft(structure: StructureVersion) -> None:
    if structure.status != StructureVersion.Status.DRAFT:
        raise ValidationFailed(
            _("Only a draft structure can be changed; the structure of a regulation is fixed."), field="structure"
        )


@transaction.atomic
def membership_add(
    *,
    actor,
    structure: StructureVersion,
    agency: Agency,
    position: str,
    since=None,
    legal_basis: str = "",
    illustrative: bool = False,
    sub_task_force=None,
    allow_fixed: bool = False,
    unit: AgencyUnit | None = None,
) -> Membership:
    """Add an agency to a structure in a position."""
    require_task_force_editable(actor, structure.task_force_id, "organisations.edit")
    """Add an agency (in a regional task force: one of its units in the region) to a structure."""
    structure_require_editable(actor, structure)
    if not allow_fixed:
        _require_draft(structure)
    task_force = structure.task_force
    if unit is not None:
        if unit.agency_id != agency.pk or not unit.active:
            raise ValidationFailed(_("Choose an active unit of this agency."), field="unit")
        if task_force.region_id and not (unit.region_id or "").startswith(task_force.region_id):
            raise ValidationFailed(
                _("%(unit)s is not in %(region)s.") % {"unit": unit.name, "region": task_force.region.name},
                field="unit",
            )
    if sub_task_force is not None and sub_task_force.structure_id != structure.pk:
        raise ValidationFailed(_("This sub-task-force belongs to another structure."), field="sub_task_force")
    if position not in Membership.Position.values:
        raise ValidationFailed(_("Unknown position %(position)s.") % {"position": position}, field="position")
    if Membership.objects.filter(structure=structure, agency=agency, position=position).exists():
        raise ValidationFailed(_("%(agency)s already holds this position.") % {"agency": agency}, field="agency")
    membership = Membership.objects.create(
        structure=structure,
        agency=agency,
        position=position,
        since=since,
        legal_basis=legal_basis,
        illustrative=illustrative,
        sub_task_force=sub_task_force,
        unit=unit,
    )
    audit_record(
        actor=actor,
        action="membership.add",
        target=membership,
        data={"structure": structure.key, "agency": agency.abbreviation, "position": position},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    """Remove a member from a draft structure."""
    require_task_force_editable(actor, membership.structure.task_force_id, "organisations.edit")
    structure_require_editable(actor, membership.structure)
    _require_draft(membership.structure)
    data = {
        "structure": membership.structure.key,
        "agency": membership.agency.abbreviation,
        "position": membership.position,
    }
    audit_record(actor=actor, action="membership.remove", target=membership, data=data)
    membership.delete()


@transaction.atomic
def structure_apply_current_names(*, actor, structure: StructureVersion, on: dt.date | None = None) -> list[dict]:
    """Replace members that carry outdated names by their current successors (drafts only).

    Returns what was changed; a split agency is replaced by all its successors, as a proposal
    the secretariat then trims. Calling it again changes nothing.
    """
    from gugus.organisations.selectors import agency_successors_on

    require_task_force_editable(actor, structure.task_force_id, "organisations.edit")
    structure_require_editable(actor, structure)
    _require_draft(structure)
    on = on or dt.date.today()
    changes = []
    for membership in list(structure.memberships.select_related("agency")):
        successors = agency_successors_on(membership.agency, on)
        if successors == [membership.agency]:
            continue
        for successor in successors:
            if not Membership.objects.filter(
                structure=structure, agency=successor, position=membership.position
            ).exists():
                Membership.objects.create(
                    structure=structure,
                    agency=successor,
                    position=membership.position,
                    sub_task_force=membership.sub_task_force,
                    since=membership.since,
                    legal_basis=membership.legal_basis,
                    illustrative=membership.illustrative,
                )
        changes.append(
            {
                "from": membership.agency.abbreviation,
                "to": [s.abbreviation for s in successors],
                "position": membership.position,
            }
        )
        membership.delete()
    if changes:
        audit_record(actor=actor, action="structure.apply_current_names", target=structure, data={"changes": changes})
    return changes


@transaction.atomic
def structure_put_in_force(*, actor, structure: StructureVersion, on: dt.date, regulation: str) -> StructureVersion:
    """A draft becomes the structure in force from ``on`` (its enactment); the one in force until
    then becomes historical, ending the day before."""
    locked = StructureVersion.objects.select_for_update().get(pk=structure.pk)
    _require_draft(locked)
    if not regulation.strip():
        raise ValidationFailed(_("Name the regulation that enacted the structure."), field="reference")
    previous = StructureVersion.objects.filter(task_force=locked.task_force, status=StructureVersion.Status.IN_FORCE)
    for old in previous.select_for_update():
        if old.effective_from and old.effective_from >= on:
            raise ValidationFailed(_("The structure in force began on or after this date."), field="on")
        old.status, old.effective_to = StructureVersion.Status.HISTORICAL, on - dt.timedelta(days=1)
        old.save(update_fields=["status", "effective_to", "updated_at"])
    locked.status, locked.effective_from, locked.signed_on = StructureVersion.Status.IN_FORCE, on, on
    locked.regulation = regulation.strip()[:200]
    locked.save(update_fields=["status", "effective_from", "signed_on", "regulation", "updated_at"])
    audit_record(actor=actor, action="structure.put_in_force", target=locked, data={"on": on.isoformat()})
    return locked
