import pytest

from gugus.cli import main


@pytest.mark.django_db
def test_regions_summary(reference_data, capsys):
    assert main(["regions", "summary"]) == 0
    assert capsys.readouterr().out == "province 38\nregency 514\ndistrict 7285\n"


@pytest.mark.django_db
def test_agencies_current(reference_data, capsys):
    assert main(["agencies", "current", "Kemenkumham"]) == 0
    assert capsys.readouterr().out == (
        "KemenHAM\tKementerian Hak Asasi Manusia\n"
        "Kemenimipas\tKementerian Imigrasi dan Pemasyarakatan\n"
        "Kemenkum\tKementerian Hukum\n"
    )
    assert main(["agencies", "current", "BP2MI", "--on", "2023-06-01"]) == 0
    assert capsys.readouterr().out == "KP2MI\tKementerian Pelindungan Pekerja Migran Indonesia\n"
    assert main(["agencies", "current", "Nope"]) == 1
    assert "unknown agency: Nope" in capsys.readouterr().err


@pytest.mark.django_db
def test_units_list(units, capsys):
    assert main(["units", "list", "--agency", "Polri"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "T-POLDA-21\tPolri\t21\tPolda Kepulauan Riau",
        "T-SETGT\tPolri\t-\tSekretariat GT Pusat",
    ]
    assert main(["units", "list", "--agency", "XYZ"]) == 1


@pytest.mark.django_db
def test_stats_counts(units, capsys):
    assert main(["stats"]) == 0
    lines = dict(line.split(" ") for line in capsys.readouterr().out.splitlines())
    assert lines["regions"] == "7837"
    assert lines["agency_units"] == "3"
