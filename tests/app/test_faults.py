"""Faults: a save killed at any point, a scenarios folder that cannot be written, and assumption
files deleted or edited while the page is open. Nothing is lost and nothing crashes.

An interrupted save runs ``save_scenario`` in a child process that is SIGKILLed at a chosen point
(in the middle of writing the temp file, before its fsync, before the rename, after the rename) or
at a random moment of a loop of saves; the scenario file is then always the old or the new
complete file, and a temp file left behind is never read as a scenario.
"""

from __future__ import annotations

import errno
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.loading import load_assumptions
from accesscost.inputs.scenario import Scenario, scenario_yaml
from accesscost.inputs.scenario_files import (
    delete_scenario,
    list_scenarios,
    load_scenario,
    save_scenario,
)
from accesscost.inputs.validation import validate_paths
from accesscost.model.engine import estimate
from accesscost.model.matrix import recommended_id, usd
from tests.conftest import REPO_ROOT
from tests.hostile_corpus import ASSUMPTIONS, copy_assumptions
from tests.pages import open_page_with, shown_text

ROOT = REPO_ROOT
OLD = Scenario(name="Kept", description="the old scenario " + "o" * 12_000)
NEW = Scenario(name="Kept", description="the new scenario " + "n" * 19_000)
KILL_POINTS = ["mid-write", "before-fsync", "before-rename", "after-rename"]

# The child: save NEW over OLD, stopping at the point named in argv[1] until it is killed.
WRITER = textwrap.dedent(
    """
    import os, sys, time
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from accesscost.inputs.scenario import Scenario
    from accesscost.inputs.scenario_files import save_scenario

    point, folder = sys.argv[1], Path(sys.argv[2])
    real_replace, real_fsync, real_fdopen = os.replace, os.fsync, os.fdopen

    def pause():
        print("PAUSED", flush=True)
        time.sleep(60)

    class HalfWriter:
        def __init__(self, out):
            self.out = out
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.out.__exit__(*exc)
        def write(self, text):
            self.out.write(text[: len(text) // 2])
            self.out.flush()
            pause()
        def __getattr__(self, name):
            return getattr(self.out, name)

    def after_replace(a, b):
        real_replace(a, b)
        pause()

    if point == "mid-write":
        os.fdopen = lambda *a, **k: HalfWriter(real_fdopen(*a, **k))
    elif point == "before-fsync":
        os.fsync = lambda fd: (pause(), real_fsync(fd))
    elif point == "before-rename":
        os.replace = lambda a, b: (pause(), real_replace(a, b))
    elif point == "after-rename":
        os.replace = after_replace
    texts = [Scenario(name="Kept", description=d) for d in sys.argv[3:]]
    if point == "loop":
        print("PAUSED", flush=True)
        while True:
            for scenario in texts:
                save_scenario(folder, scenario, overwrite=True)
    save_scenario(folder, texts[0], overwrite=True)
    """
).format(root=str(ROOT))


def start_writer(point: str, folder: Path, *descriptions: str) -> subprocess.Popen:
    command = [sys.executable, "-c", WRITER, point, str(folder), *descriptions]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    assert child.stdout.readline().strip() == "PAUSED"
    return child


def kill(child: subprocess.Popen) -> None:
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL
    child.stdout.close()


@pytest.fixture
def folder(tmp_path) -> Path:
    """A copy of the assumptions whose scenarios folder holds OLD as kept.yaml."""
    copy = copy_assumptions(tmp_path / "assumptions")
    save_scenario(copy / "scenarios", OLD)
    return copy


