"""Every page and API operation for one user in every role of two agencies (issue 11).

The table is data (``gugus.accounts.route_matrix``); this test fails on any URL pattern or API
operation missing from it, on a declaration that disagrees with it, on any role reaching a route
its capability does not grant, and on any 2xx (or any of the object's data) when a user of the
other agency asks for a case, person, victim, referral or service that is not theirs.
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from gugus.accounts.actors import system_actor
from gugus.accounts.roles import ROLE_CAPABILITIES, Role
from gugus.accounts.route_matrix import API, CHECKED_SCOPES, PAGES
from gugus.api.api import api
from gugus.api.capabilities import declared_capability, operations
from gugus.fixtures import sign_in_verified

USER_KEYS = [r.value for r in Role] + [r.value + "@other" for r in Role] + ["outsider"]
NAME = "Siti Aminah binti Kasim"


def _patterns(resolver=None, prefix="", namespace=None):
    """(name, route string, view) of every page (the admin and the API have their own guards)."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or str(pattern.pattern).startswith("api/"):
                continue
            yield from _patterns(pattern, prefix + str(pattern.pattern), pattern.namespace or namespace)
        else:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern), pattern.callback


def _api_operations():
    api.urls  # noqa: B018 (building the URLs puts every operation behind its check)
    return [(f"{method} /api{path}", op, router) for method, path, op, router in operations(api)]


def test_the_matrix_lists_every_page_and_operation():
    pages = {name for name, _route, _view in _patterns()}
    assert sorted(pages - set(PAGES)) == [], "pages missing from gugus/accounts/route_matrix.py"
    assert sorted(set(PAGES) - pages) == [], "routes in the matrix that no longer exist"
    operations_ = {key for key, _op, _router in _api_operations()}
    assert sorted(operations_ - set(API)) == [], "API operations missing from gugus/accounts/route_matrix.py"
    assert sorted(set(API) - operations_) == [], "operations in the matrix that no longer exist"


def test_the_matrix_agrees_with_every_declaration():
    for name, _route, view in _patterns():
        target = getattr(view, "view_class", view)
        declared = getattr(view, "required_capability", None) or getattr(target, "required_capability", None)
        assert PAGES[name][0] == declared, name
    for key, op, router in _api_operations():
        assert API[key][0] == declared_capability(op, router), key


def test_every_capability_is_checked_by_some_route_or_service():
    from gugus.accounts.roles import CAPABILITIES

    used = {cap for cap, _scope in PAGES.values()} | {cap for cap, _scope in API.values()}
    # Checked in services only: creating users and issuing tokens (accounts.services), answering a
    # referral (the transition table of referrals.services, behind the referrals.view operations).
    used |= {"accounts.manage", "referrals.respond"}
    assert sorted(set(CAPABILITIES) - used) == []


@pytest.fixture
def world(users, units, open_case, matrix, function):
    """Polda Kepri's case with a victim, a referral from Polda to a third unit, a service by Polda."""
    from gugus.assistance.services import service_record
    from gugus.organisations.models import Agency, Region
    from gugus.organisations.services import unit_create
    from gugus.referrals.services import consent_record, referral_send

    case = open_case()
    victim = case.roles.get(role="victim")
    third = unit_create(
        actor=system_actor("tests"), code="T-KEMENSOS-52", agency=Agency.objects.get(abbreviation="Kemensos"),
        name="Balai Kemensos NTB", kind="provincial", region=Region.objects.get(code="52"),
    )  # fmt: skip
    worker = users["case_worker"]
    rehab = function("social_rehabilitation")
    consent = consent_record(
        actor=worker, victim=victim, recipient_unit=third, function=rehab, scope=["identity"],
        given_on="2025-03-02", method="written",
    )  # fmt: skip
    referral = referral_send(
        actor=worker, victim=victim, function=rehab, to_unit=third, consent=consent, shares=["identity"]
    )
    service = service_record(actor=worker, victim=victim, kind="medical", started_on="2025-03-03")
    return {
        "case": case, "person": victim.person, "victim": victim, "referral": referral, "service": service,
    }  # fmt: skip


def _in_scope(user_key: str) -> bool:
    """Polda's users and the secretariats (national; Kepri's) see Polda's objects."""
    return "@other" not in user_key or user_key.startswith("secretariat")


def _value(kind: str, param: str, converter: str, world) -> str:
    if kind in CHECKED_SCOPES and param.endswith("_id"):
        return str(world[kind].pk)
    return "999999" if converter == "int" or param.endswith("_id") or param == "number" else "nope"


def _web_url(route: str, kind: str, world) -> str:
    def replace(match):
        converter, param = match.group(1) or "str", match.group(2)
        return _value(kind, param, converter, world)

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", replace, route)


def _api_url(key: str, kind: str, world) -> tuple[str, str]:
    method, path = key.split(" ", 1)

    def replace(match):
        converter, param = match.group(1) or "str", match.group(2)
        return _value(kind, param, converter, world)

    return method, re.sub(r"\{(?:(\w+):)?(\w+)\}", replace, path)


@pytest.mark.django_db
@pytest.mark.parametrize("user_key", USER_KEYS)
def test_route_role_scope_matrix(user_key, users, world):
    from gugus.accounts.services import api_token_issue

    user = users[user_key]
    caps = frozenset() if user_key == "outsider" else ROLE_CAPABILITIES[user_key.split("@")[0]]
    web = Client()
    sign_in_verified(web, user)  # the second factor confirmed, as after a real sign-in
    token = api_token_issue(actor=system_actor("tests"), user=user, name="matrix")
    rest = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    secrets = [NAME, world["case"].number, "3212014505900001"]
    unexpected = []

    def check(label, response, capability, kind, retry=None):
        body = response.content.decode("utf-8", "replace")
        status = response.status_code
        if status >= 500:
            unexpected.append((label, status, "server error"))
        elif capability is not None and capability not in caps:
            if status != 403:
                unexpected.append((label, status, f"expected 403 without {capability}"))
        elif kind in CHECKED_SCOPES and not _in_scope(user_key):
            if status == 405 and retry is not None:
                return check(label, retry(), capability, kind)
            if status < 400 or any(s in body for s in secrets):
                unexpected.append((label, status, f"out-of-scope {kind} reached"))
        elif kind == "none" and status in (403, 404):
            unexpected.append((label, status, "refused though the role holds the capability"))

    for name, route, _view in _patterns():
        capability, kind = PAGES[name]
        if capability is None:
            continue
        url = _web_url(route, kind, world)
        check(name, web.get(url), capability, kind, retry=lambda url=url: web.post(url, {}))
    for key in API:
        capability, kind = API[key]
        method, url = _api_url(key, kind, world)
        if method == "GET":
            response = rest.get(url)
        else:
            response = rest.generic(method, url, json.dumps({}), content_type="application/json")
        check(key, response, capability, kind)
    assert unexpected == []
