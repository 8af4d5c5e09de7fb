import datetime as dt
from decimal import Decimal

import pytest

from gugus.accounts.actors import system_actor
from gugus.budgets import services
from gugus.budgets.models import BudgetLine, Flow, Realisation, Revision
from gugus.budgets.tests.conftest import B
from gugus.core.errors import NotFound, ValidationFailed


@pytest.mark.django_db
def test_revisions_keep_history_and_current_is_latest(users, budget_data):
    line = budget_data["A"]
    officer = users["budget_officer"]
    services.line_revise(actor=officer, line=line, amount="Rp 900.000.000", kind="apbn_p", note="APBN-P 2026")
    services.line_revise(actor=officer, line=line, amount="850,000,000", kind="cut")
    line.refresh_from_db()
    assert line.allocated == Decimal("850000000.00")
    assert list(line.revisions.values_list("sequence", "kind", "amount")) == [
        (1, "original", Decimal("800000000.00")),
        (2, "apbn_p", Decimal("900000000.00")),
        (3, "cut", Decimal("850000000.00")),
    ]
    with pytest.raises(ValidationFailed) as error:
        services.line_revise(actor=officer, line=line, amount="100.000.000", kind="cut")
    assert error.value.field == "amount"  # 200 million already spent
    assert Revision.objects.filter(line=line).count() == 3


@pytest.mark.django_db
def test_budget_officer_edits_only_own_lines(users, budget_data):
    with pytest.raises(NotFound):
        services.line_revise(actor=users["budget_officer"], line=budget_data["R"], amount=2 * B, kind="apbd_p")
    with pytest.raises(NotFound):
        services.line_create(
            actor=users["budget_officer"],
            fiscal_year=2026,
            holder=budget_data["R"].unit,
            source="apbd_regency",
            title="x",
            allocated="1",
        )
    with pytest.raises(NotFound):
        services.line_revise(actor=users["analyst"], line=budget_data["A"], amount=B, kind="apbn_p")


@pytest.mark.django_db
def test_realisation_rules(users, budget_data):
    line = budget_data["B"]  # fully spent
    officer = users["budget_officer@other"]
    with pytest.raises(ValidationFailed) as error:
        services.realisation_record(actor=officer, line=line, spent_on=dt.date(2026, 7, 1), amount="1")
    assert error.value.field == "amount"
    line = budget_data["R"]
    with pytest.raises(ValidationFailed) as error:
        services.realisation_record(actor=officer, line=line, spent_on=dt.date(2025, 12, 31), amount="1")
    assert error.value.field == "spent_on"
    with pytest.raises(ValidationFailed) as error:
        services.realisation_record(
            actor=officer, line=line, spent_on=dt.date(2026, 7, 1), amount="1", document_ref="SP2D-R"
        )
    assert error.value.field == "document_ref"
    entry = services.realisation_record(
        actor=officer,
        line=line,
        spent_on=dt.date(2026, 7, 1),
        amount="12.500.000",
        document_ref="SP2D-R2",
        service_ref="assistance:42",
    )
    assert (entry.amount, entry.service_ref) == (Decimal("12500000.00"), "assistance:42")
    assert Realisation.objects.filter(line=line).count() == 2


@pytest.mark.django_db
def test_flow_rules(users, budget_data):
    with pytest.raises(ValidationFailed) as error:
        services.flow_record(actor=system_actor("tests"), source=budget_data["R"], target=budget_data["P"], amount=1)
    assert "higher tier" in str(error.value.message)
    with pytest.raises(ValidationFailed) as error:
        services.flow_record(actor=system_actor("tests"), source=budget_data["J"], target=budget_data["B"], amount=1)
    assert error.value.field == "target"  # province to regency is fine by tier, but 21.71 is not in 32
    with pytest.raises(ValidationFailed) as error:
        services.flow_record(
            actor=system_actor("tests"), source=budget_data["N"], target=budget_data["A"], amount=2 * B
        )
    assert error.value.field == "amount"  # N has 1 billion left
    assert Flow.objects.count() == 2


@pytest.mark.django_db
def test_source_must_fit_the_tier(users, budget_data, units):
    with pytest.raises(ValidationFailed) as error:
        services.line_create(
            actor=system_actor("tests"),
            fiscal_year=2026,
            holder=units["dinsos"],
            source="apbd_province",
            title="x",
            allocated="1",
        )
    assert error.value.field == "source"
    assert BudgetLine.objects.count() == 7
