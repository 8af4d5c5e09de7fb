"""HTCDS v2.0 export and import: the field list, the round trip, all-or-nothing imports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from gugus.cases.models import Assessment, Case
from gugus.cases.services import assessment_record, case_transition
from gugus.core.errors import ImportRejected, PermissionDenied
from gugus.exchange import htcds
from gugus.exchange.services import htcds_export, htcds_import

pytestmark = pytest.mark.django_db

STANDARD = Path(__file__).parent / "data" / "HTCDS_Field_Standards_2.0.csv"


def htcds_field_names() -> set[str]:
    """Every field name of the HTCDS v2.0 list (a copy of IOM's file kept with the tests)."""
    with STANDARD.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return {row[6] for row in rows[1:] if len(row) > 6 and row[6] and row[6] != "N/A"}


def test_every_column_is_an_htcds_field_or_a_namespaced_extension():
    names = htcds_field_names()
    assert len(names) == 83  # 80 draft fields and 3 deprecated ones
    for column in htcds.COLUMNS:
        assert column.name in names or column.name.startswith("idn_"), column.name
    assert not set(htcds.EXTENSION_COLUMNS) & names
    assert set(htcds.NOT_HELD) <= names
    assert not set(htcds.NOT_HELD) & set(htcds.HTCDS_COLUMNS)


def test_picklist_values_are_htcds_value_names():
    with STANDARD.open(encoding="utf-8") as handle:
        rows = {row[6]: row[9].split("\n") for row in list(csv.reader(handle))[1:] if len(row) > 9 and row[6]}
    assert set(htcds.GENDER.values()) <= set(rows["prs_Gender"])
    assert set(htcds.TRAFFICKING_STATUS.values()) <= set(rows["vic_TraffickingStatus"])
    assert set(htcds.CASE_STATUS.values()) <= set(rows["cas_Status"])
    assert set(htcds.EXPLOITATION.values()) <= set(rows["vic_TypeOfExploitation"])
    assert set(htcds.MEANS.values()) <= set(rows["vic_MethodsOfControl"])
    assert set(htcds.SEX_EXPLOITATION.values()) <= set(rows["vic_TypeOfSexExploitation"])
    assert set(htcds.LABOUR_INDUSTRY.values()) <= set(rows["vic_ForcedLabourIndustry"])


@pytest.fixture
def story(users, units, open_case):
    """Three cases of Polda Kepri: two victims (one assessed), a closed case, an OSEC case with a child."""
    from gugus.cases.tests.fixtures import victim

    first = open_case(
        victims=[
            victim(),
            victim(full_name="Budi Santoso", sex="L", nik="", birth_date="1985-08-12", phones=["+855 12 345 678"]),
        ],
        exploitation_types=["online_scam", "forced_labour"],
        events_from=dt.date(2024, 11, 2),
        events_to=dt.date(2025, 2, 1),
        modus="fake_job_ad",
    )
    siti = first.roles.order_by("id")[0]
    assessment_record(
        actor=users["supervisor"],
        case=first,
        victim=siti,
        act="present",
        means="present",
        purpose="present",
        act_kinds=["recruiting", "transporting"],
        means_kinds=["fraud", "debt_bondage"],
        purpose_kinds=["exploitation"],
        act_evidence="a",
        means_evidence="b",
        purpose_evidence="c",
        result="identified",
        reason="elements met",
    )
    second = open_case(victims=[victim(full_name="Wati", nik="", passport_no="", phones=[])], destination_country="MY")
    for status in ("under_assessment", "not_trafficking"):
        case_transition(actor=users["supervisor"], case=second, to_status=status)
    case_transition(actor=users["supervisor"], case=second, to_status="closed", close_reason="unreachable")
    third = open_case(
        victims=[victim(full_name="Putri Lestari", birth_date="2009-01-15", nik="", passport_no="X7654321")],
        exploitation_types=["online_child_sexual_exploitation"],
        destination_country="",
    )
    return [first, second, third]


def _fields(case: Case) -> dict:
    victims = []
    for role in case.roles.filter(role="victim").order_by("id"):
        person = role.person
        current = role.assessments.filter(is_current=True).first()
        victims.append(
            {
                "full_name": person.full_name,
                "sex": person.sex,
                "birth_date": person.birth_date,
                "birth_place": person.birth_place,
                "passport_no": person.passport_no,
                "phones": person.phone_list,
                "nationality": person.nationality,
                "address_region": person.address_region_id,
                "age_at_recruitment": role.age_at_recruitment,
                "has_disability": role.has_disability,
                "assessment": None
                if current is None
                else (
                    current.result,
                    current.act,
                    current.means,
                    current.purpose,
                    current.act_kinds,
                    current.means_kinds,
                    current.purpose_kinds,
                    current.child_rule_applied,
                ),
            }
        )
    return {
        "reported_on": case.reported_on,
        "channel": case.channel,
        "status": case.status,
        "close_reason": case.close_reason,
        "exploitation_codes": case.exploitation_codes,
        "modus": case.modus,
        "events_from": case.events_from,
        "events_to": case.events_to,
        "origin_region": case.origin_region_id,
        "destination_country": case.destination_country,
        "destination_region": case.destination_region,
        "victims": victims,
    }


@pytest.mark.parametrize("form", ["csv", "json"])
def test_round_trip_gives_the_same_cases_and_victims_field_by_field(story, users, units, form):
    export = htcds_export(actor=users["supervisor"], cases=Case.objects.filter(pk__in=[c.pk for c in story]))
    assert export.cases == 3
    assert len(export.rows) == 4
    data = export.as_csv() if form == "csv" else export.as_json()
    result = htcds_import(actor=users["supervisor@other"], unit=units["dinsos"], data=data, filename=f"x.{form}")
    assert len(result.created) == 3
    imported = Case.objects.filter(reporting_unit=units["dinsos"]).order_by("id")
    originals = Case.objects.filter(pk__in=[c.pk for c in story]).order_by("id")
    assert [_fields(c) for c in imported] == [_fields(c) for c in originals]
    # the same file again creates nothing
    again = htcds_import(actor=users["supervisor@other"], unit=units["dinsos"], data=data, filename=f"x.{form}")
    assert (again.created, again.skipped) == ([], 3)


def test_export_values_use_htcds_codes_and_never_the_nik(story, users):
    export = htcds_export(actor=users["supervisor"], cases=Case.objects.filter(pk=story[0].pk))
    siti, budi = export.rows
    assert (siti["prs_FirstName"], siti["prs_SecondName"]) == ("Siti", "Aminah binti Kasim")
    assert siti["prs_Gender"] == "Feminine" and budi["prs_Gender"] == "Masculine"
    assert siti["vic_TraffickingStatus"] == "ActualVictimOfTrafficking"
    assert siti["vic_TraffickingStatusDecisionMakingOrg"] == "Police"
    assert budi["vic_TraffickingStatus"] == ""
    assert siti["vic_TypeOfExploitation"] == "Other;ForcedLabour"
    assert siti["idn_ExploitationTypes"] == "online_scam;forced_labour"
    assert siti["vic_MethodsOfControl"] == "FalsePromises;DebtBondage"
    assert siti["hte_Country"] == "KH" and siti["hte_Type"] == "Exploitation"
    assert siti["idn_NikPresent"] == "true" and budi["idn_NikPresent"] == "false"
    assert "3212014505900001" not in export.as_csv().decode()
    assert siti["prs_MailingState"] == "Jawa Barat" and siti["prs_MailingCity"] == "Kabupaten Indramayu"
    assert budi["prs_MobilePhone"] == "+85512345678"
    document = json.loads(export.as_json())
    assert document["standard"] == "HTCDS" and document["version"] == "2.0"


def test_export_needs_the_capability_and_is_audited(story, users):
    from gugus.audit.models import AuditEntry

    with pytest.raises(PermissionDenied):
        htcds_export(actor=users["case_worker"], cases=Case.objects.all())
    htcds_export(actor=users["supervisor"], cases=Case.objects.all())
    entry = AuditEntry.objects.filter(action="exchange.htcds_export").latest("sequence")
    assert entry.data == {"purpose": "htcds", "cases": 3, "victims": 4}


def _csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(htcds.COLUMN_NAMES))
    writer.writeheader()
    for row in rows:
        writer.writerow({name: row.get(name, "") for name in htcds.COLUMN_NAMES})
    return buffer.getvalue().encode()


