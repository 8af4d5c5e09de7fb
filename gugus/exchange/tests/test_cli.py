"""The exchange commands: htcds-export, htcds-import (all or nothing, non-zero exit), release."""

from __future__ import annotations

import json

import pytest

from gugus.cases.models import Case
from gugus.cli import main

pytestmark = pytest.mark.django_db


def test_htcds_export_then_import_into_another_unit(open_case, units, tmp_path, capsys):
    open_case()
    out = tmp_path / "all.json"
    assert main(["exchange", "htcds-export", "-o", str(out)]) == 0
    assert "1 cases, 1 victims" in capsys.readouterr().out
    assert json.loads(out.read_text())["records"][0]["prs_FirstName"] == "Siti"
    assert main(["exchange", "htcds-import", str(out), "--unit", units["dinsos"].code]) == 0
    assert "1 cases created" in capsys.readouterr().out
    assert Case.objects.filter(reporting_unit=units["dinsos"]).count() == 1


def test_htcds_import_refuses_a_bad_file_naming_line_and_column(units, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("prs_FirstName,idn_ReportedOn,vic_TypeOfExploitation\nDewi,2025-13-40,ForcedLabour\n")
    assert main(["exchange", "htcds-import", str(bad), "--unit", units["polda"].code]) == 1
    err = capsys.readouterr().err
    assert "nothing was imported" in err and "line 2, column idn_ReportedOn" in err
    assert main(["exchange", "htcds-import", str(bad), "--unit", "NO-SUCH-UNIT"]) == 2
    assert not Case.objects.exists()


def test_release_prints_k_l_and_suppression(open_case, tmp_path, capsys):
    open_case()
    out = tmp_path / "release.csv"
    assert main(["exchange", "release", "-o", str(out), "--k", "11"]) == 0
    printed = capsys.readouterr().out
    assert "k = 0 (asked 11), l = 0" in printed and "0 rows released, 0 suppressed, of 0" in printed
    notes = json.loads((tmp_path / "release.csv.json").read_text())
    assert notes["k_requested"] == 11
    assert out.read_text().splitlines()[0].startswith("yearOfRegistration,gender,ageBroad")
