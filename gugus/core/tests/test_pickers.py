"""The shared picker: names in both languages resolve to codes, codes still work, and nothing or
several matching is an error naming the field; the suggestion endpoints answer by name, signed in only."""

import pytest
from django import forms
from django.utils import translation

from gugus.cases.forms import CaseFilterForm
from gugus.core.pickers import LIMIT, PickerField, label, suggest
from gugus.fixtures import sign_in_verified
from gugus.functions.forms import RouteForm

pytestmark = pytest.mark.django_db


class PickForm(forms.Form):
    region = PickerField("region", label="Origin region", required=False)
    country = PickerField("country", label="Destination country", required=False)
    place = PickerField("place", label="Place", required=False)
    unit = PickerField("unit", label="Unit", required=False)
    agency = PickerField("agency", label="Agency", required=False)
    function = PickerField("function", label="Function", required=False)


@pytest.fixture
def catalogue(reference_data):
    from gugus.accounts.actors import system_actor
    from gugus.functions.services import catalogue_load

    catalogue_load(actor=system_actor("tests"))


def _clean(language="en", **data):
    with translation.override(language):
        form = PickForm(data)
        form.is_valid()
        return form


@pytest.mark.parametrize("language", ["en", "id"])
def test_names_resolve_to_codes_in_both_languages(catalogue, units, language):
    country = "Kamboja" if language == "id" else "Cambodia"
    form = _clean(
        language,
        region="Kota Batam, Kepulauan Riau",
        country=country,
        place="Kabupaten Indramayu",
        unit="Polri — Polda Kepulauan Riau",
        agency="Kemensos",
        function="Rehabilitasi sosial dan rumah aman" if language == "id" else "social rehabilitation and shelter",
    )
    assert form.errors == {}
    assert form.cleaned_data["region"] == "21.71"
    assert form.cleaned_data["country"] == "KH"
    assert form.cleaned_data["place"] == "32.12"
    assert form.cleaned_data["unit"] == "T-POLDA-21"
    assert form.cleaned_data["agency"] == "Kemensos"
    assert form.cleaned_data["function"] == "social_rehabilitation"


def test_names_as_people_write_them_and_codes_still_work(catalogue, units):
    form = _clean(
        region="kab. indramayu", country="KH", place="Malaysia", unit="T-DINSOS-21.71", function="social_rehabilitation"
    )
    assert form.errors == {}
    assert form.cleaned_data == {
        "region": "32.12", "country": "KH", "place": "MY", "unit": "T-DINSOS-21.71", "agency": "",
        "function": "social_rehabilitation",
    }  # fmt: skip
    assert _clean(region="21.71", place="52.01").cleaned_data["place"] == "52.01"


@pytest.mark.parametrize(
    ("language", "unknown", "several"),
    [
        ("en", "is not a known name", "matches several names"),
        ("id", "bukan nama yang dikenal", "cocok dengan beberapa"),
    ],
)
def test_unknown_and_ambiguous_names_are_errors_naming_the_field(reference_data, units, language, unknown, several):
    form = _clean(language, region="Atlantis", country="Korea", place="Xyzzyville", unit="Dinas")
    assert set(form.errors) == {"region", "country", "place", "unit"}
    assert form.errors["region"][0].startswith("Origin region: 'Atlantis'") and unknown in form.errors["region"][0]
    assert form.errors["place"][0].startswith("Place:") and unknown in form.errors["place"][0]
    # Korea: North and South; "Dinas": a name that is part of several units, none exactly.
    assert several in form.errors["country"][0] and "Korea" in form.errors["country"][0]
    assert several in form.errors["unit"][0] and "Dinas Sosial Kota Batam" in form.errors["unit"][0]


def test_a_region_name_several_regions_start_with_asks_which(reference_data):
    form = _clean(region="Kepulauan")
    message = form.errors["region"][0]
    assert "Kepulauan Riau" in message and "Kepulauan Seribu" in message


def test_the_page_shows_the_name_never_the_code(reference_data):
    with translation.override("id"):
        html = str(CaseFilterForm({"region": "21.71", "destination_country": "KH"})["region"])
        country = str(CaseFilterForm({"destination_country": "KH"})["destination_country"])
    assert 'value="Kota Batam, Kepulauan Riau"' in html and "21.71" not in html
    assert 'value="Kamboja"' in country and 'data-pick="/pick/country/"' in country
    assert label("place", "MY") == "Malaysia"


def test_the_routing_form_accepts_names(catalogue):
    form = RouteForm({"function": "social_rehabilitation", "place": "Kabupaten Lombok Barat"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["place"] == "52.01"


def test_suggestions_are_bounded(reference_data):
    assert len(suggest("region", "Kabupaten")) == LIMIT
    assert suggest("region", "k") == []  # one letter suggests nothing
    assert suggest("region", "Batam" + "x" * 5000) == []  # only the first characters count
    first = suggest("region", "Batam")[0]
    assert (first.code, first.label) == ("21.71", "Kota Batam, Kepulauan Riau")


@pytest.mark.parametrize("kind", ["region", "country", "place", "unit", "agency", "function"])
def test_the_endpoints_refuse_anonymous_users(client, reference_data, kind):
    response = client.get(f"/pick/{kind}/", {"q": "Bat"})
    assert response.status_code in (302, 403)
    assert b"Batam" not in response.content


def test_the_endpoints_answer_by_name_in_the_users_language(client, users):
    sign_in_verified(client, users["case_worker"])
    regions = client.get("/pick/region/", {"q": "batam"}).json()["results"]
    assert regions[0] == "Kota Batam, Kepulauan Riau"
    client.cookies["django_language"] = "id"
    countries = client.get("/pick/country/", {"q": "kamb"}, headers={"accept-language": "id"}).json()["results"]
    assert countries == ["Kamboja"]
    client.cookies["django_language"] = "en"
    countries = client.get("/pick/country/", {"q": "camb"}, headers={"accept-language": "en"}).json()["results"]
    assert countries == ["Cambodia"]
    units = client.get("/pick/unit/", {"q": "Batam"}).json()["results"]
    assert units and all("Batam" in u and " — " in u for u in units)
    many = client.get("/pick/region/", {"q": "Kabupaten"}).json()["results"]
    assert len(many) == LIMIT


def test_a_compound_is_registered_with_its_country_by_name(client, users):
    from django.urls import reverse

    from gugus.legal.models import Compound

    sign_in_verified(client, users["supervisor"])
    page = client.get(reverse("legal:compounds")).content.decode()
    assert 'data-pick="/pick/country/"' in page and "two-letter" not in page
    client.post(reverse("legal:compounds"), {"name": "Golden Fortune", "country": "Kamboja", "kind": "scam_compound"})
    assert Compound.objects.get(name="Golden Fortune").country == "KH"


def test_suggestions_take_a_fixed_number_of_queries(catalogue, units, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert len(suggest("region", "Kota")) == LIMIT
    with django_assert_max_num_queries(1):
        assert suggest("unit", "Batam")
    with django_assert_max_num_queries(1):
        assert suggest("function", "rehab")
    with django_assert_max_num_queries(1):
        assert suggest("agency", "Kemen")
