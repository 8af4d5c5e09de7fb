"""Fixtures of the referrals and assistance tests: a matrix in force, a case with a victim, a consent."""

from __future__ import annotations

import datetime as dt

import pytest

from gugus.accounts.actors import system_actor

SHARED = ["identity", "needs"]


@pytest.fixture
def matrix(national_task_force):
    """The catalogue, and a structure in force where Dinas Sosial is accountable for social
    rehabilitation at the regency tier and Polri for investigation at the province tier."""
    from gugus.functions.models import Function
    from gugus.functions.services import assignment_add, catalogue_load
    from gugus.organisations.models import Agency
    from gugus.organisations.services import structure_create

    catalogue_load(actor=system_actor("tests"))
    structure = structure_create(
        actor=system_actor("tests"),
        task_force=national_task_force,
        key="49-2023",
        name="Perpres 49/2023",
        status="in_force",
    )
    for code, tier, agency in (
        ("social_rehabilitation", "regency", "Dinas Sosial"),
        ("investigation", "province", "Polri"),
    ):
        assignment_add(
            actor=system_actor("tests"),
            structure=structure,
            function=Function.objects.get(code=code),
            agency=Agency.objects.get(abbreviation=agency),
            tier=tier,
            responsibility="A",
            allow_fixed=True,
        )
    return structure


@pytest.fixture
def function():
    from gugus.functions.models import Function

    return lambda code: Function.objects.get(code=code)


@pytest.fixture
def victim(matrix, open_case):
    """The victim of a case reported by Polda Kepri (the test's "home" agency)."""
    case = open_case(
        victims=[
            {
                "full_name": "Siti Aminah binti Kasim",
                "sex": "P",
                "birth_date": "1990-05-05",
                "nik": "3212014505900001",
                "phones": ["0812-3456-7890"],
                "address_region": "Kab. Indramayu",
                "needs": "Trauma berat, perlu pendampingan psikolog",
            }
        ]
    )
    return case.roles.get(role="victim")


@pytest.fixture
def consent(users, units, victim, function):
    from gugus.referrals.services import consent_record

    return consent_record(
        actor=users["case_worker"],
        victim=victim,
        recipient_unit=units["dinsos"],
        function=function("social_rehabilitation"),
        scope=SHARED,
        given_on=dt.date(2025, 3, 2),
        method="written",
    )


@pytest.fixture
def referral(users, units, victim, consent, function):
    """Polda Kepri refers the victim to Dinas Sosial Batam for a shelter, with consent."""
    from gugus.referrals.services import referral_send

    return referral_send(
        actor=users["case_worker"],
        victim=victim,
        function=function("social_rehabilitation"),
        to_unit=units["dinsos"],
        consent=consent,
        shares=SHARED,
        message="Mohon rumah aman untuk korban.",
        place="21.71",
    )
