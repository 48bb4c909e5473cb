"""The package as ``pip install docconform`` gives it: one top-level name, the seeds inside.

The wheel is built from a copy of the project's files (so the checkout gets
no ``build/``), without build isolation: the test environment's setuptools
(the ``test`` extra) builds it, so no index is asked for anything. It is
installed with ``--no-deps`` into a fresh virtual environment that sees the
dependencies through a ``.pth`` line naming this environment's
site-packages: a plain path line, so the editable install of the checkout
registered there (a ``.pth`` file of its own, only read in a site folder) is
not loaded, and ``docconform`` can come only from the wheel. Every command
then runs from an empty folder, where neither the checkout nor its seeds
are in reach.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

#: What a wheel is built from (everything pyproject.toml maps into the package).
PROJECT_FILES = ["pyproject.toml", "README.md", "docconform", "extractor", "conformance", "seeds"]
#: Repository folder -> where its modules sit in the installed package.
FOLDERS = {"docconform": "docconform", "extractor": "docconform/extractor",
           "conformance": "docconform/conformance"}


def _bin(env: Path, name: str) -> Path:
    return env / ("Scripts" if os.name == "nt" else "bin") / name


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in PROJECT_FILES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(REPO / name, src / name)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "-w", str(dist), str(src)], check=True, timeout=300)
    (built,) = dist.glob("docconform-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    env = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=False).create(env)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(_bin(env, "python")), "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True, timeout=300)
    purelib = subprocess.run([str(_bin(env, "python")), "-c",
                              "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib) / "_test_dependencies.pth").write_text("\n".join(sorted(here)) + "\n", encoding="utf-8")
    return env


def _run(env: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return subprocess.run(list(args), cwd=cwd, env={**clean, "XDG_CACHE_HOME": str(cwd / ".cache")},
                          capture_output=True, text=True, timeout=300, check=False)


def test_the_wheel_holds_one_package_with_its_modules_seeds_and_vocabularies(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {n.split("/", 1)[0] for n in names if ".dist-info/" not in n} == {"docconform"}
    modules = {f"{target}/{p.relative_to(REPO / folder).as_posix()}"
               for folder, target in FOLDERS.items() for p in (REPO / folder).rglob("*.py")
               if "__pycache__" not in p.parts}
    assert modules - names == set()  # every subpackage is listed in pyproject.toml
    seeds = {f"docconform/seeds/{p.name}" for p in (REPO / "seeds").glob("0*.txt")}
    vocab = {f"docconform/extractor/vocab/{p.name}" for p in (REPO / "extractor" / "vocab").glob("*.json")}
    assert len(seeds) == 5 and seeds | vocab | {"docconform/seeds/manifest.json"} <= names


def test_drift_runs_on_the_bundled_seeds_from_an_empty_folder(installed: Path, tmp_path: Path) -> None:
    work = tmp_path / "empty"
    work.mkdir()
    proc = _run(installed, work, str(_bin(installed, "docconform")), "drift")
    assert proc.returncode == 1, proc.stderr  # the seeds' findings, as the README says
    assert "11 findings" in proc.stderr and "[type-mismatch]" in proc.stdout
    document = json.loads((work / "reports" / "drift.json").read_text(encoding="utf-8"))
    (seeds,) = document["inputs"]
    assert (seeds["pages"], seeds["endpoints"]) == (5, 5)
    assert "site-packages/docconform/seeds" in Path(seeds["source"]).as_posix()  # package data, not a checkout


def test_python_m_docconform_and_no_generic_top_level_names(installed: Path, tmp_path: Path) -> None:
    python = str(_bin(installed, "python"))
    version = _run(installed, tmp_path, python, "-m", "docconform", "--version")
    assert version.returncode == 0 and version.stdout.startswith("docconform, version "), version.stderr
    where = _run(installed, tmp_path, python, "-c", "import docconform; print(docconform.__file__)")
    assert Path(where.stdout.strip()).is_relative_to(installed), where.stdout
    for name in ("extractor", "conformance"):
        proc = _run(installed, tmp_path, python, "-c", f"import {name}")
        assert proc.returncode == 1 and "ModuleNotFoundError" in proc.stderr, (name, proc.stderr)
