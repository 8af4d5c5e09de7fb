import datetime as dt
import io

import pytest
from django.utils.translation import gettext as _

from gugus.audit.models import AuditEntry
from gugus.cases.importer import HEADER, cases_import
from gugus.cases.models import Case, CaseImport
from gugus.cli import main
from gugus.core.errors import ImportRejected, PermissionDenied
from gugus.people.models import CaseRole, Person, PersonToken

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 30)
GOOD = (
    ",".join(HEADER) + "\n"
    "Siti Aminah,P,1990-05-05,Indramayu,3212014505900001,0812-3456-7890,C1234567,Kab. Indramayu,Kamboja,"
    "online_scam,2025-03-01\n"
    "Budi Santoso,L,12-08-1985,Lamsel,3212011208850002,,,Lamsel,Myanmar,Online scam centre,02/03/2025\n"
    "\n"
    "Dewi Lestari,P,,Kupang,,+60 12-345 6789,,TTS,MY,domestic_servitude,2025-03-03\n"
)
BAD = (
    ",".join(HEADER) + "\n"
    "Siti Aminah,P,1990-05-05,Indramayu,3212014505900001,,,Kab. Indramayu,Kamboja,online_scam,2025-03-01\n"
    ",P,1990-05-05,,12345,,,Indramayu,KH,online_scam,2025-03-01\n"
    "Budi,X,31-02-1985,,,not a phone,,Indramayu,KH,pig butchering,2025/03/01\n"
)


def _import(users, units, data: str | bytes, filename="list.csv", **kwargs):
    payload = data.encode() if isinstance(data, str) else data
    return cases_import(actor=users["supervisor"], unit=units["polda"], data=payload, filename=filename, today=TODAY)


def test_good_file_creates_one_case_per_row(users, units):
    result = _import(users, units, GOOD)
    assert result.created == ["T-POLDA-21/2025/0001", "T-POLDA-21/2025/0002", "T-POLDA-21/2025/0003"]
    assert result.skipped == []
    assert [(w.row, w.column, w.code) for w in result.warnings] == [
        (3, "address_region", "region_unresolved"),
        (3, "birth_place", "region_unresolved"),
        (5, "address_region", "region_unresolved"),
    ]
    cases = list(Case.objects.order_by("number"))
    assert [c.exploitation_types for c in cases] == [["online_scam"], ["online_scam"], ["domestic_servitude"]]
    assert [c.destination_country for c in cases] == ["KH", "MM", "MY"]
    assert [c.channel for c in cases] == ["repatriation_list"] * 3
    assert [(c.origin_region_id, c.origin_as_written) for c in cases] == [
        ("32.12", ""),
        (None, "Lamsel"),
        (None, "TTS"),
    ]
    assert [c.reported_on for c in cases] == [dt.date(2025, 3, 1), dt.date(2025, 3, 2), dt.date(2025, 3, 3)]
    people = [r.person for r in CaseRole.objects.order_by("case__number")]
    assert [p.full_name for p in people] == ["Siti Aminah", "Budi Santoso", "Dewi Lestari"]
    assert people[1].birth_date == "1985-08-12"
    assert people[2].phone_list == ["+60123456789"]
    assert list(cases[0].events.values_list("kind", flat=True)) == ["imported"]
    record = CaseImport.objects.get()
    assert (record.rows, record.created, record.skipped) == (3, 3, 0)
    entry = AuditEntry.objects.get(action="cases.import")
    assert entry.data == {
        "unit": "T-POLDA-21",
        "rows": 3,
        "created": 3,
        "skipped": 0,
        "first": "T-POLDA-21/2025/0001",
        "last": "T-POLDA-21/2025/0003",
    }


