"""No identifier in a URL, a log line or an error e-mail (issue 19).

Fake identifiers are planted through the search form, the intake API and bad input; errors are
provoked (validation, refused characters, a server error); then every URL the pages hand out,
every log record and every e-mail is searched for them.
"""

import json
import logging

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from gugus.accounts.actors import system_actor
from gugus.accounts.services import api_token_issue
from gugus.cases import selectors

pytestmark = pytest.mark.django_db

# Synthetic, never real: a NIK-shaped number, a phone, a passport number and a name.
PLANTED = ["3171019999990042", "081299990042", "X9990042", "Zulkarnaen Planted"]


def _urls_in(html: str) -> list[str]:
    import re

    return re.findall(r'(?:href|hx-get|hx-post|action)="([^"]*)"', html)


def test_planted_identifiers_never_reach_urls_logs_or_mail(users, units, open_case, client_for, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    # The deployed logging sends these to their own JSON handler; here they also reach the capture.
    for name in ("django.request", "gugus.request"):
        monkeypatch.setattr(logging.getLogger(name), "propagate", True)
    open_case()
    client = client_for(users["case_worker"])
    seen_urls = []
    for value in PLANTED:
        response = client.post(reverse("cases:list"), {"q": value})
        assert response.status_code == 302
        seen_urls.append(response["Location"])
        page = client.get(response["Location"])
        assert page.status_code == 200
        seen_urls += _urls_in(page.content.decode())
        count = client.get(reverse("identity:case_count") + "?" + response["Location"].split("?", 1)[1])
        assert count.status_code == 200
    # A search identifier sent the old way is ignored, not searched (and the page links omit it).
    page = client.get(reverse("cases:list"), {"q": PLANTED[0]})
    assert page.context["search_kind"] == ""
    seen_urls += _urls_in(page.content.decode())

    api = Client(
        HTTP_AUTHORIZATION=f"Bearer {api_token_issue(actor=system_actor('tests'), user=users['case_worker'], name='x')}"
    )
    bad_case = {
        "channel": "embassy",
        "reported_on": "0001-01-01",  # refused: before the minimum
        "exploitation_types": ["online_scam"],
        "victims": [
            {"full_name": PLANTED[3], "sex": "L", "nik": PLANTED[0], "phones": [PLANTED[1]], "passport_no": PLANTED[2]}
        ],
    }
    assert api.post("/api/cases/", data=json.dumps(bad_case), content_type="application/json").status_code == 422
    bad_case["victims"][0]["full_name"] = PLANTED[3] + "\x00"
    assert api.post("/api/cases/", data=json.dumps(bad_case), content_type="application/json").status_code == 422
    assert client.post(reverse("cases:list"), {"q": PLANTED[0] + "\x00"}).status_code == 400

    # A server error in the middle of a search by NIK.
    def explode(*args, **kwargs):
        raise RuntimeError("selector failed")

    monkeypatch.setattr(selectors, "cases_page", explode)
    failing = client_for(users["case_worker"])
    failing.raise_request_exception = False
    location = failing.post(reverse("cases:list"), {"q": PLANTED[0]})["Location"]
    assert failing.get(location).status_code == 500
    seen_urls.append(location)

    # The server error above was answered (500); whatever its logging wrote is searched below.
    logged = "\n".join(
        [r.getMessage() for r in caplog.records] + [logging.Formatter().format(r) for r in caplog.records]
    )
    mails = "\n".join(m.subject + m.body for m in mail.outbox)
    for value in PLANTED:
        for url in seen_urls:
            assert value not in url, url
            assert value.split()[0] not in url
        assert value not in logged
        assert value not in mails
