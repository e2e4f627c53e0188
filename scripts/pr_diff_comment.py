"""The pull-request comment of ``docs/ci/assumptions-diff.yml``: what the PR's assumption changes
do to the answer, as Markdown, from ``cli.py diff``.

    python scripts/pr_diff_comment.py --base origin/main [--services N] [--out comment.md]
                                      [--fail-if-recommendation-changes]

It diffs the assumptions folder as it is in ``--base`` against the work tree, then each scenario
file under ``assumptions/scenarios/`` that the branch changed since ``--base`` (a new one against
the work tree's baseline). The comment starts with a hidden marker (``MARKER``) so the workflow
can update its earlier comment instead of adding one per push. Exit codes: 0; 1 for bad input
(the reason is printed and written into the comment); 2 with ``--fail-if-recommendation-changes``
when any recommendation changed (the comment is still written).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cli  # noqa: E402

FAILED, CHANGED = 1, 2  # cli.py diff's exit codes: could not compare; the recommendation changed
MARKER = "<!-- assumptions-diff -->"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the git revision the PR merges into")
    parser.add_argument("--services", help="number of services (default: org.yaml's)")
    parser.add_argument("--assumptions", default=str(ROOT / "assumptions"))
    parser.add_argument("--out", help="write the comment here (default: standard output)")
    parser.add_argument("--fail-if-recommendation-changes", action="store_true")
    return parser


def changed_scenarios(base: str, assumptions: Path) -> tuple[list[Path], list[Path]]:
    """Scenario files changed since ``base`` that still exist: (also in base, new in the PR)."""
    folder = assumptions / "scenarios"
    done = subprocess.run(
        [
            "git",
            "-C",
            str(assumptions),
            "diff",
            "--name-only",
            "--no-renames",
            "--relative",
            "--end-of-options",
            base,
            "--",
            "scenarios",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return [], []
    paths = [assumptions / line for line in done.stdout.splitlines() if line.endswith(".yaml")]
    paths = [p for p in paths if p.is_file() and p.parent == folder]
    listed = subprocess.run(
        [
            "git",
            "-C",
            str(assumptions),
            "ls-tree",
            "--name-only",
            "--end-of-options",
            base,
            "scenarios/",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    old = {Path(name).name for name in listed}
    return [p for p in paths if p.name in old], [p for p in paths if p.name not in old]


def _diff(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["diff", *args])
    return code, out.getvalue(), err.getvalue()


def comment(options: argparse.Namespace) -> tuple[int, str]:
    """The comment's Markdown and the exit code."""
    assumptions = Path(options.assumptions)
    common = ["--format", "markdown", "--fail-if-recommendation-changes"]
    common += ["--assumptions", str(assumptions)]
    if options.services:
        common += ["--services", options.services]
    runs = [[str(assumptions), f"--git-base={options.base}"]]
    changed, new = changed_scenarios(options.base, assumptions)
    runs += [[str(path), f"--git-base={options.base}"] for path in changed]
    runs += [[str(assumptions), str(path)] for path in new]
    parts, worst = (
        [
            MARKER,
            f"## What this pull request does to the answer (against `{_safe(options.base)}`)\n",
        ],
        0,
    )
    for args in runs:
        code, out, err = _diff(args + common)
        if code == FAILED:
            parts.append(f"Could not compare {_safe(args[0])}:\n\n```text\n{_safe(err)}```\n")
        parts.append(out)
        worst = max(worst, code)
    if worst == FAILED:
        return FAILED, "\n".join(parts)
    changed = worst == CHANGED and options.fail_if_recommendation_changes
    return (CHANGED if changed else 0), "\n".join(parts)


def _safe(text: str) -> str:
    """Text for a code span or block: no backticks to end it."""
    return text.replace("`", "'")


def main(argv: list[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    code, text = comment(options)
    if options.out:
        Path(options.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return code


if __name__ == "__main__":
    sys.exit(main())
