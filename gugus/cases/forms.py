"""Forms of the case pages: they parse input; the services decide what is valid."""

from __future__ import annotations

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from gugus.cases.models import (
    ActKind,
    Assessment,
    Case,
    Channel,
    ExploitationType,
    MeansKind,
    Modus,
    Presence,
    PurposeKind,
)
from gugus.cases.services import NARRATIVE_MAX
from gugus.core.pickers import PickerField
from gugus.organisations.countries import country_choices
from gugus.people.models import CaseRole, Person, Sex

_DATE = forms.DateInput(attrs={"type": "date"})


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=120)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + Case.Status.choices)
    exploitation_type = forms.ChoiceField(
        label=_("Exploitation"), required=False, choices=[("", _("All"))] + ExploitationType.choices
    )
    region = PickerField("region", label=_("Origin region"), required=False)
    destination_country = PickerField("country", label=_("Destination country"), required=False)
    reported_from = forms.DateField(label=_("Reported from"), required=False, widget=_DATE)
    reported_to = forms.DateField(label=_("Reported until"), required=False, widget=_DATE)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class NamedLimitsMixin:
    """Every text limit says which field it is about and how long the text may be."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length:
                template = str(_("%(field)s: write at most %(limit)s characters (now %(show_value)d)."))
                # Django fills in show_value when it validates; the label and the limit are ours.
                field.error_messages["max_length"] = template.replace(
                    "%(field)s", str(field.label).replace("%", "%%")
                ).replace("%(limit)s", number_format(field.max_length, force_grouping=True))


def default_channel(unit) -> str:
    """The channel a unit's reports usually come by: an embassy abroad, a police report at Polri, else a walk-in."""
    if unit is None:
        return Channel.WALK_IN
    if unit.country:
        return Channel.EMBASSY
    if unit.agency.abbreviation.casefold() == "polri":
        return Channel.POLICE_REPORT
    return Channel.WALK_IN


class CaseIntakeForm(NamedLimitsMixin, forms.Form):
    """The case part of the intake (steps 1 and 2)."""

    channel = forms.ChoiceField(label=_("Reporting channel"), choices=Channel.choices)
    reported_on = forms.CharField(label=_("Report date"), widget=_DATE)
    events_from = forms.CharField(label=_("Events from"), required=False, widget=_DATE)
    events_to = forms.CharField(label=_("Events until"), required=False, widget=_DATE)
    exploitation_types = forms.MultipleChoiceField(
        label=_("Exploitation types"), choices=ExploitationType.choices, widget=forms.CheckboxSelectMultiple
    )
    modus = forms.ChoiceField(label=_("Modus"), choices=Modus.choices, required=False)
    # Not strict: a place that is no Kemendagri name is kept as written and flagged (the service).
    origin = PickerField("region", strict=False, label=_("Origin region"), required=False, max_length=120)
    transit_points = forms.CharField(label=_("Transit points"), required=False, max_length=300)
    destination_country = PickerField(
        "country", strict=False, label=_("Destination country"), required=False, max_length=120
    )
    destination_region = forms.CharField(label=_("Destination region or city"), required=False, max_length=120)
    narrative = forms.CharField(
        label=_("Narrative"), required=False, max_length=NARRATIVE_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class PersonFieldsForm(NamedLimitsMixin, forms.Form):
    """A person's fields (step 3 of the intake, and adding a person to a case)."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    aliases = forms.CharField(
        label=_("Aliases (one per line)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False)
    birth_date = forms.CharField(label=_("Birth date"), required=False, widget=_DATE)
    birth_place = forms.CharField(label=_("Birth place"), required=False, max_length=120)
    nik = forms.CharField(label=_("NIK"), required=False, max_length=30)
    phones = forms.CharField(label=_("Phone numbers (comma-separated)"), required=False, max_length=200)
    passport_no = forms.CharField(label=_("Passport number"), required=False, max_length=20)
    address_region = PickerField("region", strict=False, label=_("Address region"), required=False, max_length=120)
    nationality = PickerField(
        "country", strict=False, label=_("Nationality"), required=False, max_length=60, initial="ID"
    )


class VictimForm(PersonFieldsForm):
    age_at_recruitment = forms.IntegerField(label=_("Age at recruitment"), required=False, min_value=0, max_value=120)
    recruited_on = forms.CharField(label=_("Recruited on"), required=False, widget=_DATE)
    disability = forms.CharField(label=_("Disability"), required=False, max_length=200)
    needs = forms.CharField(label=_("Needs"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class CasePersonForm(VictimForm):
    role = forms.ChoiceField(label=_("Role in the case"), choices=CaseRole.Role.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Person.Kind.choices, initial=Person.Kind.INDIVIDUAL)


class TransitionForm(NamedLimitsMixin, forms.Form):
    to_status = forms.ChoiceField(choices=Case.Status.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    close_reason = forms.ChoiceField(
        label=_("Closing reason"), required=False, choices=[("", "—")] + Case.CloseReason.choices
    )
    forwarded_as = forms.ChoiceField(
        label=_("Forwarded as"), required=False, choices=[("", "—")] + Case.OtherOffence.choices
    )


class AssessmentForm(forms.Form):
    victim = forms.TypedChoiceField(label=_("Victim"), coerce=int)
    act = forms.ChoiceField(label=_("Act"), choices=Presence.choices, widget=forms.RadioSelect)
    act_kinds = forms.MultipleChoiceField(
        label=_("Form of the act"), choices=ActKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    act_evidence = forms.CharField(
        label=_("Evidence of the act"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    means = forms.ChoiceField(label=_("Means"), choices=Presence.choices, widget=forms.RadioSelect)
    means_kinds = forms.MultipleChoiceField(
        label=_("Form of the means"), choices=MeansKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    means_evidence = forms.CharField(
        label=_("Evidence of the means"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Presence.choices, widget=forms.RadioSelect)
    purpose_kinds = forms.MultipleChoiceField(
        label=_("Form of the purpose"), choices=PurposeKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    purpose_evidence = forms.CharField(
        label=_("Evidence of the purpose"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    age_at_recruitment = forms.IntegerField(label=_("Age at recruitment"), required=False, min_value=0, max_value=120)
    child_indicators = forms.CharField(
        label=_("Age not established: reasons to believe the victim is a child"),
        help_text=_("Treated as a child until the age is established."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    result = forms.ChoiceField(label=_("Result"), choices=Assessment.Result.choices)
    reason = forms.CharField(label=_("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 3}))
    # The newest assessment of the case when the form was shown: a newer one means a conflict.
    based_on = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, victims=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["victim"].choices = [(role.pk, label) for role, label in victims]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))


def destination_choices():
    return [("", "—")] + country_choices("id")
