"""The web forms of a draft's revision path and of a regional task force's own structure (issue 15):
the page says where a draft stands and records its next step; a regional secretariat opens its own
draft (by its Pergub/Perbup/SK and date) and adds and removes its region's units by name. Each form
is refused with a named-field error and nothing written, and outside its task force with a 404."""

import datetime as dt

import pytest
from django.urls import reverse

from gugus.accounts.actors import system_actor
from gugus.accounts.services import user_create
from gugus.audit.models import AuditEntry
from gugus.fixtures import PASSWORD
from gugus.meetings.services import agreement_add, meeting_create
from gugus.organisations.models import Agency, AgencyUnit, Membership, Region, StructureVersion
from gugus.organisations.services import structure_create, task_force_create, unit_create
from gugus.regulations.models import RevisionStep
from gugus.regulations.services import regulation_create, regulation_version_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(users, national_task_force):
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
        actor=actor, task_force=national_task_force, kind="rakor", title="Rakor finalisasi Depok",
        held_on=dt.date(2025, 10, 24), place="Depok", chair="Plt. Deputi",
    )  # fmt: skip
    rtm = meeting_create(
        actor=actor, task_force=national_task_force, kind="rtm", title="RTM Desember", held_on=dt.date(2025, 12, 10),
        place="Jakarta", chair="Menko Polkam",
    )  # fmt: skip
    approval = agreement_add(actor=actor, meeting=rtm, text="Rancangan revisi disetujui untuk disampaikan.")
    regulation = regulation_create(actor=actor, title="Perpres Gugus Tugas")
    text = regulation_version_add(
        actor=actor, regulation=regulation, label="Rancangan Desember", kind="draft", text="Pasal 1\nGugus Tugas.\n"
    )
    return {"in_force": in_force, "draft": draft, "rakor": rakor, "rtm": rtm, "approval": approval, "text": text}


def _step_url(structure):
    return reverse("organisations:revision_step", args=[structure.pk])


