"""Statistics by tier (national, province, regency, destination country): every figure of the
analyst's page, the dashboards' figures and the reports to the President.

Every figure starts from ``gugus.reports.scope`` (the apps' ``*_visible_to`` querysets) and is
narrowed, never widened, by the filters. Victims are counted as people (resolved identities,
``gugus.identity``): a victim held by three agencies counts once. Suspected victims, identified
victims and people found not to be victims are kept apart and never added together; each person
counts under their strongest status (identified, then suspected, then not a victim).

With a cut-off (the reports to the President), only what was recorded by then counts: cases
created by then, each case's status and each victim's assessment as they stood then. Identities
are grouped as they are when the report is made (merges carry no effective date of their own);
the report keeps its figures, so issuing it again gives the same numbers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, F, FilteredRelation, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from gugus.assistance.models import Kind as ServiceKind
from gugus.assistance.models import Restitution
from gugus.budgets.selectors import absorption, totals
from gugus.cases.models import Assessment, Case, CaseEvent, Channel, ExploitationType
from gugus.identity.selectors import identity_key
from gugus.organisations.models import Region
from gugus.people.models import CaseRole, Sex
from gugus.referrals.models import Referral
from gugus.reports import legal, scope
from gugus.reports.suppression import Suppressed, protect, protect_counts

RESULTS = (Assessment.Result.IDENTIFIED, Assessment.Result.SUSPECTED, Assessment.Result.NOT_VICTIM)
NOT_ASSESSED = "not_assessed"
_STRENGTH = {Assessment.Result.IDENTIFIED: 3, Assessment.Result.SUSPECTED: 2, Assessment.Result.NOT_VICTIM: 1}
AGE_BANDS = (
    ("child", _("Children (under 18)")),
    ("18_24", "18–24"),
    ("25_34", "25–34"),
    ("35_49", "35–49"),
    ("50_plus", "50+"),
    ("unknown", _("Age unknown")),
)
SEXES = (("F", Sex.FEMALE.label), ("M", Sex.MALE.label), ("", Sex.UNKNOWN.label))


def age_band(age: int | None) -> str:
    if age is None:
        return "unknown"
    if age < 18:
        return "child"
    if age < 25:
        return "18_24"
    if age < 35:
        return "25_34"
    if age < 50:
        return "35_49"
    return "50_plus"


def result_labels() -> dict[str, str]:
    labels = {r.value: str(r.label) for r in Assessment.Result}
    labels[NOT_ASSESSED] = _("Not yet assessed")
    return labels


@dataclass
class Filters:
    """What the figures are narrowed to: a year (or years), a province or regency, a country."""

    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    region: str = ""  # a Kemendagri code: "21" (province) or "21.71" (regency/city)
    country: str = ""  # ISO 3166 alpha-2 destination
    cutoff: dt.datetime | None = None

    def query(self, **extra) -> str:
        values = {"year": self.year or "", "region": self.region, "country": self.country, **extra}
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


@dataclass
class Breakdown:
    """One dimension of a figure: ordered (key, label, value, link) rows and the total (if one may be shown)."""

    key: str
    title: str
    rows: list[tuple[str, str, object, str]] = field(default_factory=list)
    total: object = None
    summable: bool = True

    def as_chart(self) -> dict:
        """Labels and values for Chart.js; hidden cells become null (numbers with a dot, always)."""
        return {
            "labels": [label for _, label, _, _ in self.rows],
            "values": [None if isinstance(v, Suppressed) else v for _, _, v, _ in self.rows],
            "hidden": [str(v) if isinstance(v, Suppressed) else "" for _, _, v, _ in self.rows],
        }


@dataclass
class Statistics:
    filters: Filters
    entitled: bool
    scope_label: str
    cases_total: object
    people_by_result: Breakdown
    cases_by_status: Breakdown
    exploitation: Breakdown
    destination: Breakdown
    destination_identified: Breakdown
    origin: Breakdown
    channel: Breakdown
    sex_age: dict
    children: dict
    by_month: Breakdown
    by_year: Breakdown
    referrals: dict
    services: Breakdown
    restitution: dict
    legal: dict | None
    budget: dict
    generated_at: dt.datetime = field(default_factory=timezone.now)


# --- scope and filters --------------------------------------------------------------------------------


def filtered_cases(user, filters: Filters):
    cases = scope.statistics_cases(user)
    if filters.region:
        cases = cases.filter(scope.region_q("origin_region__code", filters.region))
    if filters.country:
        cases = cases.filter(destination_country=filters.country.upper())
    if filters.year:
        cases = cases.filter(reported_on__year=filters.year)
    if filters.year_from:
        cases = cases.filter(reported_on__year__gte=filters.year_from)
    if filters.year_to:
        cases = cases.filter(reported_on__year__lte=filters.year_to)
    if filters.cutoff:
        cases = cases.filter(created_at__lte=filters.cutoff, reported_on__lte=filters.cutoff.date())
    return cases


def _status_as_of(cutoff):
    """A case's status at ``cutoff``: its last status change by then (or as opened)."""
    last = (
        CaseEvent.objects.filter(case_id=OuterRef("pk"), at__lte=cutoff)
        .exclude(to_status="")
        .order_by("-at", "-id")
        .values("to_status")[:1]
    )
    return Subquery(last)


