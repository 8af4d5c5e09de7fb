"""Checks of uploaded files, shared by every app that keeps files: size, extension and content.

The content decides, not the name or the browser's content type: a file's leading bytes must be
those of its type, and an office document (a ZIP container) must hold the part that makes it one
(``word/document.xml`` for DOCX, the ``mimetype`` entry for ODT) when ``deep`` is asked for.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.utils.translation import gettext as _

from gugus.core.errors import ValidationFailed

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
_ZIP = (b"PK\x03\x04",)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
# Extension -> (content type, leading bytes that a real file of that type starts with).
DOCUMENTS_AND_IMAGES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".docx": (DOCX, _ZIP),
    ".odt": (ODT, _ZIP),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}


def _container_holds(uploaded, content_type: str) -> bool:
    """True when the ZIP container is the office document its type says (or the type is no container)."""
    if content_type not in (DOCX, ODT):
        return True
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if content_type == DOCX:
                return "word/document.xml" in names and "[Content_Types].xml" in names
            return "mimetype" in names and archive.read("mimetype").strip() == ODT.encode()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return False


def validate_upload(
    uploaded,
    *,
    field: str = "file",
    allowed: dict[str, tuple[str, tuple[bytes, ...]]] = DOCUMENTS_AND_IMAGES,
    max_bytes: int = MAX_UPLOAD_BYTES,
    deep: bool = False,
) -> tuple[str, str]:
    """Check an uploaded file's size, extension and content; returns (safe name, content type)."""
    if uploaded is None:
        raise ValidationFailed(_("Choose a file."), field=field)
    if uploaded.size > max_bytes:
        raise ValidationFailed(
            _("The file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)}, field=field
        )
    if uploaded.size == 0:
        raise ValidationFailed(_("The file is empty."), field=field)
    name = PurePath(uploaded.name or "").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in allowed:
        raise ValidationFailed(
            _("Files of this type are not accepted (allowed: %(types)s).") % {"types": ", ".join(allowed)},
            field=field,
        )
    content_type, signatures = allowed[suffix]
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if not any(head.startswith(s) for s in signatures) or (deep and not _container_holds(uploaded, content_type)):
        raise ValidationFailed(_("The file's content does not match its type."), field=field)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[-120:] or f"file{suffix}"
    return safe, content_type


class InMemoryUploadHandler(MemoryFileUploadHandler):
    """Every upload stays in memory (never a plaintext temporary file on disk) until it is encrypted;
    request bodies larger than ``GUGUS_MAX_UPLOAD_BYTES`` are refused before they are read."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True
