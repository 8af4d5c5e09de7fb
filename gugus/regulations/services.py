"""Writes of the regulation workbench: regulations and their versions, each audited."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from gugus.accounts.roles import has_capability
from gugus.audit.services import audit_record
from gugus.core.errors import NotFound, PermissionDenied, ValidationFailed
from gugus.regulations.consolidate import apply_amendment, parse_amendment
from gugus.regulations.models import Regulation, RegulationVersion, RevisionStep
from gugus.regulations.parser import RegulationParseError, parse_text, read_document, render

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
_FORMATS = {
    ".txt": RegulationVersion.SourceFormat.TXT,
    ".docx": RegulationVersion.SourceFormat.DOCX,
    ".pdf": RegulationVersion.SourceFormat.PDF,
}


def _parse_error(error: RegulationParseError, field: str) -> ValidationFailed:
    return ValidationFailed(
        _("The text cannot be read at line %(line)s: %(message)s") % {"line": error.line, "message": error.message},
        field=field,
    )


def text_from_upload(*, filename: str, content: bytes) -> tuple[str, str]:
    """The text of an uploaded .txt, .docx or .pdf file and its source format."""
    suffix = Path(filename).suffix.lower()
    if suffix not in _FORMATS:
        raise ValidationFailed(_("Upload a .txt, .docx or .pdf file."), field="file")
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationFailed(_("The file is larger than 10 MB."), field="file")
    if suffix == ".txt":
        try:
            return content.decode("utf-8-sig"), _FORMATS[suffix]
        except UnicodeDecodeError as error:
            raise ValidationFailed(_("The text file is not UTF-8."), field="file") from error
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            return read_document(path), _FORMATS[suffix]
        except RegulationParseError as error:
            raise _parse_error(error, "file") from error
        except Exception as error:  # a damaged DOCX or PDF: the libraries raise many kinds
            raise ValidationFailed(
                _("The file cannot be opened: %(error)s") % {"error": error}, field="file"
            ) from error


def _article_count(text: str, kind: str, field: str) -> int:
    try:
        if kind == RegulationVersion.Kind.AMENDMENT:
            return len(parse_amendment(text).changes)
        return len(parse_text(text).articles())
    except RegulationParseError as error:
        raise _parse_error(error, field) from error


@transaction.atomic
def regulation_create(*, actor, title: str, short_name: str = "", note: str = "") -> Regulation:
    """Start following a regulation."""
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed(_("A regulation needs a title."), field="title")
    regulation = Regulation.objects.create(
        title=title,
        short_name=short_name.strip(),
        note=note.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="regulation.create",
        target=regulation,
        data={"title": regulation.title, "short_name": regulation.short_name},
    )
    return regulation


@transaction.atomic
def regulation_version_add(
    *,
    actor,
    regulation: Regulation,
    label: str,
    kind: str,
    text: str = "",
    filename: str = "",
    content: bytes | None = None,
    structure=None,
) -> RegulationVersion:
    """Store a version from pasted text or an uploaded file; the text must parse (amendments: their Pasal I)."""
    label = " ".join(label.split())
    if not label:
        raise ValidationFailed(_("A version needs a label."), field="label")
    if kind not in RegulationVersion.Kind.values:
        raise ValidationFailed(_("Unknown kind of version."), field="kind")
    if RegulationVersion.objects.filter(regulation=regulation, label=label).exists():
        raise ValidationFailed(_("This regulation already has a version with this label."), field="label")
    if content is not None:
        text, source_format = text_from_upload(filename=filename, content=content)
        field = "file"
    else:
        source_format, field = RegulationVersion.SourceFormat.PASTED, "text"
    if not text.strip():
        raise ValidationFailed(_("Paste the text or upload a file."), field="text")
    count = _article_count(text, kind, field)
    version = RegulationVersion.objects.create(
        regulation=regulation,
        label=label,
        kind=kind,
        text=text,
        source_format=source_format,
        source_filename=Path(filename).name if content is not None else "",
        article_count=count,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        structure=structure,
    )
    audit_record(
        actor=actor,
        action="regulation.version_add",
        target=version,
        data={
            "regulation": regulation.pk,
            "label": label,
            "kind": kind,
            "source_format": source_format,
            "articles": count,
            "structure": structure.pk if structure else None,
        },
    )
    return version


@transaction.atomic
def regulation_version_link_structure(*, actor, version: RegulationVersion, structure) -> RegulationVersion:
    """Link a version to the task-force structure it defines (or unlink with ``structure=None``)."""
    version = RegulationVersion.objects.select_for_update().get(pk=version.pk)
    previous = version.structure_id
    version.structure = structure
    version.save(update_fields=["structure", "updated_at"])
    audit_record(
        actor=actor,
        action="regulation.version_link_structure",
        target=version,
        data={"from": previous, "to": structure.pk if structure else None},
    )
    return version


@transaction.atomic
def regulation_version_consolidate(
    *, actor, base: RegulationVersion, amendments: list[RegulationVersion], label: str
) -> RegulationVersion:
    """Apply amending versions, in order, to a base version and store the consolidated text."""
    if base.kind == RegulationVersion.Kind.AMENDMENT:
        raise ValidationFailed(_("The base must be a full text, not an amending regulation."), field="base")
    if not amendments or any(version.kind != RegulationVersion.Kind.AMENDMENT for version in amendments):
        raise ValidationFailed(_("Choose one or more amending regulations."), field="amendments")
    if any(version.regulation_id != base.regulation_id for version in amendments):
        raise ValidationFailed(_("The amendments belong to another regulation."), field="amendments")
    current = base
    try:
        regulation = parse_text(base.text)
        for current in amendments:
            regulation = apply_amendment(regulation, parse_amendment(current.text))
    except RegulationParseError as error:
        raise ValidationFailed(
            _("%(label)s cannot be applied at line %(line)s: %(message)s")
            % {"label": current.label, "line": error.line, "message": error.message},
            field="amendments",
        ) from error
    version = regulation_version_add(
        actor=actor,
        regulation=base.regulation,
        label=label,
        kind=RegulationVersion.Kind.CONSOLIDATED,
        text=render(regulation),
    )
    audit_record(
        actor=actor,
        action="regulation.version_consolidate",
        target=version,
        data={"base": base.pk, "amendments": [amendment.pk for amendment in amendments]},
    )
    return version


def _check_revision_permission(actor, structure) -> None:
    """The secretariat of the draft's task force (or one above it) with ``regulations.edit``; the
    existing pattern of meetings: actor=None is the system itself (demo loader, commands)."""
    from gugus.meetings.access import task_forces_editable_by

    if actor is None:
        return
    if not has_capability(actor, "regulations.edit"):
        raise PermissionDenied(_("Your role does not allow this."))
    if not task_forces_editable_by(actor).filter(pk=structure.task_force_id).exists():
        raise NotFound(_("No such draft."))
    # A regional draft is its own secretariat's, not the one above it (the structure editing rule).
    from gugus.meetings.access import structure_editable_by

    if not structure_editable_by(actor, structure):
        raise NotFound(_("No such draft."))


@transaction.atomic
def revision_step_record(
    *,
    actor,
    structure,
    stage: str,
    on,
    text: RegulationVersion | None = None,
    meeting=None,
    agreement=None,
    approved_by=(),
    reference: str = "",
) -> RevisionStep:
    """Record the next step of a draft on its path (``RevisionStep``), in order and in date order.

    A Rakor's finalisation and the RTM's approval are recorded against the meeting they happened in
    (its date is the step's date); the RTM's approval also names the agreement of the meeting, the
    ministries that approved and the text approved. Enactment puts the draft in force on its date.
    """
    from gugus.meetings.models import Meeting
    from gugus.organisations.models import StructureVersion
    from gugus.organisations.services import structure_put_in_force

    _check_revision_permission(actor, structure)
    if structure.status != StructureVersion.Status.DRAFT:
        raise ValidationFailed(_("Only a draft moves along the revision path."), field="structure")
    if stage not in RevisionStep.Stage.values:
        raise ValidationFailed(_("Choose the stage."), field="stage")
    done = {step.stage: step for step in RevisionStep.objects.select_for_update().filter(structure=structure)}
    expected = next((s for s in RevisionStep.ORDER if s not in done), None)
    if stage != expected:
        raise ValidationFailed(
            _("The next step of this draft is: %(stage)s.") % {"stage": RevisionStep.Stage(expected).label}
            if expected
            else _("This draft has been enacted."),
            field="stage",
        )
    if not isinstance(on, dt.date):
        try:
            on = dt.date.fromisoformat(str(on or "").strip())
        except ValueError:
            raise ValidationFailed(_("Write the date as YYYY-MM-DD."), field="on") from None
    last = max((step.on for step in done.values()), default=None)
    if last and on < last:
        raise ValidationFailed(_("This step is dated before the previous one (%(date)s).") % {"date": last}, field="on")
    needs_meeting = {
        RevisionStep.Stage.RAKOR_FINALISED: Meeting.Kind.RAKOR,
        RevisionStep.Stage.RTM_APPROVED: Meeting.Kind.MINISTERIAL,
    }
    if stage in needs_meeting:
        if meeting is None or meeting.kind != needs_meeting[stage] or meeting.task_force_id != structure.task_force_id:
            raise ValidationFailed(_("Choose the meeting of this task force where it was decided."), field="meeting")
        if meeting.held_on != on:
            raise ValidationFailed(_("The step is dated the day of its meeting."), field="on")
    approvers = list(approved_by or [])
    if stage == RevisionStep.Stage.RTM_APPROVED:
        if agreement is None or agreement.meeting_id != meeting.pk:
            raise ValidationFailed(_("Choose the meeting's agreement that records the approval."), field="agreement")
        if text is None or text.kind != RegulationVersion.Kind.DRAFT:
            raise ValidationFailed(_("Choose the draft text the ministers approved."), field="text")
        if not approvers:
            raise ValidationFailed(_("Name the ministries that approved it."), field="approved_by")
    if stage == RevisionStep.Stage.ENACTED and not str(reference or "").strip():
        raise ValidationFailed(_("Name the regulation that enacted the structure."), field="reference")
    step = RevisionStep.objects.create(
        structure=structure,
        stage=stage,
        on=on,
        text=text,
        meeting=meeting,
        agreement=agreement,
        reference=str(reference or "").strip()[:300],
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    if approvers:
        step.approved_by.set(approvers)
    if stage == RevisionStep.Stage.ENACTED:
        structure_put_in_force(actor=actor, structure=structure, on=on, regulation=step.reference)
    audit_record(
        actor=actor,
        action="revision.step",
        target=step,
        data={
            "structure": structure.key,
            "stage": stage,
            "on": on.isoformat(),
            "meeting": getattr(meeting, "pk", None),
        },
    )
    return step
