import pytest
from django.test import Client

from gugus.audit.models import AuditEntry
from gugus.organisations.models import Agency


@pytest.mark.django_db
def test_admin_change_is_audited(reference_data):
    from gugus.accounts.models import User

    admin = User.objects.create_superuser("root", password="x-very-long-password-1")
    client = Client()
    from gugus.fixtures import sign_in_verified

    sign_in_verified(client, admin)  # a superuser needs the second factor
    agency = Agency.objects.get(abbreviation="BPS")
    response = client.post(
        f"/admin/organisations/agency/{agency.pk}/change/",
        {
            "abbreviation": "BPS", "official_name": "Badan Pusat Statistik (diubah)", "kind": agency.kind,
            "role_in_tppo": agency.role_in_tppo, "note": agency.note, "uncertain": "on",
            "successions-TOTAL_FORMS": "0", "successions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content[:500]
    entry = AuditEntry.objects.filter(action="admin.change").get()
    assert (entry.object_type, entry.object_id, entry.actor_id) == ("organisations.agency", str(agency.pk), admin.pk)
    assert entry.data == {"fields": ["official_name"]}
