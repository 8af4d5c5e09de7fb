"""The two ways a referral could share more than it should (issue 11): an onward referral passing on
more than its sender holds, and the law-enforcement exception used without consent towards a unit
that is no law-enforcement unit or without a real legal basis. Web form and API alike."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from gugus.accounts.actors import system_actor
from gugus.accounts.services import api_token_issue
from gugus.cases.access import cases_visible_to
from gugus.core.errors import ValidationFailed
from gugus.referrals import services
from gugus.referrals.models import Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(users, referral):
    """Dinas Sosial Batam accepted Polda's referral (identity and needs only)."""
    return services.referral_accept(actor=users["case_worker@other"], referral=referral, version=1)


@pytest.fixture
def third_unit(reference_data):
    """Another social-services unit (Dinas Sosial Kab. Lombok Barat), the onward recipient."""
    from gugus.organisations.models import Agency, Region
    from gugus.organisations.services import unit_create

    return unit_create(
        actor=system_actor("tests"),
        code="T-DINSOS-52.01",
        agency=Agency.objects.get(abbreviation="Dinas Sosial"),
        name="Dinas Sosial Kabupaten Lombok Barat",
        kind="regency",
        region=Region.objects.get(code="52.01"),
    )


def _consent(actor, victim, unit, function, scope):
    return services.consent_record(
        actor=actor, victim=victim, recipient_unit=unit, function=function, scope=scope,
        given_on="2025-03-05", method="written",
    )  # fmt: skip


def test_held_shares_of_each_unit(users, units, victim, accepted, third_unit):
    assert services.unit_held_shares(units["polda"].pk, victim) == frozenset(
        ["identity", "contact", "documents", "needs", "case_summary", "assessment", "journey", "case_file"]
    )
    assert services.unit_held_shares(units["dinsos"].pk, victim) == frozenset(["identity", "needs"])
    assert services.unit_held_shares(third_unit.pk, victim) == frozenset()


def test_onward_referral_shares_at_most_what_the_sender_holds(users, victim, accepted, third_unit, function):
    sender = users["case_worker@other"]
    rehab = function("social_rehabilitation")
    with pytest.raises(ValidationFailed) as error:
        _consent(sender, victim, third_unit, rehab, ["identity", "documents", "case_file", "assessment"])
    assert error.value.field == "scope"
    before = Referral.objects.count()
    consent = _consent(sender, victim, third_unit, rehab, ["identity", "needs"])
    with pytest.raises(ValidationFailed) as error:
        services.referral_send(
            actor=sender, victim=victim, function=rehab, to_unit=third_unit, consent=consent,
            shares=["identity", "case_file"],
        )  # fmt: skip
    assert error.value.field == "shares"
    assert Referral.objects.count() == before
    onward = services.referral_send(
        actor=sender, victim=victim, function=rehab, to_unit=third_unit, consent=consent, shares=["identity"]
    )
    assert onward.share_codes == ["identity"]
    reader = users["case_worker"].__class__.objects.create_user(
        username="pekerja.lobar", password="x", role="case_worker", unit=third_unit
    )
    assert not cases_visible_to(reader).filter(pk=victim.case_id).exists()


def test_law_enforcement_exception_needs_a_law_enforcement_recipient_and_a_real_basis(
    users, units, victim, accepted, third_unit, function
):
    sender = users["case_worker@other"]
    investigation = function("investigation")
    before = Referral.objects.count()
    for to_unit, basis, field in (
        (third_unit, "-", "to_unit"),  # a social-services unit, whatever the basis
        (third_unit, "KUHAP Pasal 7", "to_unit"),
        (units["polda"], "-", "legal_basis"),  # the police, but no legal basis
        (units["polda"], "pasal", "legal_basis"),
    ):
        with pytest.raises(ValidationFailed) as error:
            services.referral_send(
                actor=sender, victim=victim, function=investigation, to_unit=to_unit, shares=["identity"],
                legal_exception="law_enforcement", legal_basis=basis,
            )  # fmt: skip
        assert error.value.field == field, (to_unit.code, basis)
    assert Referral.objects.count() == before
    sent = services.referral_send(
        actor=sender, victim=victim, function=investigation, to_unit=units["polda"], shares=["identity"],
        legal_exception="law_enforcement", legal_basis="KUHAP Pasal 7 ayat (1)",
    )  # fmt: skip
    assert (sent.legal_exception, sent.legal_basis) == ("law_enforcement", "KUHAP Pasal 7 ayat (1)")


def _api(user):
    token = api_token_issue(actor=system_actor("tests"), user=user, name="agency system")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_api_refuses_both_leaks(users, victim, accepted, third_unit):
    client = _api(users["case_worker@other"])
    before = Referral.objects.count()
    payload = {
        "victim": victim.pk, "function": "social_rehabilitation", "to_unit": third_unit.code,
        "shares": ["identity", "documents", "case_file", "assessment"],
        "consent": {"given_on": "2025-03-05", "method": "written"},
    }  # fmt: skip
    response = client.post("/api/referrals/", json.dumps(payload), content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "scope"
    payload = {
        "victim": victim.pk, "function": "investigation", "to_unit": third_unit.code, "shares": ["identity"],
        "legal_exception": "law_enforcement", "legal_basis": "-",
    }  # fmt: skip
    response = client.post("/api/referrals/", json.dumps(payload), content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "to_unit"
    assert Referral.objects.count() == before


def test_web_form_refuses_sharing_beyond_what_is_held(users, victim, accepted, third_unit, client_for):
    client = client_for(users["case_worker@other"])
    before = Referral.objects.count()
    response = client.post(
        f"/referrals/send/{victim.pk}/",
        {
            "function": "social_rehabilitation", "to_unit": third_unit.code, "shares": ["identity", "case_file"],
            "basis": "consent", "consent_given_on": "2025-03-05", "consent_method": "written",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert Referral.objects.count() == before
    response = client.post(
        f"/referrals/send/{victim.pk}/",
        {
            "function": "investigation", "to_unit": third_unit.code, "shares": ["identity"],
            "basis": "law_enforcement", "legal_basis": "-",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert Referral.objects.count() == before


def test_send_page_audits_its_read_of_the_victims_name(users, victim, client_for):
    from gugus.audit.models import AuditEntry

    response = client_for(users["case_worker"]).get(f"/referrals/send/{victim.pk}/")
    assert response.status_code == 200
    assert "Siti Aminah binti Kasim" in response.content.decode()
    entries = AuditEntry.objects.filter(action="read.referral_send", actor=users["case_worker"])
    assert [(e.object_type, e.object_id, e.data) for e in entries] == [
        ("people.person", str(victim.person_id), {"fields": ["full_name"]})
    ]
