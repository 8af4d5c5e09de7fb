from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gugus.accounts.decorators import public, requires
from gugus.accounts.second_factor import second_factor_exempt
from gugus.audit.signin import record_sign_in, record_sign_out
from gugus.core.errors import GugusError, NotFound


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
    from gugus.accounts import webauthn
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
            "may_register_key": webauthn.may_register_security_key(request.user),
            "security_keys": list(webauthn.security_keys(request.user)),
        },
    )


@requires("shell.view")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Users change their own password (the old one first); the session stays signed in."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        from gugus.accounts.services import user_password_changed
        from gugus.audit.services import audit_record

        response = super().form_valid(form)
        user_password_changed(user=self.request.user)
        audit_record(actor=self.request.user, action="auth.password_change", target=self.request.user, kind="auth")
        messages.success(self.request, _("Your password has been changed."))
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["must_change"] = getattr(self.request.user, "must_change_password", False)
        return context


# --- A forgotten password (Django's reset flow) -------------------------------------------------
# The same answer whether or not the address belongs to an account (no user enumeration); the
# link's token expires after settings.PASSWORD_RESET_TIMEOUT and dies once the password changes.

RESET_MAILS_PER_HOUR = 3


def _reset_over_limit(email: str) -> bool:
    """At most a few reset mails per address and hour (the cache holds a keyed digest, never the address)."""
    import hashlib
    import hmac
    import time

    from django.conf import settings
    from django.core.cache import cache

    digest = hmac.new(settings.SECRET_KEY.encode(), email.lower().encode(), hashlib.sha256).hexdigest()[:32]
    key = f"password-reset:{int(time.time() // 3600)}:{digest}"
    if cache.add(key, 1, timeout=3605):
        return False
    try:
        return cache.incr(key) > RESET_MAILS_PER_HOUR
    except ValueError:
        cache.add(key, 1, timeout=3605)
        return False


@public
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        from gugus.audit.models import AuditEntry
        from gugus.audit.services import audit_record

        email = form.cleaned_data["email"]
        matched = list(form.get_users(email))
        if _reset_over_limit(email):
            matched = []
            limited = True
        else:
            limited = False
            super().form_valid(form)  # sends the mail to each active account with this address
        for user in matched:
            audit_record(actor="anonymous", action="auth.password_reset_request", target=user, data={},
                         kind=AuditEntry.Kind.AUTH)  # fmt: skip
        if not matched:
            audit_record(actor="anonymous", action="auth.password_reset_request", target=("accounts.user", ""),
                         data={"matched": 0, "limited": limited}, kind=AuditEntry.Kind.AUTH)  # fmt: skip
        return redirect(self.get_success_url())


