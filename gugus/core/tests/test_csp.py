"""Content-Security-Policy without 'unsafe-inline' on every page (issue 19).

Every page of the route matrix, asked by a user whose role opens it (anonymous for the public
pages), answers with django-csp's header, and its HTML holds nothing the policy refuses: no inline
script without the response's nonce, no on*= handler, no javascript: URL, no <style> element or
style= attribute. The templates are scanned too, so a page the matrix reaches only as a 404 (an
object of its own kind) still cannot carry an inline script.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from gugus.accounts.roles import ROLE_CAPABILITIES, Role
from gugus.accounts.route_matrix import PAGES
from gugus.core.csp import nonce_of, parse_policy, refused_inline_content
from gugus.core.tests.test_route_matrix import _patterns, _web_url, world  # noqa: F401 (the matrix's objects)

GUGUS = Path(settings.BASE_DIR)
# Rendered by WeasyPrint into a PDF on the server, never served to a browser (no CSP applies).
PDF_ONLY = {"reports/annual_report.html"}


def test_the_site_policy_refuses_inline_script_and_style_and_eval():
    policy = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in policy[directive] and "'unsafe-eval'" not in policy[directive]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


def test_the_finder_catches_what_the_policy_refuses_and_allows_data_and_nonces():
    data = '<script src="/static/x.js"></script><script type="application/json">{}</script>'
    assert refused_inline_content(data) == []
    assert refused_inline_content('<script nonce="abc">go()</script>', nonce="abc") == []
    found = refused_inline_content(
        '<script>go()</script><script nonce="zzz">go()</script><select onchange="x()"></select>'
        '<a href="javascript:go()">x</a><p style="color:red"></p><style>p{}</style>',
        nonce="abc",
    )
    assert len(found) == 6, found


def _template_files():
    for path in sorted(GUGUS.rglob("templates/**/*.html")):
        relative = path.as_posix().split("/templates/", 1)[1]
        if relative not in PDF_ONLY:
            yield relative, path


def test_no_template_holds_an_inline_script_handler_or_style():
    problems = []
    for relative, path in _template_files():
        text = path.read_text()
        # Template tags removed, so that {% if %} inside a tag does not hide an attribute.
        html = re.sub(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", "", text, flags=re.S)
        for problem in refused_inline_content(html):
            problems.append((relative, problem))
    assert problems == []


def _user_for(capability, users):
    """A user of the first agency (in scope for the matrix's objects) whose role holds ``capability``."""
    for role in Role:
        if capability in ROLE_CAPABILITIES[role.value]:
            return users[role.value]
    raise AssertionError(f"no role holds {capability}")


def _check(label, response, problems):
    header = response.get("Content-Security-Policy")
    if not header:
        problems.append((label, response.status_code, "no Content-Security-Policy header"))
        return
    policy = parse_policy(header)
    for directive in ("script-src", "style-src", "default-src"):
        if "'unsafe-inline'" in policy.get(directive, []):
            problems.append((label, response.status_code, f"'unsafe-inline' in {directive}"))
    if response.streaming or "text/html" not in response.get("Content-Type", ""):
        return
    for problem in refused_inline_content(response.content.decode("utf-8", "replace"), nonce_of(policy)):
        problems.append((label, response.status_code, problem))


@pytest.mark.django_db
def test_every_page_of_the_matrix_carries_the_policy_and_nothing_it_refuses(users, world):  # noqa: F811
    clients: dict[str, Client] = {}
    problems: list[tuple] = []
    checked = 0
    for name, route, _view in _patterns():
        capability, kind = PAGES[name]
        if capability is None:
            client = Client()
        else:
            user = _user_for(capability, users)
            if user.username not in clients:
                clients[user.username] = Client()
                clients[user.username].force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            client = clients[user.username]
        url = _web_url(route, kind, world)
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url, {})
        _check(name, response, problems)
        checked += 1
    assert checked == len(PAGES)
    assert problems == []


@pytest.mark.django_db
def test_the_api_documentation_and_error_pages_carry_the_policy(users):
    problems: list[tuple] = []
    client = Client()
    client.force_login(users["secretariat_national"], backend="django.contrib.auth.backends.ModelBackend")
    for url in ("/api/docs", "/api/openapi.json", "/no-such-page/", "/static/gugus.js"):
        _check(url, client.get(url), problems)
    assert problems == []
