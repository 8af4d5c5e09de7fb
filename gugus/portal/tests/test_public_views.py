"""The public pages: what they show, what they refuse, their weight and their headers."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import URLPattern, get_resolver

from gugus.audit.models import AuditEntry
from gugus.core.csp import parse_policy
from gugus.portal.models import PublicReport, ReportAddition
from gugus.portal.security import PORTAL_POLICY

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/publik/", "/publik/lapor/", "/publik/pantau/", "/publik/cek/",
                "/publik/panduan/tanda-tppo/", "/publik/panduan/penipuan-kerja-online/"]  # fmt: skip
FORM = {
    "kind": "job_offer",
    "what_happened": "Ditawari kerja admin di Kamboja lewat Facebook.",
    "region": "21.71",
    "destination_country": "KH",
    "child_at_risk": "",
    "phones": "0812 7000 4411",
    "website": "",
}


def _post_report(client, **overrides):
    return client.post("/publik/lapor/", {**FORM, **overrides})


def _code(response) -> str:
    match = re.search(r'data-testid="follow-up-code">([A-Z0-9-]+)<', response.content.decode())
    assert match, "no follow-up code on the page"
    return match.group(1)


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_public_page_is_light_scriptless_and_has_its_own_csp(reference_data, language):
    client = Client()
    client.cookies["django_language"] = language
    css = Path(finders.find("portal/portal.css")).read_bytes()
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        assert stylesheets == ["/static/portal/portal.css"], url
        assert len(response.content) + len(css) < 100 * 1024, (url, len(response.content))
        assert "<script" not in html.lower(), url
        assert not re.search(r"<[^>]+\son[a-z]+=", html), url  # no inline handlers either
        assert "http://" not in html and "https://" not in html, url  # nothing fetched from elsewhere
        assert parse_policy(response["Content-Security-Policy"]) == PORTAL_POLICY  # django-csp wrote it
        assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "same-origin"
        assert "/cases/" not in html and "/accounts/" not in html and 'data-testid="logout"' not in html
        assert f'<html lang="{language}">' in html


def test_public_urls_are_served_only_by_public_views():
    from gugus.portal import public_urls, public_views

    for pattern in public_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        assert pattern.callback.__module__ == public_views.__name__
        assert getattr(pattern.callback, "portal_public", False)

    # and no other route of the project is served by a public view, nor a public view by another prefix
    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern), p.callback

    for route, callback in walk(get_resolver().url_patterns):
        if getattr(callback, "portal_public", False):
            assert route.startswith("publik/"), route
        if route.startswith("publik/"):
            assert getattr(callback, "portal_public", False), route


def test_public_templates_never_extend_the_internal_base():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "templates" / "portal" / "public"
    for template in folder.glob("*.html"):
        text = template.read_text()
        assert '"base.html"' not in text and "caps" not in text and "user." not in text, template.name


def test_an_anonymous_report_gives_a_code_once_then_status_and_additions(reference_data):
    client = Client()
    response = _post_report(client)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    code = _code(response)
    report = PublicReport.objects.get()
    assert report.anonymous and report.region_id == "21.71" and report.phone_list == ["+6281270004411"]
    assert code not in str(PublicReport.objects.values_list().get())
    status = client.post("/publik/pantau/", {"code": code.lower()})
    page = status.content.decode()
    assert status.status_code == 200 and 'data-status="received"' in page
    # nothing the reporter wrote comes back
    assert "Kamboja" not in page and "4411" not in page and "Facebook" not in page
    added = client.post("/publik/pantau/", {"code": code, "information": "Perekrut ganti nomor."})
    assert added.status_code == 200 and 'data-testid="added"' in added.content.decode()
    assert "Perekrut ganti nomor" not in added.content.decode()
    assert ReportAddition.objects.get(report=report).text == "Perekrut ganti nomor."


def test_an_unknown_code_is_refused_without_detail(reference_data):
    response = Client().post("/publik/pantau/", {"code": "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA"})
    assert response.status_code == 404 and b"data-status" not in response.content


def test_form_errors_name_the_field_and_write_nothing(reference_data):
    response = _post_report(Client(), phones="12")
    assert response.status_code == 400
    assert "Baris 1 bukan nomor telepon yang mungkin." in response.content.decode()
    assert PublicReport.objects.count() == 0


def test_the_honeypot_refuses_robots(reference_data):
    response = _post_report(Client(), website="http://spam.example")
    assert response.status_code == 400 and PublicReport.objects.count() == 0


def test_flooding_the_report_form_from_one_address_is_rate_limited(reference_data):
    client = Client(REMOTE_ADDR="203.0.113.7")
    statuses = [_post_report(client).status_code for _ in range(8)]
    assert statuses == [200] * 5 + [429] * 3
    assert PublicReport.objects.count() == 5
    assert b'data-testid="rate-limited"' in _post_report(client).content
    # another address is not affected
    assert _post_report(Client(REMOTE_ADDR="203.0.113.8")).status_code == 200
    assert AuditEntry.objects.filter(action="portal.report_submit").count() == 6


def test_guessing_codes_is_rate_limited_per_code_and_per_address(reference_data):
    client = Client(REMOTE_ADDR="198.51.100.1")
    code = _code(_post_report(client))
    others = [Client(REMOTE_ADDR=f"198.51.100.{i}") for i in range(2, 14)]
    statuses = [c.post("/publik/pantau/", {"code": code}).status_code for c in others]
    assert statuses == [200] * 10 + [429] * 2  # ten look-ups of one code per hour, from anywhere
    guesser = Client(REMOTE_ADDR="198.51.100.99")
    wrong = [f"AAAAA-AAAAA-AAAAA-AAAAA-AAA{a}{b}" for a in "23456789" for b in "2345"]
    guesses = [guesser.post("/publik/pantau/", {"code": code}).status_code for code in wrong]
    assert guesses == [404] * 30 + [429] * 2


def test_an_empty_or_oversized_addition_is_refused_on_the_status_page(reference_data):
    client = Client()
    code = _code(_post_report(client))
    empty = client.post("/publik/pantau/", {"code": code, "information": ""})
    assert empty.status_code == 400 and 'data-status="received"' in empty.content.decode()
    huge = client.post("/publik/pantau/", {"code": code, "information": "x" * 2001})
    assert huge.status_code == 400 and ReportAddition.objects.count() == 0