def test_same_file_twice_creates_nothing_new(users, units):
    _import(users, units, GOOD)
    counts = (Case.objects.count(), Person.objects.count(), PersonToken.objects.count())
    again = _import(users, units, GOOD)
    assert again.created == [] and again.skipped == [2, 3, 5]
    # the same rows in another order and another format are the same rows
    reordered = GOOD.splitlines()[0] + "\n" + "\n".join(reversed(GOOD.splitlines()[1:])) + "\n"
    assert _import(users, units, reordered).created == []
    assert (Case.objects.count(), Person.objects.count(), PersonToken.objects.count()) == counts


def test_bad_file_names_every_row_and_writes_nothing(users, units):
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ImportRejected) as rejected:
        _import(users, units, BAD)
    assert [(e.row, e.column) for e in rejected.value.errors] == [
        (3, "full_name"),
        (3, "nik"),
        (4, "sex"),
        (4, "birth_date"),
        (4, "phone"),
        (4, "report_date"),
        (4, "exploitation_type"),
    ]
    assert rejected.value.errors[1].message == _("A NIK has exactly 16 digits.")
    assert "pig butchering" in rejected.value.errors[-1].message
    assert Case.objects.count() == Person.objects.count() == CaseImport.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before


def test_missing_column_and_unreadable_file(users, units):
    with pytest.raises(ImportRejected) as rejected:
        _import(users, units, "full_name,sex\nSiti,P\n")
    # missing columns are named as people read them (the template's header in the active language)
    assert [(e.row, e.column) for e in rejected.value.errors][:2] == [(1, "Birth date"), (1, "Birth place")]
    with pytest.raises(ImportRejected):
        _import(users, units, b"PK\x03\x04 not really a workbook", filename="x.xlsx")


def test_interrupted_import_leaves_nothing(users, units):
    def boom(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        cases_import(
            actor=users["supervisor"],
            unit=units["polda"],
            data=GOOD.encode(),
            filename="x.csv",
            today=TODAY,
            progress=boom,
        )
    assert Case.objects.count() == Person.objects.count() == 0


def test_xlsx(users, units):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(
        [
            "Siti Aminah",
            "Perempuan",
            dt.datetime(1990, 5, 5),
            "Indramayu",
            "3212014505900001",
            "081234567890",
            "C1234567",
            "Indramayu",
            "Cambodia",
            "Online scam centre",
            dt.datetime(2025, 3, 1),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = _import(users, units, buffer.getvalue(), filename="list.xlsx")
    assert result.created == ["T-POLDA-21/2025/0001"]
    person = Person.objects.get()
    assert (person.full_name, person.nik, person.sex) == ("Siti Aminah", "3212014505900001", "F")


def test_role_without_import_capability(users, units):
    with pytest.raises(PermissionDenied):
        cases_import(actor=users["case_worker"], unit=units["polda"], data=GOOD.encode())


def test_cli_import(units, tmp_path, capsys):
    good = tmp_path / "kbri.csv"
    good.write_text(GOOD.replace("2025-03-0", "2024-03-0").replace("/03/2025", "/03/2024"))
    assert main(["cases", "import", str(good), "--unit", "T-POLDA-21"]) == 0
    out = capsys.readouterr().out
    assert "3 rows: 3 cases created, 0 already imported" in out
    assert "created T-POLDA-21/2024/0001" in out and "created T-POLDA-21/2024/0003" in out
    expected = _("'%(place)s' is not a known region name; kept as written.") % {"place": "Lamsel"}
    assert f"warning: line 3, column address_region: {expected}" in out
    assert main(["cases", "import", str(good), "--unit", "T-POLDA-21"]) == 0
    assert "3 rows: 0 cases created, 3 already imported" in capsys.readouterr().out

    bad = tmp_path / "bad.csv"
    bad.write_text(BAD)
    assert main(["cases", "import", str(bad), "--unit", "T-POLDA-21"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "bad.csv: 7 problem(s); nothing was imported"
    assert err[1] == "line 3, column full_name: " + _("The full name is required.")
    assert len(err) == 8
    assert main(["cases", "import", str(bad), "--unit", "NOPE"]) == 2
    assert Case.objects.count() == 3