def assert_whole_and_listed(folder: Path, allowed: list[Scenario]) -> Scenario:
    """kept.yaml is one of ``allowed`` in full; temp files are neither listed nor validated."""
    scenarios = folder / "scenarios"
    kept = scenarios / "kept.yaml"
    text = kept.read_text(encoding="utf-8")
    assert text in [scenario_yaml(s) for s in allowed]
    assert all(not p.name.startswith(".") for p in list_scenarios(scenarios))
    assert kept in list_scenarios(scenarios)
    assert validate_paths([folder]).problems == []
    return load_scenario(kept)


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_save_killed_at_any_point_leaves_the_old_or_the_new_file(folder, point):
    child = start_writer(point, folder / "scenarios", NEW.description)
    kill(child)
    expected = NEW if point == "after-rename" else OLD
    assert assert_whole_and_listed(folder, [expected]) == expected
    leftovers = list((folder / "scenarios").glob(".tmp-*"))
    if point == "after-rename":
        assert leftovers == []
    else:  # the interrupted temp file is there, never renamed, and ignored
        assert len(leftovers) == 1
        written = leftovers[0].read_text(encoding="utf-8")
        if point == "mid-write":
            assert scenario_yaml(NEW).startswith(written) and written != scenario_yaml(NEW)
        else:
            assert written == scenario_yaml(NEW)


def test_saves_killed_at_random_moments_never_leave_a_truncated_file(folder):
    chooser = random.Random(8)
    seen = set()
    for _ in range(12):
        child = start_writer("loop", folder / "scenarios", OLD.description, NEW.description)
        time.sleep(chooser.uniform(0.0, 0.08))  # somewhere in the child's loop of saves
        kill(child)
        seen.add(assert_whole_and_listed(folder, [OLD, NEW]).description[:17])
    assert seen  # the file was always whole; which one it was depends on the moment


# -- a scenarios folder that cannot be written ---------------------------------------------------


@pytest.fixture
def read_only(folder, monkeypatch) -> Path:
    """The scenarios folder made read-only. Root writes through chmod, so there the writes that
    save and delete make are refused the way a read-only folder refuses them."""
    scenarios = folder / "scenarios"
    scenarios.chmod(0o555)
    probe = scenarios / "probe"
    try:
        probe.touch()
    except PermissionError:
        pass
    else:
        probe.unlink()
        _refuse_writes_in(scenarios, monkeypatch)
    yield scenarios
    scenarios.chmod(0o755)


def _refuse_writes_in(scenarios: Path, monkeypatch) -> None:
    denied = PermissionError(errno.EACCES, "Permission denied")
    real_mkstemp, real_unlink = tempfile.mkstemp, Path.unlink

    def mkstemp(*args, dir=None, **kwargs):
        if dir is not None and Path(dir) == scenarios:
            raise denied
        return real_mkstemp(*args, dir=dir, **kwargs)

    def unlink(self, missing_ok=False):
        if self.parent == scenarios:
            raise denied
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)  # the module write_atomic imports
    monkeypatch.setattr(Path, "unlink", unlink)


def test_a_read_only_scenarios_folder_gives_a_clear_message(read_only):
    before = (read_only / "kept.yaml").read_text()
    with pytest.raises(AssumptionErrors) as saving:
        save_scenario(read_only, NEW, overwrite=True)
    assert "cannot save it: the scenarios folder" in str(saving.value)
    assert "is read-only" in str(saving.value)
    with pytest.raises(AssumptionErrors) as deleting:
        delete_scenario(read_only, read_only / "kept.yaml")
    assert "cannot delete it" in str(deleting.value) and "read-only" in str(deleting.value)
    assert (read_only / "kept.yaml").read_text() == before
    assert sorted(p.name for p in read_only.iterdir()) == sorted(
        ["kept.yaml", *(p.name for p in (ASSUMPTIONS / "scenarios").glob("*.yaml"))]
    )


def test_a_scenarios_path_that_is_a_file_gives_a_clear_message(tmp_path):
    (tmp_path / "scenarios").write_text("not a folder")
    with pytest.raises(AssumptionErrors) as saving:
        save_scenario(tmp_path / "scenarios", NEW)
    assert f"{tmp_path / 'scenarios'} is a file, not a folder" in str(saving.value)
    assert (tmp_path / "scenarios").read_text() == "not a folder"