GOOD = {
    "prs_FirstName": "Dewi",
    "prs_SecondName": "Sartika",
    "prs_Gender": "Feminine",
    "prs_Birthdate": "1999-04-01",
    "vic_TypeOfExploitation": "SexualExploitation",
    "idn_ReportedOn": "2025-05-05",
    "hte_Country": "MY",
}


def test_import_from_a_system_that_fills_only_htcds_fields(users, units):
    result = htcds_import(actor=users["supervisor"], unit=units["polda"], data=_csv([GOOD]), filename="p.csv")
    case = Case.objects.get(number=result.created[0])
    assert case.exploitation_codes == ",sexual_exploitation,"
    assert case.channel == "ngo_referral" and case.status == "reported"
    assert case.roles.get().person.full_name == "Dewi Sartika"


def test_import_is_all_or_nothing_and_names_every_bad_row(users, units):
    bad = [
        GOOD,
        {**GOOD, "prs_Gender": "Woman", "idn_ReportedOn": "2099-01-01"},
        {**GOOD, "prs_FirstName": "", "prs_SecondName": "", "vic_AgeWhenTrafficked": "abc"},
        {**GOOD, "vic_TraffickingStatus": "Victim"},
    ]
    before = Case.objects.count()
    with pytest.raises(ImportRejected) as rejected:
        htcds_import(actor=users["supervisor"], unit=units["polda"], data=_csv(bad), filename="bad.csv")
    problems = {(e.row, e.column) for e in rejected.value.errors}
    assert problems == {
        (3, "prs_Gender"),
        (3, "idn_ReportedOn"),
        (4, "prs_FirstName"),
        (4, "vic_AgeWhenTrafficked"),
        (5, "vic_TraffickingStatus"),
    }
    assert Case.objects.count() == before
    assert Assessment.objects.count() == 0


