"""The demo: a compound in Cambodia, a screened batch of 60, a verdict with restitution paid, a takedown."""

import io
import random

import pytest

from gugus.accounts.actors import system_actor

pytestmark = pytest.mark.django_db


def test_demo_holds_what_the_issue_asks(reference_data):
    from gugus.accounts.demo import demo_step as accounts_step
    from gugus.assistance.models import Restitution
    from gugus.functions.demo import demo_step as functions_step
    from gugus.legal.demo import demo_step
    from gugus.legal.models import Compound, Investigation, TakedownRequest, Verdict
    from gugus.organisations.demo import demo_step as organisations_step
    from gugus.referrals.demo import demo_step as referrals_step

    out = io.StringIO()
    for step in (organisations_step, accounts_step, functions_step, referrals_step, demo_step):
        step(rng=random.Random(1), actor=system_actor("tests"), out=out)
    compound = Compound.objects.get()
    assert (compound.country, compound.status) == ("KH", "raided")
    batch = compound.batches.get()
    assert batch.people == 60 and batch.victims >= 40 and batch.possible_perpetrators >= 1
    assert (
        batch.victims + batch.possible_perpetrators + batch.not_victims + batch.re_recruited + batch.not_screened == 60
    )
    track = Investigation.objects.get()
    assert (track.stage, track.referral.status) == ("final", "in_progress")
    # One restitution: LPSK's claim for Baiq, which the verdict ordered and its payment paid.
    restitution = Restitution.objects.get()
    paid = Verdict.objects.get(restitutions=restitution)
    assert paid.restitution_paid_idr == paid.restitution_ordered_idr == 30000000
    assert (restitution.stage, restitution.service.provider_unit.agency.abbreviation) == ("paid", "LPSK")
    assert TakedownRequest.objects.filter(recipient="komdigi", outcome="done").count() == 1
    demo_step(rng=random.Random(1), actor=system_actor("tests"), out=out)  # idempotent
    assert Compound.objects.count() == 1 and Investigation.objects.count() == 1
