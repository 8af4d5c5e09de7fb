"""Personal data never reaches the database in clear."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection

from gugus.cases.importer import HEADER, cases_import
from gugus.cases.services import assessment_record, case_person_add
from gugus.cases.tests.fixtures import victim
from gugus.people.models import CaseRole

pytestmark = pytest.mark.django_db

SECRETS = [
    "Siti Aminah",
    "Aminah",
    "3212014505900001",
    "C1234567",
    "81234567890",
    "Budi Perkasa",
    "Perkasa",
    "3212011208850002",
    "B7654321",
    "81298765432",
    "Rina Wulandari",
    "Wulandari",
    "Penampungan rahasia",
]


def _fill(users, units, open_case):
    case = open_case()
    case_person_add(
        actor=users["supervisor"],
        case=case,
        role="suspect",
        full_name="Rina Wulandari",
        aliases=["Mami Rina"],
        phones=["+62 812 9876 5432"],
    )
    role = CaseRole.objects.filter(case=case, role="victim").first()
    assessment_record(
        actor=users["supervisor"],
        case=case,
        victim=role,
        act="present",
        act_kinds=["recruiting"],
        act_evidence="Siti Aminah direkrut oleh Rina Wulandari",
        means="present",
        means_kinds=["fraud"],
        means_evidence="Penampungan rahasia",
        purpose="present",
        purpose_kinds=["exploitation"],
        purpose_evidence="Kerja paksa",
        result="identified",
        reason="Keterangan Siti Aminah",
    )
    csv_text = (
        ",".join(HEADER) + "\n"
        "Budi Perkasa,L,1985-08-12,Indramayu,3212011208850002,0812-9876-5432,B7654321,Indramayu,KH,online_scam,"
        "2025-03-01\n"
    )
    cases_import(
        actor=users["supervisor"],
        unit=units["polda"],
        data=csv_text.encode(),
        filename="l.csv",
        today=dt.date(2025, 6, 1),
    )
    open_case(victims=[victim(aliases=["Siti Aminah"])], narrative="Siti Aminah disekap di Penampungan rahasia")


def test_raw_tables_hold_no_identifier_in_clear(users, units, open_case):
    _fill(users, units, open_case)
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from the schema)
            dump.extend(repr(row) for row in cursor.fetchall())
    text = "\n".join(dump)
    assert "gv1:t1:" in text  # the encrypted values are there
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret


def test_dumpdata_holds_no_identifier_in_clear(users, units, open_case):
    _fill(users, units, open_case)
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    text = out.getvalue()
    assert "gv1:t1:" in text
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret
