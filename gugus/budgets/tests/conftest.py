import datetime as dt
from decimal import Decimal

import pytest

from gugus.accounts.actors import system_actor

B = Decimal("1000000000")  # one billion rupiah (1 miliar)


@pytest.fixture
def budget_data(users, units, national_task_force, province_task_force):
    """A budget known by hand (fiscal year 2026, in billions of rupiah):

    L1  national task force, APBN via Polri, coordination       10.0   realised 4.0
    N   KemenPPPA HQ, APBN ministry (DAK Non-Fisik PPA)           3.0   → 2.0 to P
    P   Kepri task force (21), transfer                            2.0   → 1.5 to R, realised 0.3
    R   Dinas Sosial Batam (21.71), transfer, social rehab         1.5   realised 1.2
    A   Polda Kepri (21), APBN ministry, investigation             0.8   realised 0.2
    B   Dinas Sosial Batam (21.71), APBD regency, social rehab     0.5   realised 0.5
    J   Jawa Barat task force (32), APBD province                  0.7   realised 0
    """
    from gugus.budgets import services
    from gugus.functions.models import Function
    from gugus.functions.services import catalogue_load
    from gugus.organisations.models import Agency, Region
    from gugus.organisations.services import task_force_create, unit_create

    catalogue_load(actor=system_actor("tests"))
    fn = {f.code: f for f in Function.objects.all()}
    kemenpppa = unit_create(
        actor=system_actor("tests"),
        code="T-KEMENPPPA",
        agency=Agency.objects.get(abbreviation="KemenPPPA"),
        name="KemenPPPA",
        kind="headquarters",
    )
    west_java = task_force_create(
        actor=system_actor("tests"),
        tier="province",
        region=Region.objects.get(code="32"),
        name="Gugus Tugas Jawa Barat",
    )

    def line(holder, source, amount, function=None, output="", **extra):
        return services.line_create(
            actor=system_actor("tests"),
            fiscal_year=2026,
            holder=holder,
            source=source,
            title=f"Line {output}",
            allocated=amount * B,
            function=fn.get(function),
            output_code=output,
            **extra,
        )

    lines = {
        "L1": line(national_task_force, "apbn_polri", Decimal("10"), "coordination", "L1"),
        "N": line(kemenpppa, "apbn_ministry", Decimal("3"), "social_rehabilitation", "N", source_detail="DAK"),
        "P": line(province_task_force, "transfer", Decimal("2"), "coordination", "P"),
        "R": line(units["dinsos"], "transfer", Decimal("1.5"), "social_rehabilitation", "R"),
        "A": line(units["polda"], "apbn_ministry", Decimal("0.8"), "investigation", "A"),
        "B": line(units["dinsos"], "apbd_regency", Decimal("0.5"), "social_rehabilitation", "B"),
        "J": line(west_java, "apbd_province", Decimal("0.7"), "coordination", "J"),
    }
    services.flow_record(actor=system_actor("tests"), source=lines["N"], target=lines["P"], amount=2 * B)
    services.flow_record(actor=system_actor("tests"), source=lines["P"], target=lines["R"], amount=Decimal("1.5") * B)
    for key, amount in (("L1", "4"), ("P", "0.3"), ("R", "1.2"), ("A", "0.2"), ("B", "0.5")):
        services.realisation_record(
            actor=system_actor("tests"),
            line=lines[key],
            spent_on=dt.date(2026, 6, 30),
            amount=Decimal(amount) * B,
            document_ref=f"SP2D-{key}",
        )
    return lines


ALL = {"L1", "N", "P", "R", "A", "B", "J"}
KEPRI = {"N", "P", "R", "A", "B"}
BATAM = {"N", "P", "R", "B"}


def visible_for(role_key: str) -> set[str]:
    role, _, other = role_key.partition("@")
    if role_key == "outsider" or role in ("supervisor", "case_worker"):
        return set()
    if role in ("system_admin", "secretariat_national"):
        return ALL
    if role == "secretariat_regional":
        return KEPRI
    return BATAM if other else KEPRI


def editable_for(role_key: str) -> set[str]:
    return {"budget_officer": {"A"}, "budget_officer@other": {"R", "B"}}.get(role_key, set())
