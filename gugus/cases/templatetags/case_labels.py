"""Labels for the codes a case's timeline keeps (statuses, results, reasons, roles): people read names."""

from django import template

from gugus.cases.models import ActKind, Assessment, Case, MeansKind, PurposeKind
from gugus.people.models import CaseRole

register = template.Library()


def _label(choices, code):
    return dict(choices).get(code, code) if code else ""


@register.filter
def case_status_label(code: str) -> str:
    return _label(Case.Status.choices, code)


@register.filter
def assessment_result_label(code: str) -> str:
    return _label(Assessment.Result.choices, code)


@register.filter
def close_reason_label(code: str) -> str:
    return _label(Case.CloseReason.choices, code)


@register.filter
def offence_label(code: str) -> str:
    return _label(Case.OtherOffence.choices, code)


@register.filter
def case_role_label(code: str) -> str:
    return _label(CaseRole.Role.choices, code)


@register.filter
def country_label(code: str) -> str:
    """A country's name in the active language (``KH`` → Kamboja / Cambodia); blank stays blank."""
    from django.utils.translation import get_language

    from gugus.organisations.countries import country_name

    return country_name(code, get_language() or "id") if code else ""


def _kinds(choices, codes: str) -> str:
    labels = dict(choices)
    return ", ".join(str(labels.get(code, code)) for code in (codes or "").split(",") if code)


@register.filter
def act_kinds_label(codes: str) -> str:
    """An assessment's kinds of act ("recruiting,transporting") as names, joined."""
    return _kinds(ActKind.choices, codes)


@register.filter
def means_kinds_label(codes: str) -> str:
    return _kinds(MeansKind.choices, codes)


@register.filter
def purpose_kinds_label(codes: str) -> str:
    return _kinds(PurposeKind.choices, codes)
