"""Bulk import of repatriation and intake lists (CSV or XLSX): one case per row, its person as victim.

The whole file is checked first and every bad row is reported (line, column, reason); nothing is
written unless every row is valid, and then everything is written in one transaction, so an
interrupted import leaves the database as it was. Each row's keyed digest is kept on its case:
importing the same rows again creates nothing new.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gugus.accounts.roles import has_capability
from gugus.audit.services import audit_record
from gugus.cases.models import Case, CaseImport, Channel
from gugus.cases.services import case_clean, case_create_prepared
from gugus.core.crypto import blind_index, keyed_digest
from gugus.core.errors import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ERRORS_LISTED,
    MAX_IMPORT_ROWS,
    Conflict,
    ImportRejected,
    PermissionDenied,
    RowError,
)
from gugus.core.text import clean_cell
from gugus.organisations.models import Region
from gugus.people.services import person_clean, region_resolve

HEADER = [
    "full_name",
    "sex",
    "birth_date",
    "birth_place",
    "nik",
    "phone",
    "passport_no",
    "address_region",
    "destination_country",
    "exploitation_type",
    "report_date",
]
# Where a problem found by the person or case checks lies in the file.
_COLUMN_OF = {
    "full_name": "full_name",
    "sex": "sex",
    "birth_date": "birth_date",
    "nik": "nik",
    "phone": "phone",
    "passport_no": "passport_no",
    "address_region": "address_region",
    "origin": "address_region",
    "destination_country": "destination_country",
    "exploitation_type": "exploitation_type",
    "reported_on": "report_date",
}
PROGRESS_EVERY = 50

# The header people read (the template's, in their language). On import any of these is accepted in
# either language, as are the English column names above, whatever their case or spacing.
COLUMN_LABELS = {
    "full_name": gettext_lazy("Full name"),
    "sex": gettext_lazy("Sex (L/P)"),
    "birth_date": gettext_lazy("Birth date"),
    "birth_place": gettext_lazy("Birth place"),
    "nik": gettext_lazy("NIK"),
    "phone": gettext_lazy("Phone numbers"),
    "passport_no": gettext_lazy("Passport number"),
    "address_region": gettext_lazy("Home region"),
    "destination_country": gettext_lazy("Destination country"),
    "exploitation_type": gettext_lazy("Exploitation type"),
    "report_date": gettext_lazy("Report date"),
}


def fold_header(name: str) -> str:
    """A header as compared: lower case, underscores and runs of spaces as one space."""
    return " ".join(re.sub(r"[_\s]+", " ", str(name or "").strip().lstrip("\ufeff").lower()).split())


def header_aliases() -> dict[str, str]:
    """{folded header as people write it: column}: the English names and the labels in both languages."""
    aliases = {fold_header(column): column for column in HEADER}
    for language in ("en", "id"):
        with translation.override(language):
            aliases.update({fold_header(str(label)): column for column, label in COLUMN_LABELS.items()})
    return aliases


def import_hints() -> list[str]:
    """What to write in each column of the template, in the active language (the template's second sheet)."""
    from gugus.cases.models import ExploitationType

    exploitation = ", ".join(str(label) for _code, label in ExploitationType.choices)
    return [
        _("As on the identity document."),
        _("L or P (also M/F)."),
        _("DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD."),
        _("Town or regency."),
        _("16 digits, if known."),
        _("One or more, separated by commas: 0812..., +62812... or a foreign number with its country code."),
        _("If known."),
        _("Regency or city, by name (Kab. Indramayu) or Kemendagri code."),
        _("Country, by name (Kamboja) or code."),
        _("One or more, separated by commas: %(types)s.") % {"types": exploitation},
        _("The date the list was received, DD-MM-YYYY."),
    ]


def template_header() -> list[str]:
    """The template's header in the active language."""
    return [str(COLUMN_LABELS[column]) for column in HEADER]


@dataclass
class RowWarning:
    row: int
    column: str
    code: str
    message: str

    def __str__(self) -> str:
        return _("line %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    """What an import did: the cases created, the rows already imported before, the warnings."""

    rows: int
    created: list[str] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)
    record: CaseImport | None = None
    # Line of each imported row -> its case's import key (created or already imported): for
    # imports built on this one (gugus.legal.repatriation).
    keys: dict[int, str] = field(default_factory=dict)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_cell(str(value))


def read_table(
    data: bytes, filename: str = "", *, required=HEADER, case_sensitive: bool = False, aliases=None
) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV or XLSX file as (line number, {column: text}); the header is line 1.

    Column names are compared in lower case unless ``case_sensitive`` (HTCDS's are CamelCase), and
    through ``aliases`` ({folded header: column}) when given. Raises ImportRejected when the file
    cannot be read or a ``required`` column is missing.
    """
    return read_table_labelled(data, filename, required=required, case_sensitive=case_sensitive, aliases=aliases)[0]


def read_table_labelled(
    data: bytes,
    filename: str = "",
    *,
    required=HEADER,
    case_sensitive: bool = False,
    aliases=None,
    column_labels=None,
    max_bytes: int | None = None,
    max_rows: int | None = None,
) -> tuple[list[tuple[int, dict[str, str]]], dict[str, str]]:
    """``read_table``'s rows and {column: its header as written in the file}, to name columns in errors.

    ``column_labels`` ({column: label}) names a missing column in the error (the case import's
    labels by default); ``max_bytes`` and ``max_rows`` cap the file (the case import's caps by default).
    """
    max_bytes = MAX_IMPORT_BYTES if max_bytes is None else max_bytes
    max_rows = MAX_IMPORT_ROWS if max_rows is None else max_rows
    if len(data) > max_bytes:
        message = _("The file is too large: at most %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)}
        raise ImportRejected([RowError(1, "-", message)])
    is_xlsx = filename.lower().endswith(".xlsx") or data[:2] == b"PK"
    try:
        raw_rows = _read_xlsx(data) if is_xlsx else _read_csv(data)
    except ImportRejected:
        raise
    except Exception as error:  # a corrupt file: say so, never crash
        raise ImportRejected([RowError(1, "-", _("The file cannot be read as CSV or XLSX."))]) from error
    if not raw_rows:
        raise ImportRejected([RowError(1, "-", _("The file is empty."))])
    header_line, header = raw_rows[0]
    written = [str(h or "").strip().lstrip("\ufeff") for h in header]
    if aliases:
        names = [aliases.get(fold_header(name), fold_header(name)) for name in written]
    else:
        names = written if case_sensitive else [name.lower() for name in written]
    missing = [c for c in required if c not in names]
    labels_of = COLUMN_LABELS if column_labels is None else column_labels
    if missing:
        raise ImportRejected(
            [
                RowError(header_line, str(labels_of.get(c, c)), _("This column is missing from the header."))
                for c in missing
            ]
        )
    if len(raw_rows) - 1 > max_rows:
        raise ImportRejected([RowError(1, "-", _("At most %(n)d rows per file.") % {"n": max_rows})])
    labels = {name: text for name, text in zip(names, written, strict=True) if name}
    rows = []
    for line, values in raw_rows[1:]:
        cells = [_cell(v) for v in values]
        if not any(cells):
            continue
        rows.append((line, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(names) if name}))
    return rows, labels


def _read_csv(data: bytes) -> list[tuple[int, list]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    line = 1
    for values in reader:
        rows.append((line, values))
        line = reader.line_num + 1
    return rows


def _read_xlsx(data: bytes) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    rows = [(index, list(values)) for index, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
    workbook.close()
    return rows


def _row_key(unit_code: str, clean_person, clean_case) -> str:
    """A keyed digest of what identifies an imported row (the same row gives the same key)."""
    p, c = clean_person.values, clean_case.values
    parts = [
        unit_code,
        p["full_name"].lower(),
        p.get("nik") or "",
        p.get("passport_no") or "",
        ",".join(p.get("phones") or []),
        p["birth_date"].isoformat() if p.get("birth_date") else "",
        c["reported_on"].isoformat() if c.get("reported_on") else "",
        c.get("exploitation_codes") or "",
        c.get("destination_country") or c.get("destination_as_written") or "",
    ]
    return blind_index("import_row", "\x1f".join(parts))


def cases_import_check(*, actor, unit, data: bytes, filename: str = "", today: dt.date | None = None) -> ImportResult:
    """Check a list as ``cases_import`` would, writing nothing: its rows and warnings, or ImportRejected."""
    return _check(actor=actor, unit=unit, data=data, filename=filename, today=today, checked=None)[1]


def _check(*, actor, unit, data, filename, today, checked):
    """(rows, result with the warnings, the rows prepared for writing); ImportRejected naming every bad row."""
    if not has_capability(actor, "cases.import"):
        raise PermissionDenied(_("Your role does not allow this."))
    rows, labels = read_table_labelled(data, filename, aliases=header_aliases())

    def column(field_name: str) -> str:
        name = _COLUMN_OF.get(field_name, field_name)
        return labels.get(name, name)

    districts = set(Region.objects.filter(level=Region.Level.DISTRICT).values_list("code", flat=True))
    errors: list[RowError] = []
    result = ImportResult(rows=len(rows))
    prepared = []
    seen: dict[str, int] = {}
    for index, (line, row) in enumerate(rows, start=1):
        if checked and (index % PROGRESS_EVERY == 0 or index == len(rows)):
            checked(index, len(rows))
        if len(errors) >= MAX_IMPORT_ERRORS_LISTED:
            # Enough to show, and the file is refused either way: stop spending work on it.
            errors = errors[: MAX_IMPORT_ERRORS_LISTED - 1]
            errors.append(RowError(line, "-", _("Checking stopped here after %(n)d errors.") % {"n": len(errors)}))
            break
        clean_person = person_clean(
            full_name=row.get("full_name", ""),
            sex=row.get("sex", ""),
            birth_date=row.get("birth_date", ""),
            birth_place=row.get("birth_place", ""),
            nik=row.get("nik", ""),
            phones=row.get("phone", ""),
            passport_no=row.get("passport_no", ""),
            address_region=row.get("address_region", ""),
            district_exists=districts.__contains__,
            today=today,
        )
        clean_case = case_clean(
            channel=Channel.REPATRIATION_LIST,
            reported_on=row.get("report_date", ""),
            exploitation_types=row.get("exploitation_type", ""),
            origin=row.get("address_region", ""),
            destination_country=row.get("destination_country", ""),
            today=today,
        )
        for problem in [*clean_person.errors, *clean_case.errors]:
            errors.append(RowError(line, column(problem.field), problem.message))
        # The origin of the case is the victim's home region: warn about it once.
        for problem in [*clean_person.warnings, *[w for w in clean_case.warnings if w.field != "origin"]]:
            result.warnings.append(RowWarning(line, column(problem.field), problem.code, problem.message))
        birth_place = row.get("birth_place", "").strip()
        if birth_place and region_resolve(birth_place) is None:
            result.warnings.append(
                RowWarning(
                    line,
                    column("birth_place"),
                    "region_unresolved",
                    _("'%(place)s' is not a known region name; kept as written.") % {"place": birth_place[:60]},
                )
            )
        if clean_person.errors or clean_case.errors:
            continue
        key = _row_key(unit.code, clean_person, clean_case)
        if key in seen:
            result.warnings.append(
                RowWarning(line, "-", "duplicate_row", _("Same as line %(line)s; imported once.") % {"line": seen[key]})
            )
            continue
        seen[key] = line
        prepared.append((line, key, clean_person, clean_case))
    if errors:
        raise ImportRejected(errors)
    return rows, result, prepared


def cases_import(
    *,
    actor,
    unit,
    data: bytes,
    filename: str = "",
    progress: Callable[[int, int], None] | None = None,
    today: dt.date | None = None,
    checked: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import a list into ``unit``: all rows or none. Raises ImportRejected naming every bad row.

    ``checked(done, total)`` is told how far the checks went (before the write's transaction, so a
    caller can show it); ``progress`` how far the write went (inside it).
    """
    rows, result, prepared = _check(actor=actor, unit=unit, data=data, filename=filename, today=today, checked=checked)

    existing = set(
        Case.objects.filter(reporting_unit=unit, import_key__in=[key for _, key, _, _ in prepared]).values_list(
            "import_key", flat=True
        )
    )
    try:
        _write(
            actor=actor,
            unit=unit,
            data=data,
            filename=filename,
            rows=rows,
            prepared=prepared,
            existing=existing,
            result=result,
            progress=progress,
        )
    except IntegrityError as error:
        # The same rows were imported by someone else at the same moment: nothing of ours stayed.
        raise Conflict(_("These rows are being imported by someone else; try again.")) from error
    return result


def _crash_test_pause(point: int) -> None:
    """Crash-consistency tests only (GUGUS_ENV=test): stop before writing row ``point`` (the number of
    rows plus one: before the import's record and audit entry) and wait, so that the test can kill the
    process or its database connection there. The test sets GUGUS_TEST_IMPORT_PAUSE_AT and, to let it
    go on, creates the file named by GUGUS_TEST_IMPORT_RESUME_FILE."""
    wanted = os.environ.get("GUGUS_TEST_IMPORT_PAUSE_AT")
    if not wanted or settings.GUGUS_ENV != "test" or int(wanted) != point:
        return
    sys.stderr.write(f"import paused before row {point}\n")
    sys.stderr.flush()
    resume = os.environ.get("GUGUS_TEST_IMPORT_RESUME_FILE", "")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (resume and os.path.exists(resume)):
        time.sleep(0.02)


def _write(*, actor, unit, data, filename, rows, prepared, existing, result, progress) -> None:
    with transaction.atomic():
        total = len(prepared)
        for done, (line, key, clean_person, clean_case) in enumerate(prepared, start=1):
            _crash_test_pause(done)
            result.keys[line] = key
            if key in existing:
                result.skipped.append(line)
            else:
                victim_values = {
                    "age_at_recruitment": None,
                    "recruited_on": None,
                    "has_disability": False,
                    "disability": None,
                    "needs": None,
                }
                case = case_create_prepared(
                    actor=actor,
                    unit=unit,
                    case_values=clean_case.values,
                    victims=[(clean_person, victim_values)],
                    import_key=key,
                    source="import",
                )
                result.created.append(case.number)
            if progress and (done % PROGRESS_EVERY == 0 or done == total):
                progress(done, total)
        _crash_test_pause(total + 1)
        result.record = CaseImport.objects.create(
            reporting_unit=unit,
            file_digest=keyed_digest("import_file", data),
            file_name=filename[-200:],
            rows=len(rows),
            created=len(result.created),
            skipped=len(result.skipped),
            # Codes only: the messages may quote what was written in the file.
            warnings=[{"row": w.row, "column": w.column, "code": w.code} for w in result.warnings],
            imported_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            action="cases.import",
            target=result.record,
            data={
                "unit": unit.code,
                "rows": len(rows),
                "created": len(result.created),
                "skipped": len(result.skipped),
                "first": result.created[0] if result.created else None,
                "last": result.created[-1] if result.created else None,
            },
        )
