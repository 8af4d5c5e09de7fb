"""The exchange pages for every role: who reaches what, and what leaves."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from gugus.accounts.roles import Role
from gugus.exchange.models import ExportRequest

pytestmark = pytest.mark.django_db

ALL = [r.value for r in Role] + [r.value + "@other" for r in Role] + ["outsider"]


@pytest.fixture
def case(open_case):
    return open_case()


def _expected(role: str, capability: str) -> bool:
    from gugus.accounts.roles import ROLE_CAPABILITIES

    return capability in ROLE_CAPABILITIES.get(role.split("@")[0], frozenset())


@pytest.mark.parametrize("who", ALL)
def test_index_shows_each_role_only_its_sections(who, users, client_for, case):
    response = client_for(users[who]).get(reverse("exchange:index"))
    caps = {c: _expected(who, c) for c in ("analytics.view", "exports.identified", "exchange.htcds", "exports.approve")}
    if who == "outsider":
        assert response.status_code in (403, 404)
        return
    assert response.status_code == 200
    assert ('data-testid="nothing"' in response.content.decode()) == (not any(caps.values()))
    body = response.content.decode()
    assert ('data-testid="release"' in body) == caps["analytics.view"]
    assert ('data-testid="identified-exports"' in body) == caps["exports.identified"]
    assert ('data-testid="htcds"' in body) == caps["exchange.htcds"]
    assert "Siti" not in body


@pytest.mark.parametrize("who", ALL)
def test_release_download_by_role(who, users, client_for, case):
    response = client_for(users[who]).post(reverse("exchange:release"))
    if not _expected(who, "analytics.view"):
        assert response.status_code in (403, 404)
        return
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        notes = json.loads(archive.read("release.json"))
        data = archive.read("release.csv").decode()
    assert notes["k_requested"] == 11
    # one case, one unassessed victim: nothing can be released, and nothing identifying is there
    assert notes["rows_released"] == 0
    assert "Siti" not in data and "3212014505900001" not in data


@pytest.mark.parametrize("who", ALL)
def test_htcds_download_by_role_holds_only_visible_cases(who, users, client_for, case):
    response = client_for(users[who]).post(reverse("exchange:htcds"), {"format": "csv"})
    if not _expected(who, "exchange.htcds"):
        assert response.status_code in (403, 404)
        return
    assert response.status_code == 200
    text = response.content.decode()
    assert text.splitlines()[0].startswith("prs_FirstName,prs_SecondName")
    sees_case = who in ("supervisor", "secretariat_national", "secretariat_national@other")
    assert ("Siti" in text) == sees_case


@pytest.mark.parametrize("who", ALL)
def test_export_flow_by_role(who, users, client_for, case):
    client = client_for(users[who])
    response = client.post(reverse("exchange:export_create"), {"format": "csv", "purpose": "Rakor", "case_status": ""})
    if not _expected(who, "exports.identified"):
        assert response.status_code in (403, 404)
        assert not ExportRequest.objects.exists()
        return
    assert response.status_code == 302
    export = ExportRequest.objects.get()
    expected_people = 1 if users[who].unit_id == case.reporting_unit_id else 0
    assert export.people == expected_people
    download = client.post(reverse("exchange:export_download", args=[export.pk]))
    assert download.status_code == 200
    assert ("Siti" in download.content.decode("utf-8-sig")) == bool(expected_people)
    # nobody else downloads it
    someone_else = "case_worker" if who != "case_worker" else "case_worker@other"
    other = client_for(users[someone_else]).post(reverse("exchange:export_download", args=[export.pk]))
    assert other.status_code == 404


def test_a_bad_export_form_names_the_field(users, client_for, case):
    response = client_for(users["case_worker"]).post(
        reverse("exchange:export_create"), {"format": "pdf", "purpose": ""}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 2
    assert not ExportRequest.objects.exists()


def test_the_handoff_page_is_for_the_reporting_unit_only(users, client_for, case):
    victim = case.roles.get(role="victim")
    url = reverse("exchange:handoff", args=[case.pk, victim.pk])
    assert client_for(users["supervisor"]).get(url).status_code == 200
    for who in ("supervisor@other", "case_worker", "analyst", "secretariat_national", "outsider"):
        assert client_for(users[who]).get(url).status_code in (403, 404), who
    response = client_for(users["supervisor"]).post(
        url,
        {
            "recipient": "IOM",
            "shares": ["identity"],
            "consent_given_on": "2025-03-02",
            "consent_method": "written",
            "password": "kuda-lumping-2025",
            "password_again": "kuda-lumping-2025",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    mismatch = client_for(users["supervisor"]).post(
        url, {"recipient": "IOM", "shares": ["identity"], "consent_given_on": "2025-03-02", "consent_method": "written",
              "password": "kuda-lumping-2025", "password_again": "other-password-1"},
    )  # fmt: skip
    assert mismatch.status_code == 200 and "password_again" in mismatch.context["form"].errors


def test_htcds_import_page_names_bad_rows(users, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = b"prs_FirstName,prs_Gender,idn_ReportedOn,vic_TypeOfExploitation\nDewi,Woman,2025-01-01,ForcedLabour\n"
    response = client_for(users["supervisor"]).post(
        reverse("exchange:htcds_import"), {"file": SimpleUploadedFile("x.csv", data, "text/csv")}
    )
    assert response.status_code == 200
    assert [(e.row, e.column) for e in response.context["rejected"]] == [(2, "prs_Gender")]


def test_api_docs_load_nothing_from_a_cdn(client_for, users):
    response = client_for(users["supervisor"]).get("/api/docs")
    assert response.status_code == 200
    body = response.content.decode()
    assert "cdn." not in body and "https://" not in body.replace("https://swagger.io", "")
    assert "/static/ninja/swagger-ui-bundle.js" in body
