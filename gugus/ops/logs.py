"""Structured logs without personal data: JSON lines, a request id, and a scrubber.

Each request logs one line on ``gugus.request``: request id, user id, route name, method,
status and duration. Never the path (it may hold an id), the query string or the body.
``ScrubIdentifiers`` replaces anything that looks like a NIK (16 digits), a phone number
or a passport number in every message, as a last line of defence for code that slips.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid

from gugus.ops.metrics import observe_request

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("gugus_request_id", default="")

# A NIK is 16 digits; phones start with + or 0 (or 62) and run 9 to 15 digits, perhaps with
# spaces, dots or dashes (so dates and case numbers survive);
# Indonesian passports are one or two letters and 6 to 8 digits. Long digit runs go first.
_PATTERNS = [
    (re.compile(r"(?<!\w)\d{16}(?!\w)"), "[nik]"),
    (re.compile(r"(?<![\w+])(?:\+\d|0)(?:[\s.\-]?\d){8,14}(?!\w)"), "[phone]"),
    (re.compile(r"(?<!\w)62\d{8,13}(?!\w)"), "[phone]"),
    (re.compile(r"(?<!\w)[A-Za-z]{1,2}\d{6,8}(?!\w)"), "[passport]"),
]
_REQUEST_ID = re.compile(r"^[A-Za-z0-9\-]{8,64}$")


def scrub(text: str) -> str:
    """``text`` with NIK-, phone- and passport-like tokens replaced by placeholders."""
    for pattern, placeholder in _PATTERNS:
        text = pattern.sub(placeholder, text)
    return text


class ScrubIdentifiers(logging.Filter):
    """Rewrite the formatted message of every record, so arguments cannot carry an identifier out."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg, record.args = scrub(message), None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line; only the fields listed here, plus those a request line adds."""

    FIELDS = ("user_id", "route", "method", "status", "duration_ms")

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id_var.get(),
        }
        for field in self.FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_text:
            line["exception"] = record.exc_text
        elif record.exc_info:
            line["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


request_logger = logging.getLogger("gugus.request")


class RequestLogMiddleware:
    """Give each request an id (kept from a sane X-Request-ID, else new) and log one line for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _REQUEST_ID.match(offered) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        seconds = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        route = (match.view_name if match else "") or "unresolved"
        observe_request(route=route, method=request.method, status=response.status_code, seconds=seconds)
        user = getattr(request, "user", None)
        request_logger.info(
            "request",
            extra={
                "request_id": request_id,
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "route": route,
                "method": request.method,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
            },
        )
        response["X-Request-ID"] = request_id
        return response
