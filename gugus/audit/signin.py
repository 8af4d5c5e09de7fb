"""Sign-ins, failed sign-ins and sign-outs in the audit log (kind ``auth``).

The attempted username and the client's address (behind the trusted proxies) are recorded; the
password never is.
"""

from __future__ import annotations

from gugus.audit.models import AuditEntry
from gugus.audit.services import audit_record


def _address(request) -> str:
    if request is None:
        return ""
    from gugus.core.proxy import client_ip

    return client_ip(request)


def record_sign_in(*, user, request) -> None:
    """A successful sign-in through the login form."""
    audit_record(
        actor=user,
        action="auth.sign_in",
        target=user,
        data={"address": _address(request)},
        kind=AuditEntry.Kind.AUTH,
    )


def record_sign_out(*, user, request) -> None:
    if user is None or not getattr(user, "pk", None):
        return
    audit_record(actor=user, action="auth.sign_out", target=user, data={}, kind=AuditEntry.Kind.AUTH)


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    """``user_login_failed`` receiver: Django has already removed the password from ``credentials``."""
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        actor="anonymous",
        action="auth.sign_in_failed",
        target=("accounts.user", username),
        data={"username": username, "address": _address(request)},
        kind=AuditEntry.Kind.AUTH,
    )


def record_session_expired(*, user, reason: str) -> None:
    """A limited session ended by its idle or absolute limit (the user signs in again)."""
    audit_record(
        actor=user, action="auth.session_expired", target=user, data={"reason": reason}, kind=AuditEntry.Kind.AUTH
    )