def _assessment_as_of(cutoff, field_name: str = "result"):
    """A field of a victim's assessment as it stood at ``cutoff`` (the current one without)."""
    qs = Assessment.objects.filter(victim_id=OuterRef("pk"))
    qs = qs.filter(decided_at__lte=cutoff) if cutoff else qs.filter(is_current=True)
    return Subquery(qs.order_by("-decided_at", "-id").values(field_name)[:1])


# --- links -------------------------------------------------------------------------------------------


class Links:
    """Where a figure leads: the case list (viewers who may open cases) or the statistics narrowed
    to that cell (de-identified viewers); always within the viewer's scope."""

    def __init__(self, entitled: bool, filters: Filters):
        self.entitled = entitled
        self.filters = filters

    def __call__(self, **narrow) -> str:
        f = self.filters
        if self.entitled:
            params = {}
            region = narrow.get("region", f.region)
            if region:
                params["region"] = region
            country = narrow.get("country", f.country)
            if country:
                params["destination_country"] = country
            for key in ("status", "exploitation_type"):
                if narrow.get(key):
                    params[key] = narrow[key]
            year = narrow.get("year", f.year)
            month = narrow.get("month")
            if year and month:
                last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
                params["reported_from"] = f"{year}-{month:02d}-01"
                params["reported_to"] = f"{year}-{month:02d}-{last}"
            elif year:
                params["reported_from"], params["reported_to"] = f"{year}-01-01", f"{year}-12-31"
            return reverse("cases:list") + ("?" + urlencode(params) if params else "")
        params = {
            "year": narrow.get("year", f.year) or "",
            "region": narrow.get("region", f.region),
            "country": narrow.get("country", f.country),
        }
        return reverse("reports:statistics") + "?" + urlencode({k: v for k, v in params.items() if v})


# --- the figures -------------------------------------------------------------------------------------


def _breakdown(key, title, counts: dict, labels: dict, links, link_key, *, entitled, summable=True) -> Breakdown:
    shown, total = protect_counts(counts, entitled=entitled)
    rows = [(k, labels.get(k, k), shown[k], links(**{link_key: k}) if link_key else "") for k in counts]
    return Breakdown(key, title, rows, total if summable else None, summable)


def _region_names(codes) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=list(codes)).values_list("code", "name"))


def _country_name(code: str) -> str:
    import pycountry

    if not code:
        return _("Unknown")
    country = pycountry.countries.get(alpha_2=code)
    return f"{country.name} ({code})" if country else code


