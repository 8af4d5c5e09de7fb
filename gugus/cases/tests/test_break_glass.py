"""Break-glass access (issue 19): a secretariat officer opens an out-of-scope case in an emergency.

The grant goes through ``cases.access.cases_visible_to`` (the page and the API see the same), lasts
a limited time, is flagged to the case's unit supervisors and the auditors, is listed on the
auditor's page, is audited, ends by itself and can be revoked.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gugus.accounts.actors import system_actor
from gugus.audit.models import AuditEntry
from gugus.cases.models import BreakGlassGrant
from gugus.referrals.models import Notification

REASON = "Korban di rumah sakit Mataram, polisi Kepri perlu riwayat kasus malam ini"


@pytest.fixture
def ntb(users, reference_data):
    """A case of a unit in NTB (province 52), outside the Kepri secretariat's scope, and its supervisor."""
    from gugus.accounts.services import user_create
    from gugus.cases.services import case_open
    from gugus.cases.tests.fixtures import victim
    from gugus.organisations.models import Agency, Region
    from gugus.organisations.services import unit_create

    unit = unit_create(
        actor=system_actor("tests"), code="T-POLDA-52", agency=Agency.objects.get(abbreviation="Polri"),
        name="Polda NTB", kind="provincial", region=Region.objects.get(code="52"),
    )  # fmt: skip
    supervisor = user_create(
        actor=system_actor("tests"), username="supervisor.ntb", password="x", role="supervisor", unit=unit,
        validate=False,
    )  # fmt: skip
    case = case_open(
        actor=system_actor("tests"), unit=unit, victims=[victim()], channel="embassy", reported_on="2025-03-01",
        exploitation_types=["online_scam"], origin="52.01", destination_country="KH", narrative="Dijanjikan kerja.",
    ).case  # fmt: skip
    return {"unit": unit, "supervisor": supervisor, "case": case}


def _open(client, case, reason=REASON, hours="2"):
    return client.post(reverse("cases:break_glass"), {"case_number": case.number, "reason": reason, "hours": hours})


@pytest.mark.django_db
def test_an_officer_opens_an_out_of_scope_case_flagged_and_listed(users, client_for, ntb):
    officer = users["secretariat_regional"]
    web = client_for(officer)
    case = ntb["case"]
    detail = reverse("cases:detail", args=[case.pk])
    assert web.get(detail).status_code == 404

    response = _open(web, case)
    assert response.status_code == 302 and response["Location"] == detail
    page = web.get(detail)
    assert page.status_code == 200 and 'data-testid="break-glass-banner"' in page.content.decode()
    # The same access function serves the API.
    assert web.get(f"/api/cases/{case.pk}").status_code == 200

    grant = BreakGlassGrant.objects.get()
    assert (grant.user, grant.case, grant.reason) == (officer, case, REASON)
    assert timedelta(hours=1, minutes=59) < grant.expires_at - grant.granted_at <= timedelta(hours=2)
    told = set(Notification.objects.filter(kind="break_glass").values_list("recipient__username", flat=True))
    assert told == {"supervisor.ntb", "auditor", "auditor.other"}  # not Polda Kepri's supervisor
    note = Notification.objects.filter(kind="break_glass").first().text
    assert case.number in note and officer.username in note and REASON not in note
    entry = AuditEntry.objects.get(action="case.break_glass")
    assert (entry.actor_id, entry.object_id, entry.data["grant"]) == (officer.pk, str(case.pk), grant.pk)

    listed = client_for(users["auditor"]).get(reverse("reports:audit")).content.decode()
    assert case.number in listed and REASON in listed and 'data-testid="break-glass-revoke"' in listed


@pytest.mark.django_db
def test_it_ends_by_itself(users, client_for, ntb):
    web = client_for(users["secretariat_regional"])
    _open(web, ntb["case"], hours="1")
    BreakGlassGrant.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert web.get(reverse("cases:detail", args=[ntb["case"].pk])).status_code == 404
    assert web.get(f"/api/cases/{ntb['case'].pk}").status_code == 404
    listed = client_for(users["auditor"]).get(reverse("reports:audit")).content.decode()
    assert 'data-testid="break-glass-revoke"' not in listed


