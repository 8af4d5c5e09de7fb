"""The client's address behind the documented reverse proxy (used by the login lockout).

Behind nginx every request comes from the proxy's address, so keying the lockout on
``REMOTE_ADDR`` lets anyone lock any account for everyone. ``GUGUS_TRUSTED_PROXY_COUNT`` says how
many proxies we run in front of Gugus (0: none, the default; 1: one nginx). Each proxy appends
the address it saw to ``X-Forwarded-For``, so the client is the entry that many places from the
end; anything before it was written by the client and is ignored (it can be forged).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The address of the client as the outermost trusted proxy saw it."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = int(getattr(settings, "GUGUS_TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote  # not through all our proxies: a direct connection
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