def victim_people(cases, cutoff=None) -> list[tuple]:
    """(identity, result, sex, age, destination) of every victim role in ``cases``: what the figures use."""
    if cutoff is None:
        # From the cases to their victims, the scope's conditions on the one scan of the cases
        # (not a semi-join over a second one), and the current assessment by a join (at most one
        # per victim, a unique constraint): two correlated subqueries per victim role, as before,
        # cost 3.5x the hand-written SQL at 250,000 cases.
        rows = (
            cases.filter(roles__role=CaseRole.Role.VICTIM)
            .annotate(current=FilteredRelation("roles__assessments", condition=Q(roles__assessments__is_current=True)))
            .annotate(
                identity=identity_key("roles__person"),
                age=Coalesce(F("current__age_at_recruitment"), F("roles__age_at_recruitment")),
            )
            .values_list("identity", "current__result", "roles__person__sex", "age", "destination_country")
            .order_by()
        )
        return list(rows)
    # as of a cut-off: each victim's newest assessment decided by then
    roles = (
        CaseRole.objects.filter(case__in=cases.values("pk"), role=CaseRole.Role.VICTIM)
        .annotate(result=_assessment_as_of(cutoff), assessed_age=_assessment_as_of(cutoff, "age_at_recruitment"))
        .annotate(
            identity=identity_key(),
            # the age the assessment established, else the one recorded with the victim
            age=Coalesce("assessed_age", "age_at_recruitment"),
        )
        .values_list(
            "identity",
            "result",
            "person__sex",
            "age",
            "case__destination_country",
        )
        .order_by()  # the rows are grouped in Python: no sort (CaseRole's default order) in the database
    )
    return list(roles)


def people_by_strongest_result(rows) -> dict:
    """Each person once, under their strongest status: {identity: (result, sex, age, country)}."""
    people: dict = {}
    strength_of = _STRENGTH.get
    for identity, result, sex, age, country in rows:
        result = result or NOT_ASSESSED
        held = people.get(identity)
        if held is None:  # most people have one victim role: no comparison
            people[identity] = (result, sex, age, country)
            continue
        strength = strength_of(result, 0)
        if strength > strength_of(held[0], 0):
            people[identity] = (result, sex, age, country)
        elif age is not None and (held[2] is None or age < held[2]) and strength == strength_of(held[0], 0):
            people[identity] = (held[0], held[1] or sex, age, held[3])
    return people


