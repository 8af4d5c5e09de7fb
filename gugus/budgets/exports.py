"""XLSX exports of the budget analysis and of the lines in scope."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from gugus.budgets import selectors
from gugus.budgets.models import Source
from gugus.budgets.services import holder_code
from gugus.core.spreadsheets import xlsx_append

MONEY_FORMAT = "#,##0.00"


def analysis_xlsx(user, fiscal_year: int) -> bytes:
    """One sheet per dimension of absorption, the centre/region split, and every line in scope."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    lines = list(selectors.lines_with_totals(user, fiscal_year))
    book = Workbook()
    first = True
    titles = {
        "agency": _("By agency"),
        "function": _("By function"),
        "region": _("By region"),
        "tier": _("By tier"),
        "source": _("By source"),
    }
    for by in selectors.DIMENSIONS:
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = titles[by][:31]
        xlsx_append(sheet, [_("Key"), _("Group"), _("Lines"), _("Allocated"), _("Realised"), _("Absorption")])
        for row in selectors.absorption(lines, by):
            xlsx_append(sheet, [row.key, row.label, row.lines, row.allocated, row.realised, row.absorption])
        total = selectors.totals(lines)
        xlsx_append(sheet, ["", _("Total"), total.lines, total.allocated, total.realised, total.absorption])
        _style(sheet, Font)
    split = selectors.centre_region_split(lines)
    sheet = book.create_sheet(_("Centre and regions")[:31])
    xlsx_append(sheet, [_("Part"), _("Allocated"), _("Realised"), _("Share")])
    xlsx_append(sheet, [_("Centre"), split.centre, split.centre_realised, split.centre_share])
    xlsx_append(sheet, [_("Regions"), split.regions, split.regions_realised, split.regions_share])
    xlsx_append(sheet, [_("of which transferred from the centre"), split.transferred, None, None])
    _style(sheet, Font)
    sheet = book.create_sheet(_("Lines")[:31])
    xlsx_append(
        sheet,
        [
            _("No."),
            _("Fiscal year"),
            _("Holder"),
            _("Tier"),
            _("Region"),
            _("Function"),
            _("Source of funds"),
            _("Programme"),
            _("Activity"),
            _("Output"),
            _("Account"),
            _("Description"),
            _("RAN activity"),
            _("Allocated"),
            _("Passed on"),
            _("Received"),
            _("Realised"),
        ],
    )
    for line in lines:
        xlsx_append(
            sheet,
            [
                line.pk,
                line.fiscal_year,
                holder_code(line.holder),
                line.tier,
                line.region_id or "",
                line.function.code if line.function_id else "",
                str(Source(line.source).label),
                line.programme_code,
                line.activity_code,
                line.output_code,
                line.account_code,
                line.title,
                line.ran_activity,
                line.allocated,
                line.passed_on,
                line.received,
                line.realised,
            ],
        )
    _style(sheet, Font)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _style(sheet, font) -> None:
    for cell in sheet[1]:
        cell.font = font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            header = sheet.cell(row=1, column=cell.column).value
            if header in (_("Absorption"), _("Share")):
                cell.number_format = "0.0%"
            elif hasattr(cell.value, "as_tuple"):
                cell.number_format = MONEY_FORMAT
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 18
