"""Security keys and passkeys (WebAuthn) as a second factor, by django-otp-webauthn (issue 19).

A user of a second-factor role (``roles.SECOND_FACTOR_ROLES``) who has signed in with the second
factor may register a security key on "My account"; at later sign-ins the second-factor page
accepts the key or a TOTP/recovery code. The key is a django-otp device
(``WebAuthnCredential``), so ``second_factor_reset`` removes it with the others.

The package's own views do the ceremonies; the subclasses here add the role rule and the audit
record, and mark the sign-in ceremony reachable before the second factor. Passwordless sign-in is
off: the key is a second factor after the password, never instead of it.

Relying party: ``OTP_WEBAUTHN_RP_ID`` (the host name, no port, never an IP address) and
``OTP_WEBAUTHN_RP_NAME`` from settings, and the origins the browser may report,
``OTP_WEBAUTHN_ALLOWED_ORIGINS`` (gugus/settings.py, docs/security.md section 7).
"""

from __future__ import annotations

from django.db import transaction
from django.urls import path
from django.utils.translation import gettext_lazy as _lazy
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions as wa_exceptions
from django_otp_webauthn import views as wa_views
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from gugus.accounts.decorators import public, requires
from gugus.accounts.roles import requires_second_factor
from gugus.accounts.second_factor import second_factor_exempt
from gugus.audit.services import audit_record


def may_register_security_key(user) -> bool:
    """A security key is offered to the users who need a second factor (administrators, roles that
    see personal data); other roles are never asked for one, so a key would be of no use to them."""
    return requires_second_factor(user) and bool(getattr(user, "is_active", False))


def security_keys(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk")


def has_security_key(user) -> bool:
    return security_keys(user).exists()


class GugusWebAuthnHelper(WebAuthnHelper):
    def get_credential_display_name(self, user) -> str:
        return str(_lazy("Security key"))


class NotForThisRole(wa_exceptions.OTPWebAuthnApiError):
    # 400, not 403: the user may use the page (shell.view); only their role needs no second factor.
    status_code = 400
    default_code = "security_key_not_for_role"
    default_detail = _lazy("Your role does not sign in with a second factor, so it needs no security key.")


@requires("shell.view")
class RegistrationBegin(wa_views.BeginCredentialRegistrationView):
    def check_can_register(self):
        if not may_register_security_key(self.get_user()):
            raise NotForThisRole()


@requires("shell.view")
class RegistrationComplete(wa_views.CompleteCredentialRegistrationView):
    def check_can_register(self):
        if not may_register_security_key(self.get_user()):
            raise NotForThisRole()

    def post(self, *args, **kwargs):
        user = self.get_user()
        with transaction.atomic():
            response = super().post(*args, **kwargs)
            audit_record(actor=user, action="auth.security_key_registered", target=user, kind="auth")
        return response

    def handle_exception(self, exc):
        user = getattr(getattr(self, "request", None), "user", None)
        if getattr(user, "is_authenticated", False) and not isinstance(exc, NotForThisRole):
            audit_record(
                actor=user, action="auth.security_key_failed", target=user, kind="auth", data={"step": "register"}
            )
        return super().handle_exception(exc)


@public
@second_factor_exempt
class AuthenticationBegin(wa_views.BeginCredentialAuthenticationView):
    pass


@public
@second_factor_exempt
class AuthenticationComplete(wa_views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        if hasattr(self.request, "session"):
            self.request.session.cycle_key()
        super().complete_auth(device)
        audit_record(
            actor=device.user,
            action="auth.second_factor_verified",
            target=device.user,
            kind="auth",
            data={"by": "security_key"},
        )

    def handle_exception(self, exc):
        user = getattr(getattr(self, "request", None), "user", None)
        if getattr(user, "is_authenticated", False):
            audit_record(
                actor=user, action="auth.second_factor_failed", target=user, kind="auth", data={"step": "security_key"}
            )
        return super().handle_exception(exc)


@public
@second_factor_exempt
class Catalog(JavaScriptCatalog):
    """The package's JavaScript strings (its buttons and messages), in the user's language."""


app_name = "otp_webauthn"  # the name the package's template tags reverse
urlpatterns = [
    path("registration/begin/", RegistrationBegin.as_view(), name="credential-registration-begin"),
    path("registration/complete/", RegistrationComplete.as_view(), name="credential-registration-complete"),
    path("authentication/begin/", AuthenticationBegin.as_view(), name="credential-authentication-begin"),
    path("authentication/complete/", AuthenticationComplete.as_view(), name="credential-authentication-complete"),
    path("jsi18n/", Catalog.as_view(packages=["django_otp_webauthn"]), name="js-i18n-catalog"),
]
