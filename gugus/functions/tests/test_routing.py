import pytest

from gugus.accounts.actors import system_actor
from gugus.core.errors import NotFound, ValidationFailed
from gugus.functions.routing import Outcome, route
from gugus.functions.services import assignment_add, function_create
from gugus.organisations.models import Agency, Region
from gugus.organisations.services import structure_create, unit_create


@pytest.fixture
def routed(units, national_task_force):
    """A structure in force where Dinas Sosial is Accountable for shelter at every regional tier,
    LPSK for protection (no regency units), Kemenlu abroad; and nobody for restitution."""
    structure = structure_create(
        actor=system_actor("tests"), task_force=national_task_force, key="t-1", name="T", status="in_force"
    )
    agency = {a: Agency.objects.get(abbreviation=a) for a in ("Dinas Sosial", "LPSK", "Kemenlu", "Kemensos")}
    region = {c: Region.objects.get(code=c) for c in ("21", "53")}
    unit_create(
        actor=system_actor("tests"),
        code="T-DINSOS-53",
        agency=agency["Dinas Sosial"],
        name="Dinsos NTT",
        kind="provincial",
        region=region["53"],
    )
    unit_create(
        actor=system_actor("tests"),
        code="T-LPSK-21",
        agency=agency["LPSK"],
        name="LPSK Batam",
        kind="provincial",
        region=region["21"],
    )
    unit_create(
        actor=system_actor("tests"), code="T-LPSK-HQ", agency=agency["LPSK"], name="LPSK Jakarta", kind="headquarters"
    )
    unit_create(
        actor=system_actor("tests"),
        code="T-KBRI-KH",
        agency=agency["Kemenlu"],
        name="KBRI Phnom Penh",
        kind="mission_abroad",
        country="KH",
    )
    unit_create(
        actor=system_actor("tests"),
        code="T-KEMENLU-HQ",
        agency=agency["Kemenlu"],
        name="Dit. PWNI",
        kind="headquarters",
    )
    functions = {
        code: function_create(actor=system_actor("tests"), code=code, name_id=code, name_en=code, **tiers)
        for code, tiers in (
            ("shelter", {}),
            ("protection", {}),
            ("repatriation", {"at_province": False, "at_regency": False}),
            ("restitution", {}),
        )
    }
    for code, tier, abbreviation in (
        ("shelter", "regency", "Dinas Sosial"),
        ("shelter", "province", "Dinas Sosial"),
        ("protection", "regency", "LPSK"),
        ("protection", "province", "LPSK"),
        ("repatriation", "national", "Kemenlu"),
    ):
        assignment_add(
            actor=system_actor("tests"),
            structure=structure,
            function=functions[code],
            agency=agency[abbreviation],
            tier=tier,
            responsibility="A",
            allow_fixed=True,
        )
    return structure


@pytest.mark.django_db
def test_regency_unit_in_the_region(routed):
    result = route("shelter", "21.71")
    assert (result.found, result.outcome, result.unit.code, result.tier, result.path) == (
        True,
        Outcome.IN_REGION,
        "T-DINSOS-21.71",
        "regency",
        ["21.71"],
    )
    # A district is served by its regency's unit.
    district = Region.objects.filter(parent_id="21.71").order_by("code").first()
    assert route("shelter", district.code).unit.code == "T-DINSOS-21.71"


@pytest.mark.django_db
def test_province_unit_when_the_regency_has_none(routed):
    result = route("shelter", "53.01")
    assert (result.outcome, result.unit.code, result.path) == (Outcome.WALKED_UP, "T-DINSOS-53", ["53.01", "53"])
    assert result.agency.abbreviation == "Dinas Sosial"
    assert route("shelter", "53").outcome == Outcome.IN_REGION


@pytest.mark.django_db
def test_headquarters_when_no_regional_unit(routed):
    result = route("protection", "53.01")
    assert (result.outcome, result.unit.code, result.path) == (
        Outcome.HEADQUARTERS,
        "T-LPSK-HQ",
        ["53.01", "53", "national"],
    )
    assert route("protection", "21.71").unit.code == "T-LPSK-21"


@pytest.mark.django_db
def test_destination_country(routed):
    result = route("repatriation", "kh")
    assert (result.outcome, result.unit.code, result.tier, result.country) == (
        Outcome.ABROAD,
        "T-KBRI-KH",
        "national",
        "KH",
    )
    # No mission in that country: the agency's headquarters acts.
    assert route("repatriation", "MM").unit.code == "T-KEMENLU-HQ"


@pytest.mark.django_db
def test_nobody_accountable_is_a_clear_answer(routed):
    result = route("restitution", "21.71")
    assert (result.found, result.outcome, result.unit) == (False, Outcome.NOBODY_ACCOUNTABLE, None)
    assert result.message == "Nobody is accountable for restitution at the regency/city tier in T."
    assert route("shelter", "KH").outcome == Outcome.NOBODY_ACCOUNTABLE


@pytest.mark.django_db
def test_accountable_without_any_unit(routed):
    assignment_add(
        actor=system_actor("tests"),
        structure=routed,
        function=routed.assignments.get(function__code="shelter", tier="regency").function,
        agency=Agency.objects.get(abbreviation="TNI"),
        tier="province",
        responsibility="A",
        allow_fixed=True,
    )
    # Dinas Sosial (unit in 53) and TNI (no unit) both Accountable: the one with a unit answers.
    result = route("shelter", "53")
    assert (result.outcome, result.unit.code, result.overlap) == (Outcome.IN_REGION, "T-DINSOS-53", True)
    # In 21 Dinas Sosial has only a regency unit (21.71), TNI none: no unit serves the province.
    result = route("shelter", "21")
    assert (result.found, result.outcome) == (False, Outcome.NO_UNIT)


@pytest.mark.django_db
def test_bad_input(routed):
    with pytest.raises(NotFound):
        route("nope", "21.71")
    with pytest.raises(NotFound):
        route("shelter", "99.99")
    with pytest.raises(ValidationFailed):
        route("shelter", "ZZ")
    with pytest.raises(ValidationFailed):
        route("shelter", "ID")
    with pytest.raises(NotFound):
        route("shelter", "21.71", "no-such-structure")


@pytest.mark.django_db
def test_demo_routes(demo_matrix):
    assert route("social_rehabilitation", "52.01").unit.code == "DINSOS-52.01"
    protection = route("witness_victim_protection", "53.04")
    assert (protection.outcome, protection.unit.code) == (Outcome.WALKED_UP, "UPTDPPA-53")
    abroad = route("repatriation_abroad", "KH")
    # Three Accountable in 49/2023; only Kemenlu has a unit in Cambodia.
    assert (abroad.outcome, abroad.unit.code, abroad.overlap) == (Outcome.ABROAD, "KEMENLU-KBRI-KH", True)
    assert [a.abbreviation for a in abroad.accountable] == ["BP2MI", "Kemenlu", "Kemensos"]
    draft = route("repatriation_abroad", "KH", "draft-2025")
    assert (draft.unit.code, draft.overlap) == ("KEMENLU-KBRI-KH", False)
    # The regulation names Kemenkumham; its successor's immigration office acts.
    screening = route("prevention.departure_screening", "21.71")
    assert (screening.unit.code, screening.agency.abbreviation, screening.acting_agency.abbreviation) == (
        "IMIGRASI-21.71",
        "Kemenkumham",
        "Kemenimipas",
    )
    # Overlap with units equally near: the structure must decide.
    assert route("return_home", "52").outcome == Outcome.AMBIGUOUS
    assert route("restitution", "52.01").outcome == Outcome.NOBODY_ACCOUNTABLE
