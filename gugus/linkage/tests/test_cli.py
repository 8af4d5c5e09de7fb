import argparse
import io

import pytest

from gugus.linkage import cli
from gugus.linkage.tests import cases


def run(argv: list[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="gugus")
    cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    stderr = io.StringIO()
    return args.handler(args, stderr=stderr), stderr.getvalue()


def test_register_declares_a_handler_without_django(tmp_path):
    parser = argparse.ArgumentParser(prog="gugus")
    cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["linkage", "resolve", "in.csv", "-o", "out.csv"])
    assert (args.handler, args.needs_django, args.threshold, args.backend) == (cli.handle_resolve, False, 0.9, "duckdb")


def test_resolve_writes_one_row_per_record_in_input_order(tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    cases.write_csv(source)
    code, messages = run(["linkage", "resolve", str(source), "-o", str(target), "--threshold", "0.9"])
    assert (code, messages) == (0, "")
    lines = target.read_text().splitlines()
    assert lines[0] == "record_id,cluster_id,match_probability"
    assert [line.split(",")[:2] for line in lines[1:]] == [
        ["A1", "A1"], ["A2", "A1"], ["A3", "A1"], ["B1", "B1"], ["B2", "B1"], ["C1", "C1"], ["C2", "C1"],
        ["D1", "D1"], ["D2", "D1"], ["E1", "E1"], ["E2", "E1"], ["F1", "F1"],
    ]
    assert lines[-1] == "F1,F1,0.000000"


def test_resolve_through_the_project_command(tmp_path):
    from gugus.cli import main

    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    cases.write_csv(source)
    assert main(["linkage", "resolve", str(source), "-o", str(target)]) == 0
    assert len(target.read_text().splitlines()) == 13


def test_train_and_save_model(tmp_path):
    source, target, model = tmp_path / "in.csv", tmp_path / "out.csv", tmp_path / "model.json"
    cases.write_csv(source)
    code, _ = run(["linkage", "resolve", str(source), "-o", str(target), "--save-model", str(model)])
    assert code == 0
    code, _ = run(["linkage", "resolve", str(source), "-o", str(target), "--model", str(model)])
    assert code == 0
    assert len(target.read_text().splitlines()) == 13


def test_empty_input_with_header_gives_empty_output(tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(cases.COLUMNS + "\n")
    assert run(["linkage", "resolve", str(source), "-o", str(target)]) == (0, "")
    assert target.read_text() == "record_id,cluster_id,match_probability\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "in.csv, line 1: the file is empty; expected the header " + cases.COLUMNS),
        ("record_id,source,full_name\nA,b,c\n",
         "in.csv, line 1: the header lacks sex, birth_date, birth_place, nik, phone, passport_no, address_region"),
        (cases.COLUMNS + "\n" + cases.ROWS[0] + "\nX1,Polri\n", "in.csv, line 3: 2 fields where the header has 10"),
        (cases.COLUMNS + "\n" + cases.ROWS[0] + "\n,Polri,Siti,,,,,,,\n", "in.csv, line 3: record_id is empty"),
        (cases.COLUMNS + "\n" + cases.ROWS[0] + "\n\n" + cases.ROWS[0] + "\n",
         "in.csv, line 4: record_id 'A1' already appears on line 2"),
        (cases.COLUMNS + "\n" + cases.ROWS[0] + '\nX1,Polri,"Siti\n' + cases.ROWS[1] + "\n",
         "in.csv, line 3: 3 fields where the header has 10"),
    ],
)
def test_malformed_input_names_the_line(tmp_path, content, message):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(content)
    code, messages = run(["linkage", "resolve", str(source), "-o", str(target)])
    assert code == 2
    assert messages == f"{tmp_path}/{message}\n"
    assert not target.exists()


def test_input_that_is_not_utf8(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes((cases.COLUMNS + "\nA1,Polri,Siti \xff\n").encode("latin-1"))
    code, messages = run(["linkage", "resolve", str(source), "-o", str(tmp_path / "out.csv")])
    assert (code, messages) == (2, f"{source}, after line 1: not UTF-8 text\n")


def test_missing_file_and_bad_threshold(tmp_path):
    code, messages = run(["linkage", "resolve", str(tmp_path / "none.csv"), "-o", str(tmp_path / "out.csv")])
    assert (code, messages) == (2, f"{tmp_path}/none.csv: cannot be read (No such file or directory)\n")
    code, messages = run(["linkage", "resolve", "x.csv", "-o", "y.csv", "--threshold", "1.5"])
    assert (code, messages) == (2, "--threshold must be a probability above 0 and at most 1\n")


def test_progress_is_shown_for_large_inputs(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "PROGRESS_FROM_RECORDS", 5)
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    cases.write_csv(source)
    code, messages = run(["linkage", "resolve", str(source), "-o", str(target)])
    assert code == 0
    assert messages.splitlines()[0] == f"read 12 records from {source}"
    assert messages.splitlines()[-1].startswith(f"wrote 12 records in 6 clusters to {target} in ")
