"""The authority matrix as an XLSX workbook: one sheet per tier, plus the analysis."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from gugus.core.spreadsheets import xlsx_append
from gugus.functions.selectors import Matrix, analyse
from gugus.organisations.models import Tier

OVERLAP_FILL = PatternFill("solid", fgColor="FFCDD2")
GAP_FILL = PatternFill("solid", fgColor="FFE0B2")
HEADER_FONT = Font(bold=True)


def matrix_rows(built: Matrix, tier: str | None) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of the matrix table as plain strings (the page, the print view and XLSX)."""
    agencies = built.columns(tier)
    header = ["code", "function", "tier", *[a.abbreviation for a in agencies], "status"]
    rows = []
    for function, slot in built.rows(tier):
        if slot is None:
            rows.append([function.code, function.name, "", *[""] * len(agencies), ""])
            continue
        status = []
        if slot.is_overlap:
            status.append("overlap")
        if slot.is_gap:
            status.append("gap: no " + "/".join(slot.missing))
        rows.append(
            [
                function.code,
                function.name,
                slot.tier,
                *[slot.letters.get(a.id, "") for a in agencies],
                "; ".join(status),
            ]
        )
    return header, rows


def matrix_workbook(built: Matrix) -> bytes:
    """XLSX bytes: a sheet per tier with the RACI letters, overlaps and gaps filled, and an analysis sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for tier in Tier.values:
        sheet = workbook.create_sheet(title=tier)
        header, rows = matrix_rows(built, tier)
        xlsx_append(sheet, header)
        for cell in sheet[1]:
            cell.font = HEADER_FONT
            cell.alignment = Alignment(text_rotation=0, wrap_text=True)
        for row in rows:
            xlsx_append(sheet, row)
            status = row[-1]
            fill = OVERLAP_FILL if "overlap" in status else GAP_FILL if status else None
            if fill is not None:
                for cell in sheet[sheet.max_row]:
                    cell.fill = fill
        sheet.freeze_panes = "D2"
        sheet.column_dimensions["A"].width = 34
        sheet.column_dimensions["B"].width = 40
    result = analyse(built.structure, built).as_dict()
    sheet = workbook.create_sheet(title="analysis")
    xlsx_append(sheet, ["structure", built.structure.key, built.structure.name])
    xlsx_append(sheet, [])
    xlsx_append(sheet, ["overlaps", "function", "tier", "agencies"])
    for item in result["overlaps"]:
        xlsx_append(sheet, ["", item["function"], item["tier"], ", ".join(item["agencies"])])
    xlsx_append(sheet, [])
    xlsx_append(sheet, ["gaps", "function", "tier", "missing"])
    for item in result["gaps"]:
        xlsx_append(sheet, ["", item["function"], item["tier"], ", ".join(item["missing"])])
    xlsx_append(sheet, [])
    xlsx_append(sheet, ["idle members", ", ".join(result["idle_members"])])
    xlsx_append(sheet, [])
    for name, value in result["figures"].items():
        xlsx_append(sheet, [name, value])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
