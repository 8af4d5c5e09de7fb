import io
import random

import pytest

from gugus.cases.generate import cases_generate, synthetic_cases
from gugus.cases.models import Case, CaseCounter
from gugus.cases.services import case_open
from gugus.people.models import CaseRole, Person, PersonToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_organisations(reference_data):
    from gugus.accounts.demo import demo_step as accounts_step
    from gugus.organisations.demo import demo_step as organisations_step

    organisations_step(rng=random.Random(1), actor=None, out=io.StringIO())
    accounts_step(rng=random.Random(1), actor=None, out=io.StringIO())


def test_same_seed_same_cases(reference_data):
    first = list(synthetic_cases(20, seed=7))
    assert first == list(synthetic_cases(20, seed=7))
    assert first != list(synthetic_cases(20, seed=8))
    profiles = {c["profile"] for c in list(synthetic_cases(200, seed=7))}
    assert profiles == {"scam", "domestic", "osec", "fishing"}


def test_bulk_generation_is_searchable_and_numbered(demo_organisations):
    summary = cases_generate(n_cases=30, seed=3, batch_size=7)
    assert summary["cases"] == 30 and Case.objects.count() == 30
    assert Person.objects.count() == summary["people"] == CaseRole.objects.count()
    assert PersonToken.objects.filter(purpose="name_token").exists()
    # numbering continues after generated cases
    case = Case.objects.order_by("id").first()
    unit = case.reporting_unit
    counter = CaseCounter.objects.get(reporting_unit=unit, year=2025) if case.year == 2025 else None
    opened = case_open(
        actor=None, unit=unit, channel="hotline", reported_on="2025-01-02", exploitation_types=["other"]
    ).case
    expected = (counter.last + 1) if counter else 1
    assert opened.sequence == expected
    assert len(set(Case.objects.values_list("number", flat=True))) == 31


def test_demo_step_is_idempotent(demo_organisations):
    from gugus.cases.demo import demo_step

    out = io.StringIO()
    demo_step(rng=random.Random(5), actor=None, out=out)
    count = Case.objects.count()
    assert count == 40
    assert Case.objects.filter(status="handling").exists()
    demo_step(rng=random.Random(5), actor=None, out=out)
    assert Case.objects.count() == count
