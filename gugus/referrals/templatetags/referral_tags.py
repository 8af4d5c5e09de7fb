"""The menu's counters: unread notifications and open incoming referrals."""

from django import template

from gugus.referrals.models import Notification, Referral

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
    """A time span as days and hours ("3 d 4 h"); negative spans read as overdue by that much."""
    if delta is None:
        return ""
    seconds = int(abs(delta.total_seconds()))
    days, hours = seconds // 86400, (seconds % 86400) // 3600
    text = f"{days} d {hours} h" if days else f"{hours} h {(seconds % 3600) // 60} m"
    return f"−{text}" if delta.total_seconds() < 0 else text


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""
