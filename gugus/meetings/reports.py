"""The follow-up report of a meeting (what was agreed and what has been done), as PDF and XLSX."""

from __future__ import annotations

import datetime as dt
import io

from django.utils.translation import gettext as _

from gugus.core.spreadsheets import xlsx_append
from gugus.meetings.models import Meeting
from gugus.meetings.selectors import MeetingPage, meeting_page


def _owner(item) -> str:
    names = getattr(item, "owner_current_names", [])
    text = item.owner_agency.abbreviation
    if names:
        text += " (" + _("now %(names)s") % {"names": ", ".join(a.abbreviation for a in names)} + ")"
    return text


def _rows(page: MeetingPage, today: dt.date) -> list[list]:
    rows = []
    for agreement in page.agreements:
        items = list(agreement.action_items.all())
        if not items:
            rows.append([agreement.number, agreement.text, "", "", None, "", "", None, ""])
        for item in items:
            rows.append(
                [
                    agreement.number,
                    agreement.text,
                    item.description,
                    _owner(item),
                    item.due_on,
                    item.get_status_display(),
                    _("yes") if item.is_overdue(today) else "",
                    item.completed_on,
                    item.evidence,
                ]
            )
    return rows


def _headers() -> list[str]:
    return [
        _("No."),
        _("Agreement"),
        _("Action item"),
        _("Owner agency"),
        _("Due date"),
        _("Status"),
        _("Overdue"),
        _("Completed on"),
        _("Evidence"),
    ]


def followup_xlsx(meeting: Meeting, today: dt.date | None = None) -> bytes:
    """The follow-up report as an XLSX workbook (one sheet, one row per action item)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    today = today or dt.date.today()
    page = meeting_page(meeting, today)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Follow-up")[:31]
    xlsx_append(sheet, [meeting.title])
    sheet["A1"].font = Font(bold=True, size=13)
    xlsx_append(sheet, [_("Date"), meeting.held_on, _("Place"), meeting.place, _("Chair"), meeting.chair])
    xlsx_append(sheet, [_("Status on"), today])
    xlsx_append(sheet, [])
    xlsx_append(sheet, _headers())
    for cell in sheet[5]:
        cell.font = Font(bold=True)
    for row in _rows(page, today):
        xlsx_append(sheet, row)
    for row in sheet.iter_rows(min_row=6):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDEFGHI", (6, 50, 50, 22, 12, 14, 10, 12, 40), strict=True):
        sheet.column_dimensions[column].width = width
    xlsx_append(sheet, [])
    xlsx_append(sheet, [_("Action items"), page.total, _("done"), page.done, _("overdue"), page.overdue])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def followup_pdf(meeting: Meeting, today: dt.date | None = None) -> bytes:
    """The follow-up report as a PDF (A4 landscape) for the meeting's participants."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    today = today or dt.date.today()
    page = meeting_page(meeting, today)
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=meeting.title,
    )

    def para(value) -> Paragraph:
        if isinstance(value, dt.date):
            value = value.isoformat()
        return Paragraph(escape(str(value or "")), small)

    story = [
        Paragraph(escape(_("Follow-up report")), styles["Title"]),
        Paragraph(escape(meeting.title), styles["Heading2"]),
        Paragraph(
            escape(
                _("%(date)s, %(place)s. Chair: %(chair)s. Status on %(today)s.")
                % {"date": meeting.held_on.isoformat(), "place": meeting.place, "chair": meeting.chair, "today": today}
            ),
            styles["BodyText"],
        ),
        Paragraph(
            escape(
                _("%(total)d action items: %(done)d done, %(overdue)d overdue.")
                % {"total": page.total, "done": page.done, "overdue": page.overdue}
            ),
            styles["BodyText"],
        ),
        Spacer(1, 4 * mm),
    ]
    data = [[para(h) for h in _headers()]] + [[para(v) for v in row] for row in _rows(page, today)]
    widths = [10, 55, 60, 30, 20, 20, 15, 20, 43]
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e0e0e0")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for index, row in enumerate(_rows(page, today), start=1):
        if row[6]:
            style.append(("BACKGROUND", (6, index), (6, index), colors.HexColor("#ffcdd2")))
    table.setStyle(TableStyle(style))
    story.append(table)
    doc.build(story)
    return out.getvalue()
