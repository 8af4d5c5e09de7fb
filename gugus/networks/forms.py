from django import forms
from django.utils.translation import gettext_lazy as _

from gugus.networks.models import Identifier


class IdentifierForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Identifier.Kind.choices)
    label = forms.CharField(label=_("Bank or platform"), required=False, max_length=40)
    value = forms.CharField(label=_("Account number, handle or address"), max_length=300)
