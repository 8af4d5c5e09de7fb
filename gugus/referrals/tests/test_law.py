"""Consent of a child victim, and each function's deadline with its own legal basis."""

import datetime as dt

import pytest

from gugus.core.errors import ValidationFailed
from gugus.referrals.models import Consent
from gugus.referrals.services import consent_record, deadline_for
from gugus.referrals.tests.fixtures import SHARED

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(matrix, open_case):  # noqa: F811
    """A victim born in 2010: 15 when consent is asked in 2025."""
    case = open_case(
        victims=[
            {
                "full_name": "Putri Lestari",
                "sex": "P",
                "birth_date": "2010-01-20",
                "nik": "3212016001100001",
                "address_region": "Kab. Indramayu",
            }
        ]
    )
    return case.roles.get(role="victim")


def _consent(users, units, function, victim, **extra):
    return consent_record(
        actor=users["case_worker"],
        victim=victim,
        recipient_unit=units["dinsos"],
        function=function("social_rehabilitation"),
        scope=SHARED,
        given_on=dt.date(2025, 3, 2),
        **{"method": "written", **extra},
    )


def test_child_cannot_consent_alone(users, units, function, child):
    with pytest.raises(ValidationFailed) as error:
        _consent(users, units, function, child)
    assert error.value.field == "guardian_name"
    with pytest.raises(ValidationFailed):
        _consent(users, units, function, child, method="guardian", guardian_name="Ibu Sumi")  # relation missing
    assert not Consent.objects.exists()


def test_child_consents_through_a_guardian(users, units, function, child):
    consent = _consent(
        users, units, function, child, method="guardian", guardian_name="Sumiati", guardian_relation="ibu kandung"
    )
    consent.refresh_from_db()
    assert (consent.minor_at_consent, consent.guardian_name, consent.guardian_relation) == (
        True,
        "Sumiati",
        "ibu kandung",
    )


def test_guardian_who_is_a_suspect_is_recorded_with_who_decided(users, units, function, child):
    with pytest.raises(ValidationFailed) as error:
        _consent(users, units, function, child, no_guardian_reason="guardian_suspect")
    assert error.value.field == "note"
    consent = _consent(
        users,
        units,
        function,
        child,
        no_guardian_reason="guardian_suspect",
        note="Ayah tersangka; pekerja sosial UPTD PPA memutuskan demi kepentingan terbaik anak.",
    )
    assert (consent.minor_at_consent, consent.no_guardian_reason) == (True, "guardian_suspect")


def test_adult_consents_alone(users, units, function, victim):
    consent = _consent(users, units, function, victim)
    assert (consent.minor_at_consent, consent.no_guardian_reason) == (False, "")


@pytest.mark.parametrize(
    ("code", "days", "basis"),
    [
        ("health_rehabilitation", 7, "UU 21/2007 Pasal 52 ayat (1)"),
        ("social_reintegration", 7, "UU 21/2007 Pasal 52 ayat (1)"),
        ("return_home", 7, "UU 21/2007 Pasal 52 ayat (1)"),
        # No deadline in the law: the working deadline, with no legal basis claimed.
        ("restitution", 14, ""),
        ("legal_aid", 14, ""),
        ("witness_victim_protection", 14, ""),
        ("repatriation_abroad", 14, ""),
    ],
)
def test_each_function_has_only_the_deadline_the_law_sets(matrix, function, code, days, basis):
    deadline = deadline_for(function(code))
    assert (deadline.days, deadline.legal_basis) == (days, basis)


def test_functions_carry_their_own_legal_basis(matrix, function):
    assert function("restitution").legal_basis.startswith("UU 21/2007 Pasal 48-50; UU 31/2014 Pasal 7A")
    assert function("repatriation_abroad").legal_basis.startswith("UU 21/2007 Pasal 54")
    assert function("witness_victim_protection").legal_basis.startswith("UU 31/2014 Pasal 5")
    assert function("health_rehabilitation").legal_basis.startswith("UU 21/2007 Pasal 51-53")
