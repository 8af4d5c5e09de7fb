"""Forms of the account pages: roles, units and task forces are chosen by name, never by code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gugus.accounts.roles import Role
from gugus.accounts.services import SET_PASSWORD, TEMPORARY_PASSWORD


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name} — {unit.agency.abbreviation or unit.agency.official_name}"


class TaskForceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, task_force):
        return task_force.name


def _method_field():
    return forms.ChoiceField(
        label=_("How the user gets a password"),
        choices=[
            (TEMPORARY_PASSWORD, _("A temporary password, shown once; the user chooses their own at first sign-in")),
            (SET_PASSWORD, _("A link to set a password, shown once")),
        ],
        initial=TEMPORARY_PASSWORD,
        widget=forms.RadioSelect,
    )


class _PlacementForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *Role.choices])
    unit = UnitChoiceField(label=_("Unit"), queryset=None, required=False, empty_label="—")
    task_force = TaskForceChoiceField(
        label=_("Task force (secretariat users only)"), queryset=None, required=False, empty_label="—"
    )

    def __init__(self, *args, units, task_forces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["task_force"].queryset = task_forces


class UserCreateForm(_PlacementForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=300, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    method = _method_field()

    field_order = ["username", "full_name", "email", "role", "unit", "task_force", "method"]


class UserAssignForm(_PlacementForm):
    pass


class PasswordResetByAdminForm(forms.Form):
    method = _method_field()
