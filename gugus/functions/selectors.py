"""Reads of the authority matrix: the matrix itself, its analysis, and the comparison of two versions.

Everything here is computed from the assignments on each call; nothing is stored by hand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from gugus.core.errors import NotFound
from gugus.functions.models import Assignment, Function
from gugus.organisations.models import Agency, Membership, StructureVersion, Tier

TIER_ORDER = {t: i for i, t in enumerate(Tier.values)}
LETTER_ORDER = "ARCI"


def structures_national() -> list[StructureVersion]:
    """The national task force's structure versions, oldest first."""
    return list(StructureVersion.objects.filter(task_force__tier=Tier.NATIONAL).order_by("effective_from", "id"))


def structure_by_key(key: str) -> StructureVersion:
    """The national structure version called ``key`` ("49-2023", also written "49/2023"); NotFound otherwise."""
    key = (key or "").strip().replace("/", "-")
    structure = (
        StructureVersion.objects.filter(key__iexact=key)
        .select_related("task_force")
        .order_by("task_force__tier")  # "national" sorts before "province" and "regency"
        .first()
    )
    if structure is None:
        raise NotFound(f"no structure version called {key}")
    return structure


def structure_in_force() -> StructureVersion | None:
    """The national structure version in force today."""
    return StructureVersion.objects.filter(
        task_force__tier=Tier.NATIONAL, status=StructureVersion.Status.IN_FORCE
    ).first()


def catalogue() -> list[Function]:
    """Every function in tree order (a group, then its sub-functions), with ``depth`` and ``is_group`` set."""
    functions = list(Function.objects.all())
    children: dict[int | None, list[Function]] = defaultdict(list)
    for function in functions:
        children[function.parent_id].append(function)
    ordered: list[Function] = []

    def walk(parent_id, depth):
        for function in sorted(children.get(parent_id, []), key=lambda f: (f.position, f.code)):
            function.depth = depth
            function.is_group = bool(children.get(function.id))
            ordered.append(function)
            walk(function.id, depth + 1)

    walk(None, 0)
    return ordered


@dataclass
class Slot:
    """One function at one tier: who holds which letter there, and what is wrong with it."""

    function: Function
    tier: str
    letters: dict[int, str] = field(default_factory=dict)  # agency id -> "AR"
    accountable: list[Agency] = field(default_factory=list)
    responsible: list[Agency] = field(default_factory=list)

    @property
    def is_overlap(self) -> bool:
        return len(self.accountable) > 1

    @property
    def missing(self) -> list[str]:
        return [letter for letter, holders in (("A", self.accountable), ("R", self.responsible)) if not holders]

    @property
    def is_gap(self) -> bool:
        return bool(self.missing)


@dataclass
class Matrix:
    """The authority matrix of one structure version: rows are function × tier, columns agencies."""

    structure: StructureVersion
    functions: list[Function]
    slots: list[Slot]
    agencies: list[Agency]
    members: list[Agency]
    assignments: list[Assignment]

    def rows(self, tier: str | None = None):
        """(function, slot or None) pairs in catalogue order; groups appear once with slot None."""
        by_function: dict[int, list[Slot]] = defaultdict(list)
        for slot in self.slots:
            if tier is None or slot.tier == tier:
                by_function[slot.function.id].append(slot)
        for function in self.functions:
            if function.is_group:
                yield function, None
            for slot in by_function.get(function.id, []):
                yield function, slot

    def columns(self, tier: str | None = None) -> list[Agency]:
        """Agencies holding a letter at ``tier`` (all tiers if None), members of the structure first."""
        used = {a.agency_id for a in self.assignments if tier is None or a.tier == tier}
        member_ids = {m.id for m in self.members}
        chosen = [a for a in self.agencies if a.id in used]
        return sorted(chosen, key=lambda a: (a.id not in member_ids, a.abbreviation.lower()))


