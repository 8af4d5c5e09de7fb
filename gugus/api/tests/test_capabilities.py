"""Deny by default for the API: every operation declares a capability; one that does not is refused."""

from __future__ import annotations

import pytest
from ninja import Router

from gugus.accounts.actors import system_actor
from gugus.accounts.roles import CAPABILITIES
from gugus.api.api import GugusAPI, api
from gugus.api.capabilities import capability, declared_capability, enforce_capabilities, operations
from gugus.core.errors import PermissionDenied


def test_every_operation_declares_a_known_capability():
    api.urls  # noqa: B018 (building the URLs wraps the operations)
    undeclared = [f"{m} {p}" for m, p, op, router in operations(api) if declared_capability(op, router) is None]
    assert undeclared == []
    unknown = {declared_capability(op, r) for _m, _p, op, r in operations(api)} - set(CAPABILITIES)
    assert unknown == set()
    assert all(getattr(op, "_gugus_original_view", None) for _m, _p, op, _r in operations(api))


class _Request:
    def __init__(self, auth):
        self.auth = auth


def test_an_undeclared_operation_is_refused_even_for_the_system():
    probe = GugusAPI(urls_namespace="probe-undeclared")
    router = Router()

    @router.get("/open")
    def open_operation(request):
        return {"ok": True}

    @router.get("/declared")
    @capability("cases.view")
    def declared_operation(request):
        return {"ok": True}

    probe.add_router("/probe/", router)  # operations at /probe/open and /probe/declared
    enforce_capabilities(probe)
    found = {p: op for _m, p, op, _r in operations(probe)}
    assert sorted(found) == ["/probe/declared", "/probe/open"], sorted(found)
    with pytest.raises(PermissionDenied, match="declares no capability"):
        found["/probe/open"].view_func(_Request(system_actor("tests")))
    assert found["/probe/declared"].view_func(_Request(system_actor("tests"))) == {"ok": True}
    with pytest.raises(PermissionDenied):
        found["/probe/declared"].view_func(_Request(None))


@pytest.mark.django_db
def test_an_operation_refuses_a_role_without_its_capability_before_its_body_runs(users):
    from django.test import Client

    from gugus.accounts.services import api_token_issue

    token = api_token_issue(actor=system_actor("tests"), user=users["budget_officer"], name="probe")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/cases/")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
