"""The second factor (issue 19): TOTP with single-use recovery codes, by django-otp.

Who must use it is data beside the role matrix (``roles.SECOND_FACTOR_ROLES``). A user of such a
role sets up an authenticator on first sign-in (the QR code is an inline SVG made here, the secret
is shown as text), confirms it with a code, and receives ten recovery codes, shown once. At every
later sign-in the password is followed by a code from the authenticator or one recovery code, which
then no longer works. Until then ``SecondFactorMiddleware`` sends every page to the second-factor
page and refuses the API (401), as the session limits do. An administrator can reset a user's
second factor (audited); the user then sets it up again at the next sign-in.

Recovery codes are stored as keyed digests (HMAC-SHA256 under ``SECRET_KEY``, 16 hex characters in
django-otp's static-token column), so a copy of the database does not reveal them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gugus.accounts.roles import requires_second_factor
from gugus.audit.services import audit_record
from gugus.core.errors import ValidationFailed
from gugus.organisations.jurisdiction import require_capability

RECOVERY_CODES = 10
ISSUER = "Gugus TPPO"


def second_factor_exempt(view):
    """Mark a view reachable before the second factor (the second-factor page itself, sign-out)."""
    view.second_factor_exempt = True
    return view


# --- devices -------------------------------------------------------------------------------------


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_totp(user) -> TOTPDevice:
    """The unconfirmed authenticator being set up (created on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it: base32, in groups of four."""
    b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


def provisioning_uri(device: TOTPDevice) -> str:
    b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    label = quote(f"{ISSUER}:{device.user.username}")
    return f"otpauth://totp/{label}?secret={b32}&issuer={quote(ISSUER)}&digits={device.digits}&period={device.step}"


def qr_svg(text: str) -> str:
    """The QR code of ``text`` as inline SVG markup (made here: nothing is fetched)."""
    import segno

    return segno.make(text, error="m").svg_inline(scale=5, title=_("QR code for the authenticator app"))


def _code_digest(code: str) -> str:
    normalised = "".join(ch for ch in code.lower() if ch.isalnum())
    key = hashlib.sha256(b"gugus recovery codes|" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()[:16]


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = []
    for _i in range(RECOVERY_CODES):
        raw = secrets.token_hex(5)  # 40 bits, 10 hex characters
        codes.append(f"{raw[:5]}-{raw[5:]}")
        StaticToken.objects.create(device=device, token=_code_digest(raw))
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _clean_token(token: str) -> str:
    return "".join(ch for ch in str(token or "") if not ch.isspace())


# --- services ------------------------------------------------------------------------------------


def second_factor_enrol(*, actor, request, token: str) -> list[str]:
    """Confirm the pending authenticator with a code from it; returns the recovery codes (shown once).

    The session is verified at once. A wrong code raises ValidationFailed on ``token``.
    """
    device = pending_totp(actor)
    token = _clean_token(token)
    if not token.isdigit() or not device.verify_token(token):
        audit_record(actor=actor, action="auth.second_factor_failed", target=actor, kind="auth", data={"step": "setup"})
        raise ValidationFailed(_("That code is not right. Enter the six digits the app shows now."), field="token")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(actor)
        audit_record(actor=actor, action="auth.second_factor_enrolled", target=actor, kind="auth")
    _verified(request, device)
    return codes


def second_factor_verify(*, actor, request, token: str) -> str:
    """Verify the session with a TOTP code or a recovery code (used up); returns which ("totp"/"recovery").

    Six digits are a TOTP code; anything longer is a recovery code. Wrong codes slow down the next
    try (django-otp's throttling: 1, 2, 4 … seconds), so guessing six digits online is hopeless.
    """
    token = _clean_token(token)
    if len(token) > 6:
        static = StaticDevice.objects.filter(user=actor, confirmed=True).first()
        if static is not None and static.verify_token(_code_digest(token)):
            audit_record(
                actor=actor,
                action="auth.second_factor_verified",
                target=actor,
                kind="auth",
                data={"by": "recovery_code"},
            )
            _verified(request, static)
            return "recovery"
    else:
        device = confirmed_totp(actor)
        if device is not None:
            allowed, _why = device.verify_is_allowed()
            if not allowed:
                audit_record(
                    actor=actor, action="auth.second_factor_failed", target=actor, kind="auth", data={"throttled": True}
                )
                raise ValidationFailed(_("Too many wrong codes. Wait a minute, then try again."), field="token")
            if token.isdigit() and device.verify_token(token):
                audit_record(
                    actor=actor, action="auth.second_factor_verified", target=actor, kind="auth", data={"by": "totp"}
                )
                _verified(request, device)
                return "totp"
    audit_record(actor=actor, action="auth.second_factor_failed", target=actor, kind="auth", data={"step": "verify"})
    raise ValidationFailed(_("That code is not right."), field="token")


def recovery_codes_regenerate(*, actor) -> list[str]:
    """New recovery codes for the signed-in (verified) user; the old ones stop working."""
    with transaction.atomic():
        codes = _new_recovery_codes(actor)
        audit_record(actor=actor, action="auth.recovery_codes_regenerated", target=actor, kind="auth")
    return codes


def second_factor_reset(*, actor, user, reason: str) -> int:
    """Remove ``user``'s authenticator, recovery codes and security keys (administrators; audited with the reason);
    returns how many devices were removed.

    Sessions verified by the removed devices lose their verification at their next request.
    """
    require_capability(actor, "accounts.manage")
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationFailed(_("Write why the second factor is reset (at least 10 characters)."), field="reason")
    with transaction.atomic():
        from django_otp_webauthn.models import WebAuthnCredential

        keys = WebAuthnCredential.objects.filter(user=user)
        removed = (
            TOTPDevice.objects.filter(user=user).count() + StaticDevice.objects.filter(user=user).count() + keys.count()
        )
        keys.delete()  # security keys (gugus/accounts/webauthn.py)
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()  # its recovery codes with it
        audit_record(
            actor=actor,
            action="auth.second_factor_reset",
            target=user,
            kind="auth",
            data={"username": user.username, "reason": reason[:500]},
        )
    return removed


def _verified(request, device) -> None:
    if request is None:
        return
    if hasattr(request, "session"):
        request.session.cycle_key()
    otp_login(request, device)


def session_is_verified(request) -> bool:
    user = getattr(request, "user", None)
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


# --- the gate --------------------------------------------------------------------------------------


class SecondFactorMiddleware:
    """Sends a signed-in, unverified user of a second-factor role to the second-factor page; the API
    answers 401 for them (htmx gets ``HX-Redirect``). Runs after django-otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if not requires_second_factor(user) or session_is_verified(request):
            return None
        target = getattr(view_func, "view_class", view_func)
        for marker in ("public_view", "second_factor_exempt"):
            if getattr(view_func, marker, False) or getattr(target, marker, False):
                return None
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "code": "second_factor_required",
                    "message": _("Confirm your second factor in the browser first, or use an API token."),
                },
                status=401,
            )
        page = reverse("accounts:second_factor")
        if request.method == "GET" and not request.headers.get("HX-Request"):
            page = f"{page}?next={quote(request.get_full_path())}"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = page
            return response
        return redirect(page)
