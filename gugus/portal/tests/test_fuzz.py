"""The report form, fuzzed (Hypothesis, 500 examples): never a server error, never stored markup
that renders, never a half-written report."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gugus.portal.models import PublicReport, ReportAddition, ReportToken
from gugus.portal.text import renders_as_markup

pytestmark = pytest.mark.django_db

MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<!--", "&lt;b&gt;", "&#60;svg&#62;",
          "javascript:alert(1)", "\u202e", "\x00", "\r\n", "<b", "</textarea>", "{{ 7|add:1 }}", "{% now 'Y' %}",
          "' OR 1=1 --", "%(name)s", "\ud7ff", "😀", "ً"]  # fmt: skip
text = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=20)), max_size=8).map("".join),
    st.text(min_size=3990, max_size=4100, alphabet="ab <>&"),
)
choice = st.one_of(st.sampled_from(["", "suspected_case", "job_offer", "21.71", "52", "KH", "MM", "yes", "no"]), text)
phones = st.one_of(st.just(""), st.sampled_from(["0812 7000 4411", "+855 12 345 678", "12"]), text)
banks = st.one_of(st.just(""), st.sampled_from(["BRI 0123-01-000456-50-1", "BCA: 1234567890", "1234"]), text)
socials = st.one_of(st.just(""), st.sampled_from(["t.me/lokerkamboja", "telegram @loker_kh", "@"]), text)
FIELDS = {
    "kind": choice, "what_happened": text, "region": choice, "destination_country": choice,
    "at_risk": text, "child_at_risk": choice, "offer_text": text, "offer_link": text, "phones": phones,
    "bank_accounts": banks, "social_accounts": socials, "contact": text, "website": st.sampled_from(["", "x"]),
}  # fmt: skip
STORED_TEXT = ["what_happened", "at_risk", "offer_text", "offer_link", "phones", "accounts", "contact"]


SLOW_IS_FINE = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]


@settings(max_examples=500, deadline=None, database=None, suppress_health_check=SLOW_IS_FINE)
@given(data=st.fixed_dictionaries(FIELDS), information=text)
def test_the_fuzzed_report_form_never_fails_and_never_stores_markup(reference_data, data, information):
    cache.clear()  # the fuzzer is not the flood test
    before = set(PublicReport.objects.values_list("pk", flat=True))
    client = Client()
    response = client.post("/publik/lapor/", {k: v.replace("\x00", "") for k, v in data.items()})
    assert response.status_code in (200, 400)
    html = response.content.decode()
    # what was sent comes back escaped, as text: never as an element of the page
    assert not re.search(r"<(script|img|svg|iframe|b)\b", html, re.IGNORECASE)
    new = PublicReport.objects.exclude(pk__in=before)
    if response.status_code == 400:
        assert not new.exists()
        return
    report = new.get()
    for name in STORED_TEXT:
        value = getattr(report, name) or ""
        assert not renders_as_markup(value), (name, value)
    assert ReportToken.objects.filter(report=report).count() == len(report.phone_list) + len(report.account_list)
    code = html.split('data-testid="follow-up-code">', 1)[1].split("<", 1)[0]
    added = client.post("/publik/pantau/", {"code": code, "information": information.replace("\x00", "")})
    assert added.status_code in (200, 400)
    for addition in ReportAddition.objects.filter(report=report):
        assert not renders_as_markup(addition.text)
