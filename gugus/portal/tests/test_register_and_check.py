"""The register import (all or nothing, errors by row and column), publication by a supervisor,
advisories, and what the public check answers."""

import datetime as dt
import io

import pytest
from django.test import Client

from gugus.accounts.actors import system_actor
from gugus.audit.models import AuditEntry
from gugus.core.errors import ImportRejected, NotFound, PermissionDenied, ValidationFailed
from gugus.portal import check, importer, services
from gugus.portal.models import Advisory, LicensedAgency, PublishedIdentifier

pytestmark = pytest.mark.django_db

HEADER = "Nama P3MI,Nomor Izin,Status Izin,Berlaku Sampai,Provinsi,Sumber,Tanggal Sumber\n"
GOOD = HEADER + (
    "PT Sinar Bahtera Mandiri,P3MI-001,Aktif,2028-06-30,Jawa Timur,Daftar P3MI KP2MI,2026-10-01\n"
    "PT. MADJU DJAYA,P3MI-002,Dicabut,,,Daftar P3MI KP2MI,01/10/2026\n"
)


@pytest.fixture
def kp2mi_supervisor(reference_data, users):
    from gugus.accounts.services import user_create
    from gugus.organisations.models import Agency, Region
    from gugus.organisations.services import unit_create

    kp2mi = Agency.objects.get(abbreviation="KP2MI")
    unit = unit_create(actor=system_actor("tests"), code="T-BP3MI-21", agency=kp2mi, name="BP3MI Kepulauan Riau",
                       kind="provincial", region=Region.objects.get(code="21"))  # fmt: skip
    return user_create(
        actor=system_actor("tests"), username="supervisor.bp3mi", password="correct-horse-battery-staple-42",
        role="supervisor", unit=unit,
    )  # fmt: skip


def test_the_register_imports_all_rows_with_source_and_date(kp2mi_supervisor):
    done = importer.register_import(actor=kp2mi_supervisor, content=GOOD.encode(), filename="p3mi.csv")
    assert done == {"added": 2, "updated": 0}
    rows = list(LicensedAgency.objects.order_by("licence_number").values_list(
        "name", "name_key", "status", "valid_until", "region_id", "source", "source_date"))  # fmt: skip
    assert rows == [
        ("PT Sinar Bahtera Mandiri", "sinar bahtera mandiri", "active", dt.date(2028, 6, 30), "35",
         "Daftar P3MI KP2MI", dt.date(2026, 10, 1)),
        ("PT. MADJU DJAYA", "maju jaya", "revoked", None, None, "Daftar P3MI KP2MI", dt.date(2026, 10, 1)),
    ]  # fmt: skip
    again = importer.register_import(actor=kp2mi_supervisor, content=GOOD.encode(), filename="p3mi.csv")
    assert again == {"added": 0, "updated": 2} and LicensedAgency.objects.count() == 2
    assert AuditEntry.objects.filter(action="portal.register_import").count() == 2


