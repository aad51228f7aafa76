"""The apps' modules import each other in one direction: no cycles, not even through imports inside functions.

The graph counts every `import` statement of src/motesplats (at the top of a module or inside a function), and
an import of `a.b.c` also as an import of the package `a.b` (its __init__ runs first). Imports only for the
type checker (`if TYPE_CHECKING:`) never run and are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

SRC = Path(__file__).resolve().parents[2] / "src"
ROOT = SRC / "motesplats"


def _modules() -> dict[str, tuple[Path, bool]]:
    modules = {}
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        modules[".".join(parts)] = (path, is_package)
    return modules


def _type_checking_only(tree: ast.Module) -> set[ast.AST]:
    skipped: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skipped.update(ast.walk(child))
    return skipped


def _known(name: str, modules: dict[str, tuple[Path, bool]]) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> nx.DiGraph:
    modules = _modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, (path, is_package) in modules.items():
        package = name.split(".") if is_package else name.split(".")[:-1]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _type_checking_only(tree)
        for node in ast.walk(tree):
            if node in skipped:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = ".".join(package[:len(package) - node.level + 1]) if node.level else ""
                module = ".".join(part for part in (base, node.module or "") if part)
                targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
            for target in targets:
                found = _known(target, modules)
                if found is None or found == name:
                    continue
                graph.add_edge(name, found)
                parent = found.rpartition(".")[0]
                while parent.count(".") >= 1 and parent in modules:
                    if not name.startswith(parent + ".") and parent != name:
                        graph.add_edge(name, parent)
                    parent = parent.rpartition(".")[0]
    return graph


def test_the_graph_sees_imports_inside_functions() -> None:
    graph = import_graph()
    assert graph.has_edge("motesplats.events.services.mail", "motesplats.events.selectors")  # inside a function
    assert graph.has_edge("motesplats.events.tasks", "motesplats.events.services")  # the package of a module


def test_no_import_cycles() -> None:
    cycles = sorted(sorted(component) for component in nx.strongly_connected_components(import_graph())
                    if len(component) > 1)
    assert cycles == []


def test_models_import_no_services() -> None:
    graph = import_graph()
    offending = [(a, b) for a, b in graph.edges if a.endswith(".models") and ".services" in b]
    assert offending == []


def test_services_never_import_their_tasks() -> None:
    graph = import_graph()
    offending = [(a, b) for a, b in graph.edges if ".services" in a and b.endswith(".tasks")]
    assert offending == []
