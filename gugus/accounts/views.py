from django.contrib.auth import views as auth_views
from django.shortcuts import render

from gugus.accounts.decorators import public, requires


@public
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@public
class LogoutView(auth_views.LogoutView):
    pass


@requires("shell.view")
def profile(request):
    return render(request, "accounts/profile.html", {"role_label": request.user.get_role_display()})
