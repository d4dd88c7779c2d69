"""The package stays pure: only the standard library and dateutil, and no clock (issue 3)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import avg_service.deadlines

PACKAGE_DIR = Path(avg_service.deadlines.__file__).parent
ALLOWED_THIRD_PARTY = {"dateutil"}


def _imported_roots(tree: ast.AST) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if not node.module.startswith("avg_service.deadlines"):
                roots.add(node.module.split(".")[0])
    return roots


def test_the_package_imports_only_the_standard_library_and_dateutil() -> None:
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        roots = _imported_roots(ast.parse(path.read_text(encoding="utf-8")))
        foreign = {r for r in roots if r not in sys.stdlib_module_names and r not in ALLOWED_THIRD_PARTY}
        assert foreign == set(), f"{path.name} imports {foreign}"


def test_the_package_never_reads_the_clock() -> None:
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for forbidden in ("today(", ".now(", "utcnow(", "time.time("):
            assert forbidden not in source, f"{path.name} contains {forbidden}"