def matrix(structure: StructureVersion) -> Matrix:
    """Build the matrix of ``structure`` in three queries (functions, assignments, members)."""
    functions = catalogue()
    assignments = list(
        Assignment.objects.filter(structure=structure).select_related("agency").order_by("agency__abbreviation")
    )
    memberships = list(Membership.objects.filter(structure=structure).select_related("agency"))
    members = sorted({m.agency_id: m.agency for m in memberships}.values(), key=lambda a: a.abbreviation.lower())
    agencies = {a.agency_id: a.agency for a in assignments}
    agencies.update({m.id: m for m in members})

    slots: dict[tuple[int, str], Slot] = {}
    for function in functions:
        if function.is_group or not function.active:
            continue
        for tier in function.tiers:
            slots[(function.id, tier)] = Slot(function=function, tier=tier)
    by_id = {f.id: f for f in functions}
    for a in assignments:
        slot = slots.get((a.function_id, a.tier))
        if slot is None:  # a letter at a tier where the function no longer applies still shows
            slot = slots[(a.function_id, a.tier)] = Slot(function=by_id[a.function_id], tier=a.tier)
        letters = slot.letters.get(a.agency_id, "") + a.responsibility
        slot.letters[a.agency_id] = "".join(sorted(letters, key=LETTER_ORDER.index))
        if a.responsibility == "A":
            slot.accountable.append(a.agency)
        elif a.responsibility == "R":
            slot.responsible.append(a.agency)
    position = {f.id: i for i, f in enumerate(functions)}
    ordered = sorted(slots.values(), key=lambda s: (position[s.function.id], TIER_ORDER[s.tier]))
    return Matrix(
        structure=structure,
        functions=functions,
        slots=ordered,
        agencies=sorted(agencies.values(), key=lambda a: a.abbreviation.lower()),
        members=members,
        assignments=assignments,
    )


@dataclass
class Analysis:
    """Overlaps, gaps, idle members, load per agency and leanness figures of one structure version."""

    structure: StructureVersion
    overlaps: list[dict]
    gaps: list[dict]
    idle_members: list[str]
    non_member_agencies: list[str]
    load: list[dict]
    figures: dict

    def as_dict(self) -> dict:
        return {
            "structure": self.structure.key,
            "overlaps": self.overlaps,
            "gaps": self.gaps,
            "idle_members": self.idle_members,
            "non_member_agencies": self.non_member_agencies,
            "load": self.load,
            "figures": self.figures,
        }


def analyse(structure: StructureVersion, built: Matrix | None = None) -> Analysis:
    """Analyse the matrix: every function needs exactly one Accountable and at least one Responsible per tier.

    An idle member is a member agency that is neither Accountable nor Responsible for any function
    (being consulted or informed is not a function).
    """
    built = built or matrix(structure)
    active_slots = [s for s in built.slots if s.function.active and s.tier in s.function.tiers]
    overlaps = [
        {
            "function": s.function.code,
            "tier": s.tier,
            "agencies": sorted(a.abbreviation for a in s.accountable),
        }
        for s in active_slots
        if s.is_overlap
    ]
    gaps = [{"function": s.function.code, "tier": s.tier, "missing": s.missing} for s in active_slots if s.is_gap]

    working: dict[int, set[int]] = defaultdict(set)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(LETTER_ORDER, 0))
    for a in built.assignments:
        counts[a.agency_id][a.responsibility] += 1
        if a.responsibility in ("A", "R"):
            working[a.agency_id].add(a.function_id)
    member_ids = {m.id for m in built.members}
    idle = [m.abbreviation for m in built.members if not working.get(m.id)]
    non_members = sorted(a.abbreviation for a in built.agencies if a.id not in member_ids and a.id in counts)
    load = [
        {
            "agency": agency.abbreviation,
            "member": agency.id in member_ids,
            "functions": len(working.get(agency.id, ())),
            **{letter: counts[agency.id][letter] for letter in LETTER_ORDER},
        }
        for agency in sorted(built.agencies, key=lambda a: (-len(working.get(a.id, ())), a.abbreviation.lower()))
        if agency.id in counts or agency.id in member_ids
    ]
    leaf_functions = {s.function.id for s in active_slots}
    clean = [s for s in active_slots if not s.is_overlap and not s.is_gap]
    covered = {f for f in leaf_functions if all(len(s.accountable) == 1 for s in active_slots if s.function.id == f)}
    members = len(built.members)
    figures = {
        "members": members,
        "working_members": members - len(idle),
        "idle_members": len(idle),
        "functions": len(leaf_functions),
        "functions_covered": len(covered),
        "slots": len(active_slots),
        "slots_clean": len(clean),
        "overlaps": len(overlaps),
        "gaps": len(gaps),
        "functions_per_member": round(len(covered) / members, 2) if members else 0.0,
    }
    return Analysis(
        structure=structure,
        overlaps=overlaps,
        gaps=gaps,
        idle_members=idle,
        non_member_agencies=non_members,
        load=load,
        figures=figures,
    )


