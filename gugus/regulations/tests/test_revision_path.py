"""A draft's path: Rakor finalisation, harmonisation at Kemenkum, RTM approval (a recorded decision
linked to its meeting), submission to the President, enactment (the draft comes into force)."""

import datetime as dt

import pytest

from gugus.core.errors import NotFound, PermissionDenied, ValidationFailed
from gugus.meetings.services import agreement_add, meeting_create
from gugus.organisations.models import Agency, StructureVersion
from gugus.organisations.services import structure_create
from gugus.regulations.models import RevisionStep
from gugus.regulations.selectors import revision_path
from gugus.regulations.services import regulation_create, regulation_version_add, revision_step_record

pytestmark = pytest.mark.django_db

DRAFT_TEXT = """Pasal 1
Gugus Tugas dibentuk oleh Presiden.
"""


@pytest.fixture
def world(users, national_task_force):
    actor = users["secretariat_national"]
    in_force = structure_create(
        actor=actor, task_force=national_task_force, key="49-2023", name="Perpres 49/2023", status="in_force",
        effective_from=dt.date(2023, 8, 10),
    )  # fmt: skip
    draft = structure_create(
        actor=actor, task_force=national_task_force, key="draft-2025", name="Rancangan", status="draft",
        based_on=in_force,
    )  # fmt: skip
    rakor = meeting_create(
        actor=actor, task_force=national_task_force, kind="rakor", title="Rakor finalisasi",
        held_on=dt.date(2025, 10, 24), place="Depok", chair="Plt. Deputi Kamtibmas",
    )  # fmt: skip
    rtm = meeting_create(
        actor=actor, task_force=national_task_force, kind="rtm", title="RTM", held_on=dt.date(2025, 12, 10),
        place="Jakarta", chair="Menko Polkam",
    )  # fmt: skip
    approval = agreement_add(actor=actor, meeting=rtm, text="Rancangan revisi disetujui untuk disampaikan.")
    regulation = regulation_create(actor=actor, title="Perpres Gugus Tugas")
    text = regulation_version_add(actor=actor, regulation=regulation, label="Rancangan Desember", kind="draft",
                                  text=DRAFT_TEXT)
    return {"actor": actor, "in_force": in_force, "draft": draft, "rakor": rakor, "rtm": rtm,
            "approval": approval, "text": text}


def test_the_path_in_order_ending_in_force(world):
    actor, draft = world["actor"], world["draft"]
    with pytest.raises(ValidationFailed) as error:
        revision_step_record(actor=actor, structure=draft, stage="rtm_approved", on="2025-12-10")
    assert error.value.field == "stage"
    revision_step_record(actor=actor, structure=draft, stage="rakor_finalised", on="2025-10-24", meeting=world["rakor"])
    with pytest.raises(ValidationFailed):  # dated before the Rakor
        revision_step_record(actor=actor, structure=draft, stage="harmonised", on="2025-10-01")
    revision_step_record(actor=actor, structure=draft, stage="harmonised", on="2025-11-20", reference="Surat Kemenkum")
    kemenko = Agency.objects.get(abbreviation="Kemenko Polkam")
    with pytest.raises(ValidationFailed) as error:  # an RTM approval without its agreement is no decision
        revision_step_record(actor=actor, structure=draft, stage="rtm_approved", on="2025-12-10",
                             meeting=world["rtm"], text=world["text"], approved_by=[kemenko])
    assert error.value.field == "agreement"
    with pytest.raises(ValidationFailed) as error:
        revision_step_record(actor=actor, structure=draft, stage="rtm_approved", on="2025-12-10",
                             meeting=world["rakor"], agreement=world["approval"], text=world["text"],
                             approved_by=[kemenko])
    assert error.value.field == "meeting"
    step = revision_step_record(actor=actor, structure=draft, stage="rtm_approved", on="2025-12-10",
                                meeting=world["rtm"], agreement=world["approval"], text=world["text"],
                                approved_by=[kemenko, Agency.objects.get(abbreviation="Polri")])
    assert sorted(step.approved_by.values_list("abbreviation", flat=True)) == ["Kemenko Polkam", "Polri"]
    assert [item["stage"] for item in revision_path(draft) if item["is_next"]] == ["submitted"]
    revision_step_record(actor=actor, structure=draft, stage="submitted", on="2026-01-05", reference="Surat Menko")
    revision_step_record(actor=actor, structure=draft, stage="enacted", on="2026-02-02",
                         reference="Peraturan Presiden Nomor 12 Tahun 2026")
    draft.refresh_from_db()
    world["in_force"].refresh_from_db()
    assert (draft.status, draft.effective_from, draft.regulation) == (
        "in_force", dt.date(2026, 2, 2), "Peraturan Presiden Nomor 12 Tahun 2026")
    assert (world["in_force"].status, world["in_force"].effective_to) == ("historical", dt.date(2026, 2, 1))
    assert RevisionStep.objects.filter(structure=draft).count() == 5
    with pytest.raises(ValidationFailed):
        revision_step_record(actor=actor, structure=draft, stage="enacted", on="2026-02-03", reference="x")


def test_only_the_task_forces_secretariat_records_steps(world, users):
    for role in ("secretariat_regional", "case_worker", "supervisor"):
        with pytest.raises((NotFound, PermissionDenied)):
            revision_step_record(actor=users[role], structure=world["draft"], stage="rakor_finalised",
                                 on="2025-10-24", meeting=world["rakor"])
    assert not RevisionStep.objects.exists()


def test_draft_page_shows_where_it_stands(world, users, client_for):
    revision_step_record(actor=world["actor"], structure=world["draft"], stage="rakor_finalised", on="2025-10-24",
                         meeting=world["rakor"])
    page = client_for(users["case_worker"]).get("/organisations/structure/?version=draft-2025").content.decode()
    path = page.split('data-testid="revision-path"')[1].split("</section>")[0]
    assert 'data-stage="rakor_finalised" data-done="yes"' in path and "Rakor finalisasi" in path
    assert 'data-stage="harmonised" data-done="no"' in path and 'data-testid="revision-next"' in path
    assert StructureVersion.objects.get(key="draft-2025").status == "draft"
