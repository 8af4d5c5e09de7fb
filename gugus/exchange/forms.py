"""Forms of the exchange pages: parse input only; the services validate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gugus.cases.models import Case
from gugus.exchange.models import ExportRequest
from gugus.referrals.models import Consent, Share

MAX_UPLOAD = 20 * 1024 * 1024
HANDOFF_SHARES = [(c, label) for c, label in Share.choices if c not in (Share.CASE_FILE, Share.JOURNEY)]


class ExportRequestForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=ExportRequest.Format.choices)
    case_status = forms.ChoiceField(
        label=_("Cases"), choices=[("", _("All statuses"))] + list(Case.Status.choices), required=False
    )
    purpose = forms.CharField(
        label=_("Why the data leaves the system"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("HTCDS file (CSV, XLSX or JSON)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".json")):
            raise forms.ValidationError(_("Upload a CSV, XLSX or JSON file."))
        return upload


class HandoffForm(forms.Form):
    recipient = forms.CharField(label=_("Recipient organisation"), max_length=200)
    recipient_country = forms.CharField(label=_("Country of the recipient"), max_length=60, required=False)
    shares = forms.MultipleChoiceField(
        label=_("What to hand over"), choices=HANDOFF_SHARES, widget=forms.CheckboxSelectMultiple
    )
    consent_given_on = forms.DateField(
        label=_("The victim consented on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    consent_method = forms.ChoiceField(label=_("How consent was given"), choices=Consent.Method.choices)
    password = forms.CharField(
        label=_("Password for the recipient"), widget=forms.PasswordInput, min_length=12, max_length=200
    )
    password_again = forms.CharField(label=_("The password again"), widget=forms.PasswordInput, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data
