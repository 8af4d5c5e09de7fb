"""API authentication (bearer tokens, browser sessions) and the capability check."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from gugus.accounts.models import ApiToken
from gugus.accounts.roles import has_capability
from gugus.core.errors import PermissionDenied

LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer ggs_…`` issued to an agency system."""

    def authenticate(self, request, token):
        digest = hashlib.sha256(token.encode()).hexdigest()
        # The capability guard authenticates before ninja's own run does (gugus/api/capabilities.py):
        # the second time, within the same request and for the same token, reuse the first answer.
        cached = getattr(request, "_gugus_token_auth", None)
        if cached is not None and cached[0] == digest:
            return cached[1]
        now = timezone.now()
        record = (
            ApiToken.objects.select_related("user", "user__unit")
            .filter(digest=digest, revoked_at__isnull=True, expires_at__gt=now)
            .first()
        )
        if record is None or not record.user.is_active:
            return None  # unknown, expired or revoked: 401
        # "Last used" to the minute: one write a minute per token, not one per request.
        if record.last_used_at is None or now - record.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        request.user = record.user
        request._gugus_token_auth = (digest, record.user)
        return record.user


class SessionCapabilityAuth(SessionAuth):
    """The signed-in browser session (CSRF-protected)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


def require(request, capability: str):
    """The authenticated user, if their role grants ``capability``; otherwise PermissionDenied."""
    user = request.auth
    if not has_capability(user, capability):
        raise PermissionDenied("Your role does not allow this.")
    return user
