"""Reads of the organisation registry: names over time, structure comparison, coverage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

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

POSITION_ORDER = {p: i for i, p in enumerate(Membership.Position.values)}


def current_agencies() -> QuerySet[Agency]:
    """Agencies that exist under their name today: the choices of every picker of current agencies."""
    return Agency.objects.filter(valid_to__isnull=True, successions__isnull=True)


def _valid_on(on: dt.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def agencies_named(name: str, on: dt.date | None = None) -> list[Agency]:
    """Agencies whose abbreviation or official name is ``name`` (any case), valid on ``on`` if given."""
    name = " ".join(name.split())
    folded = name.casefold()
    candidates = Agency.objects.filter(
        Q(abbreviation__iexact=name) | Q(official_name__iexact=name) | Q(aliases__icontains=name)
    )
    # An alias matches as a whole line ("Kemlu"), never as a piece of another alias.
    ids = [
        a.pk
        for a in candidates
        if a.abbreviation.casefold() == folded
        or a.official_name.casefold() == folded
        or folded in (alias.casefold() for alias in a.alias_list)
    ]
    matches = Agency.objects.filter(pk__in=ids)
    if on is not None:
        dated = matches.filter(_valid_on(on))
        if dated.exists():
            return list(dated)
    return list(matches)


def succession_graph() -> dict[int, list]:
    """Every rename, split and merge, by predecessor id, in one query (tiny table)."""
    graph: dict[int, list] = {}
    for step in AgencySuccession.objects.select_related("successor"):
        graph.setdefault(step.predecessor_id, []).append(step)
    return graph


def agency_successors_on(agency: Agency, on: dt.date, graph: dict[int, list] | None = None) -> list[Agency]:
    """What ``agency`` is called on ``on``: itself, or its successors (followed through every step).

    Pass ``graph`` (from ``succession_graph()``) when asking about many agencies at once.
    """
    graph = succession_graph() if graph is None else graph
    result: list[Agency] = []
    seen: set[int] = set()
    frontier = [agency]
    while frontier:
        current = frontier.pop(0)
        if current.pk in seen:
            continue
        seen.add(current.pk)
        steps = [s for s in graph.get(current.pk, []) if s.on is None or s.on <= on]
        if not steps:
            result.append(current)
        else:
            frontier.extend(s.successor for s in steps)
    return sorted(result, key=lambda a: a.abbreviation)


def agency_current_names(name: str, on: dt.date | None = None, today: dt.date | None = None) -> list[Agency]:
    """What the agency called ``name`` on ``on`` is called today; empty when the name is unknown."""
    today = today or dt.date.today()
    found: dict[int, Agency] = {}
    graph = succession_graph()
    for agency in agencies_named(name, on):
        for successor in agency_successors_on(agency, today, graph):
            found[successor.pk] = successor
    return sorted(found.values(), key=lambda a: a.abbreviation)


def agency_history(agency: Agency) -> dict[str, list]:
    """Predecessors and successors of an agency, for its history page."""
    return {
        "predecessors": list(agency.predecessions.select_related("predecessor").order_by("on")),
        "successors": list(agency.successions.select_related("successor").order_by("on")),
    }


def structure_members(structure: StructureVersion) -> list[Membership]:
    members = list(structure.memberships.select_related("agency", "sub_task_force"))
    return sorted(members, key=lambda m: (POSITION_ORDER[m.position], m.agency.abbreviation))


def membership_is_outdated(membership: Membership, on: dt.date | None = None, graph: dict | None = None) -> bool:
    """True when the member's agency no longer carries that name on ``on`` (default today)."""
    return agency_successors_on(membership.agency, on or dt.date.today(), graph) != [membership.agency]


