"""Reads of budgets: lists, absorption, the centre/region split, gaps, flows and chart data.

Every figure starts from the lines the user may see. A line's own allocation is what it keeps
after passing money down to lower-tier lines (flows), so money that flows from the APBN to a
regency is counted once, where it is spent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from gugus.budgets import access
from gugus.budgets.models import ZERO, BudgetLine, Flow, Realisation, Source
from gugus.organisations.models import Region, TaskForce, Tier

DIMENSIONS = ("agency", "function", "region", "tier", "source")
MONEY_FIELD = DecimalField(max_digits=18, decimal_places=2)


def _sum_of(model, link: str):
    rows = model.objects.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(total=Sum("amount"))
    return Coalesce(Subquery(rows.values("total")[:1], output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD)


def lines_with_totals(user, fiscal_year: int | None = None) -> QuerySet[BudgetLine]:
    """Visible lines with ``realised``, ``passed_on`` (outflows) and ``received`` (inflows)."""
    qs = access.lines_visible_to(user)
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs.select_related("task_force", "unit__agency", "region", "function").annotate(
        realised=_sum_of(Realisation, "line"),
        passed_on=_sum_of(Flow, "source"),
        received=_sum_of(Flow, "target"),
    )


def fiscal_years(user) -> list[int]:
    return sorted(set(access.lines_visible_to(user).values_list("fiscal_year", flat=True)), reverse=True)


def ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole to four decimals; None when nothing was allocated."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


@dataclass
class Row:
    key: str
    label: str
    allocated: Decimal = ZERO
    realised: Decimal = ZERO
    lines: int = 0

    @property
    def absorption(self) -> Decimal | None:
        return ratio(self.realised, self.allocated)


def own_allocation(line: BudgetLine) -> Decimal:
    return line.allocated - line.passed_on


def _province_names() -> dict[str, str]:
    return dict(Region.objects.filter(level=Region.Level.PROVINCE).values_list("code", "name"))


def group_key(line: BudgetLine, by: str, provinces: dict[str, str]) -> tuple[str, str]:
    """(key, label) of a line in one dimension of the analysis."""
    if by == "agency":
        if line.unit_id:
            return line.unit.agency.abbreviation, line.unit.agency.abbreviation
        return "task_force", _("Task force (own budget)")
    if by == "function":
        if line.function_id is None:
            return "", _("(no function)")
        return line.function.code, line.function.name
    if by == "region":
        if line.region_id is None:
            return "00", _("Centre (national)")
        code = line.region_id[:2]
        return code, provinces.get(code, code)
    if by == "tier":
        return line.tier, Tier(line.tier).label
    if by == "source":
        return line.source, Source(line.source).label
    raise ValueError(f"unknown dimension {by}")


def absorption(lines, by: str) -> list[Row]:
    """Own allocation, realisation and absorption per group, largest allocation first."""
    provinces = _province_names() if by == "region" else {}
    rows: dict[str, Row] = {}
    for line in lines:
        key, label = group_key(line, by, provinces)
        row = rows.setdefault(key, Row(key, str(label)))
        row.allocated += own_allocation(line)
        row.realised += line.realised
        row.lines += 1
    return sorted(rows.values(), key=lambda r: (-r.allocated, r.key))


def totals(lines) -> Row:
    row = Row("total", _("Total"))
    for line in lines:
        row.allocated += own_allocation(line)
        row.realised += line.realised
        row.lines += 1
    return row


@dataclass
class Split:
    centre: Decimal
    regions: Decimal
    transferred: Decimal  # from national lines to regional lines (counted in ``regions``)
    centre_realised: Decimal
    regions_realised: Decimal

    @property
    def total(self) -> Decimal:
        return self.centre + self.regions

    @property
    def centre_share(self) -> Decimal | None:
        return ratio(self.centre, self.total)

    @property
    def regions_share(self) -> Decimal | None:
        return ratio(self.regions, self.total)


def centre_region_split(lines) -> Split:
    """Money kept at the centre versus money spent by provinces and regencies (transfers counted once)."""
    lines = list(lines)
    ids = {line.pk for line in lines}
    centre = regions = centre_realised = regions_realised = ZERO
    for line in lines:
        if line.tier == Tier.NATIONAL:
            centre += own_allocation(line)
            centre_realised += line.realised
        else:
            regions += own_allocation(line)
            regions_realised += line.realised
    transferred = (
        Flow.objects.filter(source_id__in=ids, target_id__in=ids, source__tier=Tier.NATIONAL)
        .exclude(target__tier=Tier.NATIONAL)
        .aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    transferred = Decimal(transferred).quantize(Decimal("0.01"))
    return Split(centre, regions, transferred, centre_realised, regions_realised)


@dataclass
class FlowStep:
    line: BudgetLine
    amount: Decimal | None  # the amount that flowed into the next step down


def flow_upstream(user, line: BudgetLine) -> list[list[FlowStep]]:
    """Every chain of funding from the top (e.g. APBN) down to ``line``, each a list top first."""
    visible = set(access.lines_visible_to(user).values_list("pk", flat=True))
    chains: list[list[FlowStep]] = []

    def climb(current: BudgetLine, below: list[FlowStep]):
        sources = list(current.inflows.select_related("source__region", "source__unit", "source__task_force"))
        sources = [f for f in sources if f.source_id in visible]
        if not sources:
            chains.append(below)
            return
        for flow in sources:
            climb(flow.source, [FlowStep(flow.source, flow.amount), *below])

    climb(line, [FlowStep(line, None)])
    return chains


def flow_downstream(user, line: BudgetLine) -> list[tuple[int, Flow]]:
    """The lines funded by ``line``, depth first, with their depth."""
    visible = set(access.lines_visible_to(user).values_list("pk", flat=True))
    out: list[tuple[int, Flow]] = []

    def descend(current: BudgetLine, depth: int):
        for flow in current.outflows.select_related("target__region", "target__unit", "target__task_force"):
            if flow.target_id in visible:
                out.append((depth, flow))
                descend(flow.target, depth + 1)

    descend(line, 0)
    return out


def task_forces_without_budget(user, fiscal_year: int) -> list[TaskForce]:
    """Task forces in scope that hold no budget line in the year."""
    holding = set(
        BudgetLine.objects.filter(fiscal_year=fiscal_year, task_force__isnull=False).values_list(
            "task_force_id", flat=True
        )
    )
    return [
        tf
        for tf in access.task_forces_visible_to(user).select_related("region").order_by("tier", "region_id")
        if tf.pk not in holding
    ]


@dataclass
class Gap:
    task_force: TaskForce
    function: object
    accountable: list[str] = field(default_factory=list)


def functions_without_budget(user, fiscal_year: int, structure=None) -> list[Gap]:
    """Functions with an accountable agency at a task force's tier but no budget line there.

    "There" is the task force's region (the whole country for the national task force); the
    accountable agencies come from the authority matrix of ``structure`` (default: in force).
    """
    from gugus.functions.models import Assignment
    from gugus.functions.selectors import structure_in_force

    structure = structure or structure_in_force()
    if structure is None:
        return []
    accountable: dict[tuple[int, str], list[str]] = defaultdict(list)
    functions = {}
    for assignment in Assignment.objects.filter(structure=structure, responsibility="A").select_related(
        "function", "agency"
    ):
        accountable[(assignment.function_id, assignment.tier)].append(assignment.agency.abbreviation)
        functions[assignment.function_id] = assignment.function
    funded = set(
        BudgetLine.objects.filter(fiscal_year=fiscal_year, function__isnull=False).values_list(
            "function_id", "tier", "region_id"
        )
    )
    gaps = []
    for task_force in access.task_forces_visible_to(user).select_related("region").order_by("tier", "region_id"):
        for (function_id, tier), agencies in sorted(accountable.items(), key=lambda kv: functions[kv[0][0]].code):
            if tier != task_force.tier:
                continue
            if (function_id, tier, task_force.region_id) not in funded:
                gaps.append(Gap(task_force, functions[function_id], sorted(agencies)))
    return gaps


def chart_data(rows: list[Row]) -> dict:
    """Labels and two series (allocated, realised) for a Chart.js bar chart; numbers as strings of rupiah."""
    return {
        "labels": [r.label for r in rows],
        "allocated": [str(r.allocated) for r in rows],
        "realised": [str(r.realised) for r in rows],
    }


def source_by_tier(lines) -> dict:
    """Own allocation per tier (x) and source (stacked series), for a stacked bar chart."""
    table: dict[str, dict[str, Decimal]] = {s: dict.fromkeys(Tier.values, ZERO) for s in Source.values}
    for line in lines:
        table[line.source][line.tier] += own_allocation(line)
    return {
        "labels": [str(Tier(t).label) for t in Tier.values],
        "series": [
            {"label": str(Source(s).label), "data": [str(table[s][t]) for t in Tier.values]}
            for s in Source.values
            if any(table[s].values())
        ],
    }


@dataclass
class SankeyNode:
    key: str
    label: str
    column: int
    value: Decimal
    x: float = 0
    y: float = 0
    height: float = 0


@dataclass
class SankeyLink:
    source: SankeyNode
    target: SankeyNode
    value: Decimal
    path: str = ""
    width: float = 0


def sankey(lines, *, width: int = 900, height: int = 420, gap: int = 8) -> dict:
    """An SVG layout of money from sources to regions (centre or province) to functions.

    Drawn by the template as rectangles and curved bands; a band's width is proportional to its
    own allocation.
    """
    provinces = _province_names()
    flows: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    nodes: dict[str, SankeyNode] = {}

    def node(key: str, label: str, column: int) -> SankeyNode:
        if key not in nodes:
            nodes[key] = SankeyNode(key, label, column, ZERO)
        return nodes[key]

    for line in lines:
        amount = own_allocation(line)
        if amount <= 0:
            continue
        s_key, s_label = group_key(line, "source", provinces)
        r_key, r_label = group_key(line, "region", provinces)
        f_key, f_label = group_key(line, "function", provinces)
        a = node("s:" + s_key, str(s_label), 0)
        b = node("r:" + r_key, str(r_label), 1)
        c = node("f:" + f_key, str(f_label), 2)
        flows[(a.key, b.key)] += amount
        flows[(b.key, c.key)] += amount
    if not flows:
        return {"nodes": [], "links": [], "width": width, "height": height}
    for n in nodes.values():
        side = 0 if n.column == 0 else 1  # sources: what leaves them; the others: what arrives
        n.value = sum((v for pair, v in flows.items() if pair[side] == n.key), ZERO)
    node_width = 14
    columns = {c: sorted((n for n in nodes.values() if n.column == c), key=lambda n: -n.value) for c in (0, 1, 2)}
    total = max(sum((n.value for n in col), ZERO) for col in columns.values())
    # One scale for every column, so a band is as wide where it leaves as where it arrives.
    crowded = max(len(members) for members in columns.values())
    scale = (height - gap * (crowded - 1)) / float(total) if total else 0
    for column, members in columns.items():
        y = 0.0
        for n in members:
            n.x = column * (width - node_width) / 2
            n.y = y
            n.height = max(float(n.value) * scale, 1.0)
            y += n.height + gap
    out_offset = defaultdict(float)
    in_offset = defaultdict(float)
    links = []
    for (a, b), value in sorted(flows.items(), key=lambda kv: (nodes[kv[0][0]].y, nodes[kv[0][1]].y)):
        source, target = nodes[a], nodes[b]
        w = float(value) * scale
        y0 = source.y + out_offset[a] + w / 2
        y1 = target.y + in_offset[b] + w / 2
        out_offset[a] += w
        in_offset[b] += w
        x0, x1 = source.x + node_width, target.x
        mid = (x0 + x1) / 2
        path = f"M{x0:.1f},{y0:.1f} C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {x1:.1f},{y1:.1f}"
        links.append(SankeyLink(source, target, value, path, max(w, 1.0)))
    return {
        "nodes": list(nodes.values()),
        "links": links,
        "width": width,
        "height": height,
        "node_width": node_width,
    }
