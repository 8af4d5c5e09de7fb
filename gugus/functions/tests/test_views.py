import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from gugus.accounts.roles import ROLE_CAPABILITIES, Role
from gugus.audit.models import AuditEntry
from gugus.functions.models import Assignment, Function
from gugus.organisations.models import Agency, StructureVersion

ROLES = [r.value for r in Role] + [f"{r.value}@other" for r in Role] + ["outsider", "anonymous"]

READ_PAGES = [
    ("functions:matrix", {}, ""),
    ("functions:matrix", {}, "?structure=draft-2025&tier=province"),
    ("functions:matrix_print", {}, "?structure=49-2023"),
    ("functions:matrix_export", {}, ""),
    ("functions:compare", {}, "?base=49-2023&draft=draft-2025"),
    ("functions:route", {}, "?function=social_rehabilitation&place=52.01"),
    ("functions:catalogue", {}, ""),
]
EDIT_PAGES = [
    ("functions:function_create", {}, ""),
    ("functions:function_edit", {"code": "legal_aid"}, ""),
    ("functions:assignments_edit", {"key": "draft-2025"}, ""),
]


def _caps(role):
    return ROLE_CAPABILITIES[role.split("@")[0]] if role not in ("outsider", "anonymous") else frozenset()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_page_permission_matrix(role, users, demo_matrix, client_for):
    client = client_for(None if role == "anonymous" else users[role])
    for pages, capability in ((READ_PAGES, "functions.view"), (EDIT_PAGES, "functions.edit")):
        for name, kwargs, query in pages:
            response = client.get(reverse(name, kwargs=kwargs) + query)
            if role == "anonymous":
                assert response.status_code == 302, name
            elif capability in _caps(role):
                assert response.status_code == 200, (name, role)
            else:
                assert response.status_code == 403, (name, role)
                assert b"Kemenlu" not in response.content


