import io
import random
from importlib import resources

import pytest

from gugus.accounts.actors import system_actor
from gugus.regulations.demo import TITLE, demo_step
from gugus.regulations.models import Regulation
from gugus.regulations.parser import parse_text, render_body


@pytest.mark.django_db
def test_demo_regulation_is_loaded_once_with_its_consolidation():
    demo_step(rng=random.Random(1), actor=system_actor("tests"), out=io.StringIO())
    demo_step(rng=random.Random(1), actor=system_actor("tests"), out=io.StringIO())
    regulation = Regulation.objects.get(title=TITLE)
    assert sorted(regulation.versions.values_list("label", "kind")) == [
        ("Konsolidasi 2033", "consolidated"),
        ("Perpres 7/2031", "enacted"),
        ("Perubahan 2032", "amendment"),
        ("Perubahan 2033", "amendment"),
    ]
    consolidated = regulation.versions.get(kind="consolidated")
    expected = resources.files("gugus.regulations").joinpath("samples", "consolidated_2033.txt").read_text("utf-8")
    assert render_body(parse_text(consolidated.text)) == render_body(parse_text(expected))
