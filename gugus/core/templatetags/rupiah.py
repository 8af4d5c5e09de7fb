"""``{% load rupiah %}``: ``{{ amount|rupiah }}`` and ``{{ ratio|percent }}`` in the active language."""

from django import template

from gugus.core.money import format_percent, format_rupiah

register = template.Library()


@register.filter
def rupiah(value):
    """Rp 1.234.567.890 (id) or IDR 1,234,567,890 (en)."""
    return format_rupiah(value)


@register.filter
def percent(value):
    return format_percent(value)