def page(folder: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("ASSUMPTIONS_DIR", str(folder))
    at = open_page_with(whatif_open=True)  # the Scenarios tab is in the editor
    assert not at.exception and not at.error
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def error_text(at: AppTest) -> str:
    return "\n".join(shown_text(e.value) for e in at.error)


def test_the_page_says_a_read_only_folder_cannot_be_saved_into(folder, read_only, monkeypatch):
    at = page(folder, monkeypatch)
    at.text_input(key="scenario_name").input("Fresh").run()
    button(at, "Save scenario").click().run()
    assert not at.exception
    assert "Not saved" in error_text(at) and "is read-only" in error_text(at)
    at.selectbox(key="saved_choice").set_value(read_only / "kept.yaml").run()
    at.checkbox(key="confirm_delete").check().run()
    button(at, "Delete").click().run()
    assert not at.exception
    assert "cannot delete it" in error_text(at)
    assert (read_only / "kept.yaml").is_file() and not (read_only / "fresh.yaml").exists()


# -- files deleted or edited while the page is open ----------------------------------------------

# B's quarterly access review (a PERT around 1 hour since issue 13)
B_REVIEW = "    hours: {low: 0.5, mode: 0.875, high: 2}\n    frequency: quarterly\n"


def metrics(at: AppTest) -> dict[str, str]:
    return {shown_text(m.label): shown_text(m.value) for m in at.metric}


def engine_annual(folder: Path) -> str:
    result = estimate(load_assumptions(folder), 50)
    return usd(float(result.patterns[recommended_id(result)].annual_usd[0]))


def test_an_edited_file_is_picked_up_at_the_next_run(folder, monkeypatch):
    at = page(folder, monkeypatch)
    before = metrics(at)["Its annual cost"]
    path = folder / "patterns" / "b-task-role.yaml"
    text = path.read_text()
    assert B_REVIEW in text
    path.write_text(text.replace(B_REVIEW, "    hours: 40\n    frequency: quarterly\n"))
    at.run()
    assert not at.exception and not at.error
    assert metrics(at)["Its annual cost"] == engine_annual(folder) != before


def test_a_deleted_pattern_file_leaves_the_page_and_the_sidebar(folder, monkeypatch):
    at = page(folder, monkeypatch)
    at.selectbox(key="reference").set_value("c-security-group").run()
    (folder / "patterns" / "c-security-group.yaml").unlink()
    at.run()
    assert not at.exception and not at.error
    assert "c-security-group" not in at.session_state["shown"]
    assert at.session_state["reference"] == "d-iam-user-keys"  # org.yaml's reference again
    assert "Security group rule" not in "".join(h.value for h in at.get("html"))


@pytest.mark.parametrize("breakage", ["deleted", "caught half-written", "emptied"])
def test_a_broken_org_file_is_reported_until_it_is_back(folder, monkeypatch, breakage):
    at = page(folder, monkeypatch)
    good = metrics(at)
    org = folder / "org.yaml"
    text = org.read_bytes()
    if breakage == "deleted":
        org.unlink()
    else:
        org.write_bytes(text[: len(text) // 2] if breakage == "caught half-written" else b"")
    at.run()
    assert not at.exception
    assert f"{org}: " in error_text(at)
    assert any("last good assumption files" in w.value for w in at.warning)
    assert metrics(at) == good
    org.write_bytes(text)
    at.run()
    assert not at.exception and not at.error and not at.warning
    assert metrics(at) == good


def test_an_edit_that_breaks_the_loaded_scenario_is_reported(folder, monkeypatch):
    at = page(folder, monkeypatch)
    path = folder / "scenarios" / "keys-rotated-monthly.yaml"
    shutil.copy(ASSUMPTIONS / "scenarios" / path.name, path)
    at.selectbox(key="saved_choice").set_value(path).run()
    button(at, "Load").click().run()
    assert not at.error
    d = folder / "patterns" / "d-iam-user-keys.yaml"
    d.write_text(d.read_text().replace("Rotate the access key", "Rotate the key"))
    at.run()
    assert not at.exception
    assert "no longer applies" in error_text(at)
    assert "unknown item" in error_text(at)


def test_an_editor_lock_file_beside_the_patterns_is_not_read(folder, monkeypatch):
    at = page(folder, monkeypatch)
    good = metrics(at)
    (folder / "patterns" / ".#b-task-role.yaml").symlink_to("root@host.1234:1700000000")
    (folder / "patterns" / ".tmp-abc.yaml").write_text("half a fi")
    at.run()
    assert not at.exception and not at.error
    assert metrics(at) == good
