"""The pure rule modules stay pure: the standard library, dateutil and each other only, no clock,
and every one of them under ``mypy --strict`` (the Makefile's typecheck list). A new rule module
is added to PURE_MODULES here and to the Makefile (TEAM.md).

Pure: they import no Flask, no database, no web layer, so the law they hold reads like the law
and is tested in milliseconds; services and views build on them, never the other way round.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE_MODULES = (
    "avg_service.deadlines",  # the package: every module in it
    "avg_service.errors",
    "avg_service.choices",
    "avg_service.access.roles",
    "avg_service.access.actor",
    "avg_service.access.policy",
    "avg_service.requests.lifecycle",
    "avg_service.requests.bsn",
    "avg_service.coordination.rules",
    "avg_service.decisions.catalogue",
    "avg_service.breaches.rules",
    "avg_service.breaches.catalogue",
    "avg_service.organisations.catalogue",
    "avg_service.reports.rules",
    "avg_service.retention.rules",
    "avg_service.bezwaar.rules",
)
ALLOWED_THIRD_PARTY = {"dateutil"}


def _files(module: str) -> list[Path]:
    path = ROOT / Path(*module.split("."))
    return sorted(path.glob("*.py")) if path.is_dir() else [path.with_suffix(".py")]


def _is_pure(imported: str) -> bool:
    return any(imported == m or imported.startswith(m + ".") for m in PURE_MODULES)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "avg_service":  # from avg_service import deadlines
                found.update(f"avg_service.{alias.name}" for alias in node.names)
            else:
                found.add(node.module)
        elif isinstance(node, ast.ImportFrom):
            raise AssertionError(f"{path}: relative import")
    return found


PURE_FILES = [p for m in PURE_MODULES for p in _files(m)]


@pytest.mark.parametrize("path", PURE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_rule_module_imports_only_the_standard_library_and_other_rules(path: Path) -> None:
    foreign = {m for m in _imports(path) if m != "__future__"
               and m.split(".")[0] not in sys.stdlib_module_names
               and m.split(".")[0] not in ALLOWED_THIRD_PARTY and not _is_pure(m)}
    assert foreign == set()


@pytest.mark.parametrize("path", PURE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_rule_module_never_reads_the_clock(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    for forbidden in ("today(", ".now(", "utcnow(", "time.time(", "avg_service.clock"):
        assert forbidden not in source


def test_every_rule_module_is_typechecked_strictly() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    strict = re.search(r"mypy --strict ([^\n]*)", makefile)
    assert strict is not None
    named = strict.group(1).split()
    for module in PURE_MODULES:
        path = "/".join(module.split("."))
        assert path in named or f"{path}.py" in named, f"{module} is not in the strict list"
