"""Styled 403 and 404 pages, in the user's language, with the navigation.

Views answer "not found" with an empty 404 and "not allowed" with a bare 403 (so nothing of the
object leaks from the view itself); this middleware dresses every such answer of a page as one
page of the site. The 404 page is the same for an object that does not exist and for one the user
may not see: it names neither the object nor the address. The REST API, htmx fragments, static
files and the admin keep their own answers.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

_OWN_ANSWERS = ("/api/", "/admin/", "/" + settings.STATIC_URL.lstrip("/"))


class ErrorPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code not in (403, 404) or getattr(response, "gugus_error_page", False):
            return response
        if request.path.startswith(_OWN_ANSWERS) or request.headers.get("HX-Request"):
            return response
        if response.get("Content-Type", "").split(";")[0] not in ("text/html", ""):
            return response
        reason = ""
        if response.status_code == 403:
            text = response.content.decode("utf-8", "replace").strip()
            reason = text if text and "<" not in text and len(text) < 300 else ""
        page = render(
            request, f"errors/{response.status_code}.html", {"reason": reason}, status=response.status_code
        )
        page.gugus_error_page = True
        return page
