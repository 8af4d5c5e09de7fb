"""Imports: control characters cleaned, sizes capped, and at most 100 errors listed."""

import datetime as dt

import pytest

from gugus.cases.importer import HEADER, cases_import
from gugus.cases.models import Case
from gugus.core import errors as core_errors
from gugus.core.errors import ImportRejected

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 30)
ROW = "Siti Aminah,P,1990-05-05,Indramayu,3212014505900001,,,Kab. Indramayu,Kamboja,online_scam,2025-03-01\n"


def _import(users, units, data: bytes):
    return cases_import(actor=users["supervisor"], unit=units["polda"], data=data, filename="list.csv", today=TODAY)


def test_nul_bytes_and_control_characters_in_cells_are_removed(users, units):
    data = (",".join(HEADER) + "\n" + ROW.replace("Siti Aminah", "Siti\x00 Ami\x07nah")).encode()
    result = _import(users, units, data)
    assert len(result.created) == 1
    assert Case.objects.get().roles.get().person.full_name == "Siti Aminah"


def test_a_file_of_bad_rows_lists_100_errors_and_stops(users, units):
    bad = "Budi,X,1985-01-01,,,,,Indramayu,KH,online_scam,2025-03-01\n"
    data = (",".join(HEADER) + "\n" + bad * 5000).encode()
    with pytest.raises(ImportRejected) as caught:
        _import(users, units, data)
    listed = caught.value.errors
    assert len(listed) == 100
    assert listed[-1].message == "Checking stopped here after 99 errors."
    assert (listed[0].row, listed[0].column) == (2, "sex")
    assert Case.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_unread(users, units, monkeypatch):
    from gugus.cases import importer

    monkeypatch.setattr(importer, "MAX_IMPORT_BYTES", 1000)
    with pytest.raises(ImportRejected) as caught:
        _import(users, units, (",".join(HEADER) + "\n" + ROW * 20).encode())
    assert [e.message for e in caught.value.errors] == ["The file is too large: at most 0 MB."]


def test_import_rejected_lists_at_most_100_and_counts_the_rest():
    rejected = ImportRejected([core_errors.RowError(n, "nik", "bad") for n in range(250)])
    assert len(rejected.errors) == 101
    assert rejected.more == 150
    assert rejected.errors[-1].message == "…and 150 more errors not listed."