def _draft_letters():
    return sorted(
        Assignment.objects.filter(structure__key="draft-2025").values_list(
            "function__code", "tier", "agency__abbreviation", "responsibility"
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_edit_permission_matrix(role, users, demo_matrix, client_for):
    client = client_for(None if role == "anonymous" else users[role])
    before_letters = _draft_letters()
    before_functions = list(Function.objects.values_list("code", "name_en"))
    allowed = "functions.edit" in _caps(role)
    kemenlu = Agency.objects.get(abbreviation="Kemenlu")
    legal_aid = Function.objects.get(code="legal_aid")
    target = Assignment.objects.get(
        structure__key="draft-2025", function__code="legal_aid", tier="national", agency__abbreviation="LPSK"
    )
    responses = [
        client.post(
            reverse("functions:assignment_add", kwargs={"key": "draft-2025"}),
            {"function": legal_aid.pk, "agency": kemenlu.pk, "tier": "national", "responsibility": "C"},
        ),
        client.post(reverse("functions:assignment_remove", kwargs={"assignment_id": target.pk})),
        client.post(
            reverse("functions:function_create"),
            {"code": "new_thing", "name_id": "Baru", "name_en": "New", "position": 1, "at_national": "on"},
        ),
    ]
    if allowed:
        assert [r.status_code for r in responses] == [302, 302, 302]
        after = _draft_letters()
        assert ("legal_aid", "national", "Kemenlu", "C") in after
        assert ("legal_aid", "national", "LPSK", "R") not in after
        assert Function.objects.filter(code="new_thing").exists()
        actions = list(AuditEntry.objects.filter(actor_id=users[role].pk).values_list("action", flat=True))
        assert actions == ["assignment.add", "assignment.remove", "function.create"]
    else:
        expected = 302 if role == "anonymous" else 403
        assert [r.status_code for r in responses] == [expected] * 3
        assert _draft_letters() == before_letters
        assert list(Function.objects.values_list("code", "name_en")) == before_functions


@pytest.mark.django_db
def test_in_force_structure_cannot_be_edited(users, demo_matrix, client_for):
    client = client_for(users["secretariat_national"])
    in_force = Assignment.objects.filter(structure__key="49-2023")
    count = in_force.count()
    page = client.get(reverse("functions:assignments_edit", kwargs={"key": "49-2023"})).content.decode()
    with translation.override("id"):
        assert gettext("Only a draft structure can be changed; regulations in force are fixed.") in page
    response = client.post(
        reverse("functions:assignment_add", kwargs={"key": "49-2023"}),
        {
            "function": Function.objects.get(code="legal_aid").pk,
            "agency": Agency.objects.get(abbreviation="Kemenlu").pk,
            "tier": "national",
            "responsibility": "C",
        },
        follow=True,
    )
    assert "only a draft structure can be changed" in response.content.decode()
    client.post(reverse("functions:assignment_remove", kwargs={"assignment_id": in_force.first().pk}))
    assert in_force.count() == count
    assert client.get(reverse("functions:assignments_edit", kwargs={"key": "nope"})).status_code == 404
    assert client.post(reverse("functions:assignment_remove", kwargs={"assignment_id": 999999})).status_code == 404


@pytest.mark.django_db
def test_bad_assignment_input_names_the_field(users, demo_matrix, client_for):
    client = client_for(users["secretariat_national"])
    before = _draft_letters()
    response = client.post(
        reverse("functions:assignment_add", kwargs={"key": "draft-2025"}),
        {
            "function": Function.objects.get(code="repatriation_abroad").pk,
            "agency": Agency.objects.get(abbreviation="Kemenlu").pk,
            "tier": "regency",
            "responsibility": "A",
        },
        follow=True,
    )
    assert "repatriation_abroad does not apply at the regency tier" in response.content.decode()
    response = client.post(
        reverse("functions:assignment_add", kwargs={"key": "draft-2025"}),
        {"function": "", "agency": "x", "tier": "moon", "responsibility": "Z"},
        follow=True,
    )
    assert response.status_code == 200
    assert _draft_letters() == before


@pytest.mark.django_db
def test_matrix_highlights_overlaps_and_gaps(users, demo_matrix, client_for, django_assert_max_num_queries):
    client = client_for(users["analyst"])
    with django_assert_max_num_queries(8):
        page = client.get(reverse("functions:matrix") + "?structure=49-2023").content.decode()
    assert 'data-structure="49-2023"' in page
    row = page.split('data-function="repatriation_abroad" data-tier="national"')[1].split("</tr>")[0]
    assert row.count('class="cell overlap"') == 3
    assert 'data-testid="overlap"' in row
    gap_row = page.split('data-function="restitution" data-tier="regency"')[1].split("</tr>")[0]
    with translation.override("id"):
        assert gettext("no %(missing)s") % {"missing": "A/R"} in gap_row
    assert page.count('data-testid="overlap"') == 9
    assert page.count('data-testid="gap"') == 8


@pytest.mark.django_db
def test_matrix_filtered_by_tier(users, demo_matrix, client_for, django_assert_max_num_queries):
    client = client_for(users["case_worker"])
    with django_assert_max_num_queries(9):  # 8, and the case worker's second-factor device
        page = client.get(reverse("functions:matrix") + "?structure=49-2023&tier=province").content.decode()
    assert 'data-tier="province"' in page
    assert 'data-tier="national"' not in page
    assert page.count('data-testid="overlap"') == 2  # witness protection, return home
    assert client.get(reverse("functions:matrix") + "?tier=moon").status_code == 404
    assert client.get(reverse("functions:matrix") + "?structure=nope").status_code == 404


@pytest.mark.django_db
def test_catalogue_and_compare_query_counts(users, demo_matrix, client_for, django_assert_max_num_queries):
    client = client_for(users["auditor"])
    with django_assert_max_num_queries(4):
        page = client.get(reverse("functions:catalogue")).content.decode()
    assert page.count("<tr data-function=") == Function.objects.count()
    # The member comparison (organisations.selectors.structure_compare) follows each member's
    # renames with a query per member: bounded by the ~25 members of each version, not by the matrix.
    with django_assert_max_num_queries(100):
        page = client.get(reverse("functions:compare") + "?base=49-2023&draft=draft-2025").content.decode()
    resolved = page.split('data-testid="overlaps-resolved"')[1].split("</ul>")[0]
    assert "BP2MI, Kemenlu, Kemensos → Kemenlu" in resolved
    assert "Kemenko Polkam, Kemenlu" in page.split('data-testid="overlaps-introduced"')[1].split("</ul>")[0]


@pytest.mark.django_db
def test_export_opens_with_the_same_cells(users, demo_matrix, client_for):
    from gugus.functions import selectors
    from gugus.functions.export import matrix_rows

    response = client_for(users["auditor"]).get(reverse("functions:matrix_export") + "?structure=49-2023")
    assert response["Content-Disposition"] == 'attachment; filename="matrix-49-2023.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["national", "province", "regency", "analysis"]
    built = selectors.matrix(StructureVersion.objects.get(key="49-2023"))
    for tier in ("national", "province", "regency"):
        header, rows = matrix_rows(built, tier)
        read = [
            [cell if cell is not None else "" for cell in row] for row in workbook[tier].iter_rows(values_only=True)
        ]
        assert read == [header, *rows]
    national = workbook["national"]
    header = [c.value for c in national[1]]
    row = next(r for r in national.iter_rows(min_row=2, values_only=True) if r[0] == "repatriation_abroad")
    cells = dict(zip(header, row, strict=True))
    assert (cells["Kemenlu"], cells["BP2MI"], cells["Kemensos"], cells["status"]) == ("AR", "AR", "AR", "overlap")
    assert national.cell(row=header.index("code") + 1, column=1).value == "code"


@pytest.mark.django_db
def test_route_page(users, demo_matrix, client_for):
    client = client_for(users["case_worker@other"])
    page = client.get(reverse("functions:route") + "?function=witness_victim_protection&place=53.04").content.decode()
    assert 'data-outcome="walked_up"' in page and "UPTDPPA-53" in page
    page = client.get(reverse("functions:route") + "?function=restitution&place=52.01").content.decode()
    assert 'data-outcome="nobody_accountable"' in page
    # The place is chosen by name, as in the intake (the page shows the name back, not the code).
    page = client.get(reverse("functions:route"), {"function": "restitution", "place": "Kabupaten Lombok Barat"})
    page = page.content.decode()
    assert 'data-outcome="nobody_accountable"' in page and 'value="Kabupaten Lombok Barat"' in page
    page = client.get(reverse("functions:route") + "?function=restitution&place=99.99").content.decode()
    assert "Daerah atau negara tujuan: &#x27;99.99&#x27; bukan nama yang dikenal" in page


@pytest.mark.django_db
def test_function_edit_keeps_code_and_audits(users, demo_matrix, client_for):
    client = client_for(users["secretariat_national"])
    response = client.post(
        reverse("functions:function_edit", kwargs={"code": "legal_aid"}),
        {
            "code": "changed",
            "name_id": "Bantuan hukum",
            "name_en": "Legal aid (LBH)",
            "position": 5,
            "at_national": "on",
        },
    )
    assert response.status_code == 302
    function = Function.objects.get(code="legal_aid")
    assert (function.name_en, function.at_national, function.at_province, function.position) == (
        "Legal aid (LBH)",
        True,
        False,
        5,
    )
    entry = AuditEntry.objects.filter(action="function.update").get()
    assert entry.data["code"] == "legal_aid"
    assert entry.data["changed"]["name_en"] == "Legal aid (LBH)"