@dataclass
class StructureComparison:
    """What changed between two structure versions."""

    base: StructureVersion
    draft: StructureVersion
    joined: list[Agency] = field(default_factory=list)
    left: list[Agency] = field(default_factory=list)
    # A member that left and whose successor joined: (predecessor, successors).
    renamed: list[tuple[Agency, list[Agency]]] = field(default_factory=list)
    position_changed: list[tuple[Agency, list[str], list[str]]] = field(default_factory=list)
    outdated_in_draft: list[Agency] = field(default_factory=list)
    outdated_in_base: list[Agency] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "base": self.base.key,
            "draft": self.draft.key,
            "joined": [a.abbreviation for a in self.joined],
            "left": [a.abbreviation for a in self.left],
            "renamed": [{"from": a.abbreviation, "to": [s.abbreviation for s in s_]} for a, s_ in self.renamed],
            "position_changed": [
                {"agency": a.abbreviation, "from": old, "to": new} for a, old, new in self.position_changed
            ],
            "outdated_in_draft": [a.abbreviation for a in self.outdated_in_draft],
        }


def structure_compare(base: StructureVersion, draft: StructureVersion, today: dt.date | None = None):
    """Who joins, who leaves (or is only renamed), who changes position, who carries an old name."""
    today = today or dt.date.today()
    graph = succession_graph()

    def positions(structure):
        table: dict[int, tuple[Agency, list[str]]] = {}
        for m in structure_members(structure):
            table.setdefault(m.agency_id, (m.agency, []))[1].append(m.position)
        return table

    base_table, draft_table = positions(base), positions(draft)
    result = StructureComparison(base=base, draft=draft)
    joined_ids = set(draft_table) - set(base_table)
    for agency_id in sorted(set(base_table) - set(draft_table), key=lambda i: base_table[i][0].abbreviation):
        agency = base_table[agency_id][0]
        successors = [s for s in agency_successors_on(agency, today, graph) if s.pk in joined_ids]
        if successors:
            result.renamed.append((agency, successors))
        else:
            result.left.append(agency)
    renamed_to = {s.pk for _, group in result.renamed for s in group}
    result.joined = sorted((draft_table[i][0] for i in joined_ids if i not in renamed_to), key=lambda a: a.abbreviation)
    for agency_id in sorted(set(base_table) & set(draft_table), key=lambda i: base_table[i][0].abbreviation):
        old, new = sorted(base_table[agency_id][1]), sorted(draft_table[agency_id][1])
        if old != new:
            result.position_changed.append((base_table[agency_id][0], old, new))
    result.outdated_in_draft = [a for a, _ in draft_table.values() if agency_successors_on(a, today, graph) != [a]]
    result.outdated_in_base = [a for a, _ in base_table.values() if agency_successors_on(a, today, graph) != [a]]
    return result


def regions_summary() -> list[tuple[str, int]]:
    counts = dict(Region.objects.values_list("level").annotate(n=Count("code")))
    return [(level, counts.get(level, 0)) for level in Region.Level.values]


@dataclass
class ProvinceCoverage:
    province: Region
    has_task_force: bool
    regencies_total: int
    regencies_with_task_force: int


def coverage_by_province() -> list[ProvinceCoverage]:
    """For each province: whether it formed a task force, and how many of its regencies did."""
    provinces = list(Region.objects.filter(level=Region.Level.PROVINCE))
    province_tf = set(TaskForce.objects.filter(tier=Tier.PROVINCE).values_list("region_id", flat=True))
    regency_totals = dict(
        Region.objects.filter(level=Region.Level.REGENCY).values_list("parent_id").annotate(n=Count("code"))
    )
    regency_tf = dict(
        TaskForce.objects.filter(tier=Tier.REGENCY).values_list("region__parent_id").annotate(n=Count("id"))
    )
    return [
        ProvinceCoverage(p, p.code in province_tf, regency_totals.get(p.code, 0), regency_tf.get(p.code, 0))
        for p in provinces
    ]


def units_list(agency_abbreviation: str | None = None) -> QuerySet[AgencyUnit]:
    units = AgencyUnit.objects.select_related("agency", "region").order_by("code")
    if agency_abbreviation:
        units = units.filter(agency__abbreviation__iexact=agency_abbreviation)
    return units


def structure_editable(user, structure: StructureVersion) -> bool:
    """Whether the page offers editing of this structure (a draft its user may change)."""
    from gugus.meetings.access import structure_editable_by

    return structure.status == StructureVersion.Status.DRAFT and structure_editable_by(user, structure)
