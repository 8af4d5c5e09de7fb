"""Template filters of the legal track, for pages of other apps (the referral page)."""

from django import template

register = template.Library()


@register.filter
def investigation_state(referral) -> str:
    """The investigation referral's state as the investigating unit lives it; "" for other referrals."""
    from gugus.legal.selectors import investigation_referral_state
    from gugus.referrals.access import INVESTIGATION_FUNCTIONS

    if referral.function.code not in INVESTIGATION_FUNCTIONS:
        return ""
    return investigation_referral_state(referral)
