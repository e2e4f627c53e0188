"""The scenarios folder: names become safe file names, files save, load and delete, a save never
replaces a file unconfirmed nor leaves a half-written one, and the baseline files are untouched."""

from __future__ import annotations

import os
import shutil

import pytest

from accesscost.core.errors import AssumptionErrors
from accesscost.core.files import write_atomic
from accesscost.inputs.scenario_files import (
    ScenarioExists,
    delete_scenario,
    list_scenarios,
    load_scenario,
    save_scenario,
    scenario_slug,
)
from tests.inputs.test_scenario import ASSUMPTIONS, ROTATE, D, scenario


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Keys rotated monthly", "keys-rotated-monthly"),
        ("../../etc/passwd", "etc-passwd"),
        (".hidden", "hidden"),
        ("a/b\\c", "a-b-c"),
        ("Ünïcode  name!!", "n-code-name"),
    ],
)
def test_scenario_names_become_safe_file_names(name, slug):
    assert scenario_slug(name) == slug


@pytest.mark.parametrize("name", ["...", "///", "   "])
def test_a_name_with_nothing_usable_is_refused(name):
    with pytest.raises(AssumptionErrors, match="at least one letter or digit"):
        scenario_slug(name)


def test_save_load_delete_round_trip(tmp_path):
    original = scenario(
        description="round trip",
        overrides={
            "org": {"labour": {"hourly_rate_usd": 95.0}},
            "patterns": {
                D: {"operations": {ROTATE: {"hours": {"low": 0.5, "mode": 1, "high": 3}}}}
            },
        },
        guardrails={"b-task-role": ["principal-org-id"]},
    )
    path = save_scenario(tmp_path, original)
    assert path == tmp_path / "test.yaml"
    assert load_scenario(path) == original
    assert list_scenarios(tmp_path) == [path]
    delete_scenario(tmp_path, path)
    assert list_scenarios(tmp_path) == []


def test_saving_over_an_existing_scenario_needs_confirmation(tmp_path):
    save_scenario(tmp_path, scenario(description="first"))
    with pytest.raises(ScenarioExists, match="already exists"):
        save_scenario(tmp_path, scenario(description="second"))
    assert load_scenario(tmp_path / "test.yaml").description == "first"
    save_scenario(tmp_path, scenario(description="second"), overwrite=True)
    assert load_scenario(tmp_path / "test.yaml").description == "second"


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "s.yaml"
    target.write_text("old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]


def test_baseline_files_are_untouched_by_scenarios(tmp_path):
    folder = tmp_path / "assumptions"
    shutil.copytree(ASSUMPTIONS, folder)
    before = {p: p.read_bytes() for p in folder.rglob("*.yaml")}
    save_scenario(folder / "scenarios", scenario())
    for path, data in before.items():
        assert path.read_bytes() == data
