"""The public pages' own protections, local to the portal's URL space.

``public_page`` marks a view as open to anyone (the capability middleware lets it through) and
gives its response a strict Content-Security-Policy (no script at all, styles and images from
this site only, forms posting only here, never framed), no caching, no referrer to other sites.
The policy is django-csp's, like every other page's (``CONTENT_SECURITY_POLICY`` in the settings):
the view replaces the site's policy with this stricter one through django-csp's ``csp`` decorator,
and the middleware writes the header.
"""

from __future__ import annotations

import functools

from csp.decorators import csp

from gugus.accounts.decorators import public

# Stricter than the site's policy: no script at all, no connection, no data: image.
PORTAL_POLICY = {
    "default-src": ["'none'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
}


def public_page(view):
    """A public portal page: open to anyone, with the portal's headers on every response."""

    strict = csp(PORTAL_POLICY)(view)

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = strict(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        # "same-origin", not "no-referrer": with no referrer, Chromium posts forms with "Origin: null",
        # which Django's CSRF check refuses; links to other sites still carry no referrer.
        response["Referrer-Policy"] = "same-origin"
        response["X-Content-Type-Options"] = "nosniff"
        response["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        return response

    wrapped.portal_public = True
    return public(wrapped)
