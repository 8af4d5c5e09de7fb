"""Exports of this app neutralise formulas and control characters (gugus/core/spreadsheets.py)."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from gugus.core.tests.test_spreadsheets import HYPERLINK, _cell_xml


@pytest.mark.django_db
def test_meeting_report_xlsx(users, national_task_force):
    from gugus.meetings import reports, services
    from gugus.organisations.models import Agency

    actor = users["secretariat_national"]
    meeting = services.meeting_create(
        actor=actor,
        task_force=national_task_force,
        kind="rakor",
        title=HYPERLINK,
        held_on=dt.date(2025, 10, 24),
        place="@Depok",
        chair="-Deputi",
    )
    agreement = services.agreement_add(actor=actor, meeting=meeting, text="=1+1")
    services.action_item_add(
        actor=actor,
        agreement=agreement,
        description="+62 812",
        owner_agency=Agency.objects.get(abbreviation="Polri"),
        due_on=dt.date(2026, 1, 31),
    )
    content = reports.followup_xlsx(meeting, today=dt.date(2026, 1, 1))
    assert "<f>" not in _cell_xml(content)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == HYPERLINK and sheet["A1"].quotePrefix
    assert [sheet["D2"].value, sheet["F2"].value] == ["@Depok", "-Deputi"]
    assert [c.value for c in sheet[6]][1:3] == ["=1+1", "+62 812"]
