"""Restitution in one place (issue 16): the verdict writes the court's order and the payments to the
victim's one restitution record (``gugus.assistance``), which the assistance pages and the funnels read;
the migration moves what verdicts held before and keeps it."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gugus.assistance.models import Restitution, Service
from gugus.assistance.selectors import restitution_funnel
from gugus.assistance.services import restitution_advance, restitution_request
from gugus.audit.models import AuditEntry
from gugus.cases.services import case_person_add
from gugus.core.errors import ValidationFailed
from gugus.legal import services
from gugus.legal.models import Verdict
from gugus.legal.tests.conftest import TODAY
from gugus.legal.tests.test_services import _to_trial


def _convict(track, users, prosecutor, **extra):
    suspect = services.suspect_add(
        actor=users["case_worker"], investigation=track, case_role=track.case.roles.get(role="suspect"),
        status_on="2025-03-06", today=TODAY,
    )  # fmt: skip
    return services.verdict_record(
        actor=prosecutor, suspect=suspect, court_name="Pengadilan Negeri Batam", decision_number="312/Pid.Sus/2025",
        decided_on="2025-09-01", outcome="convicted", prison_months="84", today=TODAY, **extra,
    )  # fmt: skip


@pytest.mark.django_db
def test_the_verdict_writes_to_the_victims_claim_and_the_assistance_page_reads_it(
    track, users, prosecutor, kejati, client_for
):
    worker = users["case_worker"]
    victim = track.case.roles.get(role="victim")
    claim = restitution_request(actor=worker, victim=victim, requested_amount="200000000", requested_on="2025-04-01")
    restitution_advance(actor=worker, service=claim, stage="assessed", amount="180000000", on="2025-04-20")
    _to_trial(track, users, prosecutor, kejati)
    verdict = _convict(track, users, prosecutor, restitution_ordered_idr="150.000.000")
    restitution = Restitution.objects.get()  # the same record, not a second one
    assert (restitution.service, restitution.verdict, restitution.stage) == (claim, verdict, "verdict")
    assert (restitution.requested_amount, restitution.lpsk_assessed_amount, restitution.verdict_amount) == (
        Decimal("200000000"), Decimal("180000000"), Decimal("150000000"))  # fmt: skip
    assert restitution.court_reference == "312/Pid.Sus/2025"
    assert Verdict.objects.get(pk=verdict.pk).restitution_ordered_idr == Decimal("150000000")
    verdict = services.restitution_paid(actor=prosecutor, verdict=verdict, amount="50.000.000", paid_on="2025-09-20",
                                        today=TODAY)  # fmt: skip
    assert (verdict.restitution_paid_idr, Restitution.objects.get().stage) == (Decimal("50000000"), "partly_paid")
    with pytest.raises(ValidationFailed) as error:
        services.restitution_paid(actor=prosecutor, verdict=verdict, amount="150.000.000", paid_on="2025-09-21",
                                  today=TODAY)  # fmt: skip
    assert error.value.field == "amount"
    services.restitution_paid(actor=prosecutor, verdict=verdict, amount="100.000.000", paid_on="2025-09-25",
                              today=TODAY)  # fmt: skip
    restitution.refresh_from_db()
    claim.refresh_from_db()
    assert (restitution.stage, restitution.paid_amount, str(restitution.paid_on)) == (
        "paid", Decimal("150000000"), "2025-09-25")  # fmt: skip
    assert (claim.status, claim.outcome) == ("completed", "delivered")
    assert AuditEntry.objects.filter(action="restitution.order", object_id=str(claim.pk)).count() == 1
    assert AuditEntry.objects.filter(action="restitution.payment", object_id=str(claim.pk)).count() == 2
    page = client_for(worker).get(f"/assistance/{claim.pk}/").content.decode()
    assert 'data-testid="restitution-verdict"' in page and "150.000.000" in page  # rupiah as Indonesian writes it
    funnel = restitution_funnel(worker)
    assert funnel["reached"]["verdict"] == 1 and funnel["amounts"]["paid"] == Decimal("150000000")


@pytest.mark.django_db
def test_without_a_claim_the_verdict_opens_one_for_the_victim(track, users, prosecutor, kejati):
    _to_trial(track, users, prosecutor, kejati)
    verdict = _convict(track, users, prosecutor, restitution_ordered_idr="75.000.000")
    restitution = Restitution.objects.get()
    service = restitution.service
    assert (service.victim, service.kind, service.provider_unit) == (
        track.case.roles.get(role="victim"), "restitution", kejati)  # fmt: skip
    assert (restitution.verdict, restitution.stage, restitution.verdict_amount) == (
        verdict, "verdict", Decimal("75000000"))  # fmt: skip


@pytest.mark.django_db
def test_with_two_victims_the_verdict_names_whose_restitution_and_writes_nothing_otherwise(
    track, users, prosecutor, kejati
):
    second_role, _warnings = case_person_add(
        actor=users["supervisor"], case=track.case, role="victim", full_name="Sari", sex="P"
    )
    _to_trial(track, users, prosecutor, kejati)
    with pytest.raises(ValidationFailed) as error:
        _convict(track, users, prosecutor, restitution_ordered_idr="75.000.000")
    assert error.value.field == "restitution_victim"
    assert not Verdict.objects.exists() and not Restitution.objects.exists()
    verdict = services.verdict_record(
        actor=prosecutor, suspect=track.suspects.get(), court_name="PN Batam", decided_on="2025-09-01",
        outcome="convicted", restitution_ordered_idr="75.000.000", restitution_victim=second_role.pk, today=TODAY,
    )  # fmt: skip
    assert Restitution.objects.get(verdict=verdict).service.victim == second_role


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_verdicts_restitution_and_keeps_it(track, users, prosecutor, kejati):
    _to_trial(track, users, prosecutor, kejati)
    verdict = _convict(track, users, prosecutor, restitution_ordered_idr="150.000.000")
    services.restitution_paid(actor=prosecutor, verdict=verdict, amount="40.000.000", paid_on="2025-09-20",
                              today=TODAY)  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate([("legal", "0002_articles_charged_under"), ("assistance", "0002_restitution_checkpoints")])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT restitution_ordered_idr, restitution_paid_idr, restitution_paid_on"
            " FROM legal_verdict WHERE id = %s",
            [verdict.pk],
        )
        ordered, paid, paid_on = cursor.fetchone()
        assert (Decimal(ordered), Decimal(paid), str(paid_on)) == (Decimal(150000000), Decimal(40000000), "2025-09-20")
        # As before issue 16: the verdict's columns only, no restitution record.
        cursor.execute("DELETE FROM assistance_restitution")
        cursor.execute("DELETE FROM assistance_service WHERE kind = 'restitution'")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    restitution = Restitution.objects.get()
    assert (restitution.verdict_id, restitution.stage, restitution.verdict_amount, restitution.paid_amount) == (
        verdict.pk, "partly_paid", Decimal("150000000"), Decimal("40000000"))  # fmt: skip
    assert str(restitution.paid_on) == "2025-09-20"
    service = Service.objects.get(pk=restitution.service_id)
    assert (service.victim, service.provider_unit, service.kind) == (
        track.case.roles.get(role="victim"), kejati, "restitution")  # fmt: skip


@pytest.mark.django_db
def test_the_dashboards_funnel_reads_the_one_record(track, users, prosecutor, kejati):
    from gugus.cases.access import cases_visible_to
    from gugus.reports.selectors import service_figures

    _to_trial(track, users, prosecutor, kejati)
    _convict(track, users, prosecutor, restitution_ordered_idr="75.000.000")
    user = users["secretariat_national"]
    _breakdown, funnel = service_figures(user, cases_visible_to(user), entitled=True)
    assert funnel["reached"] == {"requested": 1, "ordered": 1, "paid": 0}
    assert funnel["amounts"]["ordered"] == Decimal("75000000")
    # A verdict's order in a case with no recorded victim (kept by the migration without a service)
    # is counted through the verdict's case.
    Restitution.objects.update(service=None)
    _breakdown, funnel = service_figures(user, cases_visible_to(user), entitled=True)
    assert funnel["reached"]["ordered"] == 1 and funnel["amounts"]["ordered"] == Decimal("75000000")
    _breakdown, funnel = service_figures(users["case_worker@other"], cases_visible_to(users["case_worker@other"]),
                                         entitled=True)  # fmt: skip
    assert funnel["reached"]["ordered"] == 0
