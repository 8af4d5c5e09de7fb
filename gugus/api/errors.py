"""Stable error codes with translated messages for API clients."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from gugus.core.errors import Conflict, GugusError, NotFound, PermissionDenied, ValidationFailed

_STATUS = {NotFound: 404, PermissionDenied: 403, ValidationFailed: 422, Conflict: 409}


class FieldErrorOut(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    """Every error the API answers: a stable ``code``, a translated ``message``, the field concerned."""

    code: str
    message: str
    field: str | None = None
    errors: list[FieldErrorOut] | None = None


def error_statuses(method: str, path: str) -> tuple[int, ...]:
    """The error statuses an operation may answer, whatever its body does.

    401 without valid credentials; 403 when the role lacks the capability; 404 when an object the
    request names (in the path, a query parameter such as ``?name=`` or the body) does not exist or
    is out of the caller's scope; 422 when a parameter or the body is invalid (the input guard
    refuses control characters in any query string too); 409 and 413 (a body over the upload
    limit) on writes.
    """
    statuses = [401, 403, 404, 422]
    writes = method.upper() not in ("GET", "HEAD", "OPTIONS")
    if writes:
        statuses += [409, 413]
    return tuple(sorted(statuses))


_DESCRIPTIONS = {
    401: "Authentication required",
    403: "The role does not allow this",
    404: "Not found, or not in the caller's scope (the two look the same)",
    409: "Conflict: the object changed under the caller",
    413: "The body is larger than the upload limit",
    422: "The request is not valid (the errors name the fields)",
}


def add_error_responses(schema: dict) -> dict:
    """Document the shared error responses on every operation of an OpenAPI ``schema``.

    The runtime answers them from the exception handlers below and the input guard; declaring
    them here, in the schema only, leaves every operation's own response models (and so its
    default status) as the operation wrote them.
    """
    error = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(error.pop("$defs", {}))
    components["ErrorOut"] = error
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status in error_statuses(method, path):
                if status not in responses and str(status) not in responses:
                    responses[status] = {"description": _DESCRIPTIONS[status], "content": body}
    return schema


def install_error_handlers(api) -> None:
    @api.exception_handler(GugusError)
    def gugus_error(request, exc: GugusError):
        status = next((s for cls, s in _STATUS.items() if isinstance(exc, cls)), 400)
        body = exc.as_dict()
        body["message"] = _(str(exc.message))
        return api.create_response(request, body, status=status)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        details = [
            {"field": ".".join(str(p) for p in e.get("loc", [])[1:]) or None, "message": e.get("msg", "")}
            for e in exc.errors
        ]
        return api.create_response(
            request,
            {"code": "validation_failed", "message": _("The request is not valid."), "errors": details},
            status=422,
        )

    @api.exception_handler(AuthenticationError)
    def auth_error(request, exc):
        return api.create_response(
            request, {"code": "unauthenticated", "message": _("Authentication required.")}, status=401
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        # django-ninja's own answer is {"detail": "Not Found"}, outside the documented error body
        return api.create_response(request, _not_found_body(), status=404)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        # django-ninja answers a body that is not JSON with 400 "Cannot parse request body": for
        # clients it is an invalid request like any other (422, the documented error body).
        if exc.status_code == 400:
            return api.create_response(
                request,
                {"code": "validation_failed", "message": _("The request is not valid."),
                 "errors": [{"field": "body", "message": str(exc)}]},
                status=422,
            )  # fmt: skip
        code = {401: "unauthenticated", 403: "permission_denied", 404: "not_found", 429: "rate_limited"}
        return api.create_response(
            request, {"code": code.get(exc.status_code, "error"), "message": str(exc)}, status=exc.status_code
        )


def _not_found_body() -> dict:
    return {"code": "not_found", "message": _("Not found")}


@csrf_exempt  # like every operation of the API (bearer tokens carry no cookie); it writes nothing
def unknown_address(request, *args, **kwargs):
    """Any address under /api/ that names no operation (``/api/cases/abc``): the documented 404
    body in JSON, never the site's HTML page. ``/api/cases`` still redirects to ``/api/cases/``,
    as Django's APPEND_SLASH did before this catch-all existed."""
    from django.http import HttpResponsePermanentRedirect
    from django.urls import Resolver404, resolve

    if request.method in ("GET", "HEAD") and not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not unknown_address:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    return JsonResponse(_not_found_body(), status=404)
