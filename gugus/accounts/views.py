from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from gugus.accounts.decorators import public, requires
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
class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        record_sign_out(user=request.user, request=request)
        return super().post(request, *args, **kwargs)


@requires("shell.view")
def profile(request):
    return render(request, "accounts/profile.html", {"role_label": request.user.get_role_display()})


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
