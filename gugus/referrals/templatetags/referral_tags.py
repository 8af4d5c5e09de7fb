"""Referral pages' tags: the menu's counters, time spans, the shared victim and notifications in words."""

import re

from django import template
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from gugus.organisations.countries import country_name
from gugus.referrals.models import Notification, Referral, Share

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@register.simple_tag(takes_context=True)
def open_incoming(context) -> int:
    user = context.get("user")
    if user is None or not user.is_authenticated or not user.unit_id:
        return 0
    return Referral.objects.filter(to_unit_id=user.unit_id, status__in=Referral.AWAITING_START).count()


@register.filter
def span(delta) -> str:
    """A time span in words, days and hours ("3 hari 4 jam"), or hours and minutes under a day.

    The sign is not shown: the page says "overdue" beside a span that has passed."""
    if delta is None:
        return ""
    seconds = int(abs(delta.total_seconds()))
    days, hours, minutes = seconds // 86400, (seconds % 86400) // 3600, (seconds % 3600) // 60
    if days:
        first = ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
        if not hours:
            return first
        second = ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    else:
        first = ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
        second = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return f"{first} {second}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""


# What the receiving unit reads of a shared victim: the selector's keys as labels, its values formatted.
_SHARED_LABELS = {
    "full_name": _("full name"),
    "sex": _("sex"),
    "birth_date": _("birth date"),
    "birth_year": _("birth year"),
    "nationality": _("Nationality"),
    "phones": _("phone numbers"),
    "home_region": _("Home region"),
    "nik": _("NIK"),
    "passport_no": _("passport number"),
    "needs": _("needs"),
    "has_disability": _("has a disability"),
    "disability": _("disability"),
    "age_at_recruitment": _("age at recruitment"),
    "case_number": _("case number"),
    "reporting_unit": _("Reporting unit"),
    "reported_on": _("report date"),
    "exploitation": _("Exploitation"),
    "destination_country": _("Destination country"),
    "origin_region": _("Region of origin"),
    "result": _("result"),
    "child_rule_applied": _("child rule applied"),
    "decided_at": _("decided on"),
}
_COUNTRY_KEYS = {"nationality", "destination_country"}
_REGION_KEYS = {"home_region", "origin_region"}
_REGION_CODE = re.compile(r"^\d{2}(?:\.\d+)*\s+")


def shared_value(key: str, value) -> str:
    """One shared value as a person reads it: Ya/Tidak, a list joined, a country's name, a dash for nothing."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if key in _COUNTRY_KEYS:
        return country_name(str(value), get_language() or "id")
    if key in _REGION_KEYS:  # a region reads as "21.71 Kota Batam"; people read the name
        return _REGION_CODE.sub("", str(value))
    return str(value)


def shared_rows(victim_view: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """The shared categories as (category label, [(field label, value)]) in the active language."""
    return [
        (
            str(Share(category).label),
            [(capfirst(str(_SHARED_LABELS.get(key, key))), shared_value(key, value)) for key, value in values.items()],
        )
        for category, values in victim_view.items()
    ]


@register.filter
def notification_text(notification) -> str:
    """A notification in the reader's language: the message is composed again from the referral.

    The stored text is in the language of whoever caused it (a command speaks English); the reader
    reads it in theirs. A notification without a referral, or of a kind not known here, keeps its text.
    """
    referral = notification.referral
    if referral is None:
        return notification.text
    values = {
        "id": referral.pk,
        "function": referral.function.name,
        "from": referral.from_unit.name,
        "to": referral.to_unit.name,
        "due": timezone.localtime(referral.due_at).strftime("%Y-%m-%d %H:%M"),
    }
    kind = notification.kind
    if kind == Notification.Kind.REFERRAL_RECEIVED:
        return (
            gettext("New referral #%(id)s for %(function)s from %(from)s; the service is to begin by %(due)s.") % values
        )
    if kind == Notification.Kind.DEADLINE_NEAR:
        return (
            gettext("Reminder: the service of referral #%(id)s for %(function)s from %(from)s is to begin by %(due)s.")
            % values
        )
    if kind == Notification.Kind.ESCALATED:
        return (
            gettext(
                "Overdue: referral #%(id)s for %(function)s from %(from)s to %(to)s was due by %(due)s "
                "and has not begun; escalated to the task-force secretariat."
            )
            % values
        )
    if kind == Notification.Kind.CONSENT_WITHDRAWN:
        return gettext("Referral #%(id)s (%(function)s): the victim withdrew consent; nothing more is shared.") % values
    if kind in (Notification.Kind.REFERRAL_ANSWERED, Notification.Kind.REFERRAL_CHANGED):
        status = _status_named_in(notification.text)
        if status is not None:
            values["status"] = Referral.Status(status).label
            return gettext("Referral #%(id)s for %(function)s (%(from)s → %(to)s) is now: %(status)s.") % values
    return notification.text


def _status_named_in(text: str) -> str | None:
    """The status a change notification ends with, in whichever language it was written."""
    for language in ("en", "id"):
        with translation.override(language):
            for code, label in Referral.Status.choices:
                if text.endswith(f": {label}."):
                    return code
    return None
