from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _

from gugus.accounts.decorators import public, requires
from gugus.accounts.second_factor import second_factor_exempt
from gugus.audit.signin import record_sign_in, record_sign_out


@public
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        record_sign_in(user=form.get_user(), request=self.request)
        return response


@public
@second_factor_exempt
class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        record_sign_out(user=request.user, request=request)
        return super().post(request, *args, **kwargs)


@requires("shell.view")
def profile(request):
    from gugus.accounts import second_factor as sf
    from gugus.accounts.roles import has_capability

    has_device = sf.confirmed_totp(request.user) is not None
    return render(
        request,
        "accounts/profile.html",
        {
            "role_label": request.user.get_role_display(),
            "has_second_factor": has_device,
            "recovery_codes_left": sf.recovery_codes_left(request.user) if has_device else 0,
            "perms_manage_accounts": has_capability(request.user, "accounts.manage"),
        },
    )


@requires("shell.view")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Users change their own password (the old one first); the session stays signed in."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        from gugus.audit.services import audit_record

        response = super().form_valid(form)
        audit_record(actor=self.request.user, action="auth.password_change", target=self.request.user, kind="auth")
        messages.success(self.request, _("Your password has been changed."))
        return response


# --- second factor (issue 19) ----------------------------------------------------------------------


def _next_url(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return reverse("home")


@public
@second_factor_exempt
def second_factor(request):
    """Set up the authenticator (first sign-in) or confirm this sign-in with a code.

    Open to any signed-in user (a superuser without a role too, for Django's admin); anonymous
    visitors are sent to the login page.
    """
    from django.conf import settings
    from django.shortcuts import redirect

    from gugus.accounts import second_factor as sf
    from gugus.accounts.roles import requires_second_factor
    from gugus.core.errors import ValidationFailed

    user = request.user
    if not user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    next_url = _next_url(request)
    if not requires_second_factor(user) or sf.session_is_verified(request):
        return redirect(next_url)
    device = sf.confirmed_totp(user)
    error = None
    if request.method == "POST":
        try:
            if device is None:
                codes = sf.second_factor_enrol(actor=user, request=request, token=request.POST.get("token", ""))
                return render(
                    request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url, "first_time": True}
                )
            used = sf.second_factor_verify(actor=user, request=request, token=request.POST.get("token", ""))
        except ValidationFailed as failure:
            error = failure.message
        else:
            if used == "recovery":
                messages.warning(
                    request,
                    _("You signed in with a recovery code; %(count)s are left. Make new ones on “My account”.")
                    % {"count": sf.recovery_codes_left(user)},
                )
            return redirect(next_url)
    context = {"next": next_url, "error": error, "setup": device is None}
    if device is None:
        pending = sf.pending_totp(user)
        context.update(qr_svg=sf.qr_svg(sf.provisioning_uri(pending)), secret=sf.secret_text(pending))
    return render(request, "accounts/second_factor.html", context, status=200 if error is None else 400)


@requires("shell.view")
def recovery_codes(request):
    """New recovery codes (POST; the old ones stop working), shown once."""
    from django.shortcuts import redirect

    from gugus.accounts import second_factor as sf

    if request.method != "POST" or sf.confirmed_totp(request.user) is None:
        return redirect("accounts:profile")
    codes = sf.recovery_codes_regenerate(actor=request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:profile")})


@requires("accounts.manage")
def second_factor_reset(request):
    """An administrator removes a user's second factor (lost phone); audited with the reason."""
    from gugus.accounts import second_factor as sf
    from gugus.accounts.models import User
    from gugus.core.errors import ValidationFailed

    errors = {}
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        target = User.objects.filter(username=username).first()
        if target is None:
            errors["username"] = _("No user with that username.")
        else:
            try:
                sf.second_factor_reset(actor=request.user, user=target, reason=request.POST.get("reason", ""))
            except ValidationFailed as failure:
                errors[failure.field or "reason"] = failure.message
            else:
                messages.success(
                    request,
                    _("The second factor of %(username)s was reset; they set it up again at their next sign-in.")
                    % {"username": target.username},
                )
                return render(request, "accounts/second_factor_reset.html", {"errors": {}, "values": {}})
    return render(
        request,
        "accounts/second_factor_reset.html",
        {"errors": errors, "values": request.POST if errors else {}},
        status=400 if errors else 200,
    )


# --- API tokens (issue 19) -------------------------------------------------------------------------


@requires("shell.view")
def tokens(request):
    """The user's own API tokens: name, start, created, expires, last used, revoked; revoke one."""
    from django.utils import timezone

    from gugus.accounts.models import ApiToken

    rows = list(ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk"))
    now = timezone.now()
    return render(request, "accounts/tokens.html", {"tokens": rows, "now": now})


@requires("shell.view")
def token_revoke(request, token_id: int):
    from django.http import Http404
    from django.shortcuts import redirect

    from gugus.accounts.models import ApiToken
    from gugus.accounts.services import api_token_revoke

    if request.method != "POST":
        return redirect("accounts:tokens")
    token = ApiToken.objects.filter(pk=token_id, user=request.user).first()
    if token is None:
        raise Http404
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
    return redirect("accounts:tokens")
