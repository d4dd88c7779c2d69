"""The import graph of ``avg_service``, read with ``ast`` (nothing is imported or run).

Every ``import`` counts, at module level or inside a function, except those under
``if TYPE_CHECKING:`` (they never run). A package's ``__init__`` that Python runs implicitly
before a submodule is not an edge: only what a module names. ``from pkg import name`` is an edge
to ``pkg.name`` when that is a module, else to ``pkg``.

Two views: modules, and packages (``avg_service.<first part>``: ``requests``, ``db``, ...).
A cycle is a strongly connected component of more than one node. Packages are also read without
their edge modules (``is_edge``: blueprints, the API, CLI commands, demo data, job entries, the
route guard, the web layer), the layer where STYLE.md says dependencies point one way: views ->
services -> models and pure rules; nothing below the edge imports the edge. ``python -m tests.import_graph``
prints the figures; tests/test_import_graph.py fails on any cycle.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "avg_service"


def module_files(root: Path = ROOT) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str | None:
    if node.level == 0:
        return node.module
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def module_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the project modules it imports."""
    files = module_files(root)
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = _resolve(name, path, node)
                if base is None:
                    continue
                for alias in node.names:
                    candidate = f"{base}.{alias.name}"
                    targets.append(candidate if candidate in files else base)
            for target in targets:
                while target and target not in files:  # import a.b.c where only a.b is ours
                    target = target.rpartition(".")[0]
                if target.startswith(PACKAGE + ".") and target != name:
                    graph[name].add(target)
    return graph


#: Module names (their last part) that are an edge: they take input from outside (HTTP, the command
#: line, rq) or build demo data, and may import any feature.
EDGE_NAMES = frozenset({"views", "api", "cli", "demo", "public", "password_views", "register",
                        "browser", "tasks", "preview", "worker", "guard", "system_jobs"})
EDGE_MODULES = frozenset({PACKAGE, f"{PACKAGE}.health", f"{PACKAGE}.api"})


def is_edge(module: str) -> bool:
    return (module in EDGE_MODULES or module.startswith(f"{PACKAGE}.web.")
            or module.startswith(f"{PACKAGE}.api.") or module.rsplit(".", 1)[-1] in EDGE_NAMES)


def core_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph without the edge modules."""
    return {m: {t for t in ts if not is_edge(t)} for m, ts in graph.items() if not is_edge(m)}


def edge_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Modules below the edge that import an edge module."""
    return sorted((m, t) for m, ts in graph.items() if not is_edge(m) for t in ts if is_edge(t))


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    packages: dict[str, set[str]] = {}
    for module, targets in graph.items():
        source = package_of(module)
        packages.setdefault(source, set())
        for target in targets:
            if package_of(target) != source:
                packages[source].add(package_of(target))
    return packages


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def edges_within(graph: dict[str, set[str]], members: Iterable[str]) -> list[tuple[str, str]]:
    inside = set(members)
    return sorted((a, b) for a in inside for b in graph.get(a, ()) if b in inside)


def main() -> None:
    graph = module_graph()
    modules = cycles(graph)
    packages = cycles(package_graph(graph))
    core = cycles(package_graph(core_graph(graph)))
    print(f"modules={len(graph)} module_cycles={len(modules)} "
          f"modules_in_cycles={sum(map(len, modules))} package_cycles={len(packages)} "
          f"packages_in_cycles={sum(map(len, packages))} core_package_cycles={len(core)} "
          f"core_packages_in_cycles={sum(map(len, core))} edge_imports={len(edge_imports(graph))}")
    for source, target in edge_imports(graph):
        print("below the edge, imports the edge:", source, "->", target)
    for component in core:
        print("core package cycle:", ", ".join(component))
    for component in modules:
        print("module cycle:", ", ".join(component))
    pkg = package_graph(graph)
    for component in packages:
        print("package cycle:", ", ".join(component))
        for a, b in edges_within(pkg, component):
            via = sorted(f"{m} -> {t}" for m in graph if package_of(m) == a
                         for t in graph[m] if package_of(t) == b)
            print(f"  {a} -> {b}: {'; '.join(via)}")


if __name__ == "__main__":
    main()
