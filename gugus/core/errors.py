"""Errors that services raise and that views and the API translate for the user.

Each error has a stable ``code`` for API clients and a translatable ``message``; validation
errors name the ``field`` (or row and column) they concern.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class GugusError(Exception):
    """Base of the errors a user may see."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.field = field

    def as_dict(self) -> dict:
        data = {"code": self.code, "message": str(self.message)}
        if self.field:
            data["field"] = self.field
        return data


class NotFound(GugusError):
    """The object does not exist or the user may not see it (the two look the same)."""

    code = "not_found"


class PermissionDenied(GugusError):
    """The user lacks the capability for this action."""

    code = "permission_denied"


class ValidationFailed(GugusError):
    """Input is invalid; ``field`` names the field."""

    code = "validation_failed"


class Conflict(GugusError):
    """The object changed under the user (someone else acted first)."""

    code = "conflict"


@dataclass
class RowError:
    """One problem in one row of an imported file."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass
class ImportRejected(Exception):
    """A file was refused as a whole; nothing was written."""

    errors: list[RowError] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class RateLimited(GugusError):
    """The user asked too often in a short time; try again later."""

    code = "rate_limited"
