"""Stable error codes with translated messages for API clients."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, ValidationError

from gugus.core.errors import Conflict, GugusError, NotFound, PermissionDenied, ValidationFailed

_STATUS = {NotFound: 404, PermissionDenied: 403, ValidationFailed: 422, Conflict: 409}


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
