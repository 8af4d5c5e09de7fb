"""Refuse every view that does not declare a capability, and users who lack it."""

from django.conf import settings
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from gugus.accounts.roles import has_capability

# Prefixes handled by their own authorisation: Django's admin (staff only), the REST API
# (token or session auth per endpoint), static files.
_SELF_GUARDED = ("/admin/", "/api/", "/" + settings.STATIC_URL.lstrip("/"))


# The pages a user with a temporary password may open before choosing their own.
_WHILE_MUST_CHANGE = frozenset({"accounts:password_change", "accounts:profile"})


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else ""


class CapabilityRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(_SELF_GUARDED):
            return None
        target = getattr(view_func, "view_class", view_func)
        if getattr(view_func, "public_view", False) or getattr(target, "public_view", False):
            return None
        capability = getattr(view_func, "required_capability", None) or getattr(target, "required_capability", None)
        if capability is None:
            return HttpResponseForbidden(_("This page declares no capability and is refused."))
        if not request.user.is_authenticated:
            return redirect(f"{settings.LOGIN_URL and '/accounts/login/'}?next={request.path}")
        if getattr(request.user, "must_change_password", False) and _view_name(request) not in _WHILE_MUST_CHANGE:
            # A temporary password from an administrator: the user's own password comes first.
            return redirect("accounts:password_change")
        if not has_capability(request.user, capability):
            return HttpResponseForbidden(_("Your role does not allow this."))
        return None
