"""The compound register: facts with source and date, links to cases, a node of the networks view."""

import pytest

from gugus.core.errors import Conflict, ValidationFailed
from gugus.legal import services
from gugus.legal.models import Compound
from gugus.legal.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def compound(users):
    return services.compound_create(
        actor=users["supervisor"], name="Golden Fortune Resort", country="kh", locality="Sihanoukville"
    )


def test_register_with_facts_and_status_from_the_latest_fact(compound, users):
    assert (compound.country, compound.status) == ("KH", "unverified")
    with pytest.raises(Conflict):
        services.compound_create(actor=users["supervisor"], name="Golden Fortune Resort", country="KH")
    with pytest.raises(ValidationFailed) as error:
        services.compound_create(actor=users["supervisor"], name="X", country="ZZ")
    assert error.value.field == "country"
    common = {"actor": users["case_worker"], "compound": compound, "today": TODAY}
    services.compound_fact_add(
        kind="company", value="GF Technology Co., Ltd.", source="KBRI Phnom Penh", observed_on="2025-02-01", **common
    )  # noqa: E501
    services.compound_fact_add(
        kind="status", value="raided", source="Polisi Kamboja", observed_on="2025-06-10", **common
    )
    services.compound_fact_add(kind="status", value="active", source="Laporan lama", observed_on="2025-01-10", **common)
    compound.refresh_from_db()
    assert compound.status == Compound.Status.RAIDED  # an older fact recorded late does not override
    assert [(f.kind, f.source) for f in compound.facts.all()] == [
        ("status", "Polisi Kamboja"), ("company", "KBRI Phnom Penh"), ("status", "Laporan lama"),
    ]  # fmt: skip
    with pytest.raises(ValidationFailed) as error:
        services.compound_fact_add(kind="operator", value="Mr. Chen", source="", observed_on="2025-02-01", **common)
    assert error.value.field == "source"


def test_a_compound_links_two_cases_in_the_networks_view(compound, open_case, users, units):
    from gugus.networks.selectors import group_graph, network_of

    first = open_case(victims=[{"full_name": "Ani Susanti", "sex": "P", "birth_date": "1998-01-02"}])
    second = open_case(victims=[{"full_name": "Dewi Lestari", "sex": "P", "birth_date": "1999-03-04"}])
    assert [g for g in network_of(users["supervisor"]).groups if set(g.cases) >= {first.pk, second.pk}] == []
    for case in (first, second):
        services.compound_link(
            actor=users["supervisor"],
            compound=compound,
            case=case,
            source="Daftar KBRI",
            observed_on="2025-03-01",
            today=TODAY,
        )  # noqa: E501
    network = network_of(users["supervisor"])
    group = next(g for g in network.groups if set(g.cases) >= {first.pk, second.pk})
    assert f"compound:{compound.pk}" in group.identifiers
    graph = group_graph(users["supervisor"], group, network, personal=False)
    node = next(n for n in graph["nodes"] if n["id"] == f"icompound:{compound.pk}")
    assert (node["type"], node["label"]) == ("compound", "Golden Fortune Resort, Cambodia")
    # The other agency sees neither case: no group, no compound node.
    assert all(f"compound:{compound.pk}" not in g.identifiers for g in network_of(users["supervisor@other"]).groups)


def test_compound_pages(compound, users, client_for):
    page = client_for(users["case_worker@other"]).get("/legal/compounds/")
    assert page.status_code == 200 and "Golden Fortune Resort" in page.content.decode()
    assert client_for(users["analyst"]).get(f"/legal/compounds/{compound.pk}/").status_code in (403, 404)
    assert client_for(users["case_worker"]).get("/legal/compounds/99999/").status_code == 404
