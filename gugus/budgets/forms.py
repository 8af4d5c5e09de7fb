"""Forms of the budget pages; amounts are parsed by the services (Indonesian or English notation)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gugus.budgets.models import Revision, Source


class LineForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2008, max_value=2100)
    holder = forms.ChoiceField(label=_("Holder"))
    source = forms.ChoiceField(label=_("Source of funds"), choices=Source.choices)
    source_detail = forms.CharField(label=_("Source detail"), max_length=120, required=False)
    programme_code = forms.CharField(label=_("Programme code"), max_length=40, required=False)
    activity_code = forms.CharField(label=_("Activity code"), max_length=40, required=False)
    output_code = forms.CharField(label=_("Output code"), max_length=40, required=False)
    account_code = forms.CharField(label=_("Account code"), max_length=40, required=False)
    title = forms.CharField(label=_("Description"), max_length=300)
    function = forms.ChoiceField(label=_("Function"), required=False)
    ran_activity = forms.CharField(label=_("National action plan (RAN) activity"), max_length=80, required=False)
    allocated = forms.CharField(label=_("Allocated (Rp)"), max_length=40)

    def __init__(self, *args, holders=(), functions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].choices = holders
        self.fields["function"].choices = [("", "—"), *functions]


class RevisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[c for c in Revision.Kind.choices if c[0] != "original"])
    amount = forms.CharField(label=_("New allocation (Rp)"), max_length=40)
    effective_on = forms.DateField(
        label=_("Effective on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RealisationForm(forms.Form):
    spent_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.CharField(label=_("Amount (Rp)"), max_length=40)
    document_ref = forms.CharField(label=_("Document number (SP2D)"), max_length=80, required=False)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    service_ref = forms.CharField(label=_("Service reference"), max_length=64, required=False)


class FlowForm(forms.Form):
    source = forms.IntegerField(label=_("Funding line (number)"))
    amount = forms.CharField(label=_("Amount (Rp)"), max_length=40)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[("lines", _("Budget lines (pagu)")), ("realisations", _("Realisation"))],
    )
    file = forms.FileField(label=_("XLSX or CSV file"))
