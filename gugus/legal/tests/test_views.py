"""Pages of the legal track: a permission matrix over every role of both agencies, and the writes."""

import pytest

from gugus.legal import services
from gugus.legal.models import Step, Suspect

pytestmark = pytest.mark.django_db

# Who sees the track of a Polda Kepri case: its own law-enforcement users and the secretariats.
SEES_TRACK = {"case_worker", "supervisor", "secretariat_national", "secretariat_regional",
              "secretariat_national@other", "secretariat_regional@other"}  # fmt: skip


def test_service_provider_cannot_see_the_legal_track(track, users, client_for):
    """The matrix: every role of both agencies, the track page answers 200 or an empty 404."""
    rina = "Rina Wulandari"
    services.suspect_add(
        actor=users["case_worker"], investigation=track, case_role=track.case.roles.get(role="suspect")
    )
    seen = set()
    for name, user in users.items():
        response = client_for(user).get(f"/legal/tracks/{track.pk}/")
        if response.status_code == 200:
            seen.add(name)
            assert track.report_number in response.content.decode()
        else:
            assert response.status_code in (403, 404, 302), name
            assert rina.encode() not in response.content and track.report_number.encode() not in response.content
    assert seen == SEES_TRACK
    # Dinas Sosial's case worker holds legal.view, yet its unit is a service provider: nothing.
    assert client_for(users["case_worker@other"]).get("/legal/").status_code == 200
    assert track.report_number not in client_for(users["case_worker@other"]).get("/legal/").content.decode()


def test_names_shown_only_with_personal_data_and_the_read_audited(track, users, client_for):
    from gugus.audit.models import AuditEntry

    services.suspect_add(
        actor=users["case_worker"], investigation=track, case_role=track.case.roles.get(role="suspect")
    )
    body = client_for(users["case_worker"]).get(f"/legal/tracks/{track.pk}/").content.decode()
    assert "Rina Wulandari" in body
    assert AuditEntry.objects.filter(action="read.legal_track", object_id=str(track.pk)).count() == 1


def test_recording_through_the_page_and_errors_naming_the_field(track, users, client_for):
    client = client_for(users["case_worker"])
    role = track.case.roles.get(role="suspect")
    client.post(f"/legal/tracks/{track.pk}/suspect/", {"case_role": role.pk, "status": "suspect"})
    suspect = Suspect.objects.get(investigation=track)
    response = client.post(f"/legal/tracks/{track.pk}/step/", {"kind": "file_sent", "on": "kemarin"}, follow=True)
    assert "Tanggal: " in response.content.decode()  # the page speaks Indonesian and names the field
    assert not track.steps.filter(kind=Step.Kind.FILE_SENT).exists()
    client.post(f"/legal/tracks/{track.pk}/step/", {"kind": "file_sent", "on": "2025-05-02"})
    assert track.steps.filter(kind=Step.Kind.FILE_SENT).count() == 1
    # Another agency's user posting: 404, nothing written.
    other = client_for(users["case_worker@other"])
    assert other.post(f"/legal/tracks/{track.pk}/step/", {"kind": "sp3", "on": "2025-05-03"}).status_code == 404
    assert other.post(f"/legal/tracks/{track.pk}/charge/", {"suspect": suspect.pk, "article": 1}).status_code == 404
    assert suspect.charges.count() == 0 and not track.steps.filter(kind="sp3").exists()


def test_case_page_offers_the_track_only_to_law_enforcement(legal_case, users, client_for):
    assert b"open-form" in client_for(users["case_worker"]).get(f"/legal/cases/{legal_case.pk}/").content
    assert client_for(users["case_worker@other"]).get(f"/legal/cases/{legal_case.pk}/").status_code == 404
    assert client_for(users["analyst"]).get(f"/legal/cases/{legal_case.pk}/").status_code in (403, 404)