@public
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs):
        from django.conf import settings

        return {**super().get_context_data(**kwargs), "hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)}


@public
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Also the target of the set-password link an administrator hands to a new user."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        from gugus.accounts.services import user_password_changed
        from gugus.audit.models import AuditEntry
        from gugus.audit.services import audit_record

        response = super().form_valid(form)
        user_password_changed(user=form.user)
        audit_record(actor=form.user, action="auth.password_reset_complete", target=form.user, data={},
                     kind=AuditEntry.Kind.AUTH)  # fmt: skip
        return response


@public
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- Managing accounts (the system administrator; issue 17) -------------------------------------


def _managed(request, user_id):
    from gugus.accounts.access import access_user

    try:
        return access_user(request.user, user_id)
    except NotFound as error:
        raise Http404 from error


def _placement_choices(request) -> dict:
    from gugus.accounts.access import task_forces_assignable_by, units_assignable_by

    return {"units": units_assignable_by(request.user), "task_forces": task_forces_assignable_by(request.user)}


def _credential_page(request, credential, *, created: bool):
    """The one time the credential is shown: never cached, never put in a message or the log."""
    link = request.build_absolute_uri(credential.set_password_path) if credential.set_password_path else ""
    # NoStoreMiddleware marks every signed-in page no-store, this one included.
    return render(
        request,
        "accounts/users/credential.html",
        {"managed": credential.user, "temporary_password": credential.temporary_password, "link": link,
         "created": created},
    )  # fmt: skip


@requires("accounts.manage")
def user_list(request):
    from gugus.accounts.roles import Role
    from gugus.accounts.selectors import PAGE_SIZE, users_page

    query, role, active = request.GET.get("q", ""), request.GET.get("role", ""), request.GET.get("active", "")
    users = users_page(request.user, query=query, role=role, active=active)
    context = {
        "users": users[:PAGE_SIZE],
        "more": len(users) > PAGE_SIZE,
        "roles": Role.choices,
        "query": query,
        "role": role if role in Role.values else "",
        "active": active if active in ("yes", "no") else "",
    }
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    template = "accounts/users/_table.html" if partial else "accounts/users/list.html"
    return render(request, template, context)


@requires("accounts.manage")
def user_create(request):
    from gugus.accounts import services
    from gugus.accounts.forms import UserCreateForm

    form = UserCreateForm(request.POST or None, **_placement_choices(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            credential = services.user_invite(
                actor=request.user, username=data["username"], full_name=data["full_name"], email=data["email"],
                role=data["role"], unit=data["unit"], task_force=data["task_force"], method=data["method"],
            )  # fmt: skip
        except GugusError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            return _credential_page(request, credential, created=True)
    return render(request, "accounts/users/create.html", {"form": form})


@requires("accounts.manage")
def user_detail(request, user_id: int):
    from gugus.accounts.forms import PasswordResetByAdminForm, UserAssignForm
    from gugus.accounts.selectors import user_page

    try:
        managed = user_page(request.user, user_id)  # records the read
    except NotFound as error:
        raise Http404 from error
    assign = UserAssignForm(
        initial={"role": managed.role, "unit": managed.unit_id, "task_force": managed.task_force_id},
        **_placement_choices(request),
    )
    return render(
        request,
        "accounts/users/detail.html",
        {"managed": managed, "assign_form": assign, "reset_form": PasswordResetByAdminForm(),
         "is_self": managed.pk == request.user.pk},
    )  # fmt: skip


@require_POST
@requires("accounts.manage")
def user_assign(request, user_id: int):
    from gugus.accounts import services
    from gugus.accounts.forms import UserAssignForm

    managed = _managed(request, user_id)
    form = UserAssignForm(request.POST, **_placement_choices(request))
    if form.is_valid():
        try:
            services.user_assign(
                actor=request.user, user=managed, role=form.cleaned_data["role"], unit=form.cleaned_data["unit"],
                task_force=form.cleaned_data["task_force"],
            )  # fmt: skip
        except GugusError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Role and unit saved."))
    else:
        _report_errors(request, form)
    return redirect("accounts:user_detail", user_id=managed.pk)


@require_POST
@requires("accounts.manage")
def user_active(request, user_id: int):
    from gugus.accounts import services

    managed = _managed(request, user_id)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(actor=request.user, user=managed, active=active)
    except GugusError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Account reactivated.") if active else _("Account deactivated."))
    return redirect("accounts:user_detail", user_id=managed.pk)


@require_POST
@requires("accounts.manage")
def user_password_reset(request, user_id: int):
    from gugus.accounts import services
    from gugus.accounts.forms import PasswordResetByAdminForm

    managed = _managed(request, user_id)
    form = PasswordResetByAdminForm(request.POST)
    if not form.is_valid():
        _report_errors(request, form)
        return redirect("accounts:user_detail", user_id=managed.pk)
    try:
        credential = services.user_password_reset(actor=request.user, user=managed, method=form.cleaned_data["method"])
    except GugusError as error:
        messages.error(request, str(error.message))
        return redirect("accounts:user_detail", user_id=managed.pk)
    return _credential_page(request, credential, created=False)


def _report_errors(request, form):
    for field, errors in form.errors.items():
        for error in errors:
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {error}" if label else str(error))


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
    from gugus.accounts.webauthn import has_security_key

    device = sf.confirmed_totp(user)
    has_key = has_security_key(user)
    error = None
    if request.method == "POST":
        try:
            if device is None and not has_key:
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
    context = {"next": next_url, "error": error, "setup": device is None and not has_key, "has_key": has_key}
    if context["setup"]:
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
