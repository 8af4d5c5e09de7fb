"""The intake form for daily use: the step of the first error shown, every error where it is, defaults
per unit, limits on every free-text field naming the field, and a long narrative collapsed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from gugus.accounts.actors import system_actor
from gugus.cases import services
from gugus.cases.forms import CaseIntakeForm, VictimForm, default_channel
from gugus.cases.models import Case
from gugus.organisations.models import Agency
from gugus.organisations.services import unit_create

pytestmark = pytest.mark.django_db

GOOD = {
    "channel": "walk_in",
    "reported_on": "2025-03-01",
    "exploitation_types": ["online_scam"],
    "origin": "Kab. Indramayu",
    "destination_country": "Kamboja",
    "narrative": "Rekrutmen lewat Telegram",
    "victim-full_name": "Siti Aminah",
    "victim-sex": "F",
    "victim-birth_date": "1990-05-05",
}


def _post(client, **changes):
    data = {**GOOD, **changes}
    return client.post(reverse("cases:intake"), {k: v for k, v in data.items() if v is not None})


def test_an_error_only_in_step_three_shows_step_three(users, client_for):
    with translation.override("en"):
        response = _post(client_for(users["case_worker"]), **{"victim-full_name": None})
    assert response.status_code == 200 and not Case.objects.exists()
    assert response.context["first_error_step"] == 3
    assert [(e["step"], str(e["label"]), e["id"]) for e in response.context["error_list"]] == [
        (3, "Full name", "id_victim-full_name")
    ]
    body = response.content.decode()
    assert 'data-first-error-step="3"' in body
    assert 'data-testid="intake-errors"' in body and 'href="#id_victim-full_name" data-go="3"' in body


def test_errors_in_several_steps_are_all_listed_first_step_first(users, client_for):
    response = _post(
        client_for(users["case_worker"]),
        exploitation_types=None,
        # (a narrative over 20,000 characters is refused earlier, by the input guard: issue 19)
        **{"victim-full_name": "S" * 201, "victim-nik": "12345"},
    )
    assert response.context["first_error_step"] == 1
    assert [(e["step"], e["id"]) for e in response.context["error_list"]] == [
        (1, "id_exploitation_types_0"),
        (3, "id_victim-full_name"),
        (3, "id_victim-nik"),
    ]
    body = response.content.decode()
    # Each error is rendered beside its own field too, in every step.
    for field in ("exploitation_types", "victim-full_name", "victim-nik"):
        start = body.index(f'data-field="{field}"')
        assert 'class="error"' in body[start : body.index("</div>", body.index(f'id="fb-{field}"', start))], field


def test_no_error_list_before_a_submit(users, client_for):
    response = client_for(users["case_worker"]).get(reverse("cases:intake"))
    assert (response.context["error_list"], response.context["first_error_step"]) == ([], None)
    assert 'data-testid="intake-errors"' not in response.content.decode()


def test_the_channel_defaults_by_unit(users, units, client_for):
    embassy = unit_create(
        actor=system_actor("tests"),
        code="T-KBRI-PNH",
        agency=Agency.objects.get(abbreviation="Kemenlu"),
        name="KBRI Phnom Penh",
        kind="mission",
        country="KH",
    )
    assert [default_channel(u) for u in (units["polda"], units["dinsos"], embassy, None)] == [
        "police_report",
        "walk_in",
        "embassy",
        "walk_in",
    ]
    polda = client_for(users["case_worker"]).get(reverse("cases:intake"))
    assert polda.context["case_form"]["channel"].value() == "police_report"
    assert '<option value="police_report" selected>' in polda.content.decode()
    dinsos = client_for(users["case_worker@other"]).get(reverse("cases:intake"))
    assert dinsos.context["case_form"]["channel"].value() == "walk_in"


@pytest.mark.parametrize(
    ("form_class", "prefix", "field", "limit", "label"),
    [
        (CaseIntakeForm, None, "narrative", 20_000, "Narrative"),
        (CaseIntakeForm, None, "origin", 120, "Origin region"),
        (CaseIntakeForm, None, "transit_points", 300, "Transit points"),
        (VictimForm, "victim", "full_name", 200, "Full name"),
        (VictimForm, "victim", "aliases", 1000, "Aliases (one per line)"),
        (VictimForm, "victim", "needs", 2000, "Needs"),
        (VictimForm, "victim", "disability", 200, "Disability"),
    ],
)
def test_every_text_limit_names_its_field(form_class, prefix, field, limit, label):
    key = f"{prefix}-{field}" if prefix else field
    with translation.override("en"):
        form = form_class({key: "a" * (limit + 1)}, prefix=prefix)
        assert form.is_valid() is False
        grouped = f"{limit:,}"
        assert form.errors[field] == [f"{label}: write at most {grouped} characters (now {limit + 1})."]
    with translation.override("id"):
        form = form_class({key: "a" * (limit + 1)}, prefix=prefix)
        form.is_valid()
        indonesian = f"{limit:,}".replace(",", ".")
        assert form.errors[field] == [
            f"{form.fields[field].label}: tulis paling banyak {indonesian} karakter (sekarang {limit + 1})."
        ]


def test_every_free_text_field_of_the_intake_has_a_limit():
    for form_class in (CaseIntakeForm, VictimForm):
        for name, field in form_class.base_fields.items():
            if type(field).__name__ == "CharField" and getattr(field.widget, "input_type", "") != "date":
                assert field.max_length, f"{form_class.__name__}.{name}"


def test_the_service_refuses_a_narrative_over_the_limit():
    clean = services.case_clean(
        channel="walk_in", reported_on="2025-03-01", exploitation_types=["online_scam"], narrative="x" * 20_001
    )
    assert [(p.field, p.code) for p in clean.errors] == [("narrative", "too_long")]
    ok = services.case_clean(
        channel="walk_in", reported_on="2025-03-01", exploitation_types=["online_scam"], narrative="x" * 20_000
    )
    assert ok.errors == []


def test_a_long_narrative_is_collapsed_on_the_case_page(open_case, users, client_for):
    long_case = open_case(narrative="Kronologi. " * 100)
    short_case = open_case(narrative="Dijanjikan kerja admin.")
    client = client_for(users["case_worker"])
    long_body = client.get(reverse("cases:detail", args=[long_case.pk])).content.decode()
    short_body = client.get(reverse("cases:detail", args=[short_case.pk])).content.decode()
    assert '<details class="narrative" data-testid="narrative"><summary>' in long_body
    assert '<p class="narrative" data-testid="narrative">Dijanjikan kerja admin.</p>' in short_body


def test_closing_reason_and_offence_show_only_for_their_status(open_case, users, client_for):
    case = open_case()
    body = client_for(users["supervisor"]).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert '<label class="if-closed">' in body and '<label class="if-forwarded">' in body
    # the rule lives in a stylesheet (the CSP refuses inline styles), linked from the page
    assert '<link rel="stylesheet" href="/static/cases/cases.css">' in body
    css = Path(finders.find("cases/cases.css")).read_text()
    assert 'form[data-testid="transition-form"]:has(option[value="closed"]:checked) .if-closed' in css
