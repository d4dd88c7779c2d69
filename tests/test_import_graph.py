"""The import-graph reader (tests/import_graph.py) finds what runs: imports inside functions and
relative imports count, ``if TYPE_CHECKING:`` imports do not."""

from __future__ import annotations

from pathlib import Path

from tests import import_graph


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = tmp_path / "avg_service" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return tmp_path


def test_an_import_inside_a_function_closes_a_cycle(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "__init__.py": "",
        "db.py": "def unit():\n    from avg_service.jobs.dispatch import run\n",
        "jobs/__init__.py": "",
        "jobs/dispatch.py": "from avg_service.db import unit\n",
    })
    graph = import_graph.module_graph(root)
    assert graph["avg_service.db"] == {"avg_service.jobs.dispatch"}
    assert import_graph.cycles(graph) == [["avg_service.db", "avg_service.jobs.dispatch"]]
    assert import_graph.cycles(import_graph.package_graph(graph)) == [["db", "jobs"]]


def test_type_checking_imports_and_parent_packages_are_not_edges(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "__init__.py": "from avg_service import a\n",
        "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from avg_service import b\n",
        "b.py": "from . import a\nimport avg_service.a.missing\n",
    })
    graph = import_graph.module_graph(root)
    assert graph["avg_service.a"] == set()
    assert graph["avg_service.b"] == {"avg_service.a"}
    assert import_graph.cycles(graph) == []


def test_from_package_import_name_is_an_edge_to_the_submodule_or_the_package(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "__init__.py": "",
        "web/__init__.py": "",
        "web/links.py": "",
        "x.py": "from avg_service.web import links, something_defined_in_init\n",
    })
    assert import_graph.module_graph(root)["avg_service.x"] == {"avg_service.web.links", "avg_service.web"}


# ------------------------------------------------------------------------------ avg_service itself
GRAPH = import_graph.module_graph()
#: Below the edge but page-side: the breach register's list query with its errors in Dutch, and
#: an admin schema's validator from the web layer's schema messages.
KNOWN_EDGE_IMPORTS = {("avg_service.breaches.presentation", "avg_service.web.i18n"),
                      ("avg_service.admin.schemas", "avg_service.web.messages_schema")}


def test_no_module_imports_itself_back() -> None:
    cycles = import_graph.cycles(GRAPH)
    assert cycles == [], "\n".join(
        f"{', '.join(c)}: {import_graph.edges_within(GRAPH, c)}" for c in cycles)


def test_below_the_edge_no_package_depends_on_itself_through_others() -> None:
    core = import_graph.package_graph(import_graph.core_graph(GRAPH))
    cycles = import_graph.cycles(core)
    details = [f"{a} -> {b}: " + ", ".join(sorted(f"{m} -> {t}" for m in GRAPH if not import_graph.is_edge(m)
                                                 and import_graph.package_of(m) == a for t in GRAPH[m]
                                                 if import_graph.package_of(t) == b and not import_graph.is_edge(t)))
               for c in cycles for a, b in import_graph.edges_within(core, c)]
    assert cycles == [], "\n".join(details)


def test_nothing_below_the_edge_imports_the_edge() -> None:
    assert set(import_graph.edge_imports(GRAPH)) <= KNOWN_EDGE_IMPORTS


def test_errors_and_the_unit_of_work_stand_on_their_own() -> None:
    assert GRAPH["avg_service.errors"] == set()
    assert GRAPH["avg_service.uow"] == set()
