"""The exchange API: the same services as the pages, the same answers for every role."""

from __future__ import annotations

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(open_case):
    return open_case()


def test_htcds_json_by_role(users, client_for, case):
    ok = client_for(users["supervisor"]).get("/api/exchange/htcds")
    assert ok.status_code == 200
    assert ok.json()["records"][0]["prs_FirstName"] == "Siti"
    other = client_for(users["supervisor@other"]).get("/api/exchange/htcds")
    assert other.status_code == 200 and other.json()["records"] == []
    for who in ("case_worker", "analyst", "auditor", "outsider"):
        assert client_for(users[who]).get("/api/exchange/htcds").status_code in (401, 403), who


def test_htcds_import_names_bad_rows(users, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile(
        "x.csv", b"prs_FirstName,idn_ReportedOn,vic_TypeOfExploitation\nDewi,kemarin,ForcedLabour\n"
    )
    response = client_for(users["supervisor"]).post("/api/exchange/htcds/import", {"file": bad})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "row": 2,
            "column": "idn_ReportedOn",
            "message": "Tulis tanggal dengan format TTTT-BB-HH, HH-BB-TTTT, atau HH/BB/TTTT.",
        }
    ]


def test_release_for_analysts_only(users, client_for, case):
    response = client_for(users["analyst"]).get("/api/exchange/release")
    assert response.status_code == 200
    assert response.json()["notes"]["k_requested"] == 11
    assert "Siti" not in response.content.decode()
    assert client_for(users["case_worker"]).get("/api/exchange/release").status_code == 403


@override_settings(GUGUS_EXPORT_APPROVAL_THRESHOLD=0)
def test_export_approve_and_download_through_the_api(users, client_for, case):
    worker = client_for(users["case_worker"])
    created = worker.post(
        "/api/exchange/exports", {"format": "csv", "purpose": "Rakor"}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["status"] == "pending"
    export_id = created.json()["id"]
    assert worker.get(f"/api/exchange/exports/{export_id}/file").status_code == 409
    assert (
        worker.post(f"/api/exchange/exports/{export_id}/approve", {}, content_type="application/json").status_code
        == 403
    )
    foreign = client_for(users["supervisor@other"]).post(
        f"/api/exchange/exports/{export_id}/approve", {}, content_type="application/json"
    )
    assert foreign.status_code == 404
    approved = client_for(users["supervisor"]).post(
        f"/api/exchange/exports/{export_id}/approve", {"note": "ok"}, content_type="application/json"
    )
    assert approved.status_code == 200 and approved.json()["decided_by"] == "supervisor"
    file = worker.get(f"/api/exchange/exports/{export_id}/file")
    assert file.status_code == 200 and "Siti" in file.content.decode("utf-8-sig")
    bad = worker.post("/api/exchange/exports", {"format": "doc", "purpose": "x"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["field"] == "format"