@dataclass
class Comparison:
    """What changed in the matrix between two structure versions."""

    base: Analysis
    draft: Analysis
    overlaps_resolved: list[dict]
    overlaps_remaining: list[dict]
    overlaps_introduced: list[dict]
    gaps_closed: list[dict]
    gaps_remaining: list[dict]
    gaps_introduced: list[dict]
    members_added: list[str]
    members_removed: list[str]
    members_renamed: list[dict]
    assignments_added: list[dict]
    assignments_removed: list[dict]

    def as_dict(self) -> dict:
        return {
            "base": self.base.structure.key,
            "draft": self.draft.structure.key,
            "overlaps_resolved": self.overlaps_resolved,
            "overlaps_remaining": self.overlaps_remaining,
            "overlaps_introduced": self.overlaps_introduced,
            "gaps_closed": self.gaps_closed,
            "gaps_remaining": self.gaps_remaining,
            "gaps_introduced": self.gaps_introduced,
            "members_added": self.members_added,
            "members_removed": self.members_removed,
            "members_renamed": self.members_renamed,
            "assignments_added": self.assignments_added,
            "assignments_removed": self.assignments_removed,
            "figures": {"base": self.base.figures, "draft": self.draft.figures},
        }


def _letters(built: Matrix) -> set[tuple[str, str, str, str]]:
    return {(a.function.code, a.tier, a.agency.abbreviation, a.responsibility) for a in _with_function(built)}


def _with_function(built: Matrix):
    by_id = {f.id: f for f in built.functions}
    for a in built.assignments:
        a.function = by_id[a.function_id]
        yield a


def compare(base: StructureVersion, draft: StructureVersion) -> Comparison:
    """Overlaps resolved and introduced, gaps closed and introduced, members and letters added and removed."""
    from gugus.organisations.selectors import structure_compare

    base_matrix, draft_matrix = matrix(base), matrix(draft)
    before, after = analyse(base, base_matrix), analyse(draft, draft_matrix)

    def keyed(items):
        return {(i["function"], i["tier"]): i for i in items}

    old_overlaps, new_overlaps = keyed(before.overlaps), keyed(after.overlaps)
    old_gaps, new_gaps = keyed(before.gaps), keyed(after.gaps)
    resolved = [
        {**item, "now": sorted(_accountable_now(draft_matrix, *key))}
        for key, item in old_overlaps.items()
        if key not in new_overlaps
    ]
    remaining = [
        {**new_overlaps[key], "before": item["agencies"]} for key, item in old_overlaps.items() if key in new_overlaps
    ]
    members = structure_compare(base, draft)
    old_letters, new_letters = _letters(base_matrix), _letters(draft_matrix)

    def letter_rows(rows):
        return [
            {"function": f, "tier": t, "agency": a, "responsibility": r}
            for f, t, a, r in sorted(rows, key=lambda x: (x[0], TIER_ORDER.get(x[1], 9), x[2].lower(), x[3]))
        ]

    return Comparison(
        base=before,
        draft=after,
        overlaps_resolved=resolved,
        overlaps_remaining=remaining,
        overlaps_introduced=[item for key, item in new_overlaps.items() if key not in old_overlaps],
        gaps_closed=[item for key, item in old_gaps.items() if key not in new_gaps],
        gaps_remaining=[item for key, item in new_gaps.items() if key in old_gaps],
        gaps_introduced=[item for key, item in new_gaps.items() if key not in old_gaps],
        members_added=[a.abbreviation for a in members.joined],
        members_removed=[a.abbreviation for a in members.left],
        members_renamed=[
            {"from": old.abbreviation, "to": [s.abbreviation for s in new]} for old, new in members.renamed
        ],
        assignments_added=letter_rows(new_letters - old_letters),
        assignments_removed=letter_rows(old_letters - new_letters),
    )


def _accountable_now(built: Matrix, function_code: str, tier: str) -> list[str]:
    for slot in built.slots:
        if slot.function.code == function_code and slot.tier == tier:
            return [a.abbreviation for a in slot.accountable]
    return []


def assignments_of(structure: StructureVersion) -> list[Assignment]:
    """The letters of one structure, for the editing page and the API."""
    return list(
        Assignment.objects.filter(structure=structure)
        .select_related("function", "agency")
        .order_by("function__position", "function__code", "tier", "agency__abbreviation", "responsibility")
    )
