import datetime as dt

import pytest

from gugus.accounts.actors import system_actor


@pytest.fixture
def meetings_data(users, national_task_force, province_task_force):
    """Three meetings built through the services: national, Kepri (21) and Jawa Barat (32)."""
    from gugus.meetings import services
    from gugus.organisations.models import Agency, Region
    from gugus.organisations.services import task_force_create

    agencies = {a.abbreviation: a for a in Agency.objects.all()}
    west_java = task_force_create(
        actor=system_actor("tests"),
        tier="province",
        region=Region.objects.get(code="32"),
        name="Gugus Tugas PP-TPPO Jawa Barat",
    )
    made = {}
    for key, task_force, owner in (
        ("national", national_task_force, "Kemenlu"),
        ("kepri", province_task_force, "Kemensos"),
        ("jabar", west_java, "Polri"),
    ):
        meeting = services.meeting_create(
            actor=system_actor("tests"),
            task_force=task_force,
            kind="rakor",
            title=f"Rakor {key}",
            held_on=dt.date(2025, 10, 24),
            place="Depok",
            chair="Deputi",
            participants=[agencies["Kemenko Polkam"]],
        )
        agreement = services.agreement_add(actor=system_actor("tests"), meeting=meeting, text=f"Kesepakatan {key}")
        item = services.action_item_add(
            actor=system_actor("tests"),
            agreement=agreement,
            description=f"Tindak lanjut {key}",
            owner_agency=agencies[owner],
            due_on=dt.date(2026, 1, 31),
        )
        made[key] = {"meeting": meeting, "agreement": agreement, "item": item}
    return made


# Which of the three meetings each fixture user may read.
VISIBLE = {
    "system_admin": {"national", "kepri", "jabar"},
    "secretariat_national": {"national", "kepri", "jabar"},
    "secretariat_regional": {"national", "kepri"},
}
# Polda Kepri users (Polri): Kepri by region, Jawa Barat because Polri owns an item there.
POLDA_DEFAULT = {"national", "kepri", "jabar"}
# Dinas Sosial Kota Batam users: the national meeting and their province's.
DINSOS_DEFAULT = {"national", "kepri"}

EDITABLE = {
    "secretariat_national": {"national", "kepri", "jabar"},
    "secretariat_regional": {"kepri"},
}


def visible_for(role_key: str) -> set[str]:
    role, _, other = role_key.partition("@")
    if role in VISIBLE:
        return VISIBLE[role]
    if role_key == "outsider":
        return set()
    return DINSOS_DEFAULT if other else POLDA_DEFAULT


def editable_for(role_key: str) -> set[str]:
    return EDITABLE.get(role_key.partition("@")[0], set())
