"""The breach rules stay pure: the standard library and the other pure rule modules only, and no
clock (like tests/deadlines/test_purity.py)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import avg_service.breaches

PURE_MODULES = ("rules.py", "catalogue.py")
PACKAGE_DIR = Path(avg_service.breaches.__file__).parent
#: Pure modules of the project these may build on.
ALLOWED_OWN = {"avg_service.breaches.rules", "avg_service.deadlines.terms",
               "avg_service.coordination.rules", "avg_service.errors"}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_the_rules_import_only_the_standard_library_and_pure_rules() -> None:
    for name in PURE_MODULES:
        imported = _imports(PACKAGE_DIR / name)
        foreign = {m for m in imported if m.split(".")[0] not in sys.stdlib_module_names
                   and m != "__future__" and m not in ALLOWED_OWN}
        assert foreign == set(), f"{name} imports {foreign}"


def test_the_rules_never_read_the_clock() -> None:
    for name in PURE_MODULES:
        source = (PACKAGE_DIR / name).read_text(encoding="utf-8")
        for forbidden in ("today(", ".now(", "utcnow(", "time.time(", "avg_service.clock"):
            assert forbidden not in source, f"{name} contains {forbidden}"
