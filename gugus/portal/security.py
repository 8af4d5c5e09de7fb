"""The public pages' own protections, local to the portal's URL space.

``public_page`` marks a view as open to anyone (the capability middleware lets it through) and
sets, on its response, a strict Content-Security-Policy (no script at all, styles and images from
this site only, forms posting only here, never framed), no caching, no referrer to other sites. The header is
set by the view itself, so a global CSP middleware (django-csp) that leaves responses carrying
their own policy alone keeps this one.
"""

from __future__ import annotations

import functools

from gugus.accounts.decorators import public

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def public_page(view):
    """A public portal page: open to anyone, with the portal's headers on every response."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response["Cache-Control"] = "no-store"
        # "same-origin", not "no-referrer": with no referrer, Chromium posts forms with "Origin: null",
        # which Django's CSRF check refuses; links to other sites still carry no referrer.
        response["Referrer-Policy"] = "same-origin"
        response["X-Content-Type-Options"] = "nosniff"
        response["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        return response

    wrapped.portal_public = True
    return public(wrapped)
