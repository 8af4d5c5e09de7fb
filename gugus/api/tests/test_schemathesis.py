"""Schemathesis over /api/openapi.json for three roles, in process over WSGI (issue 19).

Every operation of the schema gets a few generated requests as a case worker, the national
secretariat and an analyst, each with their own bearer token, plus a short stateful run that
follows the links schemathesis infers between operations (an id a response returns, used by the
next call). Each response must be no server error, carry a status code the schema documents for
the operation, and have a body that conforms to the schema of that status.

Bounded to stay cheap on a small machine: a handful of examples per operation, derandomized (the
same examples every run), no deadline, no example database.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gugus.accounts.actors import system_actor

pytestmark = pytest.mark.api_fuzz

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ROLES = ["case_worker", "secretariat_national", "analyst"]
BOUNDED = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    stateful_step_count=6,
)


@pytest.fixture(params=ROLES)
def role(request):
    return request.param


@pytest.fixture
def bearer(role, users, open_case):
    """The role's ``Authorization`` header, in a database holding one case with its victim."""
    from gugus.accounts.services import api_token_issue

    open_case()
    token = api_token_issue(actor=system_actor("tests"), user=users[role], name="schemathesis")
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    # schemathesis 4.32 reads and rewrites ``node._nodeid``, which pytest 9.2's nodes no longer have.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


@pytest.fixture
def api_schema(db, bearer):
    # The WSGI handler closes "old" connections at the start and end of each request; inside the
    # test's transaction on PostgreSQL that would close the test's own connection. Django's test
    # client unhooks the same signal handlers for the same reason.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@BOUNDED
@schema.parametrize()
def test_every_operation_answers_as_documented(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)


@pytest.mark.parametrize("role", ["case_worker"])
def test_stateful_links_answer_as_documented(api_schema, bearer):
    machine = api_schema.as_state_machine()

    class Machine(machine):
        def get_call_kwargs(self, case):
            return {"headers": bearer}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    Machine.run(settings=settings(BOUNDED, max_examples=8))
