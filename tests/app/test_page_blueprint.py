"""The page's Blueprints section, driven with AppTest: the diagram of the chosen pattern, or two
side by side, each with its weak links written out and its key figures."""

from __future__ import annotations

import json

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from accesscost.model.engine import estimate
from accesscost.text.report import pattern_key_figures
from tests.pages import open_page_with, shown_text
from tests.pattern_ids import A, B, C, D, E


def blueprint_page() -> AppTest:
    """The page with its Blueprints tab open (only the open tab is drawn)."""
    return open_page_with(90, section="Blueprints")


@pytest.fixture(autouse=True)
def committed_assumptions(monkeypatch):
    monkeypatch.delenv("ASSUMPTIONS_DIR", raising=False)


@pytest.fixture(scope="module")
def page() -> AppTest:
    """The page as it opens; tests that change widgets run their own copy."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("ASSUMPTIONS_DIR", raising=False)
        return blueprint_page()


def blueprints(at: AppTest) -> dict[str, dict]:
    """The blueprint figures shown, by the title's pattern label."""
    shown = {}
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        title = spec["layout"]["title"]["text"].replace("<br>", " ")  # wrapped in a column
        if title.startswith("Blueprint: "):
            shown[title.removeprefix("Blueprint: ").removesuffix(" ✗")] = spec
    return shown


def node_ids(spec: dict) -> set[str]:
    names = [a.get("name", "") for a in spec["layout"]["annotations"]]
    return {name.removeprefix("node:") for name in names if name.startswith("node:")}


def markdown_text(at: AppTest) -> str:
    return "\n".join(shown_text(element.value) for element in at.markdown)


def test_the_page_opens_with_the_recommended_beside_the_reference(page, default_assumptions):
    at = page
    assert not at.exception
    assert at.selectbox(key="blueprint_left").value == B
    assert at.selectbox(key="blueprint_right").value == D
    shown = blueprints(at)
    patterns = default_assumptions.patterns
    assert set(shown) == {patterns[B].label, patterns[D].label}
    for pid in (B, D):
        expected = {node.id for node in patterns[pid].diagram.nodes}
        assert node_ids(shown[patterns[pid].label]) == expected


def test_each_diagram_has_its_weak_links_and_key_figures_written_out(page, default_assumptions):
    text = markdown_text(page)
    for edge in default_assumptions.patterns[D].diagram.edges:
        if edge.risk:
            assert edge.note in text
    assert "No weak link is marked in this pattern's diagram." in text
    result = estimate(default_assumptions, 50)
    captions = [shown_text(caption.value) for caption in page.caption]
    for pid in (B, D):
        line = " · ".join(f"{label}: {value}" for label, value in pattern_key_figures(result, pid))
        assert line in captions


def test_one_pattern_alone_is_drawn_across_the_page(default_assumptions):
    at = blueprint_page()
    at.selectbox(key="blueprint_left").set_value(C).run()
    at.selectbox(key="blueprint_right").set_value("").run()
    assert not at.exception
    shown = blueprints(at)
    pattern = default_assumptions.patterns[C]
    assert list(shown) == [pattern.label]
    spec = shown[pattern.label]
    assert node_ids(spec) == {node.id for node in pattern.diagram.nodes}
    risky = [t for t in spec["data"] if t.get("line", {}).get("dash") == "dash" and t["x"][0]]
    assert [t["name"] for t in risky] == ["security-group → s3-output"]
    assert "authorises nothing" in markdown_text(at)


def test_only_the_patterns_shown_in_the_sidebar_are_offered(default_assumptions):
    at = blueprint_page()
    at.multiselect(key="shown").set_value([C, E]).run()
    assert not at.exception
    assert at.selectbox(key="blueprint_left").options == [
        default_assumptions.patterns[pid].label for pid in (C, E)
    ]
    # D, chosen beside B when the page opened, is hidden now: it is no longer drawn
    assert at.selectbox(key="blueprint_right").value == ""
    assert list(blueprints(at)) == [default_assumptions.patterns[C].label]
    at.selectbox(key="blueprint_right").set_value(E).run()
    labels = {default_assumptions.patterns[pid].label for pid in (C, E)}
    assert set(blueprints(at)) == labels


def test_a_pattern_without_a_diagram_is_named_not_drawn(
    tmp_path, monkeypatch, repo_root, default_assumptions
):
    folder = tmp_path / "assumptions"
    (folder / "patterns").mkdir(parents=True)
    for name in ("org.yaml", "decision.yaml", "threats.yaml"):  # issues 17 and 16
        (folder / name).write_text((repo_root / "assumptions" / name).read_text())
    for path in (repo_root / "assumptions" / "patterns").glob("*.yaml"):
        document = yaml.safe_load(path.read_text())
        if path.stem == A:
            document.pop("diagram")
        (folder / "patterns" / path.name).write_text(yaml.safe_dump(document))
    monkeypatch.setenv("ASSUMPTIONS_DIR", str(folder))
    at = blueprint_page()
    assert not at.exception
    assert any(f"patterns/{A}.yaml" in info.value for info in at.info)
    options = at.selectbox(key="blueprint_left").options
    assert default_assumptions.patterns[A].label not in options
    assert default_assumptions.patterns[B].label in options
