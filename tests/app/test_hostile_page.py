"""Every file of the hostile-input corpus shown to the running page (Streamlit's AppTest).

One page session runs on a private copy of the assumptions folder. Each assumption case is written
into its slot while the page is open and the page is rerun: it must show the case's
``file: field.path: reason`` lines, raise nothing, say the figures are from the last good files
and keep showing exactly those figures, and change no file. Each scenario case is uploaded (and
some loaded from the scenarios folder): refused with its lines, nothing written, figures unchanged.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.hostile_corpus import REFUSED, Case, copy_assumptions, place, restore, snapshot
from tests.pages import open_page_with, shown_text

FILES = [case for case in REFUSED if not case.is_scenario]
SCENARIOS = [case for case in REFUSED if case.is_scenario]
UPLOAD = "hostile.yaml"
# Loading a saved file goes through the same checks as an upload (every scenario case above); one
# case of each kind (syntax, tag, encoding, size, bomb, override path) goes through the Load button.
LOADED = [
    "two-documents",
    "scenario-python-tag",
    "scenario-non-utf8",
    "fifty-mb-scenario",
    "billion-laughs-scenario",
    "scenario-unknown-item",
]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def errors(at: AppTest) -> str:
    return "\n".join(shown_text(e.value) for e in at.error)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """One page session on a private copy of the assumptions, opened while the files are good."""
    folder = copy_assumptions(tmp_path_factory.mktemp("page") / "assumptions")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASSUMPTIONS_DIR", str(folder))
        at = open_page_with(whatif_open=True)  # the Scenarios tab is in the editor
        assert not at.exception and not at.error
        yield at, folder, metrics(at)


def expected_lines(case: Case, file: str) -> list[str]:
    """The start of each ``file: field.path: reason`` line the case must show."""
    return [
        f"{file}: {field}: {reason}" if field else f"{file}: {reason}"
        for field, reason in case.expect
    ]


def assert_refused_and_unchanged(at: AppTest, case: Case, file: str, good: dict) -> None:
    assert not at.exception, [e.value for e in at.exception]
    shown = errors(at)
    for line in expected_lines(case, file):
        assert line in shown, shown
    assert metrics(at) == good


@pytest.mark.parametrize("case", FILES, ids=lambda c: c.id)
def test_a_hostile_file_is_reported_and_the_last_good_figures_stay(page, case):
    at, folder, good = page
    target = folder / case.target
    original = target.read_bytes() if target.is_file() else None
    path = place(case, folder)
    try:
        before = snapshot(folder)
        at.run()
        assert_refused_and_unchanged(at, case, str(path), good)
        assert any("last good assumption files" in w.value for w in at.warning)
        assert snapshot(folder) == before
    finally:
        restore(folder, case.target, original)


def test_the_page_follows_once_the_files_are_good_again(page):
    at, _, good = page
    at.run()
    assert not at.exception and not at.error
    assert not any("last good" in w.value for w in at.warning)
    assert metrics(at) == good


@pytest.mark.parametrize("case", SCENARIOS, ids=lambda c: c.id)
def test_a_hostile_scenario_upload_is_refused_and_nothing_is_written(page, case):
    at, folder, good = page
    before = snapshot(folder)
    at.file_uploader(key="scenario_upload").upload(UPLOAD, case.data(), "application/x-yaml")
    at.run()
    assert_refused_and_unchanged(at, case, UPLOAD, good)
    assert f"Upload {UPLOAD} not used, nothing written" in errors(at)
    assert snapshot(folder) == before


@pytest.mark.parametrize("case", [c for c in SCENARIOS if c.id in LOADED], ids=lambda c: c.id)
def test_a_hostile_saved_scenario_is_refused_on_load(page, case):
    at, folder, good = page
    path = place(case, folder)
    try:
        before = snapshot(folder)
        at.run()
        at.selectbox(key="saved_choice").set_value(path).run()  # as a user: choose, then click
        next(b for b in at.button if b.label == "Load").click().run()
        assert_refused_and_unchanged(at, case, str(path), good)
        assert f"Could not load {path.name}" in errors(at)
        assert snapshot(folder) == before
    finally:
        path.unlink()
