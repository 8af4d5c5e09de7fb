"""One guard for every request: bad characters, overlong values and oversized bodies are refused
before any view, form, API operation or import sees them.

- ``CONTENT_LENGTH`` above ``GUGUS_MAX_UPLOAD_BYTES`` (default 10 MB): 413.
- Any query-string or form value, or any string (key or value) in a JSON body, holding a
  character ``gugus.core.text`` refuses, or longer than ``MAX_FIELD_CHARS``: 400 for pages, 422
  for the API, with a message naming the field, in the user's language. Nothing is written.
- JSON bodies nested deeper than 20 levels or with arrays longer than ``GUGUS_MAX_JSON_ITEMS``
  (1,000): refused the same way.

Uploaded files are not inspected here: their parsers clean or refuse their cells.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

from gugus.core.text import MAX_FIELD_CHARS, describe_character, forbidden_character

MAX_DEPTH = 20


class _Refused(Exception):
    def __init__(self, field: str, message: str):
        self.field, self.message = field, message


def _check_text(field: str, value: str) -> None:
    bad = forbidden_character(value)
    if bad is not None:
        raise _Refused(
            field,
            _("The field %(field)s contains a character that is not allowed (%(char)s).")
            % {"field": field, "char": describe_character(bad)},
        )
    if len(value) > MAX_FIELD_CHARS:
        raise _Refused(
            field,
            _("The field %(field)s is too long: at most %(max)s characters.")
            % {"field": field, "max": f"{MAX_FIELD_CHARS:,}".replace(",", ".")},
        )


def _walk(value, path: str, depth: int, max_items: int) -> None:
    if depth > MAX_DEPTH:
        raise _Refused(path or "body", _("The request is nested too deeply."))
    if isinstance(value, str):
        _check_text(path or "body", value)
    elif isinstance(value, dict):
        if len(value) > max_items:
            raise _Refused(path or "body", _("Too many items in %(field)s.") % {"field": path or "body"})
        for key, item in value.items():
            _check_text(f"{path}.{key}" if path else "key", key)
            _walk(item, f"{path}.{key}" if path else key, depth + 1, max_items)
    elif isinstance(value, list):
        if len(value) > max_items:
            raise _Refused(
                path or "body",
                _("Too many items in %(field)s: at most %(max)s.") % {"field": path or "body", "max": max_items},
            )
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", depth + 1, max_items)


class InputGuardMiddleware:
    """Refuse malformed input centrally (after LocaleMiddleware, so messages are translated)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_api = request.path.startswith("/api/")
        limit = getattr(settings, "GUGUS_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            message = _("The upload is too large: at most %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
            return self._refuse(is_api, "body", message, status=413)
        try:
            self._inspect(request)
        except _Refused as refused:
            return self._refuse(is_api, refused.field, refused.message)
        return self.get_response(request)

    def _inspect(self, request) -> None:
        for name, values in request.GET.lists():
            _check_text("query", name)
            for value in values:
                _check_text(name, value)
        if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
            return
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("application/json"):
            try:
                body = json.loads(request.body or b"null")
            except (ValueError, UnicodeDecodeError):
                return  # the API's own parser reports malformed JSON (422)
            _walk(body, "", 0, getattr(settings, "GUGUS_MAX_JSON_ITEMS", 1000))
        elif content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            for name, values in request.POST.lists():
                _check_text("form", name)
                for value in values:
                    _check_text(name, value)

    @staticmethod
    def _refuse(is_api: bool, field: str, message: str, status: int = 400):
        if is_api:
            return JsonResponse(
                {"code": "validation_failed", "message": message, "errors": [{"field": field, "message": message}]},
                status=422 if status == 400 else status,
            )
        page = (
            "<!doctype html><html><head><meta charset='utf-8'><title>{}</title></head>"
            "<body><main><h1>{}</h1><p>{}</p><p><a href='/'>{}</a></p></main></body></html>"
        ).format(escape(_("Input refused")), escape(_("Input refused")), escape(message), escape(_("Home")))
        return HttpResponse(page, status=status, content_type="text/html; charset=utf-8")
