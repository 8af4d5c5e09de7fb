"""Views declare what they need; the middleware enforces it."""

from collections.abc import Callable

from gugus.accounts.roles import CAPABILITIES


def requires(capability: str) -> Callable:
    """Mark a view as needing ``capability`` (checked by CapabilityRequiredMiddleware)."""
    if capability not in CAPABILITIES:
        raise KeyError(f"unknown capability {capability!r}")

    def mark(view):
        view.required_capability = capability
        return view

    return mark


def public(view):
    """Mark a view as open to anyone (login page, language switch)."""
    view.public_view = True
    return view
