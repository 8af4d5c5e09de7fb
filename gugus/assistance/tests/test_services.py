import datetime as dt
from decimal import Decimal

import pytest

from gugus.accounts.actors import system_actor
from gugus.accounts.roles import Role
from gugus.assistance.access import access_service, services_visible_to
from gugus.assistance.models import Restitution, Service
from gugus.assistance.selectors import restitution_funnel, services_oversight, victim_journey
from gugus.assistance.services import (
    follow_up_record,
    money,
    restitution_advance,
    restitution_request,
    service_record,
    service_update,
)
from gugus.core.errors import Conflict, NotFound, ValidationFailed
from gugus.referrals.services import consent_withdraw, referral_accept

pytestmark = pytest.mark.django_db
ROLE_KEYS = [r.value for r in Role] + [r.value + "@other" for r in Role] + ["outsider"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.500.000,50", "1500000.50"),
        ("1500000.50", "1500000.50"),
        ("Rp 1.500.000", "1500000.00"),
        ("0", "0.00"),
        ("Rp 250.000", "250000.00"),  # was 250.00 before the one money module (issue 17)
    ],
)
def test_money_reads_indonesian_and_plain_amounts(text, expected):
    assert money(text, "cost") == Decimal(expected)


@pytest.mark.parametrize("text", ["abc", "-5", "1.5.5,123", "1e400"])
def test_money_refuses_bad_amounts_naming_the_field(text):
    with pytest.raises(ValidationFailed) as error:
        money(text, "cost")
    assert error.value.field == "cost"


def test_money_reads_floats_by_their_shortest_text_never_rounding():
    assert money(0.1, "cost") == Decimal("0.10")
    with pytest.raises(ValidationFailed):
        money(1.005, "cost")


def test_receiving_unit_records_service_and_begins_the_referral(users, referral):
    worker = users["case_worker@other"]
    referral_accept(actor=worker, referral=referral)
    service = service_record(
        actor=worker, victim=referral.victim, kind="shelter", started_on=dt.date.today(), cost="4.500.000"
    )
    assert (service.referral, service.cost, service.function.code) == (
        referral,
        Decimal("4500000.00"),
        "social_rehabilitation",
    )
    referral.refresh_from_db()
    assert referral.status == "in_progress"


def test_unit_without_responsibility_cannot_record(users, referral, victim):
    with pytest.raises(NotFound):  # referral not accepted yet
        service_record(actor=users["case_worker@other"], victim=victim, kind="shelter", started_on=dt.date.today())


def test_finished_service_needs_end_and_outcome_and_dates_are_ordered(users, victim):
    worker = users["case_worker"]
    with pytest.raises(ValidationFailed) as error:
        service_record(actor=worker, victim=victim, kind="medical", started_on="2025-03-05", status="completed")
    assert error.value.field == "outcome"
    with pytest.raises(ValidationFailed) as error:
        service_record(actor=worker, victim=victim, kind="medical", started_on="2025-03-05", ended_on="2025-03-01")
    assert error.value.field == "ended_on"
    with pytest.raises(ValidationFailed) as error:
        service_record(actor=worker, victim=victim, kind="return_home", started_on="2025-03-05")
    assert error.value.field == "to_region"
    assert Service.objects.count() == 0


def test_service_update_checks_version(users, victim):
    worker = users["case_worker"]
    service = service_record(actor=worker, victim=victim, kind="medical", started_on="2025-03-05")
    service_update(
        actor=worker, service=service, version=1, status="completed", ended_on="2025-03-09", outcome="delivered"
    )
    with pytest.raises(Conflict):
        service_update(actor=worker, service=service, version=1, cost="100")
    with pytest.raises(NotFound):
        service_update(actor=users["case_worker@other"], service=service, cost="100")


def test_restitution_from_request_to_payment_shows_where_it_stops(users, victim):
    worker = users["supervisor"]
    service = restitution_request(actor=worker, victim=victim, requested_amount="45.000.000", requested_on="2025-04-01")
    with pytest.raises(ValidationFailed):
        restitution_advance(actor=worker, service=service, stage="partly_paid", amount="1000", on="2025-05-01")
    restitution_advance(actor=worker, service=service, stage="indicted", amount="45000000", on="2025-06-01")
    restitution_advance(
        actor=worker,
        service=service,
        stage="verdict",
        amount="30000000",
        on="2025-08-01",
        court_reference="12/Pid.Sus/2025",
    )
    with pytest.raises(ValidationFailed) as error:
        restitution_advance(actor=worker, service=service, stage="partly_paid", amount="40000000", on="2025-09-01")
    assert error.value.field == "amount"
    r = restitution_advance(actor=worker, service=service, stage="partly_paid", amount="10000000", on="2025-09-01")
    assert (r.stage, r.paid_amount) == ("partly_paid", Decimal("10000000.00"))
    funnel = restitution_funnel(users["secretariat_national"])
    assert funnel["reached"] == {"requested": 1, "indicted": 1, "verdict": 1, "paid_any": 1, "paid_in_full": 0}
    assert funnel["amounts"]["ordered"] == Decimal("30000000.00")
    r = restitution_advance(actor=worker, service=service, stage="partly_paid", amount="20000000", on="2025-10-01")
    assert r.stage == "paid"
    service.refresh_from_db()
    assert (service.status, service.outcome) == ("completed", "delivered")
    with pytest.raises(Conflict):
        restitution_advance(actor=worker, service=service, stage="refused", on="2025-10-02")
    assert Restitution.objects.get().paid_amount == Decimal("30000000.00")


