"""The auditor's pages: the filtered log, who viewed a victim, the chain's verification, exports made."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gugus.accounts.actors import system_actor
from gugus.audit.models import AuditEntry
from gugus.audit.services import audit_read

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "key, status",
    [
        ("auditor", 200),
        ("system_admin", 200),
        ("analyst", 403),
        ("case_worker", 403),
        ("secretariat_national", 403),
        ("outsider", 403),
    ],
)
def test_only_holders_of_audit_view_open_the_log(users, client_for, key, status):
    assert client_for(users[key]).get(reverse("reports:audit")).status_code == status


def test_who_viewed_this_victim_lists_reads_of_the_person_and_of_their_case_roles(users, client_for, victim):
    audit_read(actor=users["case_worker"], target=victim, purpose="view", fields=["full_name"])
    audit_read(actor=users["secretariat_national"], target=victim.person, purpose="identity", fields=["nik"])
    audit_read(actor=users["case_worker"], target=("cases.search", "name"), purpose="search")
    response = client_for(users["auditor"]).get(reverse("reports:audit") + f"?person={victim.person_id}")
    viewers = response.context["viewers"]
    assert [(e.actor_label, e.action) for e in viewers] == [
        ("secretariat_national", "read.identity"),
        ("case_worker", "read.view"),
    ]
    assert 'data-testid="who-viewed"' in response.content.decode()


def test_log_filters_by_actor_and_action(users, client_for, victim):
    audit_read(actor=users["case_worker"], target=victim, purpose="view", fields=["full_name"])
    response = client_for(users["auditor"]).get(reverse("reports:audit") + "?actor=case_worker&action=read.")
    entries = response.context["entries"]
    assert entries and all(e.actor_label == "case_worker" and e.action.startswith("read.") for e in entries)


def test_verifying_the_chain_is_recorded_and_shown(users, client_for, victim):
    client = client_for(users["auditor"])
    before = AuditEntry.objects.count()
    response = client.post(reverse("reports:audit_verify"))
    assert response.status_code == 302
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry.action == "audit.verify_chain" and entry.actor_label == "auditor"
    assert entry.data == {"checked": before, "ok": True, "broken_at": None, "reason": ""}
    page = client.get(reverse("reports:audit"))
    assert page.context["verification"].pk == entry.pk
    assert client_for(users["analyst"]).post(reverse("reports:audit_verify")).status_code == 403


def test_exports_of_other_pages_are_recorded_and_listed_for_the_auditor(users, client_for, national_task_force):
    from gugus.functions.services import catalogue_load
    from gugus.organisations.services import structure_create

    catalogue_load(actor=system_actor("tests"))
    structure_create(
        actor=system_actor("tests"),
        task_force=national_task_force,
        key="49-2023",
        name="Perpres 49/2023",
        status="in_force",
    )
    response = client_for(users["secretariat_national"]).get(reverse("functions:matrix_export") + "?structure=49-2023")
    assert response.status_code == 200
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert (entry.action, entry.actor_label, entry.object_type) == (
        "export.authority_matrix",
        "secretariat_national",
        "organisations.structureversion",
    )
    exports = client_for(users["auditor"]).get(reverse("reports:audit")).context["exports"]
    assert [e.pk for e in exports][:1] == [entry.pk]
