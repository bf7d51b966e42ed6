"""The layout the code keeps (ARCHITECTURE.md, "Rules the code follows"), as allow-lists:

- under ``ihya/core`` only the standard library, the numeric and file libraries listed here and
  ``ihya.core.*`` (no Django, no database, nothing of the apps);
- the interfaces (command line, pages, API, background tasks) call services and selectors: they
  import no other interface, nothing of the core but its input parsing and table rows, and no
  model (forms may: Django builds their fields from models; type-only imports are allowed);
- no import circle, lazy imports inside functions included;
- no module of ``src`` over 600 lines (migrations aside).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
IHYA = SRC / "ihya"
CORE_THIRD_PARTY = {
    "numpy",
    "scipy",
    "duckdb",
    "highspy",
    "pydantic",
    "pydantic_core",
    "openpyxl",
    "python_calamine",
    "pycountry",
    "ortools",
}
CORE_FOR_INTERFACES = {"ihya.core.ingest.normalize", "ihya.core.tables"}
MAX_LINES = 600


def _module(path: Path) -> str:
    name = ".".join(path.relative_to(SRC).with_suffix("").parts)
    return name.removesuffix(".__init__")


def _sources() -> dict[str, Path]:
    return {
        _module(p): p for p in IHYA.rglob("*.py") if "migrations" not in p.relative_to(IHYA).parts
    }


def _type_checking(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    )


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports — at the top or inside a function — but those imported for
    type checking only; ``from a import b`` counts as ``a`` and, when it is a module, ``a.b``."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if _type_checking(node):
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def interface_kind(path: Path) -> str | None:
    """Which interface a module belongs to (None: a service, selector, model…)."""
    rel = path.relative_to(IHYA)
    if path.stem in ("cli", "console"):
        return "cli"
    if path.stem in ("api", "api_support"):
        return "api"
    if path.stem in ("views", "forms", "urls", "middleware", "context"):
        return "web"
    if "templatetags" in rel.parts:
        return "web"
    if path.stem == "tasks":
        return "tasks"
    return None


def test_the_core_imports_only_the_core_and_its_allowed_libraries():
    stdlib = set(sys.stdlib_module_names)
    offenders = {}
    core = [p for p in (IHYA / "core").rglob("*.py")]
    for path in core:
        bad = sorted(
            name
            for name in imports(path)
            if not name.startswith("ihya.core")
            and name.split(".")[0] not in stdlib | CORE_THIRD_PARTY
        )
        # ``from ihya.core.x import y`` also records ihya.core.x.y: a name, not a problem
        if bad:
            offenders[str(path.relative_to(IHYA))] = bad
    assert offenders == {}
    assert len(core) >= 30


def test_interfaces_call_services_and_selectors_only():
    modules = _sources()
    kinds = {name: interface_kind(path) for name, path in modules.items()}
    offenders = {}
    for name, path in modules.items():
        kind = kinds[name]
        if kind is None or name == "ihya.urls":  # the root URLconf mounts the pages and the API
            continue
        bad = []
        for target in sorted(imports(path)):
            other = kinds.get(target)
            if other is not None and other != kind:
                bad.append(f"{target} (another interface: {other})")
            if (
                target.startswith("ihya.core")
                and target in modules
                and target not in CORE_FOR_INTERFACES
            ):
                bad.append(f"{target} (the core: through a service)")
            is_model = target.endswith(".models") and target.startswith(
                ("ihya.", "django.contrib.auth")
            )
            if is_model and path.stem != "forms":
                bad.append(f"{target} (a model: through a selector or service)")
        if bad:
            offenders[name] = bad
    assert offenders == {}
    assert sum(kind == "cli" for kind in kinds.values()) >= 10  # a command module per app


def test_no_interface_reaches_the_command_line():
    for name, path in _sources().items():
        if interface_kind(path) in ("api", "web", "tasks"):
            assert not any(t == "ihya.cli" or t.endswith(".cli") for t in imports(path)), name


def test_there_is_no_import_circle():
    modules = _sources()
    graph = {
        name: {t for t in imports(path) if t in modules} - {name} for name, path in modules.items()
    }
    circles = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    assert circles == []


def test_no_module_is_longer_than_600_lines():
    long = {
        name: n
        for name, path in _sources().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
