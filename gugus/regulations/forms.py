"""Forms of the regulation pages: they parse input; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gugus.organisations.models import StructureVersion
from gugus.regulations.models import RegulationVersion


class RegulationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VersionForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=RegulationVersion.Kind.choices)
    file = forms.FileField(label=_("File (.txt, .docx or .pdf)"), required=False)
    text = forms.CharField(label=_("Or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    structure = forms.ModelChoiceField(label=_("Structure version it defines"), required=False,
                                       queryset=StructureVersion.objects.order_by("effective_from", "id"))

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste the text or upload a file."))
        return data


class LinkStructureForm(forms.Form):
    structure = forms.ModelChoiceField(label=_("Structure version it defines"), required=False,
                                       queryset=StructureVersion.objects.order_by("effective_from", "id"))


class ConsolidateForm(forms.Form):
    label = forms.CharField(label=_("Label of the consolidated text"), max_length=200)
    base = forms.ModelChoiceField(label=_("Base"), queryset=RegulationVersion.objects.none())
    amendments = forms.ModelMultipleChoiceField(label=_("Amending regulations, applied in the order of upload"),
                                                queryset=RegulationVersion.objects.none())

    def __init__(self, *args, regulation, **kwargs):
        super().__init__(*args, **kwargs)
        versions = RegulationVersion.objects.filter(regulation=regulation)
        self.fields["base"].queryset = versions.exclude(kind=RegulationVersion.Kind.AMENDMENT)
        self.fields["amendments"].queryset = versions.filter(kind=RegulationVersion.Kind.AMENDMENT)