def test_a_bad_file_names_every_row_and_column_and_writes_nothing(kp2mi_supervisor):
    bad = HEADER + (
        "PT Baik,P3MI-010,Aktif,,,Daftar,2026-10-01\n"
        ",P3MI-011,Aktif,,,Daftar,2026-10-01\n"
        "PT Dua,P3MI-010,Entah,31-31-2026,Atlantis,Daftar,\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        importer.register_import(actor=kp2mi_supervisor, content=bad.encode(), filename="p3mi.csv")
    assert [(e.row, e.column) for e in rejected.value.errors] == [
        (3, "Nama P3MI"),
        (4, "Nomor Izin"),
        (4, "Status Izin"),
        (4, "Berlaku Sampai"),
        (4, "Tanggal Sumber"),
        (4, "Provinsi"),
    ]
    assert LicensedAgency.objects.count() == 0
    with pytest.raises(ImportRejected) as missing:
        importer.register_import(actor=kp2mi_supervisor, content=b"Nama\nPT X\n", filename="p3mi.csv")
    assert [(e.row, e.column) for e in missing.value.errors] == [(1, "Nomor Izin"), (1, "Sumber"),
                                                                 (1, "Tanggal Sumber")]  # fmt: skip


def test_the_register_reads_xlsx(kp2mi_supervisor):
    from openpyxl import Workbook

    book = Workbook()
    for row in [line.split(",") for line in GOOD.strip().splitlines()]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    done = importer.register_import(actor=kp2mi_supervisor, content=buffer.getvalue(), filename="P3MI.XLSX")
    assert done == {"added": 2, "updated": 0}


def test_only_authorised_units_maintain_the_register(users, kp2mi_supervisor):
    assert importer.register_import(actor=users["secretariat_national"], content=GOOD.encode(),
                                    filename="p3mi.csv") == {"added": 2, "updated": 0}  # fmt: skip
    for role in ("supervisor", "case_worker", "secretariat_regional", "analyst", "system_admin", "outsider"):
        with pytest.raises(PermissionDenied):
            importer.register_import(actor=users[role], content=GOOD.encode(), filename="p3mi.csv")


def test_a_number_is_published_only_after_another_supervisor_approves(users, open_case):
    from gugus.cases.services import case_person_add

    case = open_case()
    case_person_add(actor=users["supervisor"], case=case, role="suspect", full_name="Rina", phones=["0812-7000-4411"])
    with pytest.raises(ValidationFailed):  # not in the case
        services.publication_propose(actor=users["case_worker"], case=case, kind="phone", value="0813 9999 0000")
    with pytest.raises(NotFound):  # another unit's worker cannot flag it
        services.publication_propose(actor=users["case_worker@other"], case=case, kind="phone", value="081270004411")
    proposal = services.publication_propose(actor=users["case_worker"], case=case, kind="phone", value="081270004411")
    assert check.check_phone("+62 812-7000-4411").verdict == "not_flagged"  # unreviewed: never public
    with pytest.raises(PermissionDenied):
        services.publication_decide(actor=users["case_worker"], publication=proposal, approve=True)
    with pytest.raises(NotFound):
        services.publication_decide(actor=users["supervisor@other"], publication=proposal, approve=True)
    services.publication_decide(actor=users["supervisor"], publication=proposal, approve=True)
    found = check.check_phone("+62 812-7000-4411")
    assert (found.verdict, found.asked, len(found.entries)) == ("flagged", "+6281270004411", 1)
    services.publication_decide(actor=users["supervisor"], publication=proposal, approve=False)
    assert check.check_phone("0812 7000 4411").verdict == "not_flagged"
    assert PublishedIdentifier.objects.get().status == "withdrawn"


def test_advisories_are_set_by_the_national_secretariat(users):
    services.advisory_set(actor=users["secretariat_national"], country="Kamboja", level="high_risk",
                          text_id="Markas penipuan.", text_en="Scam compounds.", source="GT",
                          issued_on=dt.date(2026, 9, 1))  # fmt: skip
    assert Advisory.objects.get().country == "KH"
    with pytest.raises(PermissionDenied):
        services.advisory_set(actor=users["secretariat_regional"], country="MM", level="high_risk",
                              text_id="x", text_en="x", source="GT", issued_on=dt.date(2026, 9, 1))  # fmt: skip
    found = check.check_country("KH")
    assert (found.verdict, found.asked) == ("advisory", "Cambodia")
    assert check.check_country("JP").verdict == "no_advisory"


def test_the_public_check_page_says_what_it_knows_and_what_it_does_not(kp2mi_supervisor):
    importer.register_import(actor=kp2mi_supervisor, content=GOOD.encode(), filename="p3mi.csv")
    client = Client()
    page = client.get("/publik/cek/", {"company": "Sinar Bahtera Mandiri, PT", "country": "KH"}).content.decode()
    assert 'data-testid="finding-company" data-verdict="licensed"' in page and "P3MI-001" in page
    assert "Daftar P3MI KP2MI" in page and 'data-verdict="no_advisory"' in page
    assert 'data-testid="unknowns"' in page and "SAPA 129" in page
    unknown = client.get("/publik/cek/", {"company": "PT Rejeki Cepat Kaya"}).content.decode()
    assert 'data-verdict="not_in_register"' in unknown
    revoked = client.get("/publik/cek/", {"company": "PT Maju Jaya"}).content.decode()
    assert 'data-verdict="revoked"' in revoked


def test_the_check_is_rate_limited_per_address(reference_data):
    client = Client(REMOTE_ADDR="192.0.2.1")
    statuses = [client.get("/publik/cek/", {"company": f"PT {i}"}).status_code for i in range(62)]
    assert statuses == [200] * 60 + [429] * 2
