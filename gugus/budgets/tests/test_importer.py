import csv
import io
from decimal import Decimal

import pytest

from gugus.audit.models import AuditEntry
from gugus.budgets import importer
from gugus.budgets.models import BudgetLine, Realisation, Revision
from gugus.core.errors import ImportRejected

HEADER = [
    "Tahun Anggaran",
    "Pemegang",
    "Sumber Dana",
    "Program",
    "Kegiatan",
    "Output",
    "Akun",
    "Uraian",
    "Fungsi",
    "Kegiatan RAN",
    "Pagu",
]


def csv_bytes(rows, header=HEADER, delimiter=";"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


GOOD = [
    [
        "2027",
        "T-DINSOS-21.71",
        "APBD Kabupaten/Kota",
        "1.06.07",
        "2.01",
        "0001",
        "5.1.02",
        "Rumah aman",
        "social_rehabilitation",
        "RAN 3.2",
        "1.250.000.000",
    ],
    [
        "2027",
        "T-DINSOS-21.71",
        "DAK Non-Fisik PPA",
        "1.06.07",
        "2.02",
        "0002",
        "5.1.02",
        "Pendampingan korban",
        "social_rehabilitation",
        "",
        "Rp 300.000.000",
    ],
]


@pytest.mark.django_db
def test_import_with_a_bad_row_writes_nothing_and_names_it(users, budget_data):
    officer = users["budget_officer@other"]
    rows = [
        *GOOD,
        ["2027", "T-POLDA-21", "APBN K/L", "", "", "X", "", "Penyidikan", "investigation", "", "1.000"],
        ["2027", "T-DINSOS-21.71", "APBD Kabupaten/Kota", "1", "1", "1", "1", "Salah", "nope", "", "12,34,5"],
    ]
    before = (BudgetLine.objects.count(), Revision.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ImportRejected) as rejected:
        importer.import_lines(actor=officer, content=csv_bytes(rows), filename="pagu.csv")
    errors = [(e.row, e.column) for e in rejected.value.errors]
    assert errors == [(4, "Pemegang"), (5, "Pagu"), (5, "Fungsi")]
    assert "T-POLDA-21" in rejected.value.errors[0].message
    assert (BudgetLine.objects.count(), Revision.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.django_db
def test_reimport_changes_nothing_and_a_new_amount_is_a_revision(users, budget_data):
    officer = users["budget_officer@other"]
    first = importer.import_lines(actor=officer, content=csv_bytes(GOOD), filename="pagu.csv")
    assert first.as_dict() == {"kind": "lines", "rows": 2, "created": 2, "revised": 0, "updated": 0, "unchanged": 0}
    audit_count = AuditEntry.objects.count()
    again = importer.import_lines(actor=officer, content=csv_bytes(GOOD), filename="pagu.csv")
    assert (again.created, again.revised, again.unchanged) == (0, 0, 2)
    assert AuditEntry.objects.count() == audit_count
    changed = [GOOD[0][:-1] + ["1.400.000.000"], GOOD[1]]
    third = importer.import_lines(actor=officer, content=csv_bytes(changed), filename="pagu-p.csv")
    assert (third.created, third.revised, third.unchanged) == (0, 1, 1)
    line = BudgetLine.objects.get(fiscal_year=2027, title="Rumah aman")
    assert line.allocated == Decimal("1400000000.00")
    assert list(line.revisions.values_list("kind", "amount")) == [
        ("original", Decimal("1250000000.00")),
        ("apbd_p", Decimal("1400000000.00")),
    ]
    assert line.tier == "regency" and line.region_id == "21.71" and line.function.code == "social_rehabilitation"


@pytest.mark.django_db
def test_import_realisations_from_xlsx(users, budget_data):
    from openpyxl import Workbook

    officer = users["budget_officer@other"]
    importer.import_lines(actor=officer, content=csv_bytes(GOOD), filename="pagu.csv")
    book = Workbook()
    sheet = book.active
    sheet.title = "Realisasi"
    sheet.append(
        [
            "Tahun Anggaran",
            "Pemegang",
            "Sumber Dana",
            "Program",
            "Kegiatan",
            "Output",
            "Akun",
            "Tanggal",
            "No. Bukti",
            "Uraian",
            "Jumlah",
            "Layanan",
        ]
    )
    sheet.append(
        [
            2027,
            "T-DINSOS-21.71",
            "APBD Kabupaten/Kota",
            "1.06.07",
            "2.01",
            "0001",
            "5.1.02",
            "15/03/2027",
            "SP2D-001",
            "Makan",
            25000000,
            "assistance:7",
        ]
    )
    sheet.append(
        [
            2027,
            "T-DINSOS-21.71",
            "APBD Kabupaten/Kota",
            "1.06.07",
            "2.01",
            "0001",
            "5.1.02",
            "2027-04-15",
            "SP2D-002",
            "Transport",
            "Rp 5.000.000",
            "",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    content = out.getvalue()
    result = importer.import_realisations(actor=officer, content=content, filename="realisasi.xlsx")
    assert (result.created, result.unchanged) == (2, 0)
    again = importer.import_realisations(actor=officer, content=content, filename="realisasi.xlsx")
    assert (again.created, again.unchanged) == (0, 2)
    assert sorted(Realisation.objects.filter(line__fiscal_year=2027).values_list("amount", flat=True)) == [
        Decimal("5000000.00"),
        Decimal("25000000.00"),
    ]
    sheet.append(
        [
            2027,
            "T-DINSOS-21.71",
            "APBD Kabupaten/Kota",
            "1.06.07",
            "2.01",
            "0001",
            "5.1.02",
            "2026-04-15",
            "SP2D-003",
            "Salah tahun",
            "1000",
            "",
        ]
    )
    sheet.append(
        [
            2027,
            "T-DINSOS-21.71",
            "APBD Kabupaten/Kota",
            "9",
            "9",
            "9",
            "9",
            "2027-04-15",
            "SP2D-004",
            "Tidak ada",
            "1000",
            "",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ImportRejected) as rejected:
        importer.import_realisations(actor=officer, content=out.getvalue(), filename="realisasi.xlsx")
    assert [(e.row, e.column) for e in rejected.value.errors] == [(4, "Tanggal"), (5, "Output")]
    assert Realisation.objects.filter(line__fiscal_year=2027).count() == 2


@pytest.mark.django_db
def test_missing_column_and_unreadable_files(users, budget_data):
    officer = users["budget_officer@other"]
    with pytest.raises(ImportRejected) as rejected:
        importer.import_lines(actor=officer, content=csv_bytes([], header=HEADER[:-1]), filename="x.csv")
    assert [(e.row, e.column) for e in rejected.value.errors] == [(1, "Pagu")]
    with pytest.raises(ImportRejected):
        importer.import_lines(actor=officer, content=b"not a workbook", filename="x.xlsx")
    with pytest.raises(ImportRejected):
        importer.import_lines(actor=officer, content=b"a,b", filename="x.txt")
    template = importer.template_xlsx()
    assert template.startswith(b"PK")
