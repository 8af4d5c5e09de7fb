"""One picker for every region, country, unit, agency and function: chosen by name, never by code.

``PickerField(kind)`` renders a text input whose suggestions come, as the user types, from
``/pick/<kind>/?q=…`` (gugus.js fills the list; no inline script). What is submitted is the name
shown (or, for power users and the API, the code); the field resolves it to the code: a Kemendagri
region code, an ISO country code, a unit code, an agency abbreviation or a function code. Nothing
or several matching is an error that names the field. Kinds:

- ``region``: provinces and regencies/cities, shown with their province ("Kota Batam, Kepulauan Riau");
- ``country``: countries in the user's language;
- ``place``: a region or a destination country (routing, referrals);
- ``unit``, ``agency``, ``function``: active units, agencies, leaf functions.

``strict=False`` (the intake) lets an unknown place through as written, for the service to keep
and flag, as the intake always did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gugus.organisations.countries import _fold, country_choices, country_code, country_name

LIMIT = 20  # suggestions per answer
QUERY_MAX = 60  # characters of a query that are looked at
KINDS = ("region", "country", "place", "unit", "agency", "function")
_REGION_CODE = re.compile(r"\d{2}(\.\d{2}){0,2}")
_LEVELS = ("province", "regency")


def _language() -> str:
    return get_language() or "id"


@dataclass(frozen=True)
class Match:
    code: str
    label: str


class Ambiguous(Exception):
    def __init__(self, labels: list[str]):
        self.labels = labels


# --- regions -------------------------------------------------------------------------------------


def _region_label(region) -> str:
    parent = region.parent
    return f"{region.name}, {parent.name}" if parent is not None else region.name


def _regions():
    from gugus.organisations.models import Region

    return Region.objects.filter(level__in=_LEVELS).select_related("parent")


def _region_suggest(query: str) -> list[Match]:
    name = query.split(",")[0].strip()
    if not name:
        return []
    qs = _regions().filter(name__icontains=name)
    first = list(qs.filter(name__istartswith=name).order_by("level", "name")[:LIMIT])
    rest = list(qs.exclude(name__istartswith=name).order_by("level", "name")[: LIMIT - len(first)])
    return [Match(r.code, _region_label(r)) for r in first + rest]


def _region_resolve(text: str) -> str | None:
    from gugus.linkage.normalise import normalise_region
    from gugus.organisations.models import Region

    if _REGION_CODE.fullmatch(text):
        return text if Region.objects.filter(code=text).exists() else None
    name, _comma, parent = (part.strip() for part in text.partition(","))
    qs = _regions().filter(name__iexact=name)
    if parent:
        qs = qs.filter(parent__name__iexact=parent)
    found = list(qs[:2])
    if len(found) == 1:
        return found[0].code
    if len(found) > 1:
        raise Ambiguous([_region_label(r) for r in found])
    code = normalise_region(text)
    if code:
        return code
    near = _region_suggest(name)
    if near:
        raise Ambiguous([m.label for m in near])
    return None


# --- countries -----------------------------------------------------------------------------------


def _country_suggest(query: str) -> list[Match]:
    folded = _fold(query)
    if not folded:
        return []
    choices = country_choices(_language())
    first = [Match(c, n) for c, n in choices if _fold(n).startswith(folded)]
    rest = [Match(c, n) for c, n in choices if folded in _fold(n) and not _fold(n).startswith(folded)]
    return (first + rest)[:LIMIT]


def _country_resolve(text: str) -> str | None:
    code = country_code(text)
    if code:
        return code
    near = _country_suggest(text)
    if near:
        raise Ambiguous([m.label for m in near])
    return None


# --- places (a region or a country) --------------------------------------------------------------


def _place_suggest(query: str) -> list[Match]:
    return (_region_suggest(query) + _country_suggest(query))[:LIMIT]


def _place_resolve(text: str) -> str | None:
    if _REGION_CODE.fullmatch(text):
        return _region_resolve(text)
    code = country_code(text)
    if code:
        return code
    return _region_resolve(text)


# --- units, agencies, functions ------------------------------------------------------------------


def _units():
    from gugus.organisations.models import AgencyUnit

    return AgencyUnit.objects.filter(active=True).select_related("agency")


def _unit_label(unit) -> str:
    return f"{unit.agency.abbreviation} — {unit.name}"


def _unit_suggest(query: str) -> list[Match]:
    text = query.split("—")[-1].strip()
    if not text:
        return []
    qs = (
        _units()
        .filter(Q(name__icontains=text) | Q(agency__abbreviation__iexact=text))
        .order_by("agency__abbreviation", "name")
    )
    return [Match(u.code, _unit_label(u)) for u in qs[:LIMIT]]


def _unit_resolve(text: str) -> str | None:
    by_code = _units().filter(code__iexact=text).first()
    if by_code:
        return by_code.code
    abbreviation, dash, name = (part.strip() for part in text.partition("—"))
    qs = _units().filter(agency__abbreviation__iexact=abbreviation, name__iexact=name) if dash else None
    if not dash:
        qs = _units().filter(name__iexact=text)
    found = list(qs[:LIMIT])
    if len(found) == 1:
        return found[0].code
    near = found or list(_units().filter(name__icontains=name or text)[:LIMIT])
    if near:
        raise Ambiguous([_unit_label(u) for u in near])
    return None


def _agencies():
    from gugus.organisations.models import Agency

    return Agency.objects.all()


def _agency_label(agency) -> str:
    return f"{agency.abbreviation} — {agency.official_name}"


def _agency_suggest(query: str) -> list[Match]:
    text = query.split("—")[0].strip()
    if not text:
        return []
    qs = _agencies().filter(Q(abbreviation__icontains=text) | Q(official_name__icontains=text))
    return [Match(a.abbreviation, _agency_label(a)) for a in qs.order_by("abbreviation")[:LIMIT]]


def _agency_resolve(text: str) -> str | None:
    abbreviation = text.partition("—")[0].strip()
    found = list(_agencies().filter(Q(abbreviation__iexact=abbreviation) | Q(official_name__iexact=text))[:LIMIT])
    if len(found) == 1:
        return found[0].abbreviation
    near = found or list(_agencies().filter(official_name__icontains=text)[:LIMIT])
    if near:
        raise Ambiguous([_agency_label(a) for a in near])
    return None


def _functions():
    from gugus.functions.models import Function

    return Function.objects.filter(active=True, children__isnull=True)


def _function_suggest(query: str) -> list[Match]:
    text = query.strip()
    if not text:
        return []
    qs = _functions().filter(Q(name_id__icontains=text) | Q(name_en__icontains=text)).order_by("position", "code")
    return [Match(f.code, f.name) for f in qs[:LIMIT]]


def _function_resolve(text: str) -> str | None:
    found = list(_functions().filter(Q(code=text) | Q(name_id__iexact=text) | Q(name_en__iexact=text))[:LIMIT])
    if len(found) == 1:
        return found[0].code
    near = found or list(_functions().filter(Q(name_id__icontains=text) | Q(name_en__icontains=text))[:LIMIT])
    if near:
        raise Ambiguous([f.name for f in near])
    return None


_SUGGEST = {
    "region": _region_suggest,
    "country": _country_suggest,
    "place": _place_suggest,
    "unit": _unit_suggest,
    "agency": _agency_suggest,
    "function": _function_suggest,
}
_RESOLVE = {
    "region": _region_resolve,
    "country": _country_resolve,
    "place": _place_resolve,
    "unit": _unit_resolve,
    "agency": _agency_resolve,
    "function": _function_resolve,
}


def suggest(kind: str, query: str) -> list[Match]:
    """At most ``LIMIT`` names of ``kind`` matching ``query`` (its first ``QUERY_MAX`` characters)."""
    query = " ".join(str(query or "")[:QUERY_MAX].split())
    return _SUGGEST[kind](query) if len(query) >= 2 else []


def resolve(kind: str, text: str) -> str | None:
    """The code a name (or code) of ``kind`` stands for; None if unknown; raises Ambiguous."""
    text = " ".join(str(text or "").split())
    return _RESOLVE[kind](text) if text else None


def code_or_text(kind: str, text: str) -> str:
    """The code a name stands for, else the text as written (for the service to refuse by name)."""
    try:
        return resolve(kind, text) or str(text or "")
    except Ambiguous:
        return str(text or "")


def label(kind: str, code: str) -> str:
    """The name shown for a code (the code itself when it names nothing of ``kind``)."""
    from gugus.organisations.models import Region

    if not code:
        return ""
    if kind in ("region", "place") and _REGION_CODE.fullmatch(code):
        region = Region.objects.select_related("parent").filter(code=code).first()
        return _region_label(region) if region else code
    if kind in ("country", "place") and len(code) == 2:
        return country_name(code, _language())
    if kind == "unit":
        unit = _units().filter(code=code).first()
        return _unit_label(unit) if unit else code
    if kind == "agency":
        agency = _agencies().filter(abbreviation=code).first()
        return _agency_label(agency) if agency else code
    if kind == "function":
        function = _functions().filter(code=code).first()
        return function.name if function else code
    return code


# --- the form widget and field -------------------------------------------------------------------


class PickerWidget(forms.TextInput):
    """A text input with a suggestion list filled by gugus.js from the kind's endpoint."""

    def __init__(self, kind: str, attrs=None):
        self.kind = kind
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-pick"] = reverse(f"pick:{self.kind}")
        widget_attrs["role"] = "combobox"
        widget_attrs["aria-autocomplete"] = "list"
        widget_attrs["aria-expanded"] = "false"
        if widget_attrs.get("id"):
            widget_attrs["aria-controls"] = f"{widget_attrs['id']}-choices"
        return context

    def format_value(self, value):
        # A code (initial data, a filter in the address) is shown as its name.
        text = super().format_value(value)
        return label(self.kind, text) if text else text

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        element_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        return format_html(
            '<span class="picker">{}<ul class="picker-choices" id="{}-choices" role="listbox" hidden></ul></span>',
            html,
            element_id,
        )


class PickerField(forms.CharField):
    """A region, country, place, unit, agency or function chosen by name; cleans to its code ("" when blank)."""

    def __init__(self, kind: str, *, strict: bool = True, **kwargs):
        if kind not in KINDS:
            raise KeyError(kind)
        self.kind = kind
        self.strict = strict
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("widget", PickerWidget(kind))
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return ""
        try:
            code = resolve(self.kind, text)
        except Ambiguous as ambiguous:
            if not self.strict:
                return text
            shown = ambiguous.labels[:5]
            raise forms.ValidationError(
                _("%(field)s: '%(text)s' matches several names; choose one: %(choices)s.")
                % {"field": self.label, "text": text[:60], "choices": "; ".join(shown)},
                code="ambiguous",
            ) from None
        if code is None:
            if not self.strict:
                return text
            raise forms.ValidationError(
                _("%(field)s: '%(text)s' is not a known name; choose one from the list.")
                % {"field": self.label, "text": text[:60]},
                code="unknown",
            )
        return code
