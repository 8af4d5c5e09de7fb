"""Reads of the regulation workbench: lists and comparisons of stored versions."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from gugus.core.errors import ValidationFailed
from gugus.regulations.compare import Comparison, compare
from gugus.regulations.models import Regulation, RegulationVersion
from gugus.regulations.parser import Regulation as ParsedRegulation
from gugus.regulations.parser import RegulationParseError, parse_text


def regulations_list() -> QuerySet[Regulation]:
    return Regulation.objects.annotate(version_count=Count("versions")).order_by("title", "id")


def version_parsed(version: RegulationVersion) -> ParsedRegulation:
    """The stored text parsed; amending regulations are not full texts and are refused."""
    if version.kind == RegulationVersion.Kind.AMENDMENT:
        raise ValidationFailed(_("%(label)s is an amending regulation; compare full texts (consolidate it first).")
                               % {"label": version.label})
    try:
        return parse_text(version.text)
    except RegulationParseError as error:
        raise ValidationFailed(_("%(label)s cannot be read at line %(line)s: %(message)s")
                               % {"label": version.label, "line": error.line, "message": error.message}) from error


def versions_compare(base: RegulationVersion, draft: RegulationVersion) -> Comparison:
    """Compare two stored full texts."""
    return compare(version_parsed(base), version_parsed(draft))
