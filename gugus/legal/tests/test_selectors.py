"""Per-country and per-compound figures for the dashboards: exact counts in the user's scope."""

import pytest

from gugus.legal import repatriation, services
from gugus.legal.selectors import figures_by_compound, figures_by_country
from gugus.legal.tests.conftest import TODAY
from gugus.legal.tests.test_repatriation import ROW_BUDI, ROW_SITI, _file

pytestmark = pytest.mark.django_db


def test_figures_by_country_and_compound(track, users, units, prosecutor, kejati):
    compound = services.compound_create(actor=users["supervisor"], name="Golden Fortune", country="KH")
    repatriation.repatriation_import(
        actor=users["supervisor"], unit=units["polda"], name="B1", compound=compound, today=TODAY,
        data=_file([[*ROW_SITI, "victim"], [*ROW_BUDI, "possible_perpetrator"]]),
    )  # fmt: skip
    suspect = services.suspect_add(
        actor=users["case_worker"], investigation=track, case_role=track.case.roles.get(role="suspect")
    )
    for kind, on in (("spdp", "2025-03-10"), ("file_sent", "2025-04-01")):
        services.step_record(
            actor=users["case_worker"], investigation=track, kind=kind, on=on, prosecutor_unit=kejati, today=TODAY
        )  # noqa: E501
    services.step_record(
        actor=prosecutor, investigation=track, kind="p21", on="2025-04-05", reference="B-1", today=TODAY
    )
    services.step_record(actor=users["case_worker"], investigation=track, kind="handover", on="2025-04-10", today=TODAY)
    services.step_record(
        actor=prosecutor, investigation=track, kind="indictment", on="2025-05-01", reference="PDM-1", today=TODAY
    )  # noqa: E501
    services.verdict_record(
        actor=prosecutor, suspect=suspect, court_name="PN Batam", decided_on="2025-08-01", outcome="convicted",
        prison_months=60, restitution_ordered_idr="50.000.000", today=TODAY,
    )  # fmt: skip
    rows = figures_by_country(users["supervisor"])
    assert [(r["country"], r["cases"]) for r in rows] == [("KH", 3)]
    kh = rows[0]
    assert kh["screening"] == {
        "victim": 1,
        "possible_perpetrator": 1,
        "not_a_victim": 0,
        "re_recruited": 0,
        "not_screened": 0,
    }
    assert (kh["investigations"], kh["suspects"], kh["prosecuted"], kh["convicted"], kh["acquitted"]) == (1, 1, 1, 1, 0)
    assert (kh["restitution_ordered_idr"], kh["restitution_paid_idr"]) == ("50000000", "0")
    by_compound = figures_by_compound(users["supervisor"])
    assert [(r["name"], r["cases"], r["screening"]["victim"], r["investigations"]) for r in by_compound] == [
        ("Golden Fortune", 2, 1, 0)
    ]
    # The other agency's user sees none of these cases: no figures.
    assert figures_by_country(users["supervisor@other"]) == []
    assert figures_by_compound(users["supervisor@other"]) == []