def statistics(user, filters: Filters | None = None, *, now=None, entitled: bool | None = None) -> Statistics:
    """Every figure of the statistics page for ``user`` (suppressed when not entitled to the rows)."""
    filters = filters or Filters()
    now = now or filters.cutoff or timezone.now()
    entitled = scope.entitled_to_rows(user) if entitled is None else (entitled and scope.entitled_to_rows(user))
    links = Links(entitled, filters)
    cases = filtered_cases(user, filters)

    # cases by status (as of the cut-off when there is one)
    if filters.cutoff:
        status_rows = cases.annotate(s=_status_as_of(filters.cutoff)).values_list("s", flat=True)
        status_counts = Counter(s or Case.Status.REPORTED for s in status_rows)
    else:
        status_counts = Counter(dict(cases.values_list("status").annotate(n=Count("id")).order_by()))
    statuses = {s.value: status_counts.get(s.value, 0) for s in Case.Status}
    cases_by_status = _breakdown(
        "cases_by_status", _("Cases by status"), statuses, dict(Case.Status.choices), links, "status", entitled=entitled
    )

    # victims, as people
    people = people_by_strongest_result(victim_people(cases, filters.cutoff))
    result_counts = Counter(p[0] for p in people.values())
    by_result = {r: result_counts.get(r, 0) for r in (*RESULTS, NOT_ASSESSED)}
    people_by_result = _breakdown(
        "people_by_result",
        _("Victims (people) by status"),
        by_result,
        result_labels(),
        links,
        None,
        entitled=entitled,
        summable=False,
    )

    # exploitation types (a case may have several: no total)
    exploitation_counts = Counter()
    for codes, n in cases.values_list("exploitation_codes").annotate(n=Count("id")).order_by():
        for code in (codes or "").split(","):
            if code:
                exploitation_counts[code] += n
    exploitation = _breakdown(
        "exploitation",
        _("Cases by exploitation type"),
        {t.value: exploitation_counts.get(t.value, 0) for t in ExploitationType if exploitation_counts.get(t.value)},
        dict(ExploitationType.choices),
        links,
        "exploitation_type",
        entitled=entitled,
        summable=False,
    )

    # destination countries: cases, and identified victims (people)
    destination_counts = dict(
        cases.values_list("destination_country").annotate(n=Count("id")).order_by("-n", "destination_country")
    )
    names = {code: _country_name(code) for code in destination_counts}
    destination = _breakdown(
        "destination", _("Cases by destination country"), destination_counts, names, links, "country", entitled=entitled
    )
    identified_by_country = Counter(p[3] for p in people.values() if p[0] == Assessment.Result.IDENTIFIED)
    identified_by_country = dict(sorted(identified_by_country.items(), key=lambda kv: (-kv[1], kv[0])))
    destination_identified = _breakdown(
        "destination_identified",
        _("Identified victims (people) by destination country"),
        identified_by_country,
        {code: _country_name(code) for code in identified_by_country},
        links,
        "country",
        entitled=entitled,
    )

    # origin: provinces nationally, regencies inside a province
    origin_level = 2 if not filters.region else len(filters.region) + 3
    origin_counts: Counter = Counter()
    for code, n in cases.values_list("origin_region_id").annotate(n=Count("id")).order_by():
        origin_counts[(code or "")[:origin_level] if code and len(code) >= origin_level else (code or "")] += n
    origin_names = _region_names(c for c in origin_counts if c)
    origin_names[""] = _("Origin not recorded")
    origin_counts = dict(sorted(origin_counts.items(), key=lambda kv: (kv[0] == "", kv[0])))
    origin = _breakdown(
        "origin", _("Cases by region of origin"), origin_counts, origin_names, links, "region", entitled=entitled
    )

    channel_counts = dict(cases.values_list("channel").annotate(n=Count("id")).order_by())
    channel = _breakdown(
        "channel",
        _("Cases by reporting channel"),
        {c.value: channel_counts.get(c.value, 0) for c in Channel},
        dict(Channel.choices),
        links,
        None,
        entitled=entitled,
    )

    # sex and age band of identified and of suspected victims, children apart
    sex_age = {}
    for result in (Assessment.Result.IDENTIFIED, Assessment.Result.SUSPECTED):
        matrix = [[0] * len(AGE_BANDS) for _ in SEXES]
        for r, sex, age, *_rest in people.values():
            if r != result:
                continue
            i = next((n for n, (code, _label) in enumerate(SEXES) if code == (sex or "")), 2)
            j = [b for b, _label in AGE_BANDS].index(age_band(age))
            matrix[i][j] += 1
        table = protect(matrix) if not entitled else None
        sex_age[result] = {
            "title": _("Identified victims by sex and age")
            if result == "identified"
            else _("Suspected victims by sex and age"),
            "columns": [str(label) for _code, label in AGE_BANDS],
            "rows": [
                (str(label), table.cells[i] if table else matrix[i], table.row_totals[i] if table else sum(matrix[i]))
                for i, (_code, label) in enumerate(SEXES)
            ],
            "column_totals": table.column_totals if table else [sum(col) for col in zip(*matrix, strict=True)],
            "total": table.total if table else sum(map(sum, matrix)),
        }
    children = {
        result: sex_age[result]["column_totals"][0]
        for result in (Assessment.Result.IDENTIFIED, Assessment.Result.SUSPECTED)
    }

    # time series: cases by month of the year (or of the last year with data) and by year
    year_counts = dict(
        cases.annotate(y=ExtractYear("reported_on")).values_list("y").annotate(n=Count("id")).order_by("y")
    )
    series_year = filters.year or (max(year_counts) if year_counts else now.year)
    month_counts = dict(
        cases.filter(reported_on__year=series_year)
        .annotate(m=ExtractMonth("reported_on"))
        .values_list("m")
        .annotate(n=Count("id"))
        .order_by()
    )
    months = {m: month_counts.get(m, 0) for m in range(1, 13)}
    month_names = {m: str(MONTHS_3[m]).title() for m in range(1, 13)}
    month_shown, month_total = protect_counts(months, entitled=entitled)
    by_month = Breakdown(
        "by_month",
        _("Cases by month, %(year)s") % {"year": series_year},
        [(m, month_names[m], month_shown[m], links(year=series_year, month=m)) for m in months],
        month_total,
    )
    year_shown, year_total = protect_counts(year_counts, entitled=entitled)
    by_year = Breakdown(
        "by_year", _("Cases by year"), [(y, str(y), year_shown[y], links(year=y)) for y in year_counts], year_total
    )

    referrals = referral_figures(user, cases, now=now, entitled=entitled)
    services, restitution = service_figures(user, cases, entitled=entitled)
    budget = budget_figures(user, filters, now=now)

    total_cases = sum(statuses.values())
    _shown, cases_total = protect_counts({"all": total_cases}, entitled=entitled)
    return Statistics(
        filters=filters,
        entitled=entitled,
        scope_label=scope_label(user, filters),
        cases_total=cases_total,
        people_by_result=people_by_result,
        cases_by_status=cases_by_status,
        exploitation=exploitation,
        destination=destination,
        destination_identified=destination_identified,
        origin=origin,
        channel=channel,
        sex_age=sex_age,
        children=children,
        by_month=by_month,
        by_year=by_year,
        referrals=referrals,
        services=services,
        restitution=restitution,
        legal=legal.legal_figures(cases, entitled=entitled),
        budget=budget,
    )


