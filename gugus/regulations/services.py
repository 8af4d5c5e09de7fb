"""Writes of the regulation workbench: regulations and their versions, each audited."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from gugus.audit.services import audit_record
from gugus.core.errors import ValidationFailed
from gugus.regulations.consolidate import apply_amendment, parse_amendment
from gugus.regulations.models import Regulation, RegulationVersion
from gugus.regulations.parser import RegulationParseError, parse_text, read_document, render

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
_FORMATS = {".txt": RegulationVersion.SourceFormat.TXT, ".docx": RegulationVersion.SourceFormat.DOCX,
            ".pdf": RegulationVersion.SourceFormat.PDF}


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
            raise ValidationFailed(_("The file cannot be opened: %(error)s") % {"error": error},
                                   field="file") from error


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
    regulation = Regulation.objects.create(title=title, short_name=short_name.strip(), note=note.strip(),
                                           created_by=actor if getattr(actor, "pk", None) else None)
    audit_record(actor=actor, action="regulation.create", target=regulation,
                 data={"title": regulation.title, "short_name": regulation.short_name})
    return regulation


@transaction.atomic
def regulation_version_add(*, actor, regulation: Regulation, label: str, kind: str, text: str = "",
                           filename: str = "", content: bytes | None = None,
                           structure=None) -> RegulationVersion:
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
        regulation=regulation, label=label, kind=kind, text=text, source_format=source_format,
        source_filename=Path(filename).name if content is not None else "", article_count=count,
        uploaded_by=actor if getattr(actor, "pk", None) else None, structure=structure,
    )
    audit_record(actor=actor, action="regulation.version_add", target=version,
                 data={"regulation": regulation.pk, "label": label, "kind": kind, "source_format": source_format,
                       "articles": count, "structure": structure.pk if structure else None})
    return version


@transaction.atomic
def regulation_version_link_structure(*, actor, version: RegulationVersion, structure) -> RegulationVersion:
    """Link a version to the task-force structure it defines (or unlink with ``structure=None``)."""
    version = RegulationVersion.objects.select_for_update().get(pk=version.pk)
    previous = version.structure_id
    version.structure = structure
    version.save(update_fields=["structure", "updated_at"])
    audit_record(actor=actor, action="regulation.version_link_structure", target=version,
                 data={"from": previous, "to": structure.pk if structure else None})
    return version


@transaction.atomic
def regulation_version_consolidate(*, actor, base: RegulationVersion, amendments: list[RegulationVersion],
                                   label: str) -> RegulationVersion:
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
    version = regulation_version_add(actor=actor, regulation=base.regulation, label=label,
                                     kind=RegulationVersion.Kind.CONSOLIDATED, text=render(regulation))
    audit_record(actor=actor, action="regulation.version_consolidate", target=version,
                 data={"base": base.pk, "amendments": [amendment.pk for amendment in amendments]})
    return version
