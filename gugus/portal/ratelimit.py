"""Rate limits of the public pages in Django's cache: fixed windows per client address and per
follow-up code. Keys are keyed digests, so the cache never holds an address or a code in clear."""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache

# name -> (requests allowed, window in seconds)
LIMITS = {
    "report": (5, 3600),  # reports filed per address
    "follow_up": (30, 3600),  # follow-up look-ups per address
    "code": (10, 3600),  # look-ups and additions per follow-up code
    "check": (60, 3600),  # job-offer checks per address
}


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the first address of the header named by
    ``PORTAL_CLIENT_ADDRESS_HEADER`` (e.g. HTTP_X_FORWARDED_FOR) when a trusted proxy sets it."""
    header = getattr(settings, "PORTAL_CLIENT_ADDRESS_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(name: str, subject: str, window: int) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{name}:{subject}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"portal-rl:{name}:{int(time.time() // window)}:{digest}"


def hit(name: str, subject: str) -> bool:
    """Count one request of ``subject`` against limit ``name``; True when it is over the limit."""
    allowed, window = LIMITS[name]
    key = _key(name, subject, window)
    if cache.add(key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window + 5)
            count = 1
    return count > allowed
