"""Forms of the service pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gugus.assistance.models import FollowUp, Kind, Restitution, Service
from gugus.core.pickers import PickerField

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ServiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service"), choices=Kind.choices)
    started_on = forms.DateField(label=_("Started on"), **DATE)
    ended_on = forms.DateField(label=_("Ended on"), required=False, **DATE)
    status = forms.ChoiceField(label=_("Status"), choices=Service.Status.choices, initial=Service.Status.ONGOING)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Service.Outcome.choices], required=False)
    cost = forms.CharField(label=_("Cost (Rp)"), required=False, max_length=30)
    from_country = PickerField("country", label=_("Came back from"), required=False)
    to_region = PickerField("region", label=_("Home region reached"), required=False)
    requested_amount = forms.CharField(label=_("Restitution requested (Rp)"), required=False, max_length=30)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ServiceUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=Service.Status.choices)
    ended_on = forms.DateField(label=_("Ended on"), required=False, **DATE)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Service.Outcome.choices], required=False)
    cost = forms.CharField(label=_("Cost (Rp)"), required=False, max_length=30)


class RestitutionForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[
            ("assessed", Restitution.Stage.ASSESSED.label),
            (Restitution.Stage.INDICTED, Restitution.Stage.INDICTED.label),
            (Restitution.Stage.VERDICT, Restitution.Stage.VERDICT.label),
            ("final_notified", _("Final verdict notified (14 days to pay)")),
            (Restitution.Stage.PARTLY_PAID, _("A payment")),
            ("court_warning", _("Not paid in time: the court's written warning")),
            (Restitution.Stage.SUBSTITUTE_DETENTION, Restitution.Stage.SUBSTITUTE_DETENTION.label),
            (Restitution.Stage.REFUSED, Restitution.Stage.REFUSED.label),
        ],
    )
    amount = forms.CharField(label=_("Amount (Rp)"), required=False, max_length=30)
    on = forms.DateField(label=_("Date"), **DATE)
    court_reference = forms.CharField(label=_("Court decision number"), required=False, max_length=120)


class FollowUpForm(forms.Form):
    on = forms.DateField(label=_("Date"), **DATE)
    situation = forms.ChoiceField(label=_("Situation"), choices=FollowUp.Situation.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
