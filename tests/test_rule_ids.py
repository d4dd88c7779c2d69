"""Every rule, term, case and section the code and the tests cite is written down in docs/
(issue 18): a rule is documented in the repository before it is coded, and a reader of
``# R5`` or ``RULES.md §6 item 4`` finds it without leaving the repository."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CITING = [p for pattern in ("avg_service/**/*.py", "tests/**/*.py", "templates/**/*.html",
                            "templates/**/*.txt", "bench/*.py", "README.md")
          for p in sorted(ROOT.glob(pattern)) if "node_modules" not in p.parts]

RULE = re.compile(r"\bR(\d{1,2})\b")
TERM = re.compile(r"\bD(\d{1,2})\b")
CASE = re.compile(r"\bC(\d{2})\b")
SECTION = re.compile(r"\b(RULES|DEADLINES)\.md §(\d+)(?:\.(\d+))?")


def _cited(pattern: re.Pattern[str]) -> dict[str, set[str]]:
    """id -> the files that cite it."""
    found: dict[str, set[str]] = {}
    for path in CITING:
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(0), set()).add(str(path.relative_to(ROOT)))
    return found


def _defined_rules() -> set[str]:
    return set(re.findall(r"^\| \*\*(R\d+)\*\* \|", (DOCS / "DEADLINES.md").read_text(encoding="utf-8"),
                          re.M))


def _defined_terms() -> set[str]:
    return set(re.findall(r"^\| (D\d+) \|", (DOCS / "RULES.md").read_text(encoding="utf-8"), re.M))


def _defined_cases() -> set[str]:
    data = tomllib.loads((DOCS / "deadline-cases.toml").read_text(encoding="utf-8"))
    return {case["id"] for case in data["case"]}


def _sections(name: str) -> set[tuple[str, str | None]]:
    """``(N, None)`` for each section ``## N.``; ``(N, M)`` for a subsection ``### N.M`` or for
    item ``M.`` of a numbered list in section N (``RULES.md §11.2``: open point 2)."""
    text = (DOCS / f"{name}.md").read_text(encoding="utf-8")
    found: set[tuple[str, str | None]] = set()
    section = None
    for line in text.splitlines():
        heading = re.match(r"^#{2,3} (\d+)(?:\.(\d+))?\.? ", line)
        if heading:
            if line.startswith("## "):
                section = heading.group(1)
            found.add((heading.group(1), heading.group(2)))
            continue
        item = re.match(r"^\s*(\d+)\. ", line)
        if item and section is not None:
            found.add((section, item.group(1)))
    return found


def test_the_code_cites_rules_terms_and_cases() -> None:
    # The check below is only worth something while the ids are in use.
    assert len(_cited(RULE)) >= 10 and len(_cited(CASE)) >= 10 and _cited(TERM)


@pytest.mark.parametrize(("pattern", "defined"), [
    (RULE, _defined_rules), (TERM, _defined_terms), (CASE, _defined_cases)],
    ids=["rules R1-R12", "terms D1-D16", "cases Cnn"])
def test_every_cited_id_is_defined_in_docs(pattern: re.Pattern[str], defined) -> None:
    known = defined()
    missing = {ident: sorted(files) for ident, files in _cited(pattern).items() if ident not in known}
    assert missing == {}


def test_every_cited_section_exists_in_docs() -> None:
    missing = []
    for path in CITING:
        for match in SECTION.finditer(path.read_text(encoding="utf-8")):
            name, section, sub = match.groups()
            if (section, sub) not in _sections(name):
                missing.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert missing == []


def test_nothing_points_outside_the_repository_for_the_rules() -> None:
    assert [str(p.relative_to(ROOT)) for p in CITING
            if "/work/shared" in p.read_text(encoding="utf-8") and p.name != Path(__file__).name] == []


def test_every_worked_case_is_in_the_data_and_every_data_row_has_a_worked_case() -> None:
    data = tomllib.loads((DOCS / "deadline-cases.toml").read_text(encoding="utf-8"))
    rows = {row["case"] for table in ("request", "objection", "strict_alternative",
                                      "chained_alternative") for row in data[table]}
    assert rows <= _defined_cases()
