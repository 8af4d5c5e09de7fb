import pytest
from django.test import Client

from gugus.audit.models import AuditEntry
from gugus.fixtures import sign_in_verified
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


def test_every_model_has_a_translated_name():
    """Issue 17: the admin in Bahasa Indonesia shows Indonesian model names, never the class's English."""
    from django.apps import apps
    from django.utils import translation
    from django.utils.functional import Promise

    untranslated = []
    for model in apps.get_models():
        if not model.__module__.startswith("gugus."):
            continue
        for attr in ("verbose_name", "verbose_name_plural"):
            if not isinstance(model._meta.original_attrs.get(attr), Promise):
                untranslated.append(f"{model._meta.label}.{attr}")
    assert untranslated == []
    from gugus.cases.models import Case
    from gugus.referrals.models import Referral

    with translation.override("id"):
        assert (str(Case._meta.verbose_name_plural), str(Referral._meta.verbose_name)) == ("kasus", "rujukan")
    with translation.override("en"):
        assert (str(Case._meta.verbose_name_plural), str(Referral._meta.verbose_name)) == ("cases", "referral")


@pytest.mark.django_db
def test_admin_index_in_indonesian_names_models_in_indonesian(reference_data):
    from gugus.accounts.models import User

    admin = User.objects.create_superuser("root", password="x-very-long-password-1")
    client = Client()
    sign_in_verified(client, admin)  # a superuser confirms a second factor too
    page = client.get("/admin/").content.decode()
    assert "Wilayah" in page and "Instansi" in page
    assert ">Regions<" not in page and ">Agencies<" not in page
