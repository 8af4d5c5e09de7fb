"""Files kept with a case: uploaded by its reporting unit, encrypted at rest, downloaded by who may see
personal data of the case, limited in size and type (by content), every upload and download audited."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from gugus.audit.models import AuditEntry
from gugus.cases import services
from gugus.cases.models import CaseAttachment
from gugus.core.crypto import DecryptionFailed, associated_data, decrypt_bytes
from gugus.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Title (Paspor Siti Aminah C1234567) >> endobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32 + b"\xff\xd9"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>Wawancara</w:document>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def add(case, actor, name="paspor.pdf", data=PDF, kind="passport", title="Paspor Siti"):
    return services.attachment_add(actor=actor, case=case, uploaded=upload(name, data), kind=kind, title=title)


# --- the service ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("paspor.pdf", PDF, "application/pdf"),
        ("foto.png", PNG, "image/png"),
        ("foto.JPG", JPEG, "image/jpeg"),
        ("wawancara.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("persetujuan.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_accepted_types_are_kept_and_read_back(open_case, users, name, data, content_type):
    case = open_case()
    attachment = add(case, users["case_worker"], name=name, data=data)
    assert (attachment.content_type, attachment.size, attachment.file_name) == (content_type, len(data), name)
    found, content = services.attachment_open(actor=users["supervisor"], case=case, attachment_id=attachment.pk)
    assert (found.pk, content) == (attachment.pk, data)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("paspor.pdf", b"MZ\x90\x00 an executable", "The file's content does not match its type."),
        ("wawancara.docx", XLSX, "The file's content does not match its type."),  # a ZIP, not a document
        ("wawancara.docx", b"PK\x03\x04 broken", "The file's content does not match its type."),
        ("catatan.odt", DOCX, "The file's content does not match its type."),
        (
            "skrip.html",
            b"<script>",
            "Files of this type are not accepted (allowed: .pdf, .docx, .odt, .png, .jpg, .jpeg).",
        ),
        ("kosong.pdf", b"", "The file is empty."),
        ("besar.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024 - 3), "The file is larger than 10 MB."),
    ],
)
def test_limits_refuse_by_content_and_size(open_case, users, name, data, message):
    case = open_case()
    with pytest.raises(ValidationFailed) as error:
        add(case, users["case_worker"], name=name, data=data)
    assert (error.value.field, str(error.value.message)) == ("file", message)
    assert not CaseAttachment.objects.exists()
    assert not AuditEntry.objects.filter(action="case.attachment_add").exists()


def test_ten_megabytes_exactly_are_accepted(open_case, users):
    data = b"%PDF" + b"0" * (10 * 1024 * 1024 - 4)
    attachment = add(open_case(), users["case_worker"], data=data)
    assert attachment.size == 10 * 1024 * 1024


def test_kind_and_title_are_checked_by_field(open_case, users):
    case = open_case()
    with pytest.raises(ValidationFailed) as error:
        add(case, users["case_worker"], kind="selfie")
    assert error.value.field == "kind"
    with pytest.raises(ValidationFailed) as error:
        add(case, users["case_worker"], title="x" * 201)
    assert error.value.field == "title"
    assert add(case, users["case_worker"], title="").title == "paspor.pdf"


def test_the_bytes_at_rest_are_not_the_plaintext(open_case, users):
    case = open_case()
    attachment = add(case, users["case_worker"], title="Paspor Siti Aminah")
    with connection.cursor() as cursor:
        cursor.execute("SELECT content, title, file_name FROM cases_caseattachment WHERE id = %s", [attachment.pk])
        content, title, file_name = cursor.fetchone()
    content = bytes(content)
    assert content.startswith(b"gv1:")
    assert b"Siti" not in content and b"%PDF" not in content and b"C1234567" not in content
    assert len(content) == len(b"gv1:") + len(content.split(b":", 2)[1]) + 1 + 12 + len(PDF) + 16
    assert title.startswith("gv1:") and "Siti" not in title
    assert file_name.startswith("gv1:") and "paspor" not in file_name
    # Bound to its row: the same bytes do not open as another row's content.
    other = add(case, users["case_worker"], name="lain.png", data=PNG)
    with pytest.raises(DecryptionFailed):
        decrypt_bytes(content, aad=associated_data("cases_caseattachment", "content", other.uuid))
    assert decrypt_bytes(content, aad=associated_data("cases_caseattachment", "content", attachment.uuid)) == PDF


def test_upload_and_download_are_audited(open_case, users):
    case = open_case()
    attachment = add(case, users["case_worker"])
    added = AuditEntry.objects.get(action="case.attachment_add")
    assert (added.actor, added.kind, added.object_type, added.object_id) == (
        users["case_worker"],
        "change",
        "cases.caseattachment",
        str(attachment.pk),
    )
    assert added.data == {"case": case.pk, "kind": "passport", "content_type": "application/pdf", "size": len(PDF)}
    for who in ("supervisor", "secretariat_national"):
        services.attachment_open(actor=users[who], case=case, attachment_id=attachment.pk)
    reads = AuditEntry.objects.filter(action="read.attachment", object_id=str(attachment.pk)).order_by("sequence")
    assert [(e.actor, e.kind, e.data) for e in reads] == [
        (users["supervisor"], "read", {"fields": ["content"]}),
        (users["secretariat_national"], "read", {"fields": ["content"]}),
    ]


def test_who_may_upload_and_open_in_the_service(open_case, users):
    case = open_case()
    with pytest.raises(NotFound):
        add(case, users["case_worker@other"])
    with pytest.raises(PermissionDenied):
        add(case, users["secretariat_national"])
    attachment = add(case, users["case_worker"])
    with pytest.raises(NotFound):
        services.attachment_open(actor=users["supervisor@other"], case=case, attachment_id=attachment.pk)
    with pytest.raises(PermissionDenied):
        services.attachment_open(actor=users["analyst"], case=case, attachment_id=attachment.pk)
    with pytest.raises(NotFound):
        services.attachment_open(actor=users["supervisor"], case=case, attachment_id="nope")
    assert not AuditEntry.objects.filter(action="read.attachment").exists()


def test_a_closed_case_takes_no_more_files(open_case, users):
    case = open_case()
    case.status = "closed"
    case.save(update_fields=["status"])
    with pytest.raises(Conflict):
        add(case, users["case_worker"])


# --- the pages: every role ----------------------------------------------------------------------------

UPLOADERS = {"case_worker", "supervisor"}
DOWNLOADERS = {
    "case_worker",
    "supervisor",
    "secretariat_national",
    "secretariat_regional",
    "secretariat_national@other",
    "secretariat_regional@other",
}
ALL_USERS = [
    f"{role}{suffix}"
    for suffix in ("", "@other")
    for role in (
        "system_admin",
        "secretariat_national",
        "secretariat_regional",
        "supervisor",
        "case_worker",
        "analyst",
        "budget_officer",
        "auditor",
    )
] + ["outsider"]


@pytest.mark.parametrize("who", ALL_USERS)
def test_upload_page_by_role(open_case, users, client_for, who):
    case = open_case()
    response = client_for(users[who]).post(
        reverse("cases:attachment_add", args=[case.pk]),
        {"kind": "consent", "title": "Persetujuan", "file": upload("persetujuan.pdf", PDF)},
    )
    if who in UPLOADERS:
        assert response.status_code == 302
        assert response["Location"] == reverse("cases:detail", args=[case.pk]) + "#attachments"
        assert CaseAttachment.objects.get().title == "Persetujuan"
    else:
        assert response.status_code in (403, 404)
        assert not CaseAttachment.objects.exists()
        assert not AuditEntry.objects.filter(action="case.attachment_add").exists()


@pytest.mark.parametrize("who", ALL_USERS)
def test_download_page_by_role(open_case, users, client_for, who):
    case = open_case()
    attachment = add(case, users["case_worker"])
    response = client_for(users[who]).get(reverse("cases:attachment_download", args=[case.pk, attachment.pk]))
    reads = AuditEntry.objects.filter(action="read.attachment")
    if who in DOWNLOADERS:
        assert response.status_code == 200
        assert response.content == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="paspor.pdf"'
        assert "no-store" in response["Cache-Control"]
        assert [e.actor for e in reads] == [users[who]]
    else:
        assert response.status_code in (403, 404)
        assert b"%PDF" not in response.content
        assert not reads.exists()


@pytest.mark.parametrize("who", ["case_worker", "secretariat_national", "case_worker@other", "analyst"])
def test_the_panel_by_role(open_case, users, client_for, who):
    case = open_case()
    add(case, users["case_worker"], title="Paspor Siti")
    response = client_for(users[who]).get(reverse("cases:attachments", args=[case.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    if who == "case_worker":
        assert response.status_code == 200
        assert "Paspor Siti" in body and 'data-testid="attachment-form"' in body
    elif who == "secretariat_national":
        assert response.status_code == 200
        assert "Paspor Siti" in body and 'data-testid="attachment-form"' not in body
    else:
        assert response.status_code in (403, 404) and "Paspor" not in body


def test_a_bad_file_on_the_page_says_why_and_keeps_nothing(open_case, users, client_for):
    case = open_case()
    response = client_for(users["case_worker"]).post(
        reverse("cases:attachment_add", args=[case.pk]),
        {"kind": "passport", "file": upload("paspor.pdf", b"GIF89a")},
        follow=True,
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["Isi berkas tidak sesuai dengan jenisnya."]
    assert not CaseAttachment.objects.exists()


def test_a_body_over_the_limit_is_refused_unread(open_case, users, client_for):
    case = open_case()
    response = client_for(users["case_worker"]).post(
        reverse("cases:attachment_add", args=[case.pk]),
        {"kind": "passport", "file": upload("besar.pdf", b"%PDF" + b"0" * (11 * 1024 * 1024))},
    )
    # refused before it is read: by the input guard (413, issue 19) or, under its limit, by the view
    assert response.status_code in (302, 413)
    assert not CaseAttachment.objects.exists()


def test_the_upload_stays_in_memory(open_case, users, client_for, monkeypatch):
    """A file above Django's in-memory threshold is still never written to a temporary file."""
    from django.core.files import uploadhandler

    def refuse(*args, **kwargs):
        raise AssertionError("a plaintext temporary file was opened")

    monkeypatch.setattr(uploadhandler.TemporaryFileUploadHandler, "new_file", refuse)
    case = open_case()
    data = b"%PDF" + b"1" * (3 * 1024 * 1024)
    response = client_for(users["case_worker"]).post(
        reverse("cases:attachment_add", args=[case.pk]), {"kind": "medical", "file": upload("medis.pdf", data)}
    )
    assert response.status_code == 302
    assert CaseAttachment.objects.get().size == len(data)


def test_the_upload_still_checks_csrf(open_case, users):
    """The view sets its in-memory handler before the body is read, then runs the CSRF check itself."""
    from django.test import Client

    case = open_case()
    client = Client(enforce_csrf_checks=True)
    from gugus.fixtures import sign_in_verified

    sign_in_verified(client, users["case_worker"])
    response = client.post(
        reverse("cases:attachment_add", args=[case.pk]), {"kind": "passport", "file": upload("paspor.pdf", PDF)}
    )
    assert response.status_code == 403
    assert not CaseAttachment.objects.exists()
