import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from gugus.accounts.roles import ROLE_CAPABILITIES, Role
from gugus.budgets.models import BudgetLine, Realisation
from gugus.budgets.tests.conftest import editable_for, visible_for

ROLE_KEYS = [r.value for r in Role] + [r.value + "@other" for r in Role] + ["outsider"]


def caps(role_key):
    return ROLE_CAPABILITIES.get(role_key.partition("@")[0], frozenset())


@pytest.mark.django_db
@pytest.mark.parametrize("role_key", ROLE_KEYS + ["anonymous"])
def test_read_pages_permission_matrix(role_key, users, budget_data, client_for):
    client = client_for(None if role_key == "anonymous" else users[role_key])
    for name in ("budgets:list", "budgets:analysis", "budgets:analysis_xlsx"):
        response = client.get(reverse(name) + "?year=2026")
        if role_key == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == (200 if "budgets.view" in caps(role_key) else 403), name
    if role_key == "anonymous":
        return
    visible = visible_for(role_key)
    for key, line in budget_data.items():
        response = client.get(reverse("budgets:detail", args=[line.pk]))
        if "budgets.view" not in caps(role_key):
            assert response.status_code == 403
        elif key in visible:
            assert response.status_code == 200
        else:
            assert response.status_code == 404
            assert f"Line {key}".encode() not in response.content
    if "budgets.view" in caps(role_key):
        listing = client.get(reverse("budgets:list") + "?year=2026").content.decode()
        assert {k for k in budget_data if f"Line {k}<" in listing} == visible


@pytest.mark.django_db
@pytest.mark.parametrize("role_key", ROLE_KEYS)
def test_write_permission_matrix(role_key, users, budget_data, client_for):
    client = client_for(users[role_key])
    editable = editable_for(role_key)
    for key, line in budget_data.items():
        before = Realisation.objects.filter(line=line).count()
        allocated = BudgetLine.objects.get(pk=line.pk).allocated
        spend = client.post(
            reverse("budgets:realisation_add", args=[line.pk]),
            {"spent_on": "2026-08-01", "amount": "1.000", "document_ref": f"NEW-{key}"},
        )
        revise = client.post(
            reverse("budgets:revise", args=[line.pk]), {"kind": "apbd_p", "amount": str(allocated + 1)}
        )
        after = Realisation.objects.filter(line=line).count()
        changed = BudgetLine.objects.get(pk=line.pk).allocated
        if "budgets.edit" not in caps(role_key):
            assert (spend.status_code, revise.status_code) == (403, 403)
            assert (after, changed) == (before, allocated)
        elif key in editable:
            assert (spend.status_code, revise.status_code) == (302, 302)
            assert changed == allocated + 1
            assert after == before + (0 if key == "B" else 1)  # B is fully spent before its revision
        else:
            assert (spend.status_code, revise.status_code) == (404, 404)
            assert (after, changed) == (before, allocated)
    import_page = client.get(reverse("budgets:import"))
    assert import_page.status_code == (200 if "budgets.edit" in caps(role_key) else 403)


@pytest.mark.django_db
def test_line_page_follows_the_flow_and_formats_money(users, budget_data, client_for):
    client = client_for(users["budget_officer@other"])
    page = client.get(reverse("budgets:detail", args=[budget_data["R"].pk])).content.decode()
    chain = page.split('data-testid="flow-chain"')[1].split("</ol>")[0]
    order = [chain.index(f'data-line="{budget_data[k].pk}"') for k in ("N", "P", "R")]
    assert order == sorted(order)
    assert "Rp 1.500.000.000" in page and "Rp 2.000.000.000" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("budgets:detail", args=[budget_data["R"].pk])).content.decode()
    assert "IDR 1,500,000,000" in english


@pytest.mark.django_db
def test_analysis_page_and_export(users, budget_data, client_for):
    from openpyxl import load_workbook

    client = client_for(users["auditor"])
    page = client.get(reverse("budgets:analysis") + "?year=2026").content.decode()
    assert 'data-testid="sankey"' in page and "chart.umd.min.js" in page
    assert "Rp 4.300.000.000" in page  # Kepri auditor: N 1.0 + P 0.5 + R 1.5 + A 0.8 + B 0.5
    book = load_workbook(io.BytesIO(client.get(reverse("budgets:analysis_xlsx") + "?year=2026").content))
    tier = book.worksheets[3]
    rows = {r[0]: r for r in tier.iter_rows(min_row=2, values_only=True)}
    assert rows["national"][3] == 1000000000 and rows["regency"][3] == 2000000000
    with translation.override("id"):
        assert book[gettext("Lines")].max_row == 6


@pytest.mark.django_db
def test_import_page_reports_rows(users, budget_data, client_for):
    client = client_for(users["budget_officer"])
    content = (
        b"Tahun Anggaran;Pemegang;Sumber Dana;Output;Uraian;Pagu\n"
        b"2027;T-POLDA-21;APBN K/L;A1;Penyidikan;500.000.000\n"
        b"2027;T-POLDA-21;APBN K/L;A2;Penyidikan;lima ratus\n"
    )
    response = client.post(
        reverse("budgets:import"), {"kind": "lines", "file": SimpleUploadedFile("pagu.csv", content)}
    )
    assert response.status_code == 422
    assert 'data-row="3"' in response.content.decode()
    assert not BudgetLine.objects.filter(fiscal_year=2027).exists()
    good = content.rsplit(b"\n", 2)[0] + b"\n"
    response = client.post(reverse("budgets:import"), {"kind": "lines", "file": SimpleUploadedFile("pagu.csv", good)})
    assert response.status_code == 200
    assert BudgetLine.objects.get(fiscal_year=2027).allocated == Decimal("500000000.00")


@pytest.mark.django_db
def test_a_refused_realisation_names_the_field_by_its_label(users, budget_data, client_for):
    role_key = next(k for k in ROLE_KEYS if "budgets.edit" in caps(k) and editable_for(k))
    line = budget_data[sorted(editable_for(role_key))[0]]
    client = client_for(users[role_key])
    response = client.post(
        reverse("budgets:realisation_add", args=[line.pk]),
        {"spent_on": "not a date", "amount": "1.000", "document_ref": "X-1"},
        follow=True,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert any(t.startswith("Tanggal: ") for t in texts), texts
    assert not any("spent_on" in t for t in texts)
