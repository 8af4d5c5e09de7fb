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


def revision_path(structure) -> list[dict]:
    """Where a draft stands: every stage of the path in order, with its recorded step or None."""
    from gugus.regulations.models import RevisionStep

    steps = {
        step.stage: step
        for step in RevisionStep.objects.filter(structure=structure)
        .select_related("meeting", "agreement", "text")
        .prefetch_related("approved_by")
    }
    path = []
    next_found = False
    for stage in RevisionStep.ORDER:
        step = steps.get(stage)
        is_next = step is None and not next_found
        next_found = next_found or is_next
        path.append({"stage": stage, "label": RevisionStep.Stage(stage).label, "step": step, "is_next": is_next})
    return path
