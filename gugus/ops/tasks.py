"""The scheduled jobs as tasks (``gugus.ops.worker.SCHEDULE`` enqueues them); each is idempotent."""

from __future__ import annotations

from django_tasks import task


@task()
def referrals_escalate() -> dict:
    """``gugus referrals escalate``: reminders before deadlines, escalation of overdue referrals."""
    from gugus.referrals.services import referrals_remind_and_escalate

    return referrals_remind_and_escalate()


@task()
def meetings_remind() -> dict:
    """``gugus meetings remind``: e-mail reminders of action items due soon or overdue (each sent once)."""
    from gugus.meetings.services import reminders_send

    return reminders_send()
