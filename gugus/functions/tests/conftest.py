import random
import sys

import pytest

from gugus.accounts.actors import system_actor


@pytest.fixture
def demo_matrix(reference_data):
    """The organisations demo (structures, units) and the functions demo (catalogue, two matrices)."""
    from gugus.functions.demo import demo_step as functions_step
    from gugus.organisations.demo import demo_step as organisations_step

    organisations_step(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)
    functions_step(rng=random.Random(1), actor=system_actor("tests"), out=sys.stderr)
