import pytest
from django.urls import reverse

from gugus.accounts.roles import ROLE_CAPABILITIES, Role
from gugus.assistance.models import Service
from gugus.assistance.services import service_record

pytestmark = pytest.mark.django_db

ROLE_KEYS = [r.value for r in Role] + [r.value + "@other" for r in Role] + ["outsider"]
HOME = {"supervisor", "case_worker"}
RECEIVING = {"supervisor@other", "case_worker@other"}
SECRETARIATS = {
    "secretariat_national",
    "secretariat_national@other",
    "secretariat_regional",
    "secretariat_regional@other",
}


def caps(key):
    return ROLE_CAPABILITIES.get(key.partition("@")[0], frozenset())


@pytest.mark.parametrize("role_key", ROLE_KEYS)
def test_journey_matrix(role_key, users, referral, client_for):
    service_record(actor=users["case_worker"], victim=referral.victim, kind="medical", started_on="2025-03-03")
    response = client_for(users[role_key]).get(reverse("assistance:journey", args=[referral.victim_id]))
    body = response.content.decode()
    if "referrals.view" not in caps(role_key):
        assert response.status_code == 403
    elif role_key in HOME | SECRETARIATS:
        assert response.status_code == 200
        assert 'data-kind="service"' in body and 'data-kind="case"' in body
    elif role_key in RECEIVING:
        # Its own steps only: the referral; not the reporting unit's medical care, not the case.
        assert response.status_code == 200
        assert 'data-kind="referral"' in body
        assert 'data-kind="service"' not in body and 'data-kind="case"' not in body
    else:
        assert response.status_code == 404 and b'data-testid="not-found"' in response.content


@pytest.mark.parametrize("role_key", ROLE_KEYS)
def test_service_detail_and_record_matrix(role_key, users, referral, client_for):
    service = service_record(
        actor=users["case_worker"], victim=referral.victim, kind="medical", started_on="2025-03-03", note="Luka di kaki"
    )
    client = client_for(users[role_key])
    response = client.get(reverse("assistance:detail", args=[service.pk]))
    if "referrals.view" not in caps(role_key):
        assert response.status_code == 403
    elif role_key in HOME | SECRETARIATS:
        assert response.status_code == 200
        assert ("Luka di kaki" in response.content.decode()) == (role_key in HOME)  # notes: the provider only
    else:
        assert response.status_code == 404 and b'data-testid="not-found"' in response.content
    before = Service.objects.count()
    posted = client.post(
        reverse("assistance:record", args=[referral.victim_id]),
        {"kind": "psychosocial", "started_on": "2025-03-04", "status": "ongoing"},
    )
    if "assistance.record" not in caps(role_key):
        assert posted.status_code == 403
    elif role_key in HOME:
        assert posted.status_code == 302
        assert Service.objects.count() == before + 1
        return
    else:
        assert posted.status_code == 404  # the referral is not accepted: not this unit's victim yet
    assert Service.objects.count() == before
    update = client.post(reverse("assistance:update", args=[service.pk]), {"version": 1, "status": "discontinued"})
    assert update.status_code in (403, 404)
    service.refresh_from_db()
    assert service.status == "ongoing"
