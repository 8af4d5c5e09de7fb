"""Forms of the function pages; they parse input, the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gugus.core.pickers import PickerField
from gugus.functions.models import FUNCTION_CODE_PATTERN, Assignment, Function
from gugus.organisations.models import Tier
from gugus.organisations.selectors import current_agencies


class FunctionForm(forms.Form):
    code = forms.RegexField(label=_("Code"), regex=FUNCTION_CODE_PATTERN, max_length=80)
    parent = forms.ModelChoiceField(label=_("Parent"), queryset=Function.objects.none(), required=False)
    name_id = forms.CharField(label=_("Name (Bahasa Indonesia)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    at_national = forms.BooleanField(label=_("National tier"), required=False, initial=True)
    at_province = forms.BooleanField(label=_("Province tier"), required=False, initial=True)
    at_regency = forms.BooleanField(label=_("Regency/city tier"), required=False, initial=True)
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, editing: Function | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Function.objects.filter(parent__isnull=True, active=True)
        if editing is not None:
            # The code is what other apps route by: it never changes, nor does the place in the tree.
            for name in ("code", "parent"):
                self.fields[name].disabled = True
                self.fields[name].required = False


class AssignmentForm(forms.Form):
    function = forms.ModelChoiceField(label=_("Function"), queryset=Function.objects.none())
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=current_agencies().order_by("abbreviation"))
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    responsibility = forms.ChoiceField(label=_("Responsibility"), choices=Assignment.Responsibility.choices)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["function"].queryset = Function.objects.filter(active=True, children__isnull=True).order_by(
            "position", "code"
        )
        self.fields["function"].label_from_instance = lambda f: f.name


class RouteForm(forms.Form):
    function = forms.ModelChoiceField(label=_("Function"), queryset=Function.objects.none(), to_field_name="code")
    place = PickerField(
        "place",
        label=_("Region or destination country"),
        help_text=_("A region such as Kabupaten Lombok Barat or a country such as Cambodia"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["function"].queryset = Function.objects.filter(active=True, children__isnull=True).order_by(
            "position", "code"
        )
        self.fields["function"].label_from_instance = lambda f: f.name
