"""Response headers that keep personal data out of caches (issue 19).

Every page a signed-in user gets may show personal data (a case, a victim's name, a search), so
it is sent with ``Cache-Control: no-store``: no browser cache, no proxy cache, nothing left on a
shared computer's disk. Static files (served before this middleware by WhiteNoise) and the
anonymous login page stay cacheable as Django decides.
"""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith("/api/"):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