@pytest.mark.django_db
def test_the_auditor_revokes_it(users, client_for, ntb):
    web = client_for(users["secretariat_regional"])
    _open(web, ntb["case"])
    grant = BreakGlassGrant.objects.get()
    # The officer may not use the auditor's revocation page; the grant stands.
    assert web.post(reverse("cases:break_glass_revoke", args=[grant.pk])).status_code == 403
    auditor = client_for(users["auditor"])
    assert auditor.post(reverse("cases:break_glass_revoke", args=[999999])).status_code == 404
    assert auditor.post(reverse("cases:break_glass_revoke", args=[grant.pk])).status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.revoked_by == users["auditor"]
    assert web.get(reverse("cases:detail", args=[ntb["case"].pk])).status_code == 404
    assert AuditEntry.objects.filter(action="case.break_glass_revoke", actor_id=users["auditor"].pk).count() == 1


@pytest.mark.django_db
def test_the_holder_may_end_it_early(users, ntb):
    from gugus.cases.break_glass import break_glass_open, break_glass_revoke
    from gugus.core.errors import PermissionDenied

    grant = break_glass_open(actor=users["secretariat_regional"], case_number=ntb["case"].number, reason=REASON)
    with pytest.raises(PermissionDenied):
        break_glass_revoke(actor=users["secretariat_national"], grant=grant)
    assert break_glass_revoke(actor=users["secretariat_regional"], grant=grant) is True
    assert break_glass_revoke(actor=users["secretariat_regional"], grant=grant) is False


@pytest.mark.django_db
def test_roles_without_break_glass_are_refused(users, client_for, ntb):
    for key in ("case_worker", "supervisor", "analyst", "auditor", "system_admin", "budget_officer"):
        web = client_for(users[key])
        assert web.get(reverse("cases:break_glass")).status_code == 403, key
        assert _open(web, ntb["case"]).status_code == 403, key
    assert not BreakGlassGrant.objects.exists() and not Notification.objects.filter(kind="break_glass").exists()


@pytest.mark.django_db
def test_bad_requests_grant_nothing(users, client_for, ntb, open_case):
    web = client_for(users["secretariat_regional"])
    short = _open(web, ntb["case"], reason="darurat")
    assert short.status_code == 400 and "20" in short.content.decode()
    assert _open(web, ntb["case"], hours="9").status_code == 400
    assert _open(web, ntb["case"], hours="abc").status_code == 400
    missing = web.post(reverse("cases:break_glass"), {"case_number": "NO-SUCH", "reason": REASON, "hours": "2"})
    assert missing.status_code == 400
    in_scope = open_case()  # Polda Kepri's: the Kepri secretariat already sees it
    assert _open(web, in_scope).status_code == 400
    assert not BreakGlassGrant.objects.exists() and not Notification.objects.filter(kind="break_glass").exists()
    assert not AuditEntry.objects.filter(action="case.break_glass").exists()


@pytest.mark.django_db
def test_a_grant_lapses_when_the_role_no_longer_allows_it(users, client_for, ntb):
    officer = users["secretariat_regional"]
    _open(client_for(officer), ntb["case"])
    from gugus.cases.access import cases_visible_to

    assert cases_visible_to(officer).filter(pk=ntb["case"].pk).exists()
    officer.role = "analyst"
    assert not cases_visible_to(officer).filter(pk=ntb["case"].pk).exists()


@pytest.mark.django_db
def test_the_case_list_links_the_form_for_secretariats_only(users, client_for):
    assert 'data-testid="break-glass-link"' in client_for(users["secretariat_regional"]).get("/cases/").content.decode()
    assert 'data-testid="break-glass-link"' not in client_for(users["case_worker"]).get("/cases/").content.decode()
