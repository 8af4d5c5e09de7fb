"""The command line as an operator meets it: one table of demo logins, one line when it cannot start."""

from __future__ import annotations

import os
import subprocess
import sys

from gugus.core.cli import demo_logins_table


def test_demo_logins_are_one_table_with_role_unit_and_what_to_try():
    table = demo_logins_table(
        [
            ("petugas.polda.kepri", "pw-123", "Case worker", "Polda Kepulauan Riau", "open a case"),
            ("analis", "pw-123", "Analyst (de-identified data only)", "Sekretariat GT Pusat", "the release"),
        ]
    )
    lines = table.splitlines()
    assert "the password of every one: pw-123" in lines[1]
    assert lines[3].split() == ["login", "role", "unit", "try"]
    assert lines[5].startswith("  petugas.polda.kepri  Case worker")
    assert lines[5].endswith("open a case")
    # the columns line up
    assert lines[5].index("Polda") == lines[6].index("Sekretariat")
    assert "GUGUS_ENV=demo" in table
    assert table.count("pw-123") == 1


def test_a_command_that_cannot_start_says_so_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUGUS_", "SECRET_KEY", "PYTEST", "DJANGO"))}
    env["GUGUS_HOME"] = str(tmp_path)
    run = subprocess.run([sys.executable, "-m", "gugus", "stats"], capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert run.stderr.strip().count("\n") == 0
    assert "SECRET_KEY must be set" in run.stderr and "GUGUS_ENV=demo" in run.stderr
