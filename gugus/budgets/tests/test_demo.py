import random
import sys

import pytest

from gugus.accounts.actors import system_actor
from gugus.budgets.models import BudgetLine, Flow, Realisation


@pytest.mark.django_db
def test_demo_budget_loads_once(reference_data):
    from gugus.budgets.demo import demo_step
    from gugus.functions.demo import demo_step as functions_demo
    from gugus.organisations.demo import demo_step as organisations_demo

    organisations_demo(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)
    functions_demo(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)
    demo_step(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)
    demo_step(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)
    assert (BudgetLine.objects.count(), Flow.objects.count(), Realisation.objects.count()) == (11, 2, 10)
    indramayu = BudgetLine.objects.get(title__startswith="Pendampingan korban TPPO Kabupaten Indramayu")
    assert indramayu.inflows.get().source.inflows.get().source.tier == "national"
