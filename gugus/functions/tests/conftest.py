import random
import sys

import pytest


@pytest.fixture
def demo_matrix(reference_data):
    """The organisations demo (structures, units) and the functions demo (catalogue, two matrices)."""
    from gugus.functions.demo import demo_step as functions_step
    from gugus.organisations.demo import demo_step as organisations_step

    organisations_step(rng=random.Random(1), actor=None, out=sys.stderr)
    functions_step(rng=random.Random(1), actor=None, out=sys.stderr)
