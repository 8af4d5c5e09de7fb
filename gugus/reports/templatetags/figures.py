"""``{% load figures %}``: ``{{ n|num }}``, ``{{ x|num:1 }}``, ``{{ cell|cell }}`` (a suppressed cell reads "<5")."""

from django import template

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
