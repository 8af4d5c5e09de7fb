"""``{% load figures %}``: ``{{ n|num }}``, ``{{ x|num:1 }}``, ``{{ cell|cell }}`` (a suppressed cell reads "<5")."""

from django import template
from django.utils.translation import gettext_lazy

from gugus.reports.numbers import format_number
from gugus.reports.suppression import Suppressed

register = template.Library()


@register.filter
def num(value, decimals=0):
    return format_number(value, decimals=int(decimals or 0))


@register.filter
def cell(value):
    if isinstance(value, Suppressed):
        return value.text
    return format_number(value)


@register.filter
def is_suppressed(value):
    return isinstance(value, Suppressed)


# The audited kinds people look for most, named in the catalogue; the others by their model's name.
_OBJECT_LABELS = {
    "cases.case": gettext_lazy("Case"),
    "people.person": gettext_lazy("Person"),
    "people.caserole": gettext_lazy("Victim"),
    "referrals.referral": gettext_lazy("Referral"),
    "assistance.service": gettext_lazy("Service"),
    "meetings.meeting": gettext_lazy("Meeting"),
}


@register.filter
def object_label(object_type: str) -> str:
    """An audited object's kind as people read it ("cases.case" → "Kasus"); unknown kinds stay as written."""
    from django.apps import apps
    from django.utils.text import capfirst

    if object_type in _OBJECT_LABELS:
        return str(_OBJECT_LABELS[object_type])
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return capfirst(str(model._meta.verbose_name))
