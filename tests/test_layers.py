"""The layering of README "Architecture" holds: import-linter contracts and no import cycles.

import-linter (grimp) walks a package's folder, and the installed package
``docconform`` is spread over three folders of the repository (pyproject
``package-dir``); so the test copies them into the layout a wheel installs
and checks that copy, with the contracts of pyproject.toml.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FOLDERS = {"docconform": "docconform", "extractor": "docconform/extractor",
           "conformance": "docconform/conformance"}


@pytest.fixture(scope="module")
def installed_layout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("layout")
    for folder, target in FOLDERS.items():
        shutil.copytree(REPO / folder, root / target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def test_import_contracts_hold(installed_layout: Path) -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    assert lint_imports.exists(), "import-linter is a test dependency (pip install -e '.[test]')"
    env = {**os.environ, "PYTHONPATH": str(installed_layout)}
    proc = subprocess.run([str(lint_imports), "--config", "pyproject.toml", "--no-cache"],
                          cwd=installed_layout, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return found


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"]]
    assert _cycles({"a": ["b"], "b": []}) == []


def test_no_import_cycles(installed_layout: Path) -> None:
    """Imports inside functions count too: a lazy import is still a dependency."""
    code = (
        "import json, grimp\n"
        "g = grimp.build_graph('docconform', exclude_type_checking_imports=True)\n"
        "print(json.dumps({m: sorted(g.find_modules_directly_imported_by(m)) for m in g.modules}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(installed_layout)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=installed_layout, env=env,
                          capture_output=True, text=True, timeout=300, check=True)
    import json

    graph = json.loads(proc.stdout)
    assert len(graph) > 100  # the whole package was seen, not only the root folder
    assert _cycles(graph) == []
