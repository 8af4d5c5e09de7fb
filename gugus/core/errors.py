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


# Imports: the largest file and the most rows accepted, and how many bad rows are listed (the
# rest are counted), so a huge file of bad rows costs little and answers on one short page.
MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
MAX_IMPORT_ERRORS_LISTED = 100


@dataclass
class ImportRejected(Exception):
    """A file was refused as a whole; nothing was written."""

    errors: list[RowError] = field(default_factory=list)
    # How many errors were found beyond those listed (the list stops at MAX_IMPORT_ERRORS_LISTED).
    more: int = 0

    def __post_init__(self) -> None:
        if len(self.errors) > MAX_IMPORT_ERRORS_LISTED:
            self.more += len(self.errors) - MAX_IMPORT_ERRORS_LISTED
            self.errors = self.errors[:MAX_IMPORT_ERRORS_LISTED]
        if self.more:
            from django.utils.translation import gettext

            self.errors.append(RowError(0, "-", gettext("…and %(n)s more errors not listed.") % {"n": self.more}))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class RateLimited(GugusError):
    """The user asked too often in a short time; try again later."""

    code = "rate_limited"
