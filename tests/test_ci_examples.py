"""The CI integration users copy: the pre-commit hooks and the GitHub Actions example.

Both are only useful if they call options the commands have and files the
commands write; these tests read them and check exactly that, and run the
lint hook's command line on real pages.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml
from click.testing import CliRunner

from docconform.cli import main

from .conftest import REPO

HOOKS = REPO / ".pre-commit-hooks.yaml"
WORKFLOW = REPO / "docs" / "examples" / "github-actions-drift.yml"


def _options(command: str) -> set[str]:
    help_text = CliRunner().invoke(main, [command, "--help"]).output
    return {w.strip(",[]()") for w in help_text.split() if w.startswith("-")}


def test_hooks_call_existing_options_and_the_lint_hook_runs(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"docconform-lint", "docconform-drift"}
    for hook in hooks:
        words = shlex.split(hook["entry"]) + list(hook.get("args", []))
        assert words[:2] == ["docconform", "drift"] and hook["language"] == "python"
        assert {w for w in words if w.startswith("-")} <= _options("drift"), hook["id"]
    lint = next(h for h in hooks if h["id"] == "docconform-lint")
    monkeypatch.chdir(tmp_path)
    pages = [str(REPO / "tests/fixtures/drift/endpoint-missing" / n) for n in ("base.rst", "revision.rst")]
    result = CliRunner().invoke(main, shlex.split(lint["entry"])[1:] + pages)
    assert result.exit_code == 0, result.output
    assert (tmp_path / ".docconform" / "drift.md").is_file()


def test_workflow_example_diffs_base_and_head_uploads_sarif_and_comments() -> None:
    assert ".github" not in WORKFLOW.parts  # an example for users, not a workflow of this repository
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = flow["jobs"]["drift"]["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "docconform diff --repo ." in runs and "pull_request.base.sha" in runs and "pull_request.head.sha" in runs
    diff_words = {w for w in runs.split() if w.startswith("--")}
    assert {"--fail-on", "--source-url", "--repo"} <= diff_words <= _options("diff") | {"--body-file", "--edit-last"}
    sarif = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert sarif["with"]["sarif_file"] == "drift-report/drift.sarif"
    assert "--body-file drift-report/drift.md" in runs
    assert flow["permissions"]["security-events"] == "write"


def test_readme_shows_the_workflow_steps_as_the_example_file_has_them() -> None:
    """The README's short form of the workflow: every step it shows is the file's step."""
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(  - name: Diff base and head.*?)```", readme, re.S)
    assert block is not None
    shown = yaml.safe_load("\n".join(line[2:] for line in block.group(1).splitlines()))
    steps = {s["name"]: s for s in yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["drift"]["steps"]
             if "name" in s}
    for step in shown:
        assert step["name"] in steps, step["name"]
        assert step == {k: steps[step["name"]][k] for k in step}, step["name"]
