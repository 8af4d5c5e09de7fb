"""Restitution's checkpoints (UU 21/2007 Pasal 48-50): LPSK's assessment, 14 days to pay after the
notice of the final verdict, the court's warning, substitute detention, and dates in order."""

import datetime as dt
from decimal import Decimal

import pytest

from gugus.assistance.models import Restitution
from gugus.assistance.services import restitution_advance, restitution_request
from gugus.core.errors import Conflict, ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def restitution(users, victim):
    worker = users["supervisor"]
    service = restitution_request(actor=worker, victim=victim, requested_amount="45000000", requested_on="2025-04-01")
    return worker, service


def test_verdict_before_the_request_is_refused(restitution):
    worker, service = restitution
    with pytest.raises(ValidationFailed) as error:
        restitution_advance(actor=worker, service=service, stage="verdict", amount="30000000", on="2025-03-01")
    assert error.value.field == "on"
    assert Restitution.objects.get().stage == "requested"


def test_lpsk_assessment_then_indictment_in_order(restitution):
    worker, service = restitution
    r = restitution_advance(actor=worker, service=service, stage="assessed", amount="42000000", on="2025-05-01")
    assert (r.stage, r.lpsk_assessed_amount, r.lpsk_assessed_on) == (
        "assessed",
        Decimal("42000000.00"),
        dt.date(2025, 5, 1),
    )
    with pytest.raises(ValidationFailed):
        restitution_advance(actor=worker, service=service, stage="indicted", amount="42000000", on="2025-04-15")
    restitution_advance(actor=worker, service=service, stage="indicted", amount="42000000", on="2025-06-01")
    with pytest.raises(Conflict):
        restitution_advance(actor=worker, service=service, stage="assessed", amount="1", on="2025-06-02")


def test_fourteen_days_to_pay_then_warning_then_substitute_detention(restitution):
    worker, service = restitution
    restitution_advance(actor=worker, service=service, stage="verdict", amount="30000000", on="2025-08-01")
    with pytest.raises(ValidationFailed):
        restitution_advance(actor=worker, service=service, stage="court_warning", on="2025-09-01")  # no notice yet
    r = restitution_advance(actor=worker, service=service, stage="final_notified", on="2025-09-01")
    assert (r.stage, r.payment_due_on) == ("verdict", dt.date(2025, 9, 15))
    assert not r.is_payment_overdue(dt.date(2025, 9, 15)) and r.is_payment_overdue(dt.date(2025, 9, 16))
    with pytest.raises(ValidationFailed) as error:
        restitution_advance(actor=worker, service=service, stage="court_warning", on="2025-09-10")
    assert error.value.field == "on"
    r = restitution_advance(actor=worker, service=service, stage="court_warning", on="2025-09-20")
    assert r.seizure_due_on == dt.date(2025, 10, 4)
    r = restitution_advance(actor=worker, service=service, stage="substitute_detention", on="2025-10-10")
    assert (r.stage, r.substitute_detention_on) == ("substitute_detention", dt.date(2025, 10, 10))
    service.refresh_from_db()
    assert (service.status, service.outcome) == ("completed", "other")
    with pytest.raises(Conflict):
        restitution_advance(actor=worker, service=service, stage="paid", amount="30000000", on="2025-10-11")


def test_payment_before_the_verdict_date_is_refused(restitution):
    worker, service = restitution
    restitution_advance(actor=worker, service=service, stage="verdict", amount="30000000", on="2025-08-01")
    with pytest.raises(ValidationFailed):
        restitution_advance(actor=worker, service=service, stage="paid", amount="30000000", on="2025-07-01")
    assert (
        restitution_advance(actor=worker, service=service, stage="paid", amount="30000000", on="2025-08-10").stage
        == "paid"
    )
