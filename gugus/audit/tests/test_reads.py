"""Reads are recorded by the access and selector layer, with the fields their purpose declares.

No view module and no API module records a read itself: a view that did could forget it on its
twin, or log other fields than the twin does.
"""

import ast
from pathlib import Path

import pytest

from gugus.audit.reads import PURPOSES, read_record

GUGUS = Path(__file__).resolve().parents[2]
READ_RECORDERS = {"audit_read", "read_record"}


def _view_modules() -> list[Path]:
    views = [p for p in GUGUS.rglob("*.py") if p.name == "views.py" or p.name.endswith("_views.py")]
    api = list((GUGUS / "api").glob("*.py"))
    return sorted(p for p in views + api if "tests" not in p.parts)


def _records_a_read(tree: ast.AST) -> list[str]:
    """Imports or calls of a read recorder, and ``audit_record(..., kind=...READ)``, with their lines."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("gugus.audit"):
            found += [f"line {node.lineno}: imports {a.name}" for a in node.names if a.name in READ_RECORDERS]
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in READ_RECORDERS:
                found.append(f"line {node.lineno}: calls {name}")
            if name == "audit_record":
                for keyword in node.keywords:
                    if keyword.arg == "kind" and "READ" in ast.unparse(keyword.value).upper():
                        found.append(f"line {node.lineno}: audit_record(kind=READ)")
        if isinstance(node, ast.Attribute) and node.attr == "READ" and "Kind" in ast.unparse(node.value):
            found.append(f"line {node.lineno}: AuditEntry.Kind.READ")
    return found


def test_no_view_or_api_module_records_a_read_itself():
    modules = _view_modules()
    assert len(modules) > 20  # the scan finds the views and the API operations
    offenders = {
        str(path.relative_to(GUGUS)): hits
        for path in modules
        if (hits := _records_a_read(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}, "record reads in the access or selector function that returns the data"


def test_the_guard_catches_a_view_that_records_a_read():
    sample = ast.parse(
        "from gugus.audit.services import audit_read\n"
        "def page(request):\n"
        "    audit_read(actor=request.user, target=None, purpose='case', fields=['full_name'])\n"
        "    audit_record(actor=request.user, action='read.x', kind=AuditEntry.Kind.READ)\n"
    )
    assert _records_a_read(sample) == [
        "line 1: imports audit_read",
        "line 3: calls audit_read",
        "line 4: audit_record(kind=READ)",
        "line 4: AuditEntry.Kind.READ",
    ]


def test_each_purpose_declares_its_fields_once():
    assert all(p.fields and len(set(p.fields)) == len(p.fields) for p in PURPOSES.values())
    assert all(name == p.name for name, p in PURPOSES.items())


@pytest.mark.django_db
def test_read_record_logs_the_declared_fields_and_refuses_undeclared_ones():
    entry = read_record(actor="system:test", target=("people.person", 3), purpose="person")
    assert (entry.action, entry.data) == ("read.person", {"fields": list(PURPOSES["person"].fields)})
    entry = read_record(actor="system:test", target=("cases.search", "nik"), purpose="search", only=["nik"])
    assert entry.data == {"fields": ["nik"]}
    with pytest.raises(ValueError, match="not declared"):
        read_record(actor="system:test", target=("cases.search", "x"), purpose="search", only=["religion"])
    with pytest.raises(ValueError, match="records all its fields"):
        read_record(actor="system:test", target=("people.person", 3), purpose="person", only=["full_name"])
    with pytest.raises(KeyError):
        read_record(actor="system:test", target=("people.person", 3), purpose="gossip")
