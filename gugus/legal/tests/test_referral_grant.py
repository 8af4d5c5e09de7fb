"""An investigation referral, once accepted by the investigator's unit, opens the referring case to it."""

import pytest

from gugus.audit.models import AuditEntry
from gugus.cases.access import access_case, cases_visible_to
from gugus.core.errors import NotFound
from gugus.legal import services
from gugus.legal.selectors import investigation_referral_state, investigation_referrals_to
from gugus.legal.tests.conftest import TODAY
from gugus.referrals.services import referral_accept, referral_complete, referral_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def dinsos_case(open_case, users, units):
    return open_case(unit=units["dinsos"], actor=users["supervisor@other"])


@pytest.fixture
def investigation_referral(dinsos_case, users, units, matrix, function):
    """Dinas Sosial Batam refers its victim to Polda Kepri for investigation (law-enforcement exception)."""
    return referral_send(
        actor=users["case_worker@other"],
        victim=dinsos_case.roles.get(role="victim"),
        function=function("investigation"),
        to_unit=units["polda"],
        shares=["identity"],
        legal_exception="law_enforcement",
        legal_basis="UU 21/2007 Pasal 28; KUHAP Pasal 106",
        message="Mohon penyidikan perekrut.",
    )


def test_accepting_opens_the_case_and_closing_shuts_it(investigation_referral, dinsos_case, users):
    investigator = users["case_worker"]
    with pytest.raises(NotFound):
        access_case(investigator, dinsos_case.pk)  # received, not yet accepted
    referral = referral_accept(actor=investigator, referral=investigation_referral)
    assert access_case(investigator, dinsos_case.pk) == dinsos_case
    assert AuditEntry.objects.filter(action="referral.accepted", object_id=str(referral.pk)).count() == 1
    # Only its unit's users who hold legal.view: not the analyst, not the other agency.
    assert not cases_visible_to(users["analyst"]).filter(pk=dinsos_case.pk).exists()
    assert [r.state_label for r in investigation_referrals_to(investigator)] == ["Accepted: police report being taken"]
    track = services.investigation_open(
        actor=investigator,
        case=dinsos_case,
        report_number="LP/A/9/III/2025",
        report_date="2025-03-04",
        referral=referral,
        today=TODAY,
    )
    referral.refresh_from_db()
    assert (referral.status, investigation_referral_state(referral), track.referral_id) == (
        "in_progress",
        "Under investigation",
        referral.pk,
    )
    referral_complete(actor=investigator, referral=referral, outcome="delivered")
    with pytest.raises(NotFound):
        access_case(investigator, dinsos_case.pk)
    # The track itself stays with the unit that investigates it.
    assert services.access.access_investigation(investigator, track.pk) == track


def test_a_service_referral_grants_nothing_of_the_kind(dinsos_case, users, units, matrix, function):
    from gugus.referrals.services import consent_record

    victim = dinsos_case.roles.get(role="victim")
    consent = consent_record(
        actor=users["case_worker@other"],
        victim=victim,
        recipient_unit=units["polda"],
        function=function("social_rehabilitation"),
        scope=["identity"],
        given_on="2025-03-02",
        method="written",
    )
    referral = referral_send(
        actor=users["case_worker@other"],
        victim=victim,
        function=function("social_rehabilitation"),
        to_unit=units["polda"],
        consent=consent,
        shares=["identity"],
    )
    referral_accept(actor=users["case_worker"], referral=referral)
    with pytest.raises(NotFound):
        access_case(users["case_worker"], dinsos_case.pk)
