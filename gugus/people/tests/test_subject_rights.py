"""Data subject rights under UU 27/2022 (issue 19): an authorised officer exports what Gugus holds about a
person and who processed it, records correction and erasure requests with their handling, and is
refused, with the reason recorded, where disclosure would endanger someone."""

import json

import pytest
from django.urls import reverse

from gugus.accounts.actors import system_actor
from gugus.accounts.services import user_create
from gugus.audit.models import AuditEntry
from gugus.cases.services import case_person_add
from gugus.fixtures import PASSWORD
from gugus.people.models import CaseRole, SubjectRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(open_case, users, client_for):
    case = open_case()
    victim = case.roles.get(role="victim")
    suspect, _warnings = case_person_add(
        actor=users["supervisor"], case=case, role="suspect", full_name="Rina Wulandari", sex="P"
    )
    client_for(users["supervisor"]).get(reverse("people:detail", args=[victim.person_id]))  # a read to report
    return {"case": case, "victim": victim, "person": victim.person, "suspect": suspect}


def _record(web, person, **values):
    data = {"kind": "access", "received_on": "2025-11-03", **values}
    return web.post(reverse("people:subject_request_new", args=[person.pk]), data)


def test_an_officer_exports_what_gugus_holds_and_who_processed_it(world, users, client_for):
    web, person = client_for(users["secretariat_national"]), world["person"]
    assert _record(web, person).status_code == 302
    request = SubjectRequest.objects.get(person=person)
    assert (request.kind, request.status, request.requester_is_subject) == ("access", "received", True)
    response = web.post(reverse("people:subject_request_export", args=[request.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert (data["person"]["full_name"], data["person"]["nik"]) == ("Siti Aminah binti Kasim", "3212014505900001")
    assert [c["case_number"] for c in data["cases"]] == [world["case"].number]
    assert data["cases"][0]["recorded_by"] == "Polda Kepulauan Riau"
    reads = [p for p in data["processing"] if p["action"] == "read.person"]
    assert [p["by"] for p in reads] == ["supervisor"]
    request.refresh_from_db()
    assert (request.status, request.handled_by) == ("fulfilled", users["secretariat_national"])
    read = AuditEntry.objects.get(action="read.subject_export")
    assert read.object_id == str(person.pk) and {"full_name", "nik", "phones"} <= set(read.data["fields"])
    assert AuditEntry.objects.filter(action="subject_request.export", data__status="fulfilled").count() == 1
    logged = json.dumps(list(AuditEntry.objects.values_list("data", flat=True)))
    assert "Siti" not in logged and "3212014505900001" not in logged  # no personal values in the log
    again = web.post(reverse("people:subject_request_export", args=[request.pk]))  # handled once
    assert again.status_code == 400


def test_refused_with_its_reason_while_an_investigation_is_ongoing(world, users, client_for):
    from gugus.legal.services import investigation_open

    investigation_open(
        actor=users["case_worker"], case=world["case"], report_number="LP/B/1/2025", report_date="2025-03-03"
    )
    web, person = client_for(users["secretariat_regional"]), world["person"]
    _record(web, person)
    request = SubjectRequest.objects.get(person=person)
    response = web.post(reverse("people:subject_request_export", args=[request.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert 'data-testid="refused"' in page and "3212014505900001" not in page
    request.refresh_from_db()
    assert (request.status, request.refusal_reason) == ("refused", "ongoing_investigation")
    assert not AuditEntry.objects.filter(action="read.subject_export").exists()
    entry = AuditEntry.objects.get(action="subject_request.export")
    assert (entry.data["status"], entry.data["reason"]) == ("refused", "ongoing_investigation")
    # An erasure asked meanwhile is refused for the same reason, even when marked fulfilled.
    _record(web, person, kind="erasure", detail="Hapus nomor telepon saya")
    erasure = SubjectRequest.objects.get(person=person, kind="erasure")
    response = web.post(
        reverse("people:subject_request_handle", args=[erasure.pk]),
        {"outcome": "fulfilled", "handling": "Nomor dihapus"},
    )
    assert response.status_code == 302
    erasure.refresh_from_db()
    assert (erasure.status, erasure.refusal_reason) == ("refused", "ongoing_investigation")


def test_refused_when_the_requester_is_a_suspect_where_the_person_is_a_victim(world, users, client_for):
    web, person = client_for(users["secretariat_national"]), world["person"]
    page = web.get(reverse("people:subject_rights", args=[person.pk])).content.decode()
    assert "Rina Wulandari" in page.split('name="requester"')[1].split("</select>")[0]  # chosen by name
    assert _record(web, person, requester=world["suspect"].person_id).status_code == 302
    request = SubjectRequest.objects.get(person=person)
    assert (request.requester, request.requester_is_subject) == (world["suspect"].person, False)
    response = web.post(reverse("people:subject_request_export", args=[request.pk]))
    assert response.status_code == 200 and 'data-testid="refused"' in response.content.decode()
    assert "3212014505900001" not in response.content.decode()
    request.refresh_from_db()
    assert (request.status, request.refusal_reason) == ("refused", "requester_suspect")
    # The suspect asking about themselves is answered.
    _record(web, world["suspect"].person)
    own = SubjectRequest.objects.get(person=world["suspect"].person)
    assert web.post(reverse("people:subject_request_export", args=[own.pk])).status_code == 200


def test_a_correction_is_recorded_with_its_handling_and_bad_input_is_named(world, users, client_for):
    web, person = client_for(users["secretariat_national"]), world["person"]
    response = _record(web, person, kind="correction")
    assert response.status_code == 400
    assert '<small class="error" role="alert">' in response.content.decode().split('data-field="detail"')[1]
    response = _record(web, person, kind="correction", detail="Tanggal lahir salah", received_on="3 November")
    assert response.status_code == 400 and 'aria-invalid="true"' in response.content.decode()
    assert not SubjectRequest.objects.exists()
    _record(web, person, kind="correction", detail="Tanggal lahir salah")
    correction = SubjectRequest.objects.get()
    url = reverse("people:subject_request_handle", args=[correction.pk])
    assert web.post(url, {"outcome": "refused", "handling": "Tidak terbukti"}).status_code == 400  # no reason
    assert web.post(url, {"outcome": "fulfilled", "handling": "Dikoreksi menjadi 1990-05-06"}).status_code == 302
    correction.refresh_from_db()
    assert (correction.status, correction.handling, correction.refusal_reason) == (
        "fulfilled", "Dikoreksi menjadi 1990-05-06", "")  # fmt: skip
    assert AuditEntry.objects.filter(action="subject_request.handle", object_id=str(correction.pk)).count() == 1


def test_only_authorised_officers_in_scope_reach_a_persons_requests(world, users, units, client_for):
    from gugus.organisations.models import Agency, Region
    from gugus.organisations.services import task_force_create, unit_create

    jatim = task_force_create(
        actor=system_actor("tests"), tier="province", region=Region.objects.get(code="35"), name="GT Jawa Timur"
    )
    unit = unit_create(
        actor=system_actor("tests"), code="T-DINSOS-35", agency=Agency.objects.get(abbreviation="Dinas Sosial"),
        name="Dinas Sosial Provinsi Jawa Timur", kind="provincial", region=Region.objects.get(code="35"),
    )  # fmt: skip
    outsider = user_create(
        actor=system_actor("tests"), username="setgt.jatim", password=PASSWORD, role="secretariat_regional",
        unit=unit, task_force=jatim,
    )  # fmt: skip
    person = world["person"]
    _record(client_for(users["secretariat_national"]), person)
    request = SubjectRequest.objects.get()
    before = AuditEntry.objects.count()
    for user, refused in ((users["case_worker"], 403), (users["supervisor"], 403), (outsider, 404)):
        web = client_for(user)
        assert web.get(reverse("people:subject_rights", args=[person.pk])).status_code == refused
        assert _record(web, person).status_code == refused
        response = web.post(reverse("people:subject_request_export", args=[request.pk]))
        assert response.status_code == refused and b"Siti" not in response.content
    assert SubjectRequest.objects.count() == 1 and SubjectRequest.objects.get().status == "received"
    assert AuditEntry.objects.count() == before
    assert CaseRole.objects.filter(person=person).count() == 1
