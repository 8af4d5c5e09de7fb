"""The reports to the President: the annual report and the five-year report of the task force.

``report_content`` gathers every figure as of a cut-off (``selectors.statistics`` with the
national or the viewer's scope, always suppressed as for a reader not entitled to the rows: the
report leaves the system); ``render_pdf`` lays it out with WeasyPrint (fonts shipped in
``fonts/``, no internet), ``render_xlsx`` writes the table behind every chart.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gugus.core.money import format_percent
from gugus.reports import charts, scope, selectors
from gugus.reports.numbers import format_number
from gugus.reports.suppression import Suppressed, protect_counts

FONTS = Path(__file__).resolve().parent / "fonts"
Progress = Callable[[int, str], None]


@dataclass
class Table:
    """A table of the report: its title, header and rows (cells may be suppressed); also an XLSX sheet."""

    key: str
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    chart: str = ""


@dataclass
class ReportContent:
    kind: str
    first_year: int
    year: int
    language: str
    cutoff: dt.datetime
    title: str
    summary: list[str]
    sections: list[tuple[str, str, list[Table]]]  # (anchor, title, tables)
    generated_at: dt.datetime = field(default_factory=timezone.now)


def _noop(percent: int, step: str) -> None:
    return None


def _value(v):
    return v


def _breakdown_table(b: selectors.Breakdown, header_label: str, *, language: str, chart: bool = True) -> Table:
    rows = [[label, value] for _key, label, value, _link in b.rows]
    if b.summable and b.total is not None:
        rows.append([_("Total"), b.total])
    svg = charts.bar_chart([(label, value) for _k, label, value, _l in b.rows], language=language) if chart else ""
    return Table(b.key, b.title, [header_label, _("Number")], rows, svg)


def _contributions(viewer, first_year: int, year: int, cutoff) -> Table:
    """What each member agency contributed in the period: cases reported, referrals received and
    completed, services delivered, action items done of those due."""
    cases = scope.statistics_cases(viewer).filter(reported_on__year__gte=first_year, reported_on__year__lte=year)
    cases = cases.filter(created_at__lte=cutoff)
    reported = dict(cases.values_list("reporting_unit__agency__abbreviation").annotate(n=Count("id")).order_by())
    referrals = scope.statistics_referrals(viewer).filter(
        sent_at__year__gte=first_year, sent_at__year__lte=year, sent_at__lte=cutoff
    )
    received = {
        a: (n, done)
        for a, n, done in referrals.values_list("to_unit__agency__abbreviation")
        .annotate(n=Count("id"), done=Count("id", filter=Q(status="completed")))
        .values_list("to_unit__agency__abbreviation", "n", "done")
        .order_by()
    }
    services = scope.statistics_services(viewer).filter(started_on__year__gte=first_year, started_on__year__lte=year)
    served = dict(services.values_list("provider_unit__agency__abbreviation").annotate(n=Count("id")).order_by())
    items = scope.statistics_action_items(viewer).filter(due_on__year__gte=first_year, due_on__year__lte=year)
    item_counts = {
        a: (n, done)
        for a, n, done in items.values_list("owner_agency__abbreviation")
        .annotate(n=Count("id"), done=Count("id", filter=Q(status="done")))
        .values_list("owner_agency__abbreviation", "n", "done")
        .order_by()
    }
    agencies = sorted(set(reported) | set(received) | set(served) | set(item_counts))
    reported_shown, _total = protect_counts({a: reported.get(a, 0) for a in agencies})
    rows = []
    for agency in agencies:
        rows.append(
            [
                agency,
                reported_shown[agency],
                received.get(agency, (0, 0))[0],
                received.get(agency, (0, 0))[1],
                served.get(agency, 0),
                f"{item_counts.get(agency, (0, 0))[1]} / {item_counts.get(agency, (0, 0))[0]}",
            ]
        )
    return Table(
        "contributions",
        _("Contributions by member agency"),
        [
            _("Agency"),
            _("Cases reported"),
            _("Referrals received"),
            _("Referrals completed"),
            _("Services delivered"),
            _("Action items done / due"),
        ],
        rows,
    )


def _budget_tables(stats: selectors.Statistics, language: str) -> list[Table]:
    from gugus.core.money import format_percent, format_rupiah

    tables = []
    for key, title, rows in (
        ("budget_function", _("Budget use by function"), stats.budget["by_function"]),
        ("budget_tier", _("Budget use by tier"), stats.budget["by_tier"]),
    ):
        body = [
            [
                r.label,
                format_rupiah(r.allocated, language),
                format_rupiah(r.realised, language),
                format_percent(r.absorption, language),
            ]
            for r in rows
        ]
        total = stats.budget["total"]
        body.append(
            [
                _("Total"),
                format_rupiah(total.allocated, language),
                format_rupiah(total.realised, language),
                format_percent(total.absorption, language),
            ]
        )
        tables.append(Table(key, title, [_("Group"), _("Allocated"), _("Realised"), _("Absorption")], body))
    return tables


def _action_items(viewer, first_year: int, year: int) -> list[Table]:
    from gugus.meetings.models import ActionItem

    items = scope.statistics_action_items(viewer).filter(due_on__year__gte=first_year, due_on__year__lte=year)
    by_status = dict(items.values_list("status").annotate(n=Count("id")).order_by())
    status_rows = [[label, by_status.get(value, 0)] for value, label in ActionItem.Status.choices]
    listing = [
        [i.due_on.isoformat(), i.owner_agency.abbreviation, i.description[:120], i.get_status_display()]
        for i in items.select_related("owner_agency").order_by("due_on", "id")[:60]
    ]
    return [
        Table(
            "action_status",
            _("Action items by status"),
            [_("Status"), _("Number")],
            status_rows,
            charts.bar_chart([(r[0], r[1]) for r in status_rows], language=translation.get_language() or "id"),
        ),
        Table(
            "action_items", _("Action items of the period"), [_("Due"), _("Agency"), _("Action"), _("Status")], listing
        ),
    ]


def _regulation(cutoff) -> list[Table]:
    from gugus.organisations.models import StructureVersion
    from gugus.regulations.models import RegulationVersion

    versions = (
        RegulationVersion.objects.filter(created_at__lte=cutoff)
        .select_related("regulation")
        .order_by("regulation_id", "created_at", "id")
    )
    rows = [
        [
            v.regulation.short_name or v.regulation.title[:60],
            v.label,
            v.get_kind_display(),
            v.article_count,
            v.created_at.date().isoformat(),
        ]
        for v in versions
    ]
    structures = StructureVersion.objects.filter(task_force__tier="national").order_by("effective_from", "id")
    structure_rows = [[s.name, s.regulation, s.get_status_display()] for s in structures]
    return [
        Table(
            "regulation_versions",
            _("Texts of the regulation and its revision"),
            [_("Regulation"), _("Version"), _("Kind"), _("Articles"), _("Recorded")],
            rows,
        ),
        Table(
            "structures",
            _("Structures of the national task force"),
            [_("Structure"), _("Regulation"), _("Status")],
            structure_rows,
        ),
    ]


def report_content(
    *,
    viewer=scope.NATIONAL_REPORT,
    year: int,
    five_year: bool = False,
    language: str = "id",
    cutoff=None,
    progress: Progress = _noop,
) -> ReportContent:
    """Every section of the report, in ``language``, with figures as of ``cutoff`` (now when None)."""
    cutoff = cutoff or timezone.now()
    first_year = year - 4 if five_year else year
    with translation.override(language):
        progress(10, "figures")
        filters = selectors.Filters(year=None if five_year else year, year_from=first_year, year_to=year, cutoff=cutoff)
        stats = selectors.statistics(viewer, filters, now=cutoff, entitled=False)
        progress(40, "tables")
        people = {key: value for key, _l, value, _link in stats.people_by_result.rows}
        kind_title = _("Five-year report") if five_year else _("Annual report")
        period = f"{first_year}–{year}" if five_year else str(year)
        title = _(
            "%(kind)s of the Task Force for the Prevention and Handling of Trafficking in Persons, %(period)s"
        ) % {
            "kind": kind_title,
            "period": period,
        }

        def n(value):
            return value.text if isinstance(value, Suppressed) else format_number(value, language)

        summary = [
            _("%(cases)s cases were reported in %(period)s.") % {"cases": n(stats.cases_total), "period": period},
            _(
                "%(identified)s people were identified as victims of trafficking and %(suspected)s more are suspected victims; %(not)s people were found not to be victims. These groups are counted apart and never added together; each person counts once, however many agencies hold a record of them."  # noqa: E501
            )
            % {
                "identified": n(people["identified"]),
                "suspected": n(people["suspected"]),
                "not": n(people["not_victim"]),
            },
            _("%(children)s of the identified victims were children when recruited.")
            % {"children": n(stats.children["identified"])},
            _("Budget absorption in %(year)s: %(share)s.")
            % {
                "year": stats.budget["year"],
                "share": format_percent(stats.budget["total"].absorption, language),
            },
        ]
        time_series = stats.by_year if five_year else stats.by_month
        series_table = Table(
            time_series.key,
            time_series.title,
            [_("Period"), _("Cases")],
            [[label, value] for _k, label, value, _l in time_series.rows] + [[_("Total"), time_series.total]],
            charts.column_chart([(label, value) for _k, label, value, _l in time_series.rows], language=language),
        )
        sex_age = []
        for key, t in stats.sex_age.items():
            rows = [[label, *cells, total] for label, cells, total in t["rows"]]
            rows.append([_("Total"), *t["column_totals"], t["total"]])
            sex_age.append(Table(f"sex_age_{key}", t["title"], ["", *t["columns"], _("Total")], rows))
        referral_tables = []
        for by, t in stats.referrals.items():
            title_by = _("Referrals by function") if by == "function" else _("Referrals by receiving agency")
            referral_tables.append(
                Table(
                    f"referrals_{by}",
                    title_by,
                    ["", _("Sent"), _("Accepted"), _("Overdue")],
                    [list(r) for r in t["rows"]],
                )
            )
        restitution = stats.restitution
        restitution_table = Table(
            "restitution",
            _("Restitution: requested, ordered, paid"),
            ["", _("Number"), _("Amount")],
            [
                [_("Requested"), restitution["reached"]["requested"], restitution["amounts"]["requested"]],
                [_("Ordered by the court"), restitution["reached"]["ordered"], restitution["amounts"]["ordered"]],
                [_("Paid"), restitution["reached"]["paid"], restitution["amounts"]["paid"]],
            ],
        )
        statistics_tables = [
            _breakdown_table(stats.people_by_result, _("Status"), language=language),
            series_table,
            _breakdown_table(stats.cases_by_status, _("Status"), language=language, chart=False),
            _breakdown_table(stats.exploitation, _("Exploitation type"), language=language),
            _breakdown_table(stats.destination, _("Country"), language=language),
            _breakdown_table(stats.destination_identified, _("Country"), language=language, chart=False),
            _breakdown_table(stats.origin, _("Province"), language=language),
            _breakdown_table(stats.channel, _("Channel"), language=language, chart=False),
            *sex_age,
            *referral_tables,
            _breakdown_table(stats.services, _("Service"), language=language, chart=False),
            restitution_table,
        ]
        if stats.legal:
            statistics_tables.append(
                Table(
                    "legal",
                    _("Investigations and prosecutions"),
                    ["", _("Number")],
                    [[k, v] for k, v in stats.legal.items()],
                )
            )
        progress(60, "sections")
        sections = [
            ("statistics", _("Statistics"), statistics_tables),
            ("contributions", _("Contributions by member agency"), [_contributions(viewer, first_year, year, cutoff)]),
            ("budget", _("Budget use by function and tier"), _budget_tables(stats, language)),
            ("action-items", _("Action items and their status"), _action_items(viewer, first_year, year)),
            ("regulation", _("State of the revision of the regulation"), _regulation(cutoff)),
        ]
        return ReportContent(
            kind="five_year" if five_year else "annual",
            first_year=first_year,
            year=year,
            language=language,
            cutoff=cutoff,
            title=title,
            summary=summary,
            sections=sections,
        )


def _cell(value, language: str) -> str:
    from decimal import Decimal

    from gugus.core.money import format_rupiah

    if isinstance(value, Suppressed):
        return value.text
    if value is None:
        return "•"
    if isinstance(value, Decimal):
        return format_rupiah(value, language)
    if isinstance(value, int):
        return format_number(value, language)
    return str(value)


def render_html(content: ReportContent) -> str:
    with translation.override(content.language):
        sections = [
            (anchor, title, [(t, [[_cell(c, content.language) for c in row] for row in t.rows]) for t in tables])
            for anchor, title, tables in content.sections
        ]
        return render_to_string(
            "reports/annual_report.html",
            {
                "content": content,
                "sections": sections,
                "fonts": FONTS.as_uri(),
                "cutoff": timezone.localtime(content.cutoff),
            },
        )


def render_pdf(content: ReportContent, progress: Progress = _noop) -> bytes:
    from weasyprint import HTML

    html = render_html(content)
    progress(80, "layout")
    return HTML(string=html, base_url=str(FONTS)).write_pdf()


def _xlsx_cell(value):
    from decimal import Decimal

    if isinstance(value, Suppressed):
        return value.text
    if value is None:
        return "•"
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return str(value)


def render_xlsx(content: ReportContent, progress: Progress = _noop) -> bytes:
    """One sheet per table (the data behind every chart), and a first sheet saying what the figures are."""

    from openpyxl import Workbook

    with translation.override(content.language):
        book = Workbook()
        about = book.active
        about.title = _("Report")[:31]
        about.append([content.title])
        about.append([_("Figures as of"), timezone.localtime(content.cutoff).strftime("%Y-%m-%d %H:%M")])
        about.append(
            [
                _(
                    'Counts under 5 are shown as "<5"; cells marked "•" are hidden so that a small count cannot be worked out.'  # noqa: E501
                )
            ]
        )
        used = set()
        for _anchor, _title, tables in content.sections:
            for table in tables:
                name = table.key[:31]
                while name in used:
                    name = name[:29] + str(len(used))
                used.add(name)
                sheet = book.create_sheet(name)
                sheet.append([str(table.title)])
                sheet.append([str(h) for h in table.header])
                for row in table.rows:
                    sheet.append([_xlsx_cell(c) for c in row])
        progress(80, "layout")
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
