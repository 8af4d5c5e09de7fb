"""Fixtures shared by the tests of cases, people and their API: cases built through the services."""

from __future__ import annotations

import datetime as dt

import pytest

# A NIK of a woman born 5 May 1990 in district 32.12.01 (Indramayu, Haurgeulis): day 05 + 40.
NIK_SITI = "3212014505900001"
NIK_BUDI = "3212011208850002"


def victim(**overrides) -> dict:
    values = {
        "full_name": "Siti Aminah binti Kasim",
        "sex": "P",
        "birth_date": "1990-05-05",
        "nik": NIK_SITI,
        "phones": ["0812-3456-7890"],
        "passport_no": "C1234567",
        "address_region": "Kab. Indramayu",
    }
    values.update(overrides)
    return values


@pytest.fixture
def open_case(users, units):
    """``open_case(unit=..., **fields)`` opens a case through the service (default: Polda, one victim)."""
    from gugus.cases.services import case_open

    def make(unit=None, actor=None, victims=None, **fields):
        values = {
            "channel": "embassy",
            "reported_on": dt.date(2025, 3, 1),
            "exploitation_types": ["online_scam"],
            "origin": "32.12",
            "destination_country": "KH",
            "narrative": "Dijanjikan kerja admin di Phnom Penh oleh Rina.",
        }
        values.update(fields)
        return case_open(
            actor=actor or users["supervisor"],
            unit=unit or units["polda"],
            victims=[victim()] if victims is None else victims,
            **values,
        ).case

    return make
