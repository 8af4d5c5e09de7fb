import io

import openpyxl
import pytest
from django.urls import reverse

from gugus.accounts.roles import ROLE_CAPABILITIES, Role
from gugus.regulations import services
from gugus.regulations.models import Regulation, RegulationVersion

ROLES = [role.value for role in Role] + ["outsider", "anonymous"]


@pytest.fixture
def workbench(users, samples):
    editor = users["secretariat_national"]
    regulation = services.regulation_create(actor=editor, title="Peraturan contoh", short_name="Contoh")
    base = services.regulation_version_add(actor=editor, regulation=regulation, label="naskah dasar",
                                           kind="enacted", text=(samples / "hand_base.txt").read_text())
    draft = services.regulation_version_add(actor=editor, regulation=regulation, label="rancangan",
                                            kind="draft", text=(samples / "hand_draft.txt").read_text())
    amendment = services.regulation_version_add(actor=editor, regulation=regulation, label="perubahan",
                                                kind="amendment", text=(samples / "amendment_1.txt").read_text())
    return {"regulation": regulation, "base": base, "draft": draft, "amendment": amendment}


def _pages(workbench):
    regulation, base, draft = workbench["regulation"], workbench["base"], workbench["draft"]
    query = f"?base={base.pk}&draft={draft.pk}"
    pages = [
        (reverse("regulations:list"), "regulations.view"),
        (reverse("regulations:detail", args=[regulation.pk]), "regulations.view"),
        (reverse("regulations:version", args=[base.pk]), "regulations.view"),
        (reverse("regulations:compare", args=[regulation.pk]) + query, "regulations.view"),
    ]
    pages += [(reverse("regulations:compare_download", args=[regulation.pk, output]) + query, "regulations.view")
              for output in ("xlsx", "docx", "json", "amendment")]
    return pages


def _allowed(role, capability):
    return role not in ("outsider", "anonymous") and capability in ROLE_CAPABILITIES[role]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_page_permission_matrix(role, users, workbench, client_for):
    client = client_for(None if role == "anonymous" else users[role])
    for url, capability in _pages(workbench):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, url
        else:
            assert response.status_code == (200 if _allowed(role, capability) else 403), (url, role)
            if response.status_code == 403:
                assert b"Ketua Harian" not in response.content


