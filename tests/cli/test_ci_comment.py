"""The script the example CI workflow calls (``scripts/pr_diff_comment.py``): the comment it
writes for a pull request in a test repository, and its exit codes. The CI system is not tested;
the workflow is checked to call the script with options it accepts."""

from __future__ import annotations

import importlib.util
import shlex

import pytest
import yaml

from tests.git_tools import edit, git

pytest_plugins = ("tests.git_repository",)
B_IMPLEMENTATION = (
    "Write a least-privilege task role (s3:PutObject on the output prefix) and set taskRoleArn"
)


@pytest.fixture(scope="module")
def script(repo_root):
    spec = importlib.util.spec_from_file_location(
        "pr_diff_comment", repo_root / "scripts" / "pr_diff_comment.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def pull_request(repository):
    """A branch that raises the rate, edits one scenario and adds another."""
    assumptions = repository / "assumptions"
    git(repository, "checkout", "-q", "-b", "pr")
    edit(
        assumptions / "org.yaml",
        "hourly_rate_usd: {low: 50, mode: 66, high: 106}",
        "hourly_rate_usd: 80",
    )
    edit(
        assumptions / "scenarios" / "keys-rotated-monthly.yaml",
        "frequency: monthly",
        "frequency: weekly",
    )
    new = {"name": "Dearer audits", "overrides": {"patterns": {"d-iam-user-keys": {}}}}
    (assumptions / "scenarios" / "dearer-audits.yaml").write_text(yaml.safe_dump(new))
    git(repository, "add", "-A")
    git(repository, "commit", "-qm", "pr")
    return repository


def run(script, repo, tmp_path, *extra: str) -> tuple[int, str]:
    out = tmp_path / "comment.md"
    code = script.main(
        [
            "--base",
            "main",
            "--assumptions",
            str(repo / "assumptions"),
            "--services",
            "50",
            "--out",
            str(out),
            *extra,
        ]
    )
    return code, out.read_text(encoding="utf-8")


def test_the_comment_covers_the_folder_and_each_changed_scenario(script, pull_request, tmp_path):
    code, comment = run(script, pull_request, tmp_path)
    assert code == 0
    assert comment.startswith(script.MARKER + "\n## What this pull request does to the answer")
    sections = comment.split("### Assumptions diff at 50 services")[1:]
    assert len(sections) == 3  # the folder, the edited scenario (against main), the new one
    folder, edited, new = sections
    # the rate is a range since issue 13
    assert (
        "| org | labour.hourly\\_rate\\_usd | \\{low: 50, mode: 66, high: 106\\} | 80 |" in folder
    )
    assert "`main:assumptions` → " in folder
    assert "main:assumptions/scenarios/keys-rotated-monthly.yaml" in edited
    assert "| monthly | weekly |" in edited
    assert "dearer-audits.yaml" in new and "#### Inputs (0 changed)" in new
    assert all("does not change" in s for s in sections)


def test_a_changed_recommendation_fails_only_with_the_flag(script, repository, tmp_path):
    patterns = repository / "assumptions" / "patterns"
    git(repository, "checkout", "-q", "-b", "pr")
    edit(
        patterns / "b-task-role.yaml",
        "    hours: 0.25\n    source: Seed decision matrix",
        "    hours: 40\n    source: Seed decision matrix",
    )
    git(repository, "commit", "-qam", "B takes a week per service")
    assert run(script, repository, tmp_path)[0] == 0
    code, comment = run(script, repository, tmp_path, "--fail-if-recommendation-changes")
    assert code == 2
    assert "⚠️ **The recommendation changes: B) IAM task role (taskRoleArn) → F)" in comment


def test_a_bad_base_is_reported_in_the_comment(script, repository, tmp_path):
    out = tmp_path / "comment.md"
    code = script.main(
        [
            "--base",
            "no-such-branch",
            "--assumptions",
            str(repository / "assumptions"),
            "--out",
            str(out),
        ]
    )
    assert code == 1
    assert "Could not compare" in out.read_text(encoding="utf-8")


def test_the_example_workflow_calls_the_script_with_options_it_takes(script, repo_root):
    workflow = yaml.safe_load((repo_root / "docs" / "ci" / "assumptions-diff.yml").read_text())
    assert workflow[True]["pull_request"]["paths"] == ["assumptions/**"]  # YAML reads "on" as True
    steps = workflow["jobs"]["diff"]["steps"]
    command = next(s["run"] for s in steps if "pr_diff_comment.py" in s.get("run", ""))
    line = command.split("python ", 1)[1].replace("\\\n", " ").splitlines()[0]
    words = shlex.split(line)
    assert words[0] == "scripts/pr_diff_comment.py"
    options = script._parser().parse_args(words[1:])
    assert options.fail_if_recommendation_changes and options.out == "comment.md"
    assert any("gh pr comment" in s.get("run", "") and "--edit-last" in s["run"] for s in steps)
