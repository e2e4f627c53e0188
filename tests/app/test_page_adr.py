"""The page's decision record: the form and the button in the Export section (AppTest), and the
zip the button serves (the function that makes its bytes; AppTest cannot read a download)."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import yaml

from accesscost.export.decision_record import context_record_zip
from accesscost.inputs.scenario import BASELINE, scenario_from_text
from accesscost.inputs.scenario_files import load_scenario
from accesscost.text.record_meta import RecordMeta
from tests.pages import open_page_with

pytest_plugins = ("tests.export_fixtures",)


def _labels(at) -> list[str]:
    return [button.label for button in at.get("download_button")]


def test_the_export_section_has_the_record_button_and_its_form():
    at = open_page_with()
    assert not at.exception
    assert "Decision record (.zip)" in _labels(at)
    at.selectbox(key="adr_status").set_value("accepted")
    at.text_input(key="adr_decision_makers").set_value("Ana, Bo").run()
    assert not at.exception and "Decision record (.zip)" in _labels(at)


def test_a_name_too_long_is_refused_and_the_button_waits():
    at = open_page_with()
    at.text_input(key="adr_consulted").set_value("x" * 101).run()
    assert not at.exception
    assert any("consulted" in w.value and "at most 100" in w.value for w in at.warning)
    assert "Decision record (.zip)" not in _labels(at)


def test_the_zip_holds_the_record_and_its_assets(export_context, no_browser):
    meta = RecordMeta(status="accepted", date=date(2026, 12, 1), decision_makers=("Ana",))
    archive = zipfile.ZipFile(io.BytesIO(context_record_zip(export_context, BASELINE, meta)))
    names = sorted(archive.namelist())
    record = [n for n in names if n.endswith(".md") and "/" not in n]
    assert len(record) == 1 and record[0].startswith("0001-ecs-tasks-write-access-to-s3")
    stem = record[0].removesuffix(".md")
    assets = ("figures.json", "matrix.csv", "matrix.md", "scenario.yaml")
    assert names == sorted([record[0]] + [f"{stem}-assets/{name}" for name in assets])
    text = archive.read(record[0]).decode("utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["status"] == "accepted" and front["decision-makers"] == ["Ana"]
    assert '## Decision Outcome\n\nChosen option: "B) IAM task role (taskRoleArn)"' in text


def test_the_zip_records_the_what_if(export_assumptions, no_browser, repo_root):
    from accesscost.export.context import make_context
    from accesscost.inputs.applying import load_with_scenario
    from tests.export_fixtures import FINOPS_ONLY

    path = repo_root / "assumptions" / "scenarios" / "keys-rotated-monthly.yaml"
    assumptions, scenario = load_with_scenario(repo_root / "assumptions", path)
    context = make_context(assumptions, 50, scenario_name=scenario.name, figures=FINOPS_ONLY)
    archive = zipfile.ZipFile(io.BytesIO(context_record_zip(context, scenario, RecordMeta())))
    saved = [n for n in archive.namelist() if n.endswith("scenario.yaml")]
    written = scenario_from_text(archive.read(saved[0]).decode("utf-8"), "scenario.yaml")
    assert written == scenario == load_scenario(path)
    record = next(n for n in archive.namelist() if n.endswith(".md") and "/" not in n)
    assert "Scenario: Keys rotated monthly." in archive.read(record).decode("utf-8")