def _english() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "id").startswith("en")


def referral_figures(user, cases, *, now, entitled) -> dict:
    """Referrals sent, accepted and overdue, by function and by receiving agency."""
    referrals = scope.statistics_referrals(user, cases).filter(case__in=cases.values("pk"))
    accepted = Q(status__in=(Referral.Status.ACCEPTED, Referral.Status.IN_PROGRESS, Referral.Status.COMPLETED))
    overdue = Q(status__in=Referral.AWAITING_START, due_at__lt=now)
    tables = {}
    for by, field_name, label_field in (
        ("function", "function__code", "function__name_en" if _english() else "function__name_id"),
        ("agency", "to_unit__agency__abbreviation", "to_unit__agency__official_name"),
    ):
        rows = list(
            referrals.values(field_name, label_field)
            .annotate(sent=Count("id"), accepted=Count("id", filter=accepted), overdue=Count("id", filter=overdue))
            .order_by("-sent", field_name)
        )
        matrix = [[r["sent"], r["accepted"], r["overdue"]] for r in rows]
        # the three columns overlap (accepted and overdue are parts of sent): each is its own breakdown
        columns = [[m[c] for m in matrix] for c in range(3)]
        if not entitled and rows:
            protected = [protect([col], columns=False) for col in columns]
            shown_cols = [p.cells[0] for p in protected]
            col_totals = [p.total for p in protected]
        else:
            shown_cols, col_totals = columns, [sum(col) for col in columns]
        tables[by] = {
            "rows": [(r[label_field], *(shown_cols[c][n] for c in range(3))) for n, r in enumerate(rows)],
            "totals": col_totals,
        }
    return tables


def service_figures(user, cases, *, entitled) -> tuple[Breakdown, dict]:
    services = scope.statistics_services(user, cases).filter(case__in=cases.values("pk"))
    people_by_kind = {}
    for kind in ServiceKind:
        people_by_kind[kind.value] = 0
    for kind, n in (
        services.annotate(identity=identity_key("victim__person"))
        .values_list("kind")
        .annotate(n=Count("identity", distinct=True))
        .order_by()
    ):
        people_by_kind[kind] = n
    breakdown = _breakdown(
        "services",
        _("Victims (people) served, by service"),
        dict(people_by_kind),
        dict(ServiceKind.choices),
        lambda **_: "",
        None,
        entitled=entitled,
        summable=False,
    )
    # The one restitution record (issue 16): a victim's, and one a verdict ordered in a case with no
    # recorded victim (no service), counted through the verdict's case.
    restitutions = Restitution.objects.filter(
        Q(service__in=services.values("pk"))
        | Q(service__isnull=True, verdict__suspect__investigation__case__in=cases.values("pk"))
    )
    reached = {
        "requested": restitutions.count(),
        "ordered": restitutions.filter(verdict_on__isnull=False).count(),
        "paid": restitutions.filter(paid_amount__gt=0).count(),
    }
    sums = restitutions.aggregate(
        requested=Sum("requested_amount"), ordered=Sum("verdict_amount"), paid=Sum("paid_amount")
    )
    amounts = {k: (v or Decimal("0.00")) for k, v in sums.items()}
    if not entitled:
        shown = {}
        for key, n in reached.items():
            shown[key] = Suppressed(True) if 0 < n < 5 else n
            if isinstance(shown[key], Suppressed):
                amounts[key] = None  # the amount of one or two restitutions would name them
        reached = shown
    return breakdown, {"reached": reached, "amounts": amounts}


