"""Logs: JSON lines with request id, user id and route name; planted identifiers never come out."""

from __future__ import annotations

import io
import json
import logging

import pytest

from gugus.ops.logs import JsonFormatter, ScrubIdentifiers, scrub

FAKE_NIK = "3212014505900001"
FAKE_PHONES = ["+6281234567890", "0812-3456-7890", "0812 3456 7890", "6281234567890"]
FAKE_PASSPORT = "C1234567"


def test_scrub_replaces_planted_identifiers():
    phones = " / ".join(FAKE_PHONES)
    text = f"lookup nik={FAKE_NIK} phones {phones} passport {FAKE_PASSPORT}"
    assert scrub(text) == "lookup nik=[nik] phones [phone] / [phone] / [phone] / [phone] passport [passport]"


def test_scrub_keeps_ordinary_numbers():
    assert (
        scrub("case T-POLDA-21/2025/0001 took 153 ms, 2025-03-01")
        == "case T-POLDA-21/2025/0001 took 153 ms, 2025-03-01"
    )


def _capture() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ScrubIdentifiers())
    logger = logging.getLogger("gugus.test.logs")
    logger.handlers, logger.propagate = [handler], False
    logger.setLevel(logging.INFO)
    return logger, stream


def test_filter_scrubs_arguments_and_exceptions():
    logger, stream = _capture()
    logger.warning("person %s not matched", FAKE_NIK)
    try:
        raise ValueError(f"bad passport {FAKE_PASSPORT} for {FAKE_PHONES[0]}")
    except ValueError:
        logger.exception("import failed")
    out = stream.getvalue()
    assert FAKE_NIK not in out and FAKE_PASSPORT not in out and FAKE_PHONES[0] not in out
    first, second = (json.loads(line) for line in out.splitlines() if line.startswith("{"))
    assert first["message"] == "person [nik] not matched"
    assert first["level"] == "WARNING"
    assert "ValueError: bad passport [passport] for [phone]" in second["exception"]


@pytest.mark.django_db
def test_request_line_names_the_route_never_the_query(client_for, users):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ScrubIdentifiers())
    logger = logging.getLogger("gugus.request")
    old = logger.handlers, logger.propagate, logger.level
    logger.handlers, logger.propagate = [handler], False
    logger.setLevel(logging.INFO)
    try:
        user = users["case_worker"]
        response = client_for(user).get(f"/people/987654/?q={FAKE_NIK}&name=Siti", HTTP_X_REQUEST_ID="req-12345678")
    finally:
        logger.handlers, logger.propagate, logger.level = old[0], old[1], old[2]
    assert response["X-Request-ID"] == "req-12345678"
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == "req-12345678"
    assert line["user_id"] == user.pk
    assert line["method"] == "GET" and line["status"] == response.status_code
    assert line["route"] == "people:detail"
    assert "987654" not in stream.getvalue()
    assert set(line) == {
        "time",
        "level",
        "logger",
        "message",
        "request_id",
        "user_id",
        "route",
        "method",
        "status",
        "duration_ms",
    }
    assert FAKE_NIK not in stream.getvalue() and "Siti" not in stream.getvalue()
