import io

import docx
import pytest

from gugus.accounts.actors import system_actor
from gugus.audit.models import AuditEntry
from gugus.core.errors import ValidationFailed
from gugus.regulations import services
from gugus.regulations.models import Regulation, RegulationVersion


@pytest.fixture
def editor(users):
    return users["secretariat_national"]


@pytest.fixture
def regulation(editor):
    return services.regulation_create(actor=editor, title="Perpres contoh tentang Gugus Tugas", short_name="Contoh")


@pytest.mark.django_db
def test_regulation_create_is_audited(editor):
    regulation = services.regulation_create(actor=editor, title="  Perpres   contoh ", short_name="P 7/2031")
    assert (regulation.title, regulation.short_name, regulation.created_by) == ("Perpres contoh", "P 7/2031", editor)
    entry = AuditEntry.objects.get(action="regulation.create")
    assert (entry.actor_id, entry.object_id, entry.data) == (
        editor.pk, str(regulation.pk), {"title": "Perpres contoh", "short_name": "P 7/2031"})


@pytest.mark.django_db
def test_regulation_needs_a_title(editor):
    with pytest.raises(ValidationFailed) as caught:
        services.regulation_create(actor=editor, title="   ")
    assert caught.value.field == "title"
    assert Regulation.objects.count() == 0


@pytest.mark.django_db
def test_version_from_pasted_text(editor, regulation, samples):
    version = services.regulation_version_add(actor=editor, regulation=regulation, label="2031", kind="enacted",
                                              text=(samples / "base.txt").read_text())
    assert (version.source_format, version.article_count, version.uploaded_by) == ("pasted", 19, editor)
    entry = AuditEntry.objects.get(action="regulation.version_add")
    assert entry.data == {"regulation": regulation.pk, "label": "2031", "kind": "enacted",
                          "source_format": "pasted", "articles": 19, "structure": None}


@pytest.mark.django_db
def test_version_from_docx_upload(editor, regulation, samples):
    document = docx.Document()
    for line in (samples / "hand_base.txt").read_text().splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    version = services.regulation_version_add(actor=editor, regulation=regulation, label="hand", kind="draft",
                                              filename="naskah.docx", content=buffer.getvalue())
    assert (version.source_format, version.source_filename, version.article_count) == ("docx", "naskah.docx", 6)
    assert version.text.splitlines()[0] == "PERATURAN CONTOH"


@pytest.mark.django_db
def test_malformed_text_is_refused_with_its_line(editor, regulation, samples):
    with pytest.raises(ValidationFailed) as caught:
        services.regulation_version_add(actor=editor, regulation=regulation, label="rusak", kind="draft",
                                        text=(samples / "malformed.txt").read_text())
    assert caught.value.field == "text"
    assert str(caught.value.message) == "The text cannot be read at line 11: Pasal 2 has no text"
    assert RegulationVersion.objects.count() == 0
    assert not AuditEntry.objects.filter(action="regulation.version_add").exists()


@pytest.mark.django_db
def test_upload_of_another_format_is_refused(editor, regulation):
    with pytest.raises(ValidationFailed) as caught:
        services.regulation_version_add(actor=editor, regulation=regulation, label="x", kind="draft",
                                        filename="naskah.odt", content=b"...")
    assert (caught.value.field, str(caught.value.message)) == ("file", "Upload a .txt, .docx or .pdf file.")


@pytest.mark.django_db
def test_duplicate_label_is_refused(editor, regulation, samples):
    text = (samples / "hand_base.txt").read_text()
    services.regulation_version_add(actor=editor, regulation=regulation, label="v1", kind="draft", text=text)
    with pytest.raises(ValidationFailed) as caught:
        services.regulation_version_add(actor=editor, regulation=regulation, label="v1", kind="draft", text=text)
    assert caught.value.field == "label"


@pytest.mark.django_db
def test_consolidate_stores_the_consolidated_text(editor, regulation, samples):
    base = services.regulation_version_add(actor=editor, regulation=regulation, label="2031", kind="enacted",
                                           text=(samples / "base.txt").read_text())
    amendments = [
        services.regulation_version_add(actor=editor, regulation=regulation, label=label, kind="amendment",
                                        text=(samples / name).read_text())
        for label, name in (("2032", "amendment_1.txt"), ("2033", "amendment_2.txt"))
    ]
    assert [amendment.article_count for amendment in amendments] == [6, 8]  # changes of Pasal I
    version = services.regulation_version_consolidate(actor=editor, base=base, amendments=amendments,
                                                      label="konsolidasi 2033")
    assert version.kind == "consolidated"
    assert version.text == (samples / "consolidated_2033.txt").read_text()
    entry = AuditEntry.objects.get(action="regulation.version_consolidate")
    assert entry.data == {"base": base.pk, "amendments": [amendments[0].pk, amendments[1].pk]}


@pytest.mark.django_db
def test_consolidate_in_the_wrong_order_names_the_line(editor, regulation, samples):
    base = services.regulation_version_add(actor=editor, regulation=regulation, label="2031", kind="enacted",
                                           text=(samples / "base.txt").read_text())
    second = services.regulation_version_add(actor=editor, regulation=regulation, label="2033", kind="amendment",
                                             text=(samples / "amendment_2.txt").read_text())
    with pytest.raises(ValidationFailed) as caught:
        services.regulation_version_consolidate(actor=editor, base=base, amendments=[second], label="x")
    assert str(caught.value.message) == (
        "2033 cannot be applied at line 28: change 5: Pasal 11A is not in the text being amended")
    assert RegulationVersion.objects.filter(kind="consolidated").count() == 0


@pytest.mark.django_db
def test_link_structure(editor, regulation, samples, national_task_force):
    from gugus.organisations.services import structure_create

    structure = structure_create(
        actor=system_actor("tests"), task_force=national_task_force, key="draft-x", name="Draft X", status="draft"
    )
    version = services.regulation_version_add(actor=editor, regulation=regulation, label="v", kind="draft",
                                              text=(samples / "hand_draft.txt").read_text())
    services.regulation_version_link_structure(actor=editor, version=version, structure=structure)
    version.refresh_from_db()
    assert version.structure == structure
    assert AuditEntry.objects.get(action="regulation.version_link_structure").data == {"from": None,
                                                                                       "to": structure.pk}
