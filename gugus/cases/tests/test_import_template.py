"""The case import's template: headers people read, in their language; both languages accepted."""

from __future__ import annotations

import io

import pytest
from django.utils import translation

from gugus.cases.importer import cases_import, header_aliases
from gugus.cases.models import Case
from gugus.core.errors import ImportRejected

pytestmark = pytest.mark.django_db

INDONESIAN = "Nama lengkap,Jenis kelamin (L/P),Tanggal lahir,Tempat lahir,NIK,Nomor telepon,Nomor paspor,Daerah asal,Negara tujuan,Jenis eksploitasi,Tanggal laporan"  # noqa: E501
ROW = "Siti Aminah,P,05-05-1990,Indramayu,,0812-3456-7890,C1234567,Kab. Indramayu,Kamboja,Pusat penipuan daring,01-03-2025"  # noqa: E501


def test_the_template_downloads_with_indonesian_headers(users, client_for):
    from openpyxl import load_workbook

    client = client_for(users["supervisor"])
    csv_response = client.get("/cases/import/template.csv")
    assert csv_response.status_code == 200
    assert csv_response.content.decode("utf-8-sig").strip() == INDONESIAN
    xlsx = client.get("/cases/import/template.xlsx")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert [c.value for c in workbook.worksheets[0][1]] == INDONESIAN.split(",")
    hints = [row[1].value for row in workbook.worksheets[1].iter_rows(min_row=2)]
    assert len(hints) == 11 and "Pusat penipuan daring" in hints[9]
    assert client_for(users["analyst"]).get("/cases/import/template.csv").status_code in (403, 404)


@pytest.mark.parametrize(
    "header",
    [
        INDONESIAN,
        "Full name,Sex (L/P),Birth date,Birth place,NIK,Phone numbers,Passport number,Home region,Destination country,Exploitation type,Report date",  # noqa: E501
        "full_name,sex,birth_date,birth_place,nik,phone,passport_no,address_region,destination_country,exploitation_type,report_date",  # noqa: E501
        "NAMA LENGKAP, jenis kelamin (l/p),Tanggal_lahir,Tempat lahir,nik,Nomor  telepon,nomor paspor,daerah asal,NEGARA TUJUAN,jenis eksploitasi,tanggal laporan",  # noqa: E501
    ],
)
def test_either_language_imports(header, users, units):
    result = cases_import(actor=users["supervisor"], unit=units["polda"], data=f"{header}\n{ROW}\n".encode())
    case = Case.objects.get(number=result.created[0])
    assert (case.destination_country, case.exploitation_codes) == ("KH", ",online_scam,")


def test_errors_name_the_column_as_the_file_writes_it(users, units):
    bad = ROW.replace("01-03-2025", "kemarin")
    with pytest.raises(ImportRejected) as rejected:
        cases_import(actor=users["supervisor"], unit=units["polda"], data=f"{INDONESIAN}\n{bad}\n".encode())
    assert [(e.row, e.column) for e in rejected.value.errors] == [(2, "Tanggal laporan")]
    header = INDONESIAN.replace(",Tanggal laporan", "")
    with translation.override("id"), pytest.raises(ImportRejected) as rejected:
        cases_import(actor=users["supervisor"], unit=units["polda"], data=f"{header}\n{ROW}\n".encode())
    assert [(e.row, e.column) for e in rejected.value.errors] == [(1, "Tanggal laporan")]


def test_aliases_cover_both_languages():
    aliases = header_aliases()
    assert aliases["nama lengkap"] == "full_name" and aliases["full name"] == "full_name"
    assert aliases["full name"] == aliases["full_name".replace("_", " ")]