def test_the_secretariat_walks_a_draft_to_enactment_through_the_page(national, users, client_for):
    web, draft = client_for(users["secretariat_national"]), national["draft"]
    page = web.get("/organisations/structure/?version=draft-2025").content.decode()
    form = page.split('data-testid="revision-form"')[1].split("</form>")[0]
    assert 'name="stage" value="rakor_finalised"' in form
    assert "Rakor finalisasi Depok" in form and "RTM Desember" not in form  # the Rakor step lists Rakor meetings
    # The meeting chosen by name dates the step.
    assert web.post(_step_url(draft), {"stage": "rakor_finalised", "meeting": national["rakor"].pk}).status_code == 302
    assert (
        web.post(
            _step_url(draft), {"stage": "harmonised", "on": "2025-11-20", "reference": "Surat Kemenkum"}
        ).status_code
        == 302
    )
    page = web.get("/organisations/structure/?version=draft-2025").content.decode()
    form = page.split('data-testid="revision-form"')[1].split("</form>")[0]
    assert "RTM Desember" in form and "Rancangan Desember" in form and 'name="approved_by"' in form
    kemenko, polri = Agency.objects.get(abbreviation="Kemenko Polkam"), Agency.objects.get(abbreviation="Polri")
    response = web.post(_step_url(draft), {
        "stage": "rtm_approved", "meeting": national["rtm"].pk, "on": "2025-12-10",
        "agreement": national["approval"].pk, "text": national["text"].pk, "approved_by": [kemenko.pk, polri.pk],
    })  # fmt: skip
    assert response.status_code == 302
    step = RevisionStep.objects.get(structure=draft, stage="rtm_approved")
    assert (step.meeting, step.agreement, step.text, step.recorded_by) == (
        national["rtm"],
        national["approval"],
        national["text"],
        users["secretariat_national"],
    )
    assert set(step.approved_by.all()) == {kemenko, polri}
    web.post(_step_url(draft), {"stage": "submitted", "on": "2026-01-05", "reference": "Surat Menko"})
    response = web.post(
        _step_url(draft),
        {"stage": "enacted", "on": "2026-02-02", "reference": "Peraturan Presiden Nomor 12 Tahun 2026"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    national["in_force"].refresh_from_db()
    assert (draft.status, draft.effective_from) == ("in_force", dt.date(2026, 2, 2))
    assert (national["in_force"].status, national["in_force"].effective_to) == ("historical", dt.date(2026, 2, 1))
    assert AuditEntry.objects.filter(action="revision.step", actor=users["secretariat_national"]).count() == 5


def test_a_refused_step_names_its_field_and_writes_nothing(national, users, client_for):
    web, draft = client_for(users["secretariat_national"]), national["draft"]
    web.post(_step_url(draft), {"stage": "rakor_finalised", "meeting": national["rakor"].pk})
    web.post(_step_url(draft), {"stage": "harmonised", "on": "2025-11-20"})
    before = AuditEntry.objects.count()
    response = web.post(_step_url(draft), {  # no agreement: not a recorded decision
        "stage": "rtm_approved", "meeting": national["rtm"].pk, "text": national["text"].pk,
        "approved_by": [Agency.objects.get(abbreviation="Polri").pk],
    })  # fmt: skip
    assert response.status_code == 400
    field = response.content.decode().split('data-field="agreement"')[1].split("</div>")[0]
    assert '<small class="error" role="alert">Pilih kesepakatan rapat yang mencatat persetujuan.</small>' in field
    response = web.post(_step_url(draft), {"stage": "submitted", "on": "2025-12-11"})  # out of order
    assert response.status_code == 400 and 'data-field="stage"' in response.content.decode()
    response = web.post(
        _step_url(draft),
        {
            "stage": "rtm_approved",
            "meeting": national["rtm"].pk,
            "on": "10/12/2025",
            "agreement": national["approval"].pk,
            "text": national["text"].pk,
        },
    )
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode().split('data-field="on"')[1].split("</div>")[0]
    assert RevisionStep.objects.filter(structure=draft).count() == 2 and AuditEntry.objects.count() == before


def test_a_provincial_secretariat_cannot_advance_a_national_draft(national, users, client_for):
    for key in ("secretariat_regional", "case_worker", "analyst"):
        web = client_for(users[key])
        response = web.post(_step_url(national["draft"]), {"stage": "rakor_finalised", "meeting": national["rakor"].pk})
        assert response.status_code in (403, 404), key
        page = web.get("/organisations/structure/?version=draft-2025").content.decode()
        assert 'data-testid="revision-form"' not in page and 'data-testid="revision-path"' in page
    assert not RevisionStep.objects.exists()


@pytest.fixture
def provinces(users, units, province_task_force):
    """Kepri (the fixtures' province, with its secretariat) and Jawa Timur with its own secretariat and a unit."""
    jatim = task_force_create(
        actor=system_actor("tests"), tier="province", region=Region.objects.get(code="35"),
        name="Gugus Tugas PP-TPPO Provinsi Jawa Timur",
    )  # fmt: skip
    dinsos_jatim = unit_create(
        actor=system_actor("tests"), code="T-DINSOS-35", agency=Agency.objects.get(abbreviation="Dinas Sosial"),
        name="Dinas Sosial Provinsi Jawa Timur", kind="provincial", region=Region.objects.get(code="35"),
    )  # fmt: skip
    jatim_secretariat = user_create(
        actor=system_actor("tests"), username="setgt.jatim", password=PASSWORD, role="secretariat_regional",
        unit=dinsos_jatim, task_force=jatim,
    )  # fmt: skip
    return {
        "kepri": province_task_force,
        "jatim": jatim,
        "jatim_unit": dinsos_jatim,
        "jatim_secretariat": jatim_secretariat,
    }


def _create_url(task_force):
    return reverse("organisations:structure_draft_create", args=[task_force.pk])


def test_a_regional_secretariat_opens_its_draft_and_edits_its_units(provinces, users, units, client_for):
    web, kepri = client_for(users["secretariat_regional"]), provinces["kepri"]
    page = web.get(f"/organisations/structure/?task_force={kepri.pk}").content.decode()
    assert 'data-testid="draft-create"' in page
    response = web.post(_create_url(kepri), {"name": "Rancangan SK Gubernur", "regulation": ""})
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode().split('data-field="regulation"')[1].split("</div>")[0]
    response = web.post(
        _create_url(kepri),
        {"name": "Rancangan SK Gubernur", "regulation": "SK Gubernur Kepri 12/2026", "signed_on": "12 Januari 2026"},
    )
    assert response.status_code == 400 and 'data-field="signed_on"' in response.content.decode()
    assert not StructureVersion.objects.filter(task_force=kepri).exists()
    response = web.post(
        _create_url(kepri),
        {"name": "Rancangan SK Gubernur", "regulation": "SK Gubernur Kepri 12/2026", "signed_on": "2026-01-12"},
    )
    assert response.status_code == 302
    draft = StructureVersion.objects.get(task_force=kepri)
    assert (draft.status, draft.regulation, draft.signed_on) == (
        "draft",
        "SK Gubernur Kepri 12/2026",
        dt.date(2026, 1, 12),
    )
    assert response["Location"] == f"/organisations/structure/?version={draft.key}&task_force={kepri.pk}"
    assert AuditEntry.objects.filter(action="structure.create", object_id=str(draft.pk)).count() == 1
    page = web.get(response["Location"]).content.decode()
    picker = page.split('name="unit"')[1].split("</select>")[0]
    assert "Polda Kepulauan Riau" in picker and "Dinas Sosial Kota Batam" in picker
    assert "Jawa Timur" not in picker  # only the region's own units
    add = reverse("organisations:membership_add", args=[draft.pk])
    assert web.post(add, {"unit": units["polda"].pk, "position": "ketua_harian"}).status_code == 302
    response = web.post(add, {"unit": provinces["jatim_unit"].pk, "position": "anggota"})  # another province's unit
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode().split('data-field="unit"')[1].split("</div>")[0]
    member = Membership.objects.get(structure=draft)
    assert (member.unit, member.agency, member.position) == (units["polda"], units["polda"].agency, "ketua_harian")
    response = web.post(reverse("organisations:membership_remove", args=[member.pk]))
    assert response.status_code == 302 and not Membership.objects.filter(structure=draft).exists()
    assert AuditEntry.objects.filter(action__in=["membership.add", "membership.remove"]).count() == 2


def test_another_province_cannot_edit_and_nor_can_the_national_secretariat(provinces, users, units, client_for):
    kepri = provinces["kepri"]
    draft = structure_create(
        actor=system_actor("tests"), task_force=kepri, key="sk-kepri", name="Rancangan SK", status="draft"
    )
    member = Membership.objects.create(
        structure=draft, agency=units["dinsos"].agency, unit=units["dinsos"], position="anggota"
    )
    before = AuditEntry.objects.count()
    for web in (client_for(provinces["jatim_secretariat"]), client_for(users["secretariat_national"])):
        assert web.post(_create_url(kepri), {"name": "X", "regulation": "SK 1"}).status_code == 404
        add = reverse("organisations:membership_add", args=[draft.pk])
        assert web.post(add, {"unit": units["polda"].pk, "position": "anggota"}).status_code == 404
        assert web.post(reverse("organisations:membership_remove", args=[member.pk])).status_code == 404
        page = web.get(f"/organisations/structure/?task_force={kepri.pk}").content.decode()
        assert 'data-testid="draft-create"' not in page and 'data-testid="add-member"' not in page
    assert list(StructureVersion.objects.filter(task_force=kepri)) == [draft]
    assert list(Membership.objects.filter(structure=draft)) == [member]
    assert AuditEntry.objects.count() == before
    assert AgencyUnit.objects.filter(pk=units["polda"].pk).exists()


def test_the_national_secretariat_does_not_move_a_regional_draft_along(provinces, users, client_for):
    kepri = provinces["kepri"]
    draft = structure_create(
        actor=system_actor("tests"), task_force=kepri, key="sk-kepri-2", name="Rancangan SK", status="draft"
    )
    rakor = meeting_create(
        actor=system_actor("tests"), task_force=kepri, kind="rakor", title="Rakor Kepri", held_on=dt.date(2025, 10, 1),
        place="Tanjungpinang", chair="Sekda",
    )  # fmt: skip
    web = client_for(users["secretariat_national"])
    page = web.get(f"/organisations/structure/?version=sk-kepri-2&task_force={kepri.pk}").content.decode()
    assert 'data-testid="revision-path"' in page and 'data-testid="revision-form"' not in page
    assert web.post(_step_url(draft), {"stage": "rakor_finalised", "meeting": rakor.pk}).status_code == 404
    assert not RevisionStep.objects.filter(structure=draft).exists()