def _posts(workbench, samples):
    regulation, base, amendment = workbench["regulation"], workbench["base"], workbench["amendment"]
    return [
        (reverse("regulations:create"), {"title": "Perpres baru"}),
        (reverse("regulations:version_add", args=[regulation.pk]),
         {"label": "tempel", "kind": "draft", "text": (samples / "hand_draft.txt").read_text()}),
        (reverse("regulations:consolidate", args=[regulation.pk]),
         {"label": "gabungan", "base": base.pk, "amendments": [amendment.pk]}),
        (reverse("regulations:version_link_structure", args=[base.pk]), {"structure": ""}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_write_permission_matrix(role, users, workbench, client_for, samples):
    client = client_for(None if role == "anonymous" else users[role])
    allowed = _allowed(role, "regulations.edit")
    # For the editor: created (redirect), stored (redirect), consolidation refused (the sample amendment names
    # angka 4 of Pasal 1, which the hand-made base lacks), link saved (redirect).
    editor_statuses = [302, 302, 400, 302]
    for (url, data), editor_status in zip(_posts(workbench, samples), editor_statuses, strict=True):
        before = (Regulation.objects.count(), RegulationVersion.objects.count())
        response = client.post(url, data)
        after = (Regulation.objects.count(), RegulationVersion.objects.count())
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
            assert before == after
        elif not allowed:
            assert response.status_code == 403, (url, role)
            assert before == after
        else:
            assert response.status_code == editor_status, (url, role)


@pytest.mark.django_db
def test_editor_flows(users, workbench, client_for, samples):
    client = client_for(users["secretariat_national"])
    regulation = workbench["regulation"]
    response = client.post(reverse("regulations:create"), {"title": "Perpres baru", "short_name": "Baru"})
    created = Regulation.objects.get(title="Perpres baru")
    assert response.status_code == 302 and response["Location"] == reverse("regulations:detail", args=[created.pk])

    upload = io.BytesIO((samples / "hand_draft.txt").read_bytes())
    upload.name = "rancangan-2.txt"
    response = client.post(reverse("regulations:version_add", args=[regulation.pk]),
                           {"label": "rancangan 2", "kind": "draft", "file": upload})
    version = RegulationVersion.objects.get(label="rancangan 2")
    assert response.status_code == 302
    assert (version.source_format, version.source_filename, version.uploaded_by) == (
        "txt", "rancangan-2.txt", users["secretariat_national"])

    response = client.post(reverse("regulations:version_add", args=[regulation.pk]),
                           {"label": "rusak", "kind": "draft", "text": (samples / "malformed.txt").read_text()})
    assert response.status_code == 400
    assert "line 11" in response.content.decode() or "baris 11" in response.content.decode()
    assert not RegulationVersion.objects.filter(label="rusak").exists()


@pytest.mark.django_db
def test_compare_page_shows_ratios_verdict_and_marks(users, workbench, client_for):
    base, draft, regulation = workbench["base"], workbench["draft"], workbench["regulation"]
    page = client_for(users["analyst"]).get(
        reverse("regulations:compare", args=[regulation.pk]) + f"?base={base.pk}&draft={draft.pk}").content.decode()
    assert 'data-verdict="amendment"' in page
    assert "<strong>25,5%</strong> (12 / 47)" in page  # Indonesian decimal comma
    assert "<strong>50,0%</strong> (3 / 6)" in page
    assert 'value="0.2553" data-testid="gauge-words"' in page
    assert '<tr class="changed" data-article="2" data-classification="changed">' in page
    assert "<del>Harian.</del>" in page and "<ins>Harian dan Sekretaris.</ins>" in page
    assert 'data-article="2A" data-classification="inserted"' in page
    assert 'data-article="4" data-classification="deleted"' in page


@pytest.mark.django_db
def test_compare_refuses_an_amending_regulation(users, workbench, client_for):
    base, amendment, regulation = workbench["base"], workbench["amendment"], workbench["regulation"]
    response = client_for(users["analyst"]).get(
        reverse("regulations:compare", args=[regulation.pk]) + f"?base={base.pk}&draft={amendment.pk}")
    assert response.status_code == 400
    assert 'data-testid="compare-error"' in response.content.decode()


@pytest.mark.django_db
def test_compare_of_unknown_versions_is_not_found(users, workbench, client_for):
    regulation = workbench["regulation"]
    client = client_for(users["analyst"])
    assert client.get(reverse("regulations:compare", args=[regulation.pk]) + "?base=999&draft=1").status_code == 404
    assert client.get(reverse("regulations:compare", args=[regulation.pk])).status_code == 404


@pytest.mark.django_db
def test_downloads(users, workbench, client_for):
    base, draft, regulation = workbench["base"], workbench["draft"], workbench["regulation"]
    client = client_for(users["auditor"])
    query = f"?base={base.pk}&draft={draft.pk}"
    response = client.get(reverse("regulations:compare_download", args=[regulation.pk, "xlsx"]) + query)
    assert response["Content-Disposition"] == 'attachment; filename="matrix-contoh-naskah-dasar-rancangan.xlsx"'
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content))["Matriks Perubahan"].iter_rows(values_only=True))
    assert [row[3] for row in rows] == ["Keterangan", "Diubah", "Disisipkan", "Dihapus"]
    response = client.get(reverse("regulations:compare_download", args=[regulation.pk, "amendment"]) + query)
    text = response.content.decode()
    assert "1. Ketentuan ayat (2) Pasal 2 diubah sehingga Pasal 2 berbunyi sebagai berikut:" in text
    response = client.get(reverse("regulations:compare_download", args=[regulation.pk, "json"]) + query)
    assert response.json()["verdict"] == "amendment"
    assert client.get(reverse("regulations:compare_download", args=[regulation.pk, "pdf"]) + query).status_code == 404