def _lines_with_totals(lines):
    """Lines with ``realised``, ``passed_on`` and ``received``, as ``budgets.selectors.lines_with_totals``
    computes them, over lines already scoped by ``scope.statistics_budget_lines``."""
    from gugus.budgets.models import Flow, Realisation
    from gugus.budgets.selectors import _sum_of

    return lines.select_related("task_force", "unit__agency", "region", "function").annotate(
        realised=_sum_of(Realisation, "line"), passed_on=_sum_of(Flow, "source"), received=_sum_of(Flow, "target")
    )


def budget_figures(user, filters: Filters, *, now) -> dict:
    """Allocation, realisation and absorption by function and by tier for the year (no personal data)."""
    year = filters.year or (filters.cutoff or now).year
    lines = _lines_with_totals(scope.statistics_budget_lines(user).filter(fiscal_year=year))
    if filters.region:
        lines = lines.filter(scope.region_q("region__code", filters.region))
    lines = list(lines)
    return {
        "year": year,
        "by_function": absorption(lines, "function"),
        "by_tier": absorption(lines, "tier"),
        "total": totals(lines),
    }


def scope_label(user, filters: Filters) -> str:
    """What the figures cover, in words: the viewer's jurisdiction narrowed by the filters."""
    parts = []
    prefix = scope.jurisdiction(user) if not scope.entitled_to_rows(user) else None
    region = filters.region or prefix
    if region:
        name = Region.objects.filter(code=region).values_list("name", flat=True).first()
        parts.append(name or region)
    else:
        parts.append(_("Indonesia"))
    if filters.country:
        parts.append(_("destination %(country)s") % {"country": _country_name(filters.country.upper())})
    if filters.year:
        parts.append(str(filters.year))
    return " · ".join(parts)


def province_map(origin: Breakdown) -> list[dict]:
    """The provinces' tiles shaded by the origin figure (classes 0–4), with the value to show."""
    from gugus.organisations.tilemap import PROVINCE_TILES, TILE
    from gugus.reports.numbers import plain

    values = {key: value for key, _label, value, _link in origin.rows}
    labels = {key: label for key, label, _value, _link in origin.rows}
    links = {key: link for key, _label, _value, link in origin.rows}
    numbers = [v for v in values.values() if isinstance(v, int)]
    top = max(numbers) if numbers else 0
    tiles = []
    for code, (column, row, short) in sorted(PROVINCE_TILES.items()):
        value = values.get(code, 0)
        if isinstance(value, Suppressed):
            shade = 1
        elif not value or not top:
            shade = 0
        else:
            shade = 1 + min(3, int(3 * value / top + 0.5)) if value else 0
        tiles.append(
            {
                "code": code,
                "x": plain(column * TILE, 0),
                "y": plain(row * TILE, 0),
                "tx": plain(column * TILE + 3, 0),
                "ty": plain(row * TILE + 18, 0),
                "vy": plain(row * TILE + 36, 0),
                "size": plain(TILE - 2, 0),
                "short": short,
                "name": labels.get(code, short),
                "value": value,
                "shade": shade,
                "url": links.get(code, ""),
            }
        )
    return tiles
