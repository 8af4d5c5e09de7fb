"""Break-glass access (issue 19): a secretariat officer opens a case outside their scope in an emergency.

The officer names the case by its number and writes why (at least 20 characters); the grant lasts
``GUGUS_BREAK_GLASS_HOURS`` (2 by default, at most 8), ends by itself, and can be revoked by the
auditor or an administrator (``audit.view``) or ended by the officer. At once, the case's unit
supervisors and every auditor get a notification (in Gugus and by e-mail); the auditor's page lists
the grants. Everything is audited. The case is then reached, like any other, only through
``cases.access.cases_visible_to`` (``_break_glass_grants``), so every view of it is audited as usual.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gugus.accounts.roles import Role, has_capability
from gugus.audit.services import audit_record
from gugus.cases.models import BreakGlassGrant, Case
from gugus.core.errors import NotFound, PermissionDenied, ValidationFailed
from gugus.organisations.jurisdiction import require_capability

MIN_REASON = 20
MAX_HOURS = 8


def _recipients(case: Case):
    from gugus.accounts.models import User

    supervisors = User.objects.filter(is_active=True, role=Role.SUPERVISOR, unit_id=case.reporting_unit_id)
    auditors = User.objects.filter(is_active=True, role=Role.AUDITOR)
    return list(supervisors) + list(auditors)


def break_glass_open(*, actor, case_number: str, reason: str, hours: int | None = None) -> BreakGlassGrant:
    """Grant ``actor`` emergency access to the case numbered ``case_number``; notifies and audits."""
    from gugus.cases.access import cases_visible_to
    from gugus.referrals.models import Notification
    from gugus.referrals.services import notify

    require_capability(actor, "cases.break_glass")
    if not getattr(actor, "pk", None):
        raise PermissionDenied(_("Break-glass access is for a person, never a command."))
    number = (case_number or "").strip()
    reason = (reason or "").strip()
    errors = []
    if not number:
        errors.append(ValidationFailed(_("Enter the case number."), field="case_number"))
    if len(reason) < MIN_REASON:
        errors.append(
            ValidationFailed(
                _("Write why this emergency needs the case (at least %(n)s characters).") % {"n": MIN_REASON},
                field="reason",
            )
        )
    default_hours = getattr(settings, "GUGUS_BREAK_GLASS_HOURS", 2)
    hours = default_hours if hours in (None, "") else hours
    if not isinstance(hours, int) or isinstance(hours, bool) or not 1 <= hours <= MAX_HOURS:
        errors.append(ValidationFailed(_("Access lasts from 1 to %(max)s hours.") % {"max": MAX_HOURS}, field="hours"))
    if errors:
        raise errors[0]
    case = Case.objects.select_related("reporting_unit").filter(number=number).first()
    if case is None:
        raise NotFound(_("No case has that number."))
    if cases_visible_to(actor).filter(pk=case.pk).exists():
        raise ValidationFailed(_("You can already see this case; open it from the case list."), field="case_number")
    now = timezone.now()
    with transaction.atomic():
        grant = BreakGlassGrant.objects.create(
            user=actor, case=case, reason=reason, granted_at=now, expires_at=now + timedelta(hours=hours)
        )
        audit_record(
            actor=actor,
            action="case.break_glass",
            target=case,
            data={"grant": grant.pk, "hours": hours, "expires_at": grant.expires_at.isoformat()},
        )
        unit = actor.unit.name if actor.unit_id else ""
        text = _(
            "Break-glass access: %(user)s (%(unit)s) opened case %(number)s of %(case_unit)s until %(until)s. "
            "The reason is on the auditor's page."
        ) % {
            "user": actor.username,
            "unit": unit or "—",
            "number": case.number,
            "case_unit": case.reporting_unit.name,
            "until": timezone.localtime(grant.expires_at).strftime("%Y-%m-%d %H:%M"),
        }
        notify(users=_recipients(case), kind=Notification.Kind.BREAK_GLASS, referral=None, text=text)
    return grant


def break_glass_revoke(*, actor, grant: BreakGlassGrant) -> bool:
    """End a grant early: the auditor or an administrator (``audit.view``), or the officer who holds it."""
    own = getattr(actor, "pk", None) is not None and actor.pk == grant.user_id
    if not own and not has_capability(actor, "audit.view"):
        raise PermissionDenied(_("Only the auditor or the officer who holds it may end this access."))
    now = timezone.now()
    with transaction.atomic():
        changed = BreakGlassGrant.objects.filter(pk=grant.pk, revoked_at__isnull=True, expires_at__gt=now).update(
            revoked_at=now, revoked_by=actor if getattr(actor, "pk", None) else None
        )
        if changed:
            audit_record(actor=actor, action="case.break_glass_revoke", target=grant.case, data={"grant": grant.pk})
    grant.refresh_from_db()
    return bool(changed)


def break_glass_grants(user, *, limit: int = 50) -> list[BreakGlassGrant]:
    """The newest grants for the auditor's page (``audit.view``); empty for anyone else."""
    if not has_capability(user, "audit.view"):
        return []
    return list(
        BreakGlassGrant.objects.select_related("user", "user__unit", "case", "case__reporting_unit", "revoked_by")[
            :limit
        ]
    )


def access_break_glass_grant(user, grant_id) -> BreakGlassGrant:
    """A grant the user may end (auditor/administrator, or its holder); NotFound otherwise."""
    try:
        pk = int(grant_id)
    except (TypeError, ValueError):
        raise NotFound("No such grant.") from None
    grant = BreakGlassGrant.objects.select_related("case").filter(pk=pk).first()
    if grant is None or not (has_capability(user, "audit.view") or grant.user_id == getattr(user, "pk", None)):
        raise NotFound("No such grant.")
    return grant
