"""The README stays true: its commands are the ones CI runs, and every CLI command is documented."""

from __future__ import annotations

import re
from pathlib import Path

import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
START = (
    "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt"
    " && .venv/bin/streamlit run dashboard.py"
)
TEST = (
    "python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt"
    " && .venv/bin/python -m pytest"
)


def test_readme_has_the_two_setup_commands():
    assert START in README
    assert TEST in README


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST in ci.splitlines()


def test_every_cli_command_is_documented():
    commands = cli._parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert re.search(rf"python cli\.py {name}\b", README), f"cli.py {name} is not in README"


def test_every_shipped_pattern_is_in_the_readme_table():
    for path in sorted((ROOT / "assumptions" / "patterns").glob("*.yaml")):
        option = re.search(r"^option: (\w)$", path.read_text(), re.M).group(1)
        assert re.search(rf"^\| {option} \|", README, re.M), f"{path.name} missing from README"


def test_requirements_are_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "-r")):
                assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][\w.]*", line), line
