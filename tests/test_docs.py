"""The README stays true: its commands are the ones CI runs, and every CLI command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from accesscost import cli
from accesscost.cli.arguments import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
START = (
    "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt -c constraints.txt"
    " && .venv/bin/streamlit run dashboard.py"
)
TEST = (
    "python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt -c constraints.txt"
    " && .venv/bin/python -m pytest"
)


def test_readme_has_the_two_setup_commands():
    assert START in README
    assert TEST in README


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST in ci.splitlines()


def test_every_cli_command_is_documented():
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert re.search(rf"python cli\.py {name}\b", README), f"cli.py {name} is not in README"


def test_every_shipped_pattern_is_in_the_readme_table():
    for path in sorted((ROOT / "assumptions" / "patterns").glob("*.yaml")):
        option = re.search(r"^option: (\w)$", path.read_text(), re.M).group(1)
        assert re.search(rf"^\| {option} \|", README, re.M), f"{path.name} missing from README"


def test_the_lock_pins_every_requirement_at_its_version():
    """constraints.txt holds every installed package; each direct pin agrees with it."""
    locked = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            locked[name.lower().replace("_", "-")] = version
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            if line.strip() and not line.startswith(("#", "-r")):
                package, version = line.split("==")
                assert locked.get(package.lower().replace("_", "-")) == version, line


def test_requirements_are_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "-r")):
                assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][\w.]*", line), line


def _fenced_after(marker: str) -> str:
    block = README.split(marker, 1)[1].split("```markdown\n", 1)[1]
    return block.split("\n```", 1)[0] + "\n"


def test_readme_diff_comment_is_what_the_diff_prints():
    import contextlib
    import io

    out = io.StringIO()
    scenario = ROOT / "assumptions" / "scenarios" / "keys-rotated-monthly.yaml"
    args = ["diff", str(ROOT / "assumptions"), str(scenario), "--services", "50"]
    args += ["--format", "markdown"]
    with contextlib.redirect_stdout(out):
        assert cli.main(args) == 0
    printed = out.getvalue().replace(str(ROOT) + "/", "")
    assert _fenced_after("<!-- diff-comment -->") == printed, "regenerate the README's diff comment"


def test_readme_adr_excerpt_is_in_the_record():
    from datetime import date

    from accesscost.inputs.loading import load_assumptions
    from accesscost.text.adr import adr_markdown
    from accesscost.text.record_meta import RecordMeta
    from accesscost.text.records import record_figures

    figures = record_figures(load_assumptions(ROOT / "assumptions"), 50, with_break_even=True)
    meta = RecordMeta(
        status="accepted",
        date=date(2026, 12, 1),
        decision_makers=("Platform architect",),
        consulted=("Security",),
    )
    record = adr_markdown(figures, meta)
    for line in _fenced_after("<!-- adr-excerpt -->").splitlines():
        assert line in record.splitlines(), f"regenerate the README's ADR excerpt: {line[:60]}"
