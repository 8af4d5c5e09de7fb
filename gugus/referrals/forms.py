"""Forms of the referral pages: sending with consent, answering, cancelling."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gugus.core.pickers import PickerField
from gugus.functions.models import Function
from gugus.organisations.models import AgencyUnit
from gugus.referrals.models import Consent, NoGuardianReason, Referral, Share


class SendForm(forms.Form):
    function = forms.ModelChoiceField(
        label=_("Function"), queryset=Function.objects.none(), to_field_name="code", empty_label=None
    )
    place = PickerField(
        "place",
        label=_("Where the victim is served"),
        required=False,
        help_text=_("Blank: the victim's home region, or the destination country for repatriation."),
    )
    to_unit = forms.ModelChoiceField(
        label=_("Receiving unit"), queryset=AgencyUnit.objects.none(), to_field_name="code"
    )
    deviation_reason = forms.CharField(
        label=_("Why another unit than the one the matrix proposes"), required=False, max_length=300
    )
    shares = forms.MultipleChoiceField(
        label=_("What is shared"), choices=Share.choices, widget=forms.CheckboxSelectMultiple
    )
    basis = forms.ChoiceField(
        label=_("Basis for sharing"),
        choices=[("consent", _("The victim's consent")), ("law_enforcement", _("Law-enforcement exception"))],
        initial="consent",
        widget=forms.RadioSelect,
    )
    consent_given_on = forms.DateField(
        label=_("Consent given on"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    consent_method = forms.ChoiceField(label=_("How consent was given"), choices=Consent.Method.choices, required=False)
    # A victim under 18 consents through a parent or guardian, or the reason none can is recorded.
    guardian_name = forms.CharField(label=_("Parent or guardian (victim under 18)"), required=False, max_length=200)
    guardian_relation = forms.CharField(label=_("Relation to the victim"), required=False, max_length=60)
    no_guardian_reason = forms.ChoiceField(
        label=_("Why no parent or guardian consents"),
        choices=[("", "—"), *NoGuardianReason.choices],
        required=False,
    )
    consent_note = forms.CharField(
        label=_("Who decided in the child's best interests"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    legal_basis = forms.CharField(label=_("Legal basis of the exception"), required=False, max_length=200)
    message = forms.CharField(
        label=_("Message to the receiving unit"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        leaves = Function.objects.filter(active=True, children__isnull=True).order_by("position", "code")
        self.fields["function"].queryset = leaves
        self.fields["function"].label_from_instance = lambda f: f.name
        self.fields["to_unit"].queryset = (
            AgencyUnit.objects.filter(active=True).select_related("agency").order_by("agency__abbreviation", "code")
        )
        self.fields["to_unit"].label_from_instance = lambda u: f"{u.agency.abbreviation} — {u.name}"
        if not self.is_bound:
            self.initial.setdefault("consent_given_on", timezone.localdate())


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Referral.DeclineReason.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Referral.Outcome.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Referral.CancelReason.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
