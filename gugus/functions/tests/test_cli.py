import json

import pytest

from gugus.cli import main


@pytest.mark.django_db
def test_analyse_json(demo_matrix, capsys):
    assert main(["functions", "analyse", "49-2023", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"overlaps", "gaps", "idle_members", "figures"} <= set(data)
    assert len(data["overlaps"]) == 9 and len(data["gaps"]) == 8
    assert data["overlaps"][6] == {
        "function": "repatriation_abroad",
        "tier": "national",
        "agencies": ["BP2MI", "Kemenlu", "Kemensos"],
    }
    assert data["figures"]["members"] == 23


@pytest.mark.django_db
def test_analyse_text_and_unknown_structure(demo_matrix, capsys):
    assert main(["functions", "analyse", "draft-2025"]) == 0
    out = capsys.readouterr().out
    assert "Overlaps (3): more than one Accountable" in out
    assert "  international_cooperation @ national: Kemenko Polkam, Kemenlu" in out
    assert "  restitution @ regency: missing A, R" in out
    assert "Idle members (2)" in out
    assert main(["functions", "analyse", "1-1900"]) == 1
    assert "no structure version called 1-1900" in capsys.readouterr().err


@pytest.mark.django_db
def test_compare(demo_matrix, capsys):
    assert main(["functions", "compare", "49-2023", "draft-2025"]) == 0
    out = capsys.readouterr().out
    assert "Overlaps resolved (7)" in out
    assert "  repatriation_abroad @ national: BP2MI, Kemenlu, Kemensos → Kemenlu" in out
    assert "Overlaps introduced (1)" in out
    assert "Gaps closed (2)" in out
    assert "Members removed (2): BPS, Bappenas" in out
    assert "Member renamed: BP2MI → KP2MI" in out
    assert "  overlaps: 9 → 3" in out
    assert main(["functions", "compare", "49-2023", "draft-2025", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["overlaps_resolved"]) == 7


@pytest.mark.django_db
def test_route(demo_matrix, capsys):
    assert main(["functions", "route", "social_rehabilitation", "52.01"]) == 0
    assert capsys.readouterr().out == "DINSOS-52.01\tDinas Sosial Kabupaten Lombok Barat\n"
    assert main(["functions", "route", "witness_victim_protection", "53.04"]) == 0
    assert capsys.readouterr().out.startswith("UPTDPPA-53\t")
    assert main(["functions", "route", "repatriation_abroad", "KH", "--structure", "draft-2025"]) == 0
    assert capsys.readouterr().out.startswith("KEMENLU-KBRI-KH\t")
    assert main(["functions", "route", "restitution", "52.01"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Nobody is accountable for Restitution at the regency/city tier in Perpres 49/2023." in captured.err
    assert main(["functions", "route", "restitution", "52.01", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["outcome"] == "nobody_accountable"
    assert main(["functions", "route", "nope", "52.01"]) == 1
    assert "unknown function nope" in capsys.readouterr().err


@pytest.mark.django_db
def test_catalogue(demo_matrix, capsys):
    assert main(["functions", "catalogue"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "prevention\tgroup\tPrevention"
    assert "  prevention.content_takedown\tN\tContent takedown" in lines
    assert "repatriation_abroad\tN\tRepatriation from abroad" in lines
