"""Figures of how the house is kept (issue 18): cycles, long files, the longest function, and the
lines ``mypy --strict`` covers. ``python -m tests.house_figures [ROOT]`` prints one line.

Duplicate pairs come from the library tool (``duplicates``), run beside this.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from tests import import_graph

LONG_FILE = 400


def _strict_paths(root: Path) -> list[Path]:
    """The paths the Makefile's ``mypy --strict`` run names."""
    makefile = (root / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    files: set[Path] = set()
    for match in re.finditer(r"mypy --strict ([^\n]*)", makefile):
        for word in match.group(1).split():
            if word.startswith("avg_service"):
                path = root / word
                files.update(path.rglob("*.py") if path.is_dir() else [path])
    return sorted(files)


def figures(root: Path) -> dict[str, object]:
    graph = import_graph.module_graph(root)
    packages = import_graph.package_graph(graph)
    module_cycles = import_graph.cycles(graph)
    package_cycles = import_graph.cycles(packages)
    mutual = sorted((a, b) for a in packages for b in packages[a] if a < b and a in packages.get(b, ()))
    files = sorted((root / "avg_service").rglob("*.py"))
    long_files = [p for p in files if len(p.read_text(encoding="utf-8").splitlines()) > LONG_FILE]
    longest = (0, "")
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno:
                length = node.end_lineno - node.lineno + 1
                if length > longest[0]:
                    longest = (length, f"{path.relative_to(root)}:{node.lineno}:{node.name}")
    strict = _strict_paths(root)
    return {
        "module_cycles": len(module_cycles),
        "modules_in_cycles": sum(map(len, module_cycles)),
        "package_cycles": len(package_cycles),
        "packages_in_cycles": sum(map(len, package_cycles)),
        "mutual_package_pairs": len(mutual),
        "core_package_cycles": len(import_graph.cycles(import_graph.package_graph(
            import_graph.core_graph(graph)))),
        "edge_imports": len(import_graph.edge_imports(graph)),
        "files_over_400": len(long_files),
        "longest_function": longest[0],
        "longest_function_at": longest[1],
        "strict_files": len(strict),
        "strict_lines": sum(len(p.read_text(encoding="utf-8").splitlines()) for p in strict),
        "long_files": ",".join(str(p.relative_to(root / "avg_service")) for p in long_files),
    }


if __name__ == "__main__":
    root = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else import_graph.ROOT
    print("RESULT " + " ".join(f"{key}={value}" for key, value in figures(root).items()))
