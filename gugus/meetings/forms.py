"""Forms of the meeting pages; they parse input, the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gugus.meetings.models import ActionItem, Meeting
from gugus.organisations.models import Agency, TaskForce
from gugus.organisations.selectors import current_agencies


class MeetingForm(forms.Form):
    task_force = forms.ModelChoiceField(label=_("Task force"), queryset=TaskForce.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    chair = forms.CharField(label=_("Chair"), max_length=200)
    chair_agency = forms.ModelChoiceField(label=_("Chair's agency"), queryset=Agency.objects.all(), required=False)
    participants = forms.ModelMultipleChoiceField(
        label=_("Participating agencies"), queryset=Agency.objects.all(), required=False
    )
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}), required=False)

    def __init__(self, *args, task_forces=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task_force"].queryset = task_forces if task_forces is not None else TaskForce.objects.none()


class MeetingEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    chair = forms.CharField(label=_("Chair"), max_length=200)
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}), required=False)


class ParticipantForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.all())
    representative = forms.CharField(label=_("Represented by"), max_length=200, required=False)


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"))


class AgreementForm(forms.Form):
    text = forms.CharField(label=_("Agreement"), widget=forms.Textarea(attrs={"rows": 2}))


class ActionItemForm(forms.Form):
    description = forms.CharField(label=_("Action item"), widget=forms.Textarea(attrs={"rows": 2}))
    owner_agency = forms.ModelChoiceField(label=_("Owner agency"), queryset=current_agencies())
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    concerns_label = forms.CharField(label=_("Concerns"), max_length=200, required=False)


class ActionItemStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    evidence = forms.CharField(
        label=_("Evidence of completion"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    evidence_file = forms.FileField(label=_("Evidence file"), required=False)
    completed_on = forms.DateField(
        label=_("Completed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
