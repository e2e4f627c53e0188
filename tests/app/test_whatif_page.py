"""The what-if editor and scenarios in the page, driven with Streamlit's AppTest.

Each test runs the page on a private copy of the assumptions folder (``ASSUMPTIONS_DIR``), so saved
scenarios never touch the repository, and compares what the page shows with the engine's figures.
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from accesscost.inputs.applying import apply_scenario
from accesscost.inputs.loading import read_folder
from accesscost.inputs.scenario import Scenario, scenario_yaml
from accesscost.inputs.scenario_files import load_scenario
from accesscost.model.engine import estimate
from accesscost.model.matrix import usd
from tests.conftest import REPO_ROOT
from tests.pages import open_page_with, shown_text

ROOT = REPO_ROOT
D, B = "d-iam-user-keys", "b-task-role"
ROTATE = "Rotate the access key (create, distribute, deactivate the old one)"
ROTATION_ITEMS = (
    ROTATE,
    "Log in to every host to replace the key",
    "Redeploy each service with the new key",
)
SAVING = "Saving a year vs D"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    copy = tmp_path / "assumptions"
    shutil.copytree(ROOT / "assumptions", copy)
    for path in (copy / "scenarios").glob("*.yaml"):
        path.unlink()
    monkeypatch.setenv("ASSUMPTIONS_DIR", str(copy))
    return copy


def run_page(editor_open: bool = True) -> AppTest:
    """The page with the what-if editor open (a closed editor draws no tables)."""
    return open_page_with(whatif_open=editor_open)


def metrics(at: AppTest) -> dict[str, str]:
    return {shown_text(m.label): shown_text(m.value) for m in at.metric}


def deltas(at: AppTest) -> dict[str, str]:
    return {m.label: m.delta for m in at.metric}


def edit(at: AppTest, pattern_id: str, rows: dict, version: int = 0) -> AppTest:
    at.session_state[f"edit_{pattern_id}_{version}"] = {
        "edited_rows": rows,
        "added_rows": [],
        "deleted_rows": [],
    }
    return at.run()


def row_of(at: AppTest, pattern_id: str, item: str, field: str) -> int:
    table = at.data_editor(key=f"edit_{pattern_id}_0").value
    match = table[(table["item"] == item) & (table["field"] == field)]
    return int(match.index[0])


def engine_saving(folder: Path, scenario: Scenario, services: int = 50) -> float:
    assumptions = apply_scenario(read_folder(folder), scenario, "test")
    return float(estimate(assumptions, services).annual_savings(B)[0])


def monthly_rotation() -> Scenario:
    """The committed "keys rotated monthly" example: three rotation items every month."""
    items = {item: {"frequency": "monthly"} for item in ROTATION_ITEMS}
    return Scenario(name="Untitled what-if", overrides={"patterns": {D: {"operations": items}}})


def edit_monthly_rotation(at: AppTest) -> AppTest:
    rows = {row_of(at, D, item, "hours"): {"frequency": "monthly"} for item in ROTATION_ITEMS}
    return edit(at, D, rows)


def test_an_edit_moves_the_key_figures_by_what_the_engine_computes(folder):
    at = run_page()
    before = metrics(at)[SAVING]
    at = edit_monthly_rotation(at)
    assert not at.exception
    assert not at.error
    expected = engine_saving(folder, monthly_rotation())
    assert metrics(at)[SAVING] == usd(expected)
    assert metrics(at)[SAVING] != before
    baseline = engine_saving(folder, Scenario(name="b"))
    assert deltas(at)[SAVING] == f"+{usd(expected - baseline)} vs baseline"


def test_an_invalid_edit_shows_its_reason_and_keeps_the_last_valid_result(folder):
    at = run_page()
    at = edit_monthly_rotation(at)
    good = metrics(at)
    rows = at.session_state[f"edit_{D}_0"]["edited_rows"]
    rows[row_of(at, D, ROTATE, "hours")].update(
        {"value": None, "low": 5.0, "mode": None, "high": 1.0}
    )
    at = edit(at, D, rows)
    assert not at.exception
    errors = " ".join(shown_text(e.value) for e in at.error)
    assert "Not applied" in errors
    assert f"{D}.operations.{ROTATE}.hours" in errors
    assert "low must not be above high" in errors
    assert metrics(at) == good


def test_a_guardrail_toggle_changes_the_figures(folder):
    at = run_page()
    at.toggle(key=f"guard_{B}_permission-boundaries_0").set_value(True).run()
    scenario = Scenario(name="Untitled what-if", guardrails={B: ["permission-boundaries"]})
    assert metrics(at)[SAVING] == usd(engine_saving(folder, scenario))


def test_save_reload_and_delete_round_trip_exactly(folder):
    at = run_page()
    at = edit_monthly_rotation(at)
    edited = metrics(at)
    at.text_input(key="scenario_name").input("Monthly keys").run()
    save = next(b for b in at.button if b.label == "Save scenario")
    save.click().run()
    path = folder / "scenarios" / "monthly-keys.yaml"
    assert path.is_file()
    saved = load_scenario(path)
    assert saved.overrides.patterns == monthly_rotation().overrides.patterns
    assert path.read_text() == scenario_yaml(saved)

    next(b for b in at.button if b.label == "Reset to baseline").click().run()
    assert deltas(at)[SAVING] in (None, "")
    assert metrics(at) != edited

    at.selectbox(key="saved_choice").set_value(path)
    next(b for b in at.button if b.label == "Load").click().run()
    assert metrics(at) == edited
    assert at.session_state["scenario_name"] == "Monthly keys"

    at.checkbox(key="confirm_delete").check()
    next(b for b in at.button if b.label == "Delete").click().run()
    assert not path.exists()
    assert not at.exception


def test_saving_over_an_existing_scenario_asks_first(folder):
    at = run_page()
    at.text_input(key="scenario_name").input("Twice").run()
    next(b for b in at.button if b.label == "Save scenario").click().run()
    first = (folder / "scenarios" / "twice.yaml").read_text()
    at = edit_monthly_rotation(at)
    next(b for b in at.button if b.label == "Save scenario").click().run()
    assert "already exists" in " ".join(w.value for w in at.warning)
    assert (folder / "scenarios" / "twice.yaml").read_text() == first
    next(b for b in at.button if b.label == "Replace it").click().run()
    assert (folder / "scenarios" / "twice.yaml").read_text() != first


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"name: x\noverrides: {patterns: {zz: {}}}\n", "unknown pattern"),
        (b"!!python/object/apply:os.system ['echo hi']", "not allowed"),
        (b"name: x\n" + b"#" * 70_000, "larger than 64 KiB"),
    ],
)
def test_an_invalid_upload_writes_nothing_and_changes_nothing(folder, data, reason):
    at = run_page()
    before_files = sorted(p.name for p in folder.rglob("*"))
    before = metrics(at)
    at.file_uploader(key="scenario_upload").upload("bad.yaml", data, "application/x-yaml").run()
    assert not at.exception
    assert reason in " ".join(shown_text(e.value) for e in at.error)
    assert sorted(p.name for p in folder.rglob("*")) == before_files
    assert metrics(at) == before


def test_a_valid_upload_is_used_but_not_written(folder):
    at = run_page()
    text = scenario_yaml(monthly_rotation().model_copy(update={"name": "From upload"}))
    at.file_uploader(key="scenario_upload").upload("s.yaml", text.encode(), "application/x-yaml")
    at.run()
    assert metrics(at)[SAVING] == usd(engine_saving(folder, monthly_rotation()))
    assert list((folder / "scenarios").glob("*.yaml")) == []


def test_two_sessions_never_see_each_others_edits(folder):
    first, second = run_page(), run_page()
    baseline = metrics(second)
    edit_monthly_rotation(first)
    second.run()
    assert metrics(second) == baseline
    assert metrics(first) != baseline


# -- the editor closed: no tables drawn, the what-if kept ----------------------------------------


def test_a_closed_editor_draws_no_table_and_keeps_its_what_if(folder):
    at = edit_monthly_rotation(run_page())
    expected = usd(engine_saving(folder, monthly_rotation()))
    assert metrics(at)[SAVING] == expected
    at.session_state["whatif_open"] = False  # what a click on the expander does
    at.run()
    assert not at.exception
    assert len(at.get("arrow_data_frame")) == 0 and not at.data_editor
    assert metrics(at)[SAVING] == expected  # the what-if stays in effect
    at.session_state["whatif_open"] = True
    at.run()
    assert metrics(at)[SAVING] == expected  # ... and the tables start from it when reopened
    table = at.data_editor(key=f"edit_{D}_1").value  # a new version of the table
    rotations = table[table["item"].isin(ROTATION_ITEMS) & (table["field"] == "hours")]
    assert set(rotations["frequency"]) == {"monthly"}


def test_the_sidebar_rate_applies_while_the_editor_is_closed(folder):
    at = run_page(editor_open=False)
    at.number_input(key="rate").set_value(120).run()
    assert not at.exception
    scenario = Scenario(name="r", overrides={"org": {"labour": {"hourly_rate_usd": 120.0}}})
    assert metrics(at)[SAVING] == usd(engine_saving(folder, scenario))
    in_effect = next(e for e in at.expander if e.label.startswith("What-if in effect"))
    assert ": 1 edits, 0 guardrails" in in_effect.label
    edits = shown_text(in_effect.markdown[0].value)
    assert "org.labour.hourly_rate_usd (sidebar): 70 → 120" in edits


# -- issue 14 -------------------------------------------------------------------------------------


def test_a_description_too_long_to_save_is_reported_not_saved_empty(folder):
    at = run_page()
    at = edit_monthly_rotation(at)
    good = metrics(at)
    at.text_area(key="scenario_description").input("😀" * 9_000).run()  # 36 KB of UTF-8
    assert not at.exception
    errors = " ".join(shown_text(e.value) for e in at.error)
    assert "scenario: description: description is longer than 32 KiB" in errors
    assert metrics(at) == good
    next(b for b in at.button if b.label == "Save scenario").click().run()
    errors = " ".join(shown_text(e.value) for e in at.error)
    assert "Not saved:" in errors and "description is longer than 32 KiB" in errors
    assert not list((folder / "scenarios").iterdir())  # nothing written, nothing emptied


def test_delete_removes_the_listed_file_and_not_its_look_alike(folder):
    scenarios = folder / "scenarios"
    listed, other = scenarios / "Keys_Rotated_Monthly.yaml", scenarios / "keys-rotated-monthly.yaml"
    listed.write_text("name: Listed\n")
    other.write_text("name: Other\n")
    at = run_page()
    at.selectbox(key="saved_choice").set_value(listed).run()
    at.checkbox(key="confirm_delete").check().run()
    next(b for b in at.button if b.label == "Delete").click().run()
    assert not listed.exists() and other.read_text() == "name: Other\n"
    assert "Deleted Keys_Rotated_Monthly.yaml." in [shown_text(s.value) for s in at.success]


def test_a_verdict_rewriting_upload_is_refused_with_the_cli_s_lines(folder):
    data = (
        b"name: Keys rotated monthly\noverrides:\n  patterns:\n    d-iam-user-keys:\n"
        b"      meets_requirement: true\n      option: B\n"
    )
    at = run_page()
    at.file_uploader(key="scenario_upload").upload("rewrite.yaml", data, "application/x-yaml")
    at.run()
    errors = " ".join(shown_text(e.value) for e in at.error)
    for field in ("meets_requirement", "option"):
        line = f"rewrite.yaml: overrides.patterns.{D}.{field}: a what-if changes quantities"
        assert line in errors
    assert not list((folder / "scenarios").iterdir())


def test_save_uses_the_name_just_typed(folder):
    """Typing a name and clicking Save at once (one rerun carries both) saves under that name;
    the button used to carry the scenario as drawn before the name was typed."""
    at = run_page()
    at = edit_monthly_rotation(at)
    at.text_input(key="scenario_name").input("Typed just now")
    next(b for b in at.button if b.label == "Save scenario").click().run()
    path = folder / "scenarios" / "typed-just-now.yaml"
    assert path.is_file(), sorted(p.name for p in (folder / "scenarios").iterdir())
    assert load_scenario(path).name == "Typed just now"
    assert load_scenario(path).overrides.patterns == monthly_rotation().overrides.patterns


def _download_labels(at: AppTest) -> list[str]:
    return [button.label for button in at.get("download_button")]


def _download_scripts(at: AppTest) -> list[str]:
    """The bodies of the scripts that hand a file to the browser (``st.html`` with JavaScript)."""
    return [el.proto.body for el in at.get("html") if "link.download" in el.proto.body]


def test_a_name_like_markup_reaches_the_download_script_only_encoded(folder):
    hostile = '</script><script>alert("x")</script>'
    at = run_page()
    at.text_input(key="scenario_name").input(hostile)
    next(b for b in at.button if b.label == "Download YAML").click().run()
    [script] = _download_scripts(at)
    assert "alert" not in script and script.count("<script") == 1
    assert yaml.safe_load(at.session_state["download_ready"][1])["name"] == hostile


def test_download_makes_the_file_under_the_name_just_typed(folder):
    """Download YAML is clicked in the run that carries the name typed; that run hands the file
    to the browser (one click downloads it) and offers it under its own name, withdrawn when
    the what-if changes after it."""
    at = edit_monthly_rotation(run_page())
    at.text_input(key="scenario_name").input("Typed just now")
    next(b for b in at.button if b.label == "Download YAML").click().run()
    assert "Download typed-just-now.yaml" in _download_labels(at)
    name, text = at.session_state["download_ready"]
    expected = monthly_rotation().model_copy(update={"name": "Typed just now"})
    assert (name, text) == ("typed-just-now.yaml", scenario_yaml(expected))
    [script] = _download_scripts(at)  # the name and text base64-encoded, never as code
    assert base64.b64encode(text.encode()).decode() in script
    assert base64.b64encode(name.encode()).decode() in script
    at.text_input(key="scenario_name").input("Renamed").run()
    assert not [label for label in _download_labels(at) if label.endswith(".yaml")]
    assert _download_scripts(at) == []  # handed over once, on the click's run only
