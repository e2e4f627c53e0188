"""``cli.py diff``: the inputs that changed, what that does to each figure (with P10-P90) and to the
recommendation; folders, scenario files and git revisions of a test repository; exit codes."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
import yaml
from markdown_it import MarkdownIt

from accesscost.cli import main
from tests.git_tools import edit, git

pytest_plugins = ("tests.git_repository",)

KEYS_MONTHLY = "assumptions/scenarios/keys-rotated-monthly.yaml"
ROTATION_ITEMS = (
    "Rotate the access key (create, distribute, deactivate the old one)",
    "Log in to every host to replace the key",
    "Redeploy each service with the new key",
)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["diff", *map(str, args)])
    return code, out.getvalue(), err.getvalue()


def document(*args: str) -> dict:
    code, out, err = run(*args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def keys_monthly(repo_root) -> dict:
    return document(repo_root / "assumptions", repo_root / KEYS_MONTHLY, "--services", "50")


def test_keys_rotated_monthly_changes_three_frequencies_and_a_vulnerability(keys_monthly):
    assert keys_monthly["inputs"] == [
        {
            "item": f"d-iam-user-keys / operations / {name}",
            "field": "frequency",
            "before": "every 90 days",
            "after": "monthly",
        }
        for name in ROTATION_ITEMS
    ] + [
        {
            "item": "d-iam-user-keys / risks / credential-exposure",
            "field": "vulnerability",
            "before": "{low: 0.3, mode: 0.6, high: 0.9}",
            "after": "{low: 0.2, mode: 0.45, high: 0.8}",
        }
    ]


def test_keys_rotated_monthly_moves_only_ds_operations_and_risk(keys_monthly):
    changed = [f for f in keys_monthly["figures"] if f["changed"]]
    assert [(f["pattern"], f["figure"]) for f in changed] == [
        ("d-iam-user-keys", "operations_usd_per_year"),
        ("d-iam-user-keys", "compliance_usd_per_year"),
        ("d-iam-user-keys", "annual_usd"),
        ("d-iam-user-keys", "tco_usd"),
    ]
    # One rotation at 50 services (13 hosts): 1 h + 0.5 h x 13 + 0.25 h x 50 = 20 h. Every 90 days
    # is 365 / 90 = 4.0556 a year, monthly 12: 20 x (12 - 4.0556) = 158.89 h more a year,
    # x $70 = $11,122.22 a year; over 3 years $33,366.67.
    # D's loss exposure falls by $717.19 a year (tests/inputs/test_scenario.py, by hand).
    extra, risk = 20 * (12 - 365 / 90) * 70, -717.19
    delta = {f["figure"]: f["delta"] for f in changed}
    assert delta["operations_usd_per_year"] == pytest.approx(extra, abs=0.02)
    assert delta["compliance_usd_per_year"] == pytest.approx(risk, abs=0.05)
    assert delta["annual_usd"] == pytest.approx(extra + risk, abs=0.05)
    assert delta["tco_usd"] == pytest.approx(3 * (extra + risk), abs=0.2)
    tco = changed[3]
    assert tco["before_p10_p90"][0] < tco["before"] < tco["before_p10_p90"][1]
    assert tco["after_p10_p90"][0] > tco["before_p10_p90"][0]  # the band moves up with it
    assert keys_monthly["recommended"] == {"before": "b-task-role", "after": "b-task-role"}
    assert keys_monthly["recommendation_changed"] is False


def test_table_and_markdown_say_the_same(repo_root):
    base, head = repo_root / "assumptions", repo_root / KEYS_MONTHLY
    code, text, _ = run(base, head, "--services", "50")
    assert code == 0
    assert "Inputs changed: 4" in text and "Figures changed: 4" in text
    assert "frequency: every 90 days -> monthly" in text
    assert text.rstrip().endswith("does not change: B) IAM task role (taskRoleArn).")
    code, markdown, _ = run(base, head, "--services", "50", "--format", "markdown")
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == (1 + 4) + (1 + 4)  # figures and inputs tables, each with its header
    assert not {"link_open", "image", "html_inline", "html_block"} & {
        c.type for t in tokens if t.type == "inline" for c in t.children or []
    }
    # D's operations: $67K -> $78K (issue 13: D's tooling is the seed's $40K-80K, mean $57.8K)
    assert "+\\$11K (+17%)" in markdown


def _scenario(tmp_path, overrides: dict) -> str:
    path = tmp_path / "what-if.yaml"
    path.write_text(yaml.safe_dump({"name": "What if", "overrides": overrides}), encoding="utf-8")
    return str(path)


def test_a_changed_recommendation_exits_2_only_when_asked(repo_root, tmp_path):
    item = (
        "Write a least-privilege task role (s3:PutObject on the output prefix) and set taskRoleArn"
    )
    dearer = _scenario(
        tmp_path, {"patterns": {"b-task-role": {"implementation": {item: {"hours": 40}}}}}
    )
    base = repo_root / "assumptions"
    code, text, _ = run(base, dearer, "--services", "50")
    assert code == 0
    assert (
        "The recommendation changes: B) IAM task role (taskRoleArn) -> F) IAM user keys in "
        "Secrets Manager, rotated."
    ) in text
    code, _, _ = run(base, dearer, "--services", "50", "--fail-if-recommendation-changes")
    assert code == 2
    code, _, _ = run(base, KEYS_MONTHLY, "--services", "50", "--fail-if-recommendation-changes")
    assert code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["only-one"], "diff: give BASE and HEAD"),
        (
            ["no-such-folder", "assumptions"],
            "BASE: no such folder or scenario file: no-such-folder",
        ),
        (["assumptions", "assumptions", "--services", "0"], "--services: must be a whole number"),
        (["a", "b", "c", "--git-base", "main"], "diff: with --git-base give at most one path"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_1(args, message, repo_root, monkeypatch):
    monkeypatch.chdir(repo_root)
    code, out, err = run(*args)
    assert code == 1 and out == ""
    assert err.startswith(message) and len(err.splitlines()) == 1


# --- git revisions of a test repository ---------------------------------------------------


@pytest.fixture
def two_revisions(repository):
    """The rate goes from 70 to 95 in a second commit."""
    edit(
        repository / "assumptions" / "org.yaml",
        "hourly_rate_usd: {low: 50, mode: 66, high: 106}",
        "hourly_rate_usd: 95",
    )
    git(repository, "commit", "-qam", "rate 95")
    return repository


def test_diff_between_two_git_revisions(two_revisions):
    repository = two_revisions
    before = {
        p: p.read_bytes() for p in repository.rglob("*") if p.is_file() and ".git" not in p.parts
    }
    status = git(repository, "status", "--porcelain")
    result = document(
        repository / "assumptions", "--git-base", "HEAD~1", "--git-head", "HEAD", "--services", "50"
    )
    assert result["inputs"] == [
        {
            "item": "org",
            "field": "labour.hourly_rate_usd",
            "before": "{low: 50, mode: 66, high: 106}",
            "after": "95",
        }
    ]
    assert result["base"] == "HEAD~1:assumptions" and result["head"] == "HEAD:assumptions"
    b_ops = next(
        f
        for f in result["figures"]
        if (f["pattern"], f["figure"]) == ("b-task-role", "operations_usd_per_year")
    )
    # B runs on 16.5 engineer hours a year at 50 services: 16.5 x (95 - 70) = $412.50 more a year
    assert b_ops["delta"] == pytest.approx(16.5 * 25, abs=0.01)
    after = {
        p: p.read_bytes() for p in repository.rglob("*") if p.is_file() and ".git" not in p.parts
    }
    assert after == before and git(repository, "status", "--porcelain") == status


def test_git_base_against_the_work_tree_and_a_scenario_file(two_revisions):
    repository = two_revisions
    scenarios = repository / "assumptions" / "scenarios" / "keys-rotated-monthly.yaml"
    text = scenarios.read_text(encoding="utf-8").replace(
        "frequency: monthly", "frequency: weekly", 1
    )
    scenarios.write_text(text, encoding="utf-8")  # uncommitted: the work tree is HEAD
    result = document(scenarios, "--git-base", "main", "--assumptions", repository / "assumptions")
    assert [(c["item"].split(" / ")[-1], c["before"], c["after"]) for c in result["inputs"]] == [
        (ROTATION_ITEMS[0], "monthly", "weekly")
    ]
    assert (
        git(repository, "status", "--porcelain")
        == "M assumptions/scenarios/keys-rotated-monthly.yaml"
    )


@pytest.mark.parametrize(
    ("revision", "message"),
    [("no-such-branch", "--git-base: "), ("--output=/tmp/x", "--git-base: not a git revision")],
)
def test_a_bad_revision_is_one_line(repository, revision, message):
    code, _, err = run(repository / "assumptions", f"--git-base={revision}")
    assert code == 1 and err.startswith(message) and len(err.splitlines()) == 1