def test_journey_scope_and_three_months_of_follow_up(users, units, referral, consent):
    receiver = users["case_worker@other"]
    referral_accept(actor=receiver, referral=referral)
    reporting = users["case_worker"]
    service_record(actor=reporting, victim=referral.victim, kind="medical", started_on="2025-03-03")
    training = service_record(
        actor=receiver, victim=referral.victim, kind="vocational_training", started_on="2025-04-01"
    )
    follow_up_record(actor=receiver, service=training, on="2025-05-01", situation="stable")
    full = victim_journey(reporting, referral.victim_id)
    assert full.full is True
    assert [e.kind for e in full.entries] == ["case", "service", "service", "follow_up", "referral"]
    assert (full.monitored_days, full.monitoring_complete) == (30, False)
    follow_up_record(actor=receiver, service=training, on="2025-07-01", situation="stable")
    assert victim_journey(reporting, referral.victim_id).monitoring_complete is True
    # The receiving unit sees its own steps only (the referral does not share the journey) ...
    partial = victim_journey(receiver, referral.victim_id)
    assert partial.full is False
    assert [e.kind for e in partial.entries] == ["service", "follow_up", "follow_up", "referral"]
    # ... and nothing once consent is withdrawn.
    consent_withdraw(actor=reporting, consent=consent)
    with pytest.raises(NotFound):
        victim_journey(receiver, referral.victim_id)
    with pytest.raises(NotFound):
        victim_journey(users["analyst"], referral.victim_id)


@pytest.mark.parametrize("role_key", ROLE_KEYS)
def test_service_visibility_matrix(role_key, users, victim):
    service = service_record(actor=users["case_worker"], victim=victim, kind="medical", started_on="2025-03-03")
    visible = {
        "supervisor",
        "case_worker",
        "secretariat_national",
        "secretariat_national@other",
        "secretariat_regional",
        "secretariat_regional@other",
    }
    user = users[role_key]
    assert list(services_visible_to(user)) == ([service] if role_key in visible else [])
    if role_key not in visible:
        with pytest.raises(NotFound):
            access_service(user, service.pk)


def test_services_oversight_counts_returned_and_reintegrated(users, victim):
    worker = users["case_worker"]
    service_record(
        actor=worker,
        victim=victim,
        kind="return_home",
        started_on="2025-03-10",
        ended_on="2025-03-11",
        status="completed",
        outcome="delivered",
        to_region="32.12",
        cost="750000",
    )
    service_record(actor=worker, victim=victim, kind="economic_support", started_on="2025-04-01")
    figures = services_oversight(users["secretariat_national"])
    assert figures["victims_returned"] == 1
    assert (figures["victims_in_reintegration"], figures["victims_reintegrated"]) == (1, 0)
    assert figures["per_function_region"] == [
        {"function": "return_home", "place": "21", "count": 1},
        {"function": "social_reintegration", "place": "21", "count": 1},
    ]
    assert figures["cost_total"] == Decimal("750000.00")


def test_cost_realised_in_the_budget_through_the_service_reference(users, units, victim):
    from gugus.assistance.selectors import service_realised
    from gugus.budgets.services import line_create, realisation_record

    service = service_record(
        actor=users["case_worker"], victim=victim, kind="shelter", started_on="2025-03-03", cost="4500000"
    )
    assert service_realised(service) == Decimal("0.00")
    line = line_create(
        actor=system_actor("tests"),
        fiscal_year=2025,
        holder=units["polda"],
        source="apbn_ministry",
        title="Rumah aman korban TPPO",
        allocated="100000000",
    )
    realisation_record(
        actor=system_actor("tests"),
        line=line,
        spent_on=dt.date(2025, 3, 20),
        amount="4500000",
        service_ref=str(service.uuid),
    )
    assert service_realised(service) == Decimal("4500000.00")
