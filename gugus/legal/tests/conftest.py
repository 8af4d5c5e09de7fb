"""Fixtures of the legal track tests: a Kejaksaan unit with a prosecutor, a case with a suspect, an open track."""

from __future__ import annotations

import datetime as dt

import pytest

from gugus.accounts.actors import system_actor

TODAY = dt.date(2025, 12, 1)


@pytest.fixture
def kejati(reference_data):
    from gugus.organisations.models import Agency, Region
    from gugus.organisations.services import unit_create

    return unit_create(
        actor=system_actor("tests"),
        code="T-KEJATI-21",
        agency=Agency.objects.get(abbreviation="Kejaksaan RI"),
        name="Kejaksaan Tinggi Kepulauan Riau",
        kind="provincial",
        region=Region.objects.get(code="21"),
    )


@pytest.fixture
def prosecutor(kejati):
    from gugus.accounts.roles import Role
    from gugus.accounts.services import user_create
    from gugus.fixtures import PASSWORD

    return user_create(
        actor=system_actor("tests"), username="jaksa", password=PASSWORD, role=Role.CASE_WORKER, unit=kejati
    )


@pytest.fixture
def legal_case(open_case, users):  # noqa: F811
    """A case of Polda Kepri with one victim and one suspect (Rina, the recruiter)."""
    from gugus.cases.services import case_person_add

    case = open_case()
    case_person_add(actor=users["supervisor"], case=case, role="suspect", full_name="Rina Wulandari", sex="P")
    return case


@pytest.fixture
def track(legal_case, users):
    from gugus.legal.services import investigation_open

    return investigation_open(
        actor=users["case_worker"],
        case=legal_case,
        report_number="LP/B/123/III/2025/SPKT/POLDA KEPRI",
        report_date="2025-03-03",
        sprindik_number="SP.Sidik/45/III/2025/Ditreskrimum",
        sprindik_date="2025-03-05",
        today=TODAY,
    )


@pytest.fixture
def article(db):
    from gugus.legal.models import Article
    from gugus.legal.services import articles_load

    articles_load()  # a transactional test earlier in the run may have emptied the table

    return lambda law, number, paragraph="": Article.objects.get(law=law, number=number, paragraph=paragraph)
