"""Session limits for administrators and for roles that see personal data (issue 19):
15 minutes idle and 12 hours in all, then the user signs in again.

Other roles keep ``SESSION_COOKIE_AGE``. The limits are settings (``GUGUS_SESSION_IDLE_SECONDS``,
``GUGUS_SESSION_ABSOLUTE_SECONDS``); the middleware runs after authentication. The idle clock
restarts on every request, htmx ones included, so an open page that polls keeps its session; an
htmx request that finds its session ended gets ``HX-Redirect`` to the login page.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from gugus.accounts.roles import Role, has_capability

STARTED, SEEN = "gugus_session_started", "gugus_session_seen"


def session_is_limited(user) -> bool:
    """True for administrators and for every role that may see personal data."""
    return bool(
        user.is_authenticated
        and (
            user.is_superuser
            or getattr(user, "role", "") == Role.SYSTEM_ADMIN
            or has_capability(user, "people.view_personal")
        )
    )


def start_session_clock(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: both clocks start at sign-in, saved with the new session."""
    if hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = request.session[SEEN] = now


class SessionLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and session_is_limited(user) and hasattr(request, "session"):
            now = int(time.time())
            started = request.session.get(STARTED) or now
            seen = request.session.get(SEEN) or now
            idle = getattr(settings, "GUGUS_SESSION_IDLE_SECONDS", 15 * 60)
            absolute = getattr(settings, "GUGUS_SESSION_ABSOLUTE_SECONDS", 12 * 3600)
            if now - seen > idle or now - started > absolute:
                from gugus.audit.signin import record_session_expired

                record_session_expired(user=user, reason="idle" if now - seen > idle else "absolute")
                logout(request)
                login = f"{reverse(settings.LOGIN_URL)}?next={request.path}"
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = login
                    return response
                if request.path.startswith("/api/"):
                    return HttpResponse(status=401)
                return redirect(login)
            if STARTED not in request.session:
                request.session[STARTED] = started
            if now - seen >= 30 or SEEN not in request.session:
                request.session[SEEN] = now  # a session write at most every 30 s
        return self.get_response(request)
