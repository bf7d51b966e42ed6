"""The computational core stays pure: nothing under ihya/core imports Django or a database."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "src" / "ihya" / "core"
FORBIDDEN = (
    "django",
    "ihya.registry",
    "ihya.reference",
    "ihya.diagnosis",
    "ihya.demo",
    "psycopg",
    "sqlite3",
)


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_imports_no_django_or_database():
    offenders = {
        str(p.relative_to(CORE)): sorted(n for n in imports(p) if n.startswith(FORBIDDEN))
        for p in CORE.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert len(offenders) >= 7


def test_interfaces_do_not_import_each_other():
    src = CORE.parent
    for path in src.rglob("*.py"):
        if path.name == "cli.py":
            continue
        assert "ihya.cli" not in imports(path), path
