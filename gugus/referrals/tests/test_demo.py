import io
import random

import pytest

from gugus.accounts.actors import system_actor
from gugus.accounts.models import User
from gugus.assistance.models import Restitution, Service
from gugus.assistance.selectors import victim_journey
from gugus.referrals.models import Notification, Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(reference_data):
    from gugus.accounts.demo import demo_step as accounts_step
    from gugus.functions.demo import demo_step as functions_step
    from gugus.organisations.demo import demo_step as organisations_step
    from gugus.referrals.demo import demo_step

    out = io.StringIO()
    for step in (organisations_step, accounts_step, functions_step, demo_step):
        step(rng=random.Random(1), actor=system_actor("tests"), out=out)
    return out.getvalue()


def test_demo_follows_a_victim_from_abroad_to_reintegration_and_escalates(demo):
    victim_referrals = Referral.objects.filter(from_unit__code="KEMENLU-KBRI-KH").first().victim.referrals
    agencies = set(victim_referrals.values_list("to_unit__agency__abbreviation", flat=True))
    assert agencies == {"Polri", "Kemensos", "Kemenkes", "LPSK", "Dinas Sosial", "KP2MI"}
    overdue = victim_referrals.get(to_unit__code="KP2MI-BP3MI-52")
    assert overdue.status == "sent" and overdue.escalated_to.region_id == "52"
    national = User.objects.get(username="sekretariat.pusat")
    assert Notification.objects.filter(recipient=national, referral=overdue, kind="escalated").count() == 1
    assert Restitution.objects.get().stage == "indicted"  # the verdict (legal demo) writes the order
    victim = overdue.victim
    journey = victim_journey(national, victim.pk)
    assert journey.returned is True and journey.monitoring_complete is True
    kinds = [e.kind for e in journey.entries]
    assert kinds[0] == "case" and "follow_up" in kinds and "restitution" in kinds
    # The home unit at the end of the chain sees the journey, shared with it by the referrals.
    lobar = User.objects.get(username="petugas.dinsos.lobar")
    assert victim_journey(lobar, victim.pk).full is False
    assert Service.objects.filter(victim=victim).count() == 9
    assert "escalated to" in demo


def test_demo_is_idempotent(demo):
    from gugus.referrals.demo import demo_step

    count = Referral.objects.count()
    out = io.StringIO()
    demo_step(rng=random.Random(1), actor=system_actor("tests"), out=out)
    assert Referral.objects.count() == count
    assert "already loaded" in out.getvalue()
