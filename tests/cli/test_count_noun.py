"""The CLI names the count with the decision's own noun (issue 17): "50 pods" for the EKS
decision, "50 Lambda functions" for the test decision, never "services" (the ECS decision's
noun). JSON and CSV keys such as ``services`` are a documented contract and stay."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from accesscost.cli import main
from accesscost.inputs.loading import load_assumptions
from tests.count_noun import NOUN_DECISIONS, noun_root, services_said

pytest_plugins = ("tests.export_fixtures",)


@pytest.fixture(scope="module", params=NOUN_DECISIONS)
def decision(request, tmp_path_factory) -> tuple[Path, str, str, str]:
    """(assumptions folder, decision id, one of its scenarios, the counted unit's plural)."""
    root = noun_root(request.param, tmp_path_factory)
    folder = root / "decisions" / request.param
    scenario = str(sorted((folder / "scenarios").glob("*.yaml"))[0])
    return root, request.param, scenario, load_assumptions(folder).decision.counted.plural


def run(capsys, decision, *args: str) -> str:
    root, decision_id = decision[:2]
    code = main([*args, "--assumptions", str(root), "--decision", decision_id])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def says_the_noun(text: str, plural: str) -> None:
    assert f"50 {plural}" in text
    assert services_said(text) == []


def test_estimate_table_never_says_services(capsys, decision):
    out = run(
        capsys, decision, "estimate", "--services", "50", "--format", "table", "--deterministic"
    )
    assert services_said(out) == []


def test_estimate_markdown_names_the_count_with_the_decisions_noun(capsys, decision):
    out = run(capsys, decision, "estimate", "--services", "50", "--format", "markdown")
    says_the_noun(out, decision[3])


@pytest.mark.parametrize("form", ["table", "markdown"])
def test_diff_names_the_count_with_the_decisions_noun(capsys, decision, form):
    root, decision_id, scenario, plural = decision
    folder = root / "decisions" / decision_id
    out = run(capsys, decision, "diff", str(folder), scenario, "--services", "50", "--format", form)
    says_the_noun(out, plural)


def test_tornado_table_names_the_count_with_the_decisions_noun(capsys, decision):
    root, decision_id = decision[:2]
    first = next((root / "decisions" / decision_id / "patterns").glob("*.yaml")).stem
    out = run(capsys, decision, "tornado", "--services", "50", "--of", first, "--format", "table")
    says_the_noun(out, decision[3])


def test_adr_names_the_count_with_the_decisions_noun(capsys, decision, tmp_path, no_browser):
    record = Path(run(capsys, decision, "adr", "--services", "50", "--out", str(tmp_path)).strip())
    text = record.read_text(encoding="utf-8")
    says_the_noun(text, decision[3])
    assert "P10–P90" in text and not re.search(r"\d services \(P10", text)
