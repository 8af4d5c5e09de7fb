"""The demo tells a believable story in time: reported, assessed, referred, served, followed up.

The demo is loaded once (as `gugus demo` does) and every check collects what breaks the story, so a
failure names all the rows at fault. Audit log entries are not checked: they record when the demo
was seeded, which is true.
"""

import datetime as dt
import io

import pytest
from django.utils import timezone

# A case is entered and assessed within days of its report, not months later.
WITHIN = dt.timedelta(days=14)


@pytest.fixture
def demo(reference_data, monkeypatch):
    from gugus.accounts import demo as accounts_demo
    from gugus.core.demo import demo_generate
    from gugus.fixtures import PASSWORD

    monkeypatch.setattr(accounts_demo, "demo_password", lambda: PASSWORD)
    demo_generate(seed=2025, out=io.StringIO())


def _local(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _victims_served_before_assessed() -> list[str]:
    from gugus.assistance.models import Service
    from gugus.cases.models import Assessment

    first = {}
    for victim_id, decided_at in Assessment.objects.order_by("decided_at").values_list("victim_id", "decided_at"):
        first.setdefault(victim_id, decided_at)
    problems = []
    for service in Service.objects.all():
        assessed = first.get(service.victim_id)
        if assessed is None:
            problems.append(f"service {service.pk} ({service.kind}): victim {service.victim_id} never assessed")
        elif service.started_on < _local(assessed):
            problems.append(f"service {service.pk} ({service.kind}) starts {service.started_on}, assessed {assessed}")
    return problems


def _referrals_out_of_order() -> list[str]:
    from gugus.cases.models import Assessment
    from gugus.referrals.models import Referral

    problems = []
    for referral in Referral.objects.select_related("victim__case"):
        case = referral.victim.case
        steps = [
            ("sent", referral.sent_at),
            ("answered", referral.responded_at),
            ("started", referral.started_at),
            ("completed", referral.completed_at),
        ]
        if _local(referral.sent_at) < case.reported_on:
            problems.append(f"referral {referral.pk} sent {referral.sent_at}, case reported {case.reported_on}")
        done = [(name, at) for name, at in steps if at is not None]
        for (before, earlier), (after, later) in zip(done, done[1:], strict=False):
            if later < earlier:
                problems.append(f"referral {referral.pk} {after} {later} before {before} {earlier}")
        # A victim may be referred before being assessed (to the police, say); once assessed, not before.
        assessed = Assessment.objects.filter(victim=referral.victim).order_by("decided_at").first()
        if assessed is not None and assessed.decided_at > referral.sent_at:
            problems.append(f"referral {referral.pk} sent {referral.sent_at} before the victim's assessment")
    return problems


def _cases_out_of_order() -> list[str]:
    from gugus.cases.models import Assessment, Case

    problems = []
    for case in Case.objects.all():
        entered = _local(case.created_at)
        if not case.reported_on <= entered <= case.reported_on + WITHIN:
            problems.append(f"case {case.number} entered {case.created_at}, reported {case.reported_on}")
        for assessment in Assessment.objects.filter(case=case):
            if not case.reported_on <= _local(assessment.decided_at) <= case.reported_on + WITHIN:
                problems.append(f"case {case.number} assessed {assessment.decided_at}, reported {case.reported_on}")
    return problems


def _written_before_it_happened() -> list[str]:
    """Records written up before the day they tell of (or long after it): a meeting, a step, a spending."""
    from gugus.budgets.models import Realisation
    from gugus.legal.models import Step
    from gugus.meetings.models import Meeting

    problems = []
    today = timezone.localdate()
    dated = [(Meeting.objects.filter(held_on__lte=today), "held_on", "created_at"), (Step.objects, "on", "recorded_at"),
             (Realisation.objects, "spent_on", "created_at")]  # fmt: skip
    for rows, day_field, written_field in dated:
        for row in rows.all():
            day, written = getattr(row, day_field), _local(getattr(row, written_field))
            if not day <= written <= day + WITHIN:
                problems.append(f"{type(row).__name__} {row.pk} of {day} written {written}")
    return problems


def _past_in_the_future(now: dt.datetime) -> list[str]:
    from gugus.assistance.models import FollowUp, Service
    from gugus.cases.models import Assessment, Case, CaseEvent
    from gugus.people.models import CaseRole
    from gugus.referrals.models import Consent, Notification, Referral

    moments = [
        (Case, ["created_at", "status_changed_at"]),
        (CaseEvent, ["at"]),
        (CaseRole, ["created_at"]),
        (Assessment, ["decided_at"]),
        (Consent, ["created_at"]),
        (Referral, ["created_at", "sent_at", "responded_at", "started_at", "completed_at", "escalated_at"]),
        (Notification, ["created_at"]),
        (Service, ["created_at"]),
    ]
    days = [(Case, ["reported_on"]), (Service, ["started_on", "ended_on"]), (FollowUp, ["on"]), (Consent, ["given_on"])]
    problems = []
    for model, fields in moments:
        for field in fields:
            count = model.objects.filter(**{f"{field}__gt": now}).count()
            if count:
                problems.append(f"{count} {model.__name__}.{field} after now")
    for model, fields in days:
        for field in fields:
            count = model.objects.filter(**{f"{field}__gt": timezone.localdate(now)}).count()
            if count:
                problems.append(f"{count} {model.__name__}.{field} after today")
    return problems


@pytest.mark.django_db
def test_the_demo_story_holds_in_time(demo):
    from gugus.cases.models import Case

    now = timezone.now()
    assert _victims_served_before_assessed() == []
    assert _referrals_out_of_order() == []
    assert _cases_out_of_order() == []
    assert _written_before_it_happened() == []
    assert _past_in_the_future(now) == []
    created = sorted(Case.objects.values_list("created_at", flat=True))
    assert len(created) > 10
    # Cases were entered over the years the story spans, not in the minute the demo was seeded.
    assert created[-1] - created[0] > dt.timedelta(days=365)
    assert len({_local(at) for at in created}) > len(created) // 2
