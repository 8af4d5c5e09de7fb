"""Import of budget lines (pagu) and realisation from XLSX or CSV in a budget officer's layout.

The whole file is checked first; every bad row is reported with its row number, column and
reason, and nothing is written unless the whole file is valid. Lines are matched on fiscal
year, holder, programme/activity/output/account codes and source, realisation on its line and
document number, so importing the same file again changes nothing; a changed amount becomes a
revision of the line (its history is kept).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from gugus.budgets import access, services
from gugus.budgets.models import ZERO, BudgetLine, Realisation, Revision, Source
from gugus.core.errors import MAX_IMPORT_BYTES, GugusError, ImportRejected, RowError
from gugus.core.money import MoneyError, parse_rupiah
from gugus.core.text import clean_cell
from gugus.organisations.models import Tier

MAX_ROWS = 20000

# field -> accepted headers (case-insensitive); the first is what the template writes.
LINE_COLUMNS = {
    "fiscal_year": ("Tahun Anggaran", "Tahun", "Fiscal year"),
    "holder": ("Pemegang", "Satker", "Holder"),
    "source": ("Sumber Dana", "Source"),
    "source_detail": ("Rincian Sumber", "Source detail"),
    "programme_code": ("Program", "Kode Program", "Programme"),
    "activity_code": ("Kegiatan", "Kode Kegiatan", "Activity"),
    "output_code": ("Output", "KRO/RO", "Kode Output"),
    "account_code": ("Akun", "Kode Akun", "Account"),
    "title": ("Uraian", "Description"),
    "function": ("Fungsi", "Function"),
    "ran_activity": ("Kegiatan RAN", "RAN activity"),
    "allocated": ("Pagu", "Allocated", "Alokasi"),
    "revision_kind": ("Jenis Revisi", "Revision"),
}
LINE_REQUIRED = ("fiscal_year", "holder", "source", "title", "allocated")

REALISATION_COLUMNS = {
    "fiscal_year": LINE_COLUMNS["fiscal_year"],
    "holder": LINE_COLUMNS["holder"],
    "source": LINE_COLUMNS["source"],
    "programme_code": LINE_COLUMNS["programme_code"],
    "activity_code": LINE_COLUMNS["activity_code"],
    "output_code": LINE_COLUMNS["output_code"],
    "account_code": LINE_COLUMNS["account_code"],
    "spent_on": ("Tanggal", "Date"),
    "document_ref": ("No. Bukti", "Nomor SP2D", "Document"),
    "description": ("Uraian", "Description"),
    "amount": ("Jumlah", "Realisasi", "Amount"),
    "service_ref": ("Layanan", "Service"),
}
REALISATION_REQUIRED = ("fiscal_year", "holder", "source", "spent_on", "document_ref", "amount")

SOURCE_NAMES = {
    "apbn polri": Source.APBN_POLRI,
    "apbn k/l": Source.APBN_MINISTRY,
    "apbn kementerian": Source.APBN_MINISTRY,
    "apbd provinsi": Source.APBD_PROVINCE,
    "apbd kabupaten/kota": Source.APBD_REGENCY,
    "apbd kabupaten": Source.APBD_REGENCY,
    "apbd kota": Source.APBD_REGENCY,
    "transfer ke daerah": Source.TRANSFER,
    "dak non-fisik": Source.TRANSFER,
    "dak non-fisik ppa": Source.TRANSFER,
    "hibah": Source.DONOR,
    "hibah donor": Source.DONOR,
}
REVISION_NAMES = {"apbn-p": Revision.Kind.APBN_P, "apbd-p": Revision.Kind.APBD_P, "pergeseran": Revision.Kind.SHIFT}


@dataclass
class ImportResult:
    """What an accepted file did."""

    kind: str
    rows: int = 0
    created: int = 0
    revised: int = 0
    updated: int = 0
    unchanged: int = 0
    messages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "rows": self.rows,
            "created": self.created,
            "revised": self.revised,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def read_table(content: bytes, filename: str, kind: str) -> tuple[list[str], list[tuple[int, dict[str, object]]]]:
    """Headers (row 1) and rows of a CSV or XLSX file as (spreadsheet row number, {header: value})."""
    name = filename.lower()
    if len(content) > MAX_IMPORT_BYTES:
        message = _("The file is too large: at most %(mb)s MB.") % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)}
        raise ImportRejected([RowError(0, "", message)])
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 - any unreadable workbook is the same error to the user
            raise ImportRejected([RowError(0, "", _("The file is not a readable XLSX workbook."))]) from error
        wanted = {"lines": ("pagu", "lines", "anggaran"), "realisations": ("realisasi", "realisations")}[kind]
        sheet = next((book[s] for s in book.sheetnames if s.strip().lower() in wanted), book.worksheets[0])
        raw = list(sheet.iter_rows(values_only=True))
    elif name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportRejected([RowError(0, "", _("The CSV file is not UTF-8 text."))]) from error
        dialect = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        raw = list(csv.reader(io.StringIO(text), dialect))
    else:
        raise ImportRejected([RowError(0, "", _("Upload an .xlsx or .csv file."))])
    if not raw:
        raise ImportRejected([RowError(1, "", _("The file is empty."))])
    headers = [str(h).strip() if h is not None else "" for h in raw[0]]
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        values = [clean_cell(v) if isinstance(v, str) else v for v in values]
        rows.append((number, {headers[i]: values[i] for i in range(min(len(headers), len(values))) if headers[i]}))
    if len(rows) > MAX_ROWS:
        raise ImportRejected([RowError(0, "", _("At most %(n)d rows per file.") % {"n": MAX_ROWS})])
    return headers, rows


def _map_headers(headers, columns, required, errors) -> dict[str, str]:
    """field -> header found in the file."""
    present = {h.lower(): h for h in headers if h}
    mapping = {}
    for name, accepted in columns.items():
        for header in accepted:
            if header.lower() in present:
                mapping[name] = present[header.lower()]
                break
    for name in required:
        if name not in mapping:
            errors.append(RowError(1, columns[name][0], _("Column missing.")))
    return mapping


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _source(value) -> str | None:
    text = _text(value).lower()
    if text in Source.values:
        return text
    return SOURCE_NAMES.get(text)


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


class _Row:
    """Reads one row's cells, recording errors against its row number and the file's header."""

    def __init__(self, number: int, row: dict, mapping: dict, columns: dict, errors: list[RowError]):
        self.number, self.row, self.mapping, self.columns, self.errors = number, row, mapping, columns, errors
        self.ok = True

    def header(self, name: str) -> str:
        return self.mapping.get(name, self.columns[name][0])

    def fail(self, name: str, message: str) -> None:
        self.errors.append(RowError(self.number, self.header(name), message))
        self.ok = False

    def raw(self, name: str):
        return self.row.get(self.mapping[name]) if name in self.mapping else None

    def text(self, name: str, *, required: bool = False, max_length: int = 300) -> str:
        value = _text(self.raw(name))
        if required and not value:
            self.fail(name, _("Required."))
        elif len(value) > max_length:
            self.fail(name, _("At most %(n)d characters.") % {"n": max_length})
        return value

    def year(self) -> int | None:
        text = self.text("fiscal_year", required=True)
        if text and (not text.isdigit() or not services.FIRST_YEAR <= int(text) <= services.LAST_YEAR):
            self.fail("fiscal_year", _("Not a fiscal year."))
            return None
        return int(text) if text else None

    def amount(self, name: str) -> Decimal | None:
        value = self.raw(name)
        if value is None or _text(value) == "":
            self.fail(name, _("Required."))
            return None
        try:
            amount = parse_rupiah(value)
        except MoneyError as error:
            self.fail(name, str(error))
            return None
        if amount < 0:
            self.fail(name, _("Cannot be negative."))
            return None
        return amount

    def holder(self, user, edit: bool = True):
        code = self.text("holder", required=True, max_length=40)
        if not code:
            return None
        holder = services.holder_resolve(code)
        if holder is None:
            self.fail(
                "holder", _("Unknown holder %(code)s (a unit code, GT-PUSAT or GT-<region code>).") % {"code": code}
            )
            return None
        if edit and user is not None and not access.can_edit_holder(user, holder):
            self.fail("holder", _("You may not change the budget of %(code)s.") % {"code": code})
            return None
        return holder

    def source(self):
        text = self.text("source", required=True)
        value = _source(text) if text else None
        if text and value is None:
            self.fail("source", _("Unknown source of funds %(value)s.") % {"value": text})
        return value

    def codes(self) -> dict[str, str]:
        return {
            name: self.text(name, max_length=40)
            for name in ("programme_code", "activity_code", "output_code", "account_code")
        }


def _functions() -> dict[str, object]:
    from gugus.functions.models import Function

    return {f.code: f for f in Function.objects.filter(active=True)}


def import_lines(*, actor, content: bytes, filename: str) -> ImportResult:
    """Import budget lines; raises ImportRejected (nothing written) when any row is bad."""
    headers, rows = read_table(content, filename, "lines")
    errors: list[RowError] = []
    mapping = _map_headers(headers, LINE_COLUMNS, LINE_REQUIRED, errors)
    if errors:
        raise ImportRejected(errors)
    functions = _functions()
    plans = []
    seen: dict[str, int] = {}
    for number, row in rows:
        r = _Row(number, row, mapping, LINE_COLUMNS, errors)
        year = r.year()
        holder = r.holder(actor)
        source = r.source()
        codes = r.codes()
        title = r.text("title", required=True)
        allocated = r.amount("allocated")
        function_code = r.text("function", max_length=80)
        function = None
        if function_code:
            function = functions.get(function_code)
            if function is None:
                r.fail("function", _("Unknown function code %(code)s.") % {"code": function_code})
        revision_text = r.text("revision_kind").lower()
        revision_kind = REVISION_NAMES.get(revision_text) if revision_text else None
        if revision_text and revision_kind is None:
            r.fail("revision_kind", _("Use APBN-P, APBD-P or Pergeseran."))
        if not r.ok:
            continue
        tier, _region = services.holder_place(holder)
        allowed = services.SOURCE_TIERS.get(source)
        if allowed and tier not in allowed:
            r.fail(
                "source",
                _("%(source)s cannot fund a line at the %(tier)s tier.")
                % {"source": Source(source).label, "tier": Tier(tier).label},
            )
            continue
        key = services.natural_key(fiscal_year=year, holder=holder, source=source, **codes)
        if key in seen:
            r.fail("output_code", _("Same line as row %(row)d.") % {"row": seen[key]})
            continue
        seen[key] = number
        existing = BudgetLine.objects.filter(natural_key=key).first()
        if existing is not None and allocated != existing.allocated:
            committed = services.realised_total(existing) + services.outflow_total(existing)
            if allocated < committed:
                r.fail("allocated", _("The line has already spent or passed on more than this amount."))
                continue
        plans.append(
            (
                number,
                existing,
                {
                    "fiscal_year": year,
                    "holder": holder,
                    "source": source,
                    "title": title,
                    "allocated": allocated,
                    "function": function,
                    "source_detail": r.text("source_detail", max_length=120),
                    "ran_activity": r.text("ran_activity", max_length=80),
                    **codes,
                },
                revision_kind or (Revision.Kind.APBN_P if tier == Tier.NATIONAL else Revision.Kind.APBD_P),
            )
        )
    if errors:
        raise ImportRejected(errors)
    result = ImportResult("lines", rows=len(rows))
    with transaction.atomic():
        for number, existing, values, revision_kind in plans:
            try:
                if existing is None:
                    services.line_create(actor=actor, **values)
                    result.created += 1
                    continue
                changed = False
                if values["allocated"] != existing.allocated:
                    services.line_revise(
                        actor=actor,
                        line=existing,
                        amount=values["allocated"],
                        kind=revision_kind,
                        note=_("Imported from %(file)s") % {"file": filename[:100]},
                    )
                    result.revised += 1
                    changed = True
                details = {
                    k: values[k]
                    for k in ("title", "function", "source_detail", "ran_activity")
                    if getattr(existing, k) != values[k]
                }
                if details:
                    services.line_update_details(actor=actor, line=existing, **details)
                    result.updated += 1
                    changed = True
                if not changed:
                    result.unchanged += 1
            except GugusError as error:
                # The checks above should have caught it; refuse the whole file all the same.
                transaction.set_rollback(True)
                raise ImportRejected([RowError(number, error.field or "", str(error.message))]) from error
    return result


def import_realisations(*, actor, content: bytes, filename: str) -> ImportResult:
    """Import realisation entries against existing lines; ImportRejected (nothing written) on any bad row."""
    headers, rows = read_table(content, filename, "realisations")
    errors: list[RowError] = []
    mapping = _map_headers(headers, REALISATION_COLUMNS, REALISATION_REQUIRED, errors)
    if errors:
        raise ImportRejected(errors)
    plans = []
    seen: dict[tuple[int, str], int] = {}
    added: dict[int, Decimal] = {}
    for number, row in rows:
        r = _Row(number, row, mapping, REALISATION_COLUMNS, errors)
        year = r.year()
        holder = r.holder(actor)
        source = r.source()
        codes = r.codes()
        spent_text = r.raw("spent_on")
        spent_on = _date(spent_text)
        if spent_on is None:
            r.fail("spent_on", _("Not a date (use YYYY-MM-DD or DD/MM/YYYY)."))
        document_ref = r.text("document_ref", required=True, max_length=80)
        amount = r.amount("amount")
        if amount is not None and amount == 0:
            r.fail("amount", _("Spending must be more than zero."))
        if not r.ok:
            continue
        key = services.natural_key(fiscal_year=year, holder=holder, source=source, **codes)
        line = BudgetLine.objects.filter(natural_key=key).first()
        if line is None:
            r.fail(
                "output_code", _("No budget line of this holder with these codes and source; import the lines first.")
            )
            continue
        if spent_on.year != line.fiscal_year:
            r.fail("spent_on", _("The date must fall in fiscal year %(year)d.") % {"year": line.fiscal_year})
            continue
        if (line.pk, document_ref) in seen:
            r.fail("document_ref", _("Same document as row %(row)d.") % {"row": seen[(line.pk, document_ref)]})
            continue
        seen[(line.pk, document_ref)] = number
        existing = Realisation.objects.filter(line=line, document_ref=document_ref).first()
        if existing is not None:
            if (existing.amount, existing.spent_on) != (amount, spent_on):
                r.fail("document_ref", _("This document is already recorded with another date or amount."))
            else:
                plans.append((number, None))
            continue
        total = services.realised_total(line) + services.outflow_total(line) + added.get(line.pk, ZERO) + amount
        if total > line.allocated:
            r.fail("amount", _("Spending would exceed the line's allocation."))
            continue
        added[line.pk] = added.get(line.pk, ZERO) + amount
        plans.append(
            (
                number,
                {
                    "line": line,
                    "spent_on": spent_on,
                    "amount": amount,
                    "document_ref": document_ref,
                    "description": r.text("description"),
                    "service_ref": r.text("service_ref", max_length=64),
                },
            )
        )
    if errors:
        raise ImportRejected(errors)
    result = ImportResult("realisations", rows=len(rows))
    with transaction.atomic():
        for number, values in plans:
            if values is None:
                result.unchanged += 1
                continue
            try:
                services.realisation_record(actor=actor, **values)
            except GugusError as error:
                transaction.set_rollback(True)
                raise ImportRejected([RowError(number, error.field or "", str(error.message))]) from error
            result.created += 1
    return result


def import_file(*, actor, content: bytes, filename: str, kind: str) -> ImportResult:
    """Import a file of ``kind`` "lines" or "realisations"."""
    if kind == "lines":
        return import_lines(actor=actor, content=content, filename=filename)
    if kind == "realisations":
        return import_realisations(actor=actor, content=content, filename=filename)
    raise ImportRejected([RowError(0, "", _("Unknown kind of import."))])


def template_xlsx() -> bytes:
    """An empty workbook in the import layout: sheets Pagu and Realisasi with their headers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    lines = book.active
    lines.title = "Pagu"
    lines.append([columns[0] for columns in LINE_COLUMNS.values()])
    lines.append(
        [
            2026,
            "GT-PUSAT",
            "APBN Polri",
            "",
            "060.01.DH",
            "5006",
            "5006.QAH.001",
            "521211",
            "Rapat koordinasi Gugus Tugas",
            "coordination",
            "RAN 4.1",
            "1.250.000.000",
            "",
        ]
    )
    realisations = book.create_sheet("Realisasi")
    realisations.append([columns[0] for columns in REALISATION_COLUMNS.values()])
    for sheet in (lines, realisations):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