def test_import_refuses_another_unit_and_unreadable_files(users, units):
    with pytest.raises(PermissionDenied):
        htcds_import(actor=users["supervisor"], unit=units["dinsos"], data=_csv([GOOD]), filename="p.csv")
    with pytest.raises(ImportRejected) as rejected:
        htcds_import(actor=users["supervisor"], unit=units["polda"], data=b"{not json", filename="p.json")
    assert rejected.value.errors[0].row == 1
    with pytest.raises(ImportRejected) as rejected:
        htcds_import(actor=users["supervisor"], unit=units["polda"], data=b"name\nx\n", filename="p.csv")
    assert rejected.value.errors[0].column == "prs_FirstName"


def test_the_demo_data_survives_a_round_trip(users, units):
    """Every demo case exported as HTCDS and imported into a fresh unit comes back field by field."""
    from gugus.accounts.actors import system_actor
    from gugus.accounts.services import user_create
    from gugus.core.demo import demo_generate
    from gugus.organisations.models import Agency, Region
    from gugus.organisations.services import unit_create

    demo_generate(out=io.StringIO())
    originals = list(Case.objects.exclude(reporting_unit__in=units.values()).order_by("number"))
    assert len(originals) >= 10
    export = htcds_export(actor=system_actor("test"), cases=Case.objects.filter(pk__in=[c.pk for c in originals]))
    target = unit_create(
        actor=system_actor("test"),
        code="T-ARSIP",
        agency=Agency.objects.get(abbreviation="Polri"),
        name="Arsip uji",
        kind="provincial",
        region=Region.objects.get(code="52"),
    )
    importer = user_create(
        actor=system_actor("test"),
        username="arsip",
        password="correct-horse-battery-staple-42",
        role="supervisor",
        unit=target,
    )
    result = htcds_import(actor=importer, unit=target, data=export.as_csv(), filename="demo.csv")
    assert len(result.created) == len(originals)
    # imported cases are numbered anew in the importing unit: compare them in the source's order
    by_source = {row["idn_CaseNumber"]: None for row in export.rows}
    imported = list(Case.objects.filter(reporting_unit=target).order_by("id"))
    assert len(imported) == len(by_source)
    source_order = {number: i for i, number in enumerate(by_source)}
    originals.sort(key=lambda c: source_order[c.number])
    assert [_fields(c) for c in imported] == [_fields(c) for c in originals]


def test_docs_describe_every_column_and_every_field_not_held():
    doc = (Path(__file__).resolve().parents[3] / "docs" / "htcds.md").read_text(encoding="utf-8")
    for name in (*htcds.COLUMN_NAMES, *htcds.NOT_HELD):
        assert f"`{name}`" in doc, name
