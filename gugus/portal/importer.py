"""Import of the register of placement agencies licensed by KP2MI, from CSV or XLSX.

The whole file is checked first; every bad row is reported with its row number, column and
reason, and nothing is written unless the whole file is valid. Rows are matched on the licence
number, so importing the same file again changes nothing but the source date.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gugus.cases.importer import fold_header, read_table_labelled
from gugus.core.errors import ImportRejected, PermissionDenied, RowError
from gugus.people.services import parse_date, region_resolve
from gugus.portal import access, services, text
from gugus.portal.models import LicensedAgency

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024

# field -> accepted headers (case-insensitive); the first is what the template writes.
COLUMNS = {
    "name": ("Nama P3MI", "Nama", "Name"),
    "licence_number": ("Nomor Izin", "No. Izin", "Licence number"),
    "status": ("Status Izin", "Status", "Licence status"),
    "valid_until": ("Berlaku Sampai", "Valid until"),
    "region": ("Provinsi", "Wilayah", "Region"),
    "source": ("Sumber", "Source"),
    "source_date": ("Tanggal Sumber", "Per Tanggal", "Source date"),
}
REQUIRED = ("name", "licence_number", "source", "source_date")
STATUS_NAMES = {
    "": LicensedAgency.Status.ACTIVE, "aktif": LicensedAgency.Status.ACTIVE, "berlaku": LicensedAgency.Status.ACTIVE,
    "active": LicensedAgency.Status.ACTIVE, "dibekukan": LicensedAgency.Status.SUSPENDED,
    "skorsing": LicensedAgency.Status.SUSPENDED, "suspended": LicensedAgency.Status.SUSPENDED,
    "dicabut": LicensedAgency.Status.REVOKED, "revoked": LicensedAgency.Status.REVOKED,
}  # fmt: skip


def read_rows(content: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of the first sheet of an XLSX file, or of a CSV file, as (line, {field: text}).

    Read by the case import's one table reader: headers are matched in either language through
    ``COLUMNS``, a missing required column is named by the header the template writes.
    """
    name = (filename or "").lower()
    if not name.endswith((".xlsx", ".csv")):
        raise ImportRejected([RowError(0, "", _("Upload an .xlsx or .csv file."))])
    aliases = {fold_header(header): field for field, accepted in COLUMNS.items() for header in accepted}
    rows, _labels = read_table_labelled(
        content,
        name,
        required=REQUIRED,
        aliases=aliases,
        column_labels={field: accepted[0] for field, accepted in COLUMNS.items()},
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
    )
    return rows


def register_check(content: bytes, filename: str) -> list[dict]:
    """Every row as register values; ImportRejected with every problem (row and column) otherwise."""
    rows = read_rows(content, filename)
    errors: list[RowError] = []
    mapping = {field: accepted[0] for field, accepted in COLUMNS.items()}
    values, seen = [], {}
    for number, row in rows:

        def cell(field, row=row):
            return row.get(field, "")

        def problem(field, message, number=number):
            errors.append(RowError(number, mapping.get(field, COLUMNS[field][0]), message))

        item = {}
        for field, limit in (("name", 200), ("licence_number", 80), ("source", 200)):
            try:
                item[field] = text.plain_text(cell(field), max_length=limit, multiline=False)
            except ValueError:
                problem(field, _("At most %(n)d characters.") % {"n": limit})
                continue
            if not item[field]:
                problem(field, _("This field is required."))
        if item.get("name") and not text.agency_name_key(item["name"]):
            problem("name", _("The name has no letters or digits."))
        licence = item.get("licence_number")
        if licence:
            if licence in seen:
                problem("licence_number", _("The same licence number is on row %(row)d.") % {"row": seen[licence]})
            seen.setdefault(licence, number)
        status = STATUS_NAMES.get(cell("status").lower())
        if status is None:
            problem("status", _("Write Aktif, Dibekukan or Dicabut."))
        item["status"] = status
        for field in ("valid_until", "source_date"):
            try:
                item[field] = parse_date(cell(field))
            except ValueError:
                problem(field, _("Write dates as YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY."))
                item[field] = None
        if item.get("source_date") is None and not any(
            e.row == number and e.column == mapping["source_date"] for e in errors
        ):
            problem("source_date", _("This field is required."))
        region_text = cell("region")
        item["region"] = region_resolve(region_text) if region_text else None
        if region_text and item["region"] is None:
            problem("region", _("'%(place)s' is not a known region name.") % {"place": region_text[:60]})
        values.append(item)
    if errors:
        raise ImportRejected(errors)
    return values


def register_import(*, actor, content: bytes, filename: str) -> dict[str, int]:
    """Check the whole file, then write it (all rows or none)."""
    if not access.can_maintain_register(actor):
        raise PermissionDenied(_("Your role does not allow this."))
    rows = register_check(content, filename)
    sources = sorted({r["source"] for r in rows})
    return services.licensed_agencies_replace(actor=actor, rows=rows, source=", ".join(sources))
