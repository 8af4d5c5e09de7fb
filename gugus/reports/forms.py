from django import forms
from django.utils.translation import gettext_lazy as _

from gugus.core.pickers import PickerField


class StatisticsFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    region = PickerField("region", label=_("Region"), required=False)
    country = PickerField("country", label=_("Destination country"), required=False)


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor (user name)"), required=False, max_length=150)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=80)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    action = forms.CharField(label=_("Action"), required=False, max_length=80)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    person = forms.IntegerField(label=_("Who viewed this victim (person record number)"), required=False, min_value=1)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ReportRequestForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    five_year = forms.BooleanField(label=_("Five-year report ending in that year"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=[("id", "Bahasa Indonesia"), ("en", "English")])
    format = forms.ChoiceField(label=_("Format"), choices=[("pdf", "PDF"), ("xlsx", "XLSX")])
