"""Mass repatriation: all rows or none, each person screened, counts on the batch, people already in Gugus found."""

import datetime as dt

import pytest

from gugus.cases.importer import HEADER
from gugus.cases.models import Case
from gugus.cli import main
from gugus.core.errors import Conflict, ImportRejected, PermissionDenied
from gugus.identity.models import ReviewPair
from gugus.legal import repatriation
from gugus.legal.generate import batch_csv, synthetic_person
from gugus.legal.models import BatchMember, CompoundLink, RepatriationBatch

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 30)
DISTRICTS = ["32.12.01", "32.12.02", "52.01.01", "21.71.01"]


def _file(rows: list[list[str]]) -> bytes:
    lines = [",".join([*HEADER, "screening"])] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


ROW_SITI = ["Siti Aminah", "P", "1990-05-05", "Indramayu", "3212014505900001", "0812-3456-7890", "C1234567",
            "Kab. Indramayu", "Kamboja", "online_scam", "2025-03-01"]  # fmt: skip
ROW_BUDI = [
    "Budi Santoso",
    "L",
    "12-08-1985",
    "",
    "3212011208850002",
    "",
    "",
    "32.12",
    "KH",
    "online_scam",
    "2025-03-01",
]


def test_counts_per_screening_never_added_together(users, units):
    data = _file(
        [
            [*ROW_SITI, "victim"],
            [*ROW_BUDI, "Terduga pelaku"],
            [*ROW_BUDI[:0], *ROW_BUDI[:4], "", "", "", "32.12", "KH", "online_scam", "2025-03-02", ""],
        ]
    )  # noqa: E501
    result = repatriation.repatriation_import(
        actor=users["supervisor"], unit=units["polda"], name="KBRI PP 2025-03 #1", data=data, today=TODAY
    )
    b = result.batch
    assert (b.people, b.victims, b.possible_perpetrators, b.not_victims, b.re_recruited, b.not_screened) == (
        3,
        1,
        1,
        0,
        0,
        1,
    )
    assert list(b.members.values_list("line", "screening")) == [(2, "victim"), (3, "possible_perpetrator"), (4, "")]
    assert Case.objects.filter(reporting_unit=units["polda"]).count() == 3
    with pytest.raises(Conflict):
        repatriation.repatriation_import(
            actor=users["supervisor"], unit=units["polda"], name="KBRI PP 2025-03 #1", data=data, today=TODAY
        )  # noqa: E501


def test_a_bad_screening_or_a_bad_row_writes_nothing(users, units):
    bad = _file([[*ROW_SITI, "victim"], [*ROW_BUDI, "perhaps"]])
    with pytest.raises(ImportRejected) as rejected:
        repatriation.repatriation_import(
            actor=users["supervisor"], unit=units["polda"], name="B", data=bad, today=TODAY
        )
    assert [(e.row, e.column) for e in rejected.value.errors] == [(3, "screening")]
    both = _file([[*ROW_SITI[:4], "12345", *ROW_SITI[5:], "victim"], [*ROW_BUDI, "perhaps"]])
    with pytest.raises(ImportRejected) as rejected:
        repatriation.repatriation_import(
            actor=users["supervisor"], unit=units["polda"], name="B", data=both, today=TODAY
        )
    assert [(e.row, e.column) for e in rejected.value.errors] == [(2, "nik"), (3, "screening")]
    no_column = (",".join(HEADER) + "\n" + ",".join(ROW_SITI) + "\n").encode()
    with pytest.raises(ImportRejected) as rejected:
        repatriation.repatriation_import(
            actor=users["supervisor"], unit=units["polda"], name="B", data=no_column, today=TODAY
        )
    assert [(e.row, e.column) for e in rejected.value.errors] == [(1, "screening")]
    assert (Case.objects.count(), RepatriationBatch.objects.count(), BatchMember.objects.count()) == (0, 0, 0)
    with pytest.raises(PermissionDenied):
        repatriation.repatriation_import(
            actor=users["case_worker"], unit=units["polda"], name="B", data=bad, today=TODAY
        )


