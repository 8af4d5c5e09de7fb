"""The serving unit of an accepted referral (issue 11): it sees the victim's case as the referral
shares it, finds the victim on its case list and in the count, and nothing more."""

from __future__ import annotations

import pytest

from gugus.audit.models import AuditEntry
from gugus.core.errors import NotFound
from gugus.referrals.access import BASIS_CASE, BASIS_REFERRAL, BASIS_SERVING, access_victim
from gugus.referrals.services import referral_accept

pytestmark = pytest.mark.django_db

NAME = "Siti Aminah binti Kasim"
NIK = "3212014505900001"


def test_access_victim_says_how_and_what(users, referral):
    own = access_victim(users["case_worker"], referral.victim_id)
    assert (own.basis, own.can_refer, own.can_record_service) == (BASIS_CASE, True, True)
    assert len(own.shares) == 8
    waiting = access_victim(users["case_worker@other"], referral.victim_id)
    assert (waiting.basis, waiting.shares, waiting.referral_ids) == (
        BASIS_REFERRAL, frozenset({"identity", "needs"}), (referral.pk,),
    )  # fmt: skip
    assert (waiting.can_refer, waiting.can_record_service) == (False, False)
    referral_accept(actor=users["case_worker@other"], referral=referral)
    serving = access_victim(users["case_worker@other"], referral.victim_id)
    assert (serving.basis, serving.can_refer, serving.can_record_service) == (BASIS_SERVING, True, True)
    for key in ("analyst@other", "budget_officer@other", "outsider"):
        with pytest.raises(NotFound):
            access_victim(users[key], referral.victim_id)
    victim, shares = access_victim(users["case_worker@other"], referral.victim_id)  # the old unpacking
    assert victim.pk == referral.victim_id and shares == {"identity", "needs"}


def test_serving_unit_sees_the_case_as_the_referral_shares_it(users, referral, client_for):
    worker = users["case_worker@other"]
    client = client_for(worker)
    assert client.get(f"/cases/{referral.case_id}/").status_code == 404  # not yet accepted
    referral_accept(actor=worker, referral=referral)
    page = client.get(f"/cases/{referral.case_id}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert NAME in body and "Trauma berat" in body  # identity and needs are shared
    assert NIK not in body and "Phnom Penh" not in body  # documents and the narrative are not
    assert (
        AuditEntry.objects.filter(action="read.referral", actor=worker, object_id=str(referral.victim_id)).count() == 1
    )
    listing = client.get("/cases/").content.decode()
    assert 'data-testid="served-row"' in listing and NAME in listing
    count = client.get("/identity/counts/cases/").content.decode()
    assert 'data-people="1"' in count and 'data-records="1"' in count
    # an outsider of both units still gets an empty 404
    other = client_for(users["case_worker"].__class__.objects.get(username="supervisor.other"))
    assert other.get(f"/cases/{referral.case_id}/").status_code == 200  # same unit (Dinas Sosial)
    nobody = client_for(users["analyst@other"]).get(f"/cases/{referral.case_id}/")
    assert nobody.status_code in (403, 404) and NAME not in nobody.content.decode()