def test_people_already_in_gugus_are_found_and_queued(users, units, open_case):
    import random

    rng = random.Random(7)
    known = [synthetic_person(rng, DISTRICTS) for _ in range(3)]
    for person in known:
        open_case(
            unit=units["dinsos"],
            actor=users["supervisor@other"],
            victims=[
                {
                    "full_name": person["full_name"],
                    "sex": person["sex"],
                    "birth_date": person["birth_date"],
                    "nik": person["nik"],
                    "address_region": person["address_region"],
                }
            ],  # fmt: skip
        )
    before = ReviewPair.objects.count()
    data = batch_csv(seed=11, people=12, districts=DISTRICTS, known=known, screening="victim")
    from gugus.legal.services import compound_create

    compound = compound_create(actor=users["supervisor"], name="KK Park", country="MM", locality="Myawaddy")
    b = repatriation.repatriation_import(
        actor=users["supervisor"], unit=units["polda"], name="Myawaddy", data=data, compound=compound, today=TODAY
    ).batch
    assert (b.people, b.victims, b.matched) == (12, 12, 3)
    assert list(b.members.filter(matches__gt=0).values_list("line", flat=True)) == [2, 3, 4]
    assert ReviewPair.objects.count() - before >= 3
    assert CompoundLink.objects.filter(compound=compound).count() == 12


def test_member_screening_corrected_and_recounted(users, units):
    data = _file([[*ROW_SITI, ""]])
    b = repatriation.repatriation_import(
        actor=users["supervisor"], unit=units["polda"], name="C", data=data, today=TODAY
    ).batch
    member = b.members.get()
    repatriation.member_screen(actor=users["case_worker"], member=member, screening="re_recruited")
    b.refresh_from_db()
    assert (b.re_recruited, b.not_screened) == (1, 0)
    with pytest.raises(PermissionDenied):
        repatriation.member_screen(actor=users["case_worker@other"], member=member, screening="victim")


def test_command_prints_counts(users, units, tmp_path, capsys):
    path = tmp_path / "batch.csv"
    path.write_bytes(_file([[*ROW_SITI, "victim"], [*ROW_BUDI, "not_a_victim"]]))
    assert (
        main(["repatriation", "import", str(path), "--unit", "T-POLDA-21", "--batch", "Batam 1", "--as", "supervisor"])
        == 0
    )
    out = capsys.readouterr().out
    assert (
        "batch Batam 1: 2 people: 1 victims, 0 possible perpetrators, 1 not victims, 0 re-recruited, 0 not yet screened"
        in out
    )
    assert "0 people matched to existing identities (queued for review)" in out
    path.write_bytes(_file([[*ROW_SITI, "who knows"]]))
    assert main(["repatriation", "import", str(path), "--unit", "T-POLDA-21", "--batch", "Batam 2"]) == 1
    assert "line 2, column screening" in capsys.readouterr().err



def test_command_refuses_bad_arguments_as_the_case_import_does(users, units, tmp_path, capsys):
    """The argument handling is the case import's (``gugus.cases.cli.import_run``), plus the compound."""
    from gugus.legal.models import RepatriationBatch

    path = tmp_path / "batch.csv"
    path.write_bytes(_file([[*ROW_SITI, "victim"]]))
    base = ["repatriation", "import", str(path), "--batch", "Batam 3"]
    assert main([*base, "--unit", "NOPE"]) == 2 and "unknown unit 'NOPE'" in capsys.readouterr().err
    assert main([*base, "--unit", "T-POLDA-21", "--as", "nobody"]) == 2
    assert "unknown user 'nobody'" in capsys.readouterr().err
    assert main([*base, "--unit", "T-POLDA-21", "--compound", "999"]) == 2
    assert "unknown compound 999" in capsys.readouterr().err
    assert main(["repatriation", "import", str(tmp_path / "none.csv"), "--unit", "T-POLDA-21", "--batch", "B"]) == 2
    assert "no such file" in capsys.readouterr().err
    assert not RepatriationBatch.objects.exists()


def test_upload_page(users, units, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(users["supervisor"])
    upload = SimpleUploadedFile("b.csv", _file([[*ROW_SITI, "victim"]]), content_type="text/csv")
    response = client.post("/legal/repatriation/", {"batch": "Halaman", "file": upload}, follow=True)
    batch = RepatriationBatch.objects.get()
    assert response.redirect_chain[-1][0] == f"/legal/repatriation/{batch.pk}/"
    assert 'data-count="victims">1<' in response.content.decode()
    assert client_for(users["supervisor@other"]).get(f"/legal/repatriation/{batch.pk}/").status_code == 404
    page = client.get(f"/legal/repatriation/{batch.pk}/").content.decode()
    assert 'data-line="2"' in page
    member = batch.members.get()
    client.post(f"/legal/repatriation/{batch.pk}/", {"member": member.pk, "screening": "not_a_victim"})
    batch.refresh_from_db()
    assert (batch.victims, batch.not_victims) == (0, 1)
    assert (
        client_for(users["supervisor@other"])
        .post(f"/legal/repatriation/{batch.pk}/", {"member": member.pk, "screening": "victim"})
        .status_code
        == 404
    )
