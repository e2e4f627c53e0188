"""The committed JSON Schema and the YAML files that point an editor at it stay in step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from accesscost.inputs.schema import json_schema_text
from tests.conftest import REPO_ROOT

ASSUMPTIONS = REPO_ROOT / "assumptions"
SCHEMA = ASSUMPTIONS / "schema.json"
# The files schema.json describes: org.yaml, guardrails.yaml and patterns/*.yaml. Saved what-if
# scenarios (scenarios/*.yaml) have their own format, checked by accesscost.inputs.scenario, not
# this schema.
YAML_FILES = sorted(p for p in ASSUMPTIONS.rglob("*.yaml") if "scenarios" not in p.parts)
PATTERN_FILES = sorted((ASSUMPTIONS / "patterns").glob("*.yaml"))
SCHEMA_COMMENT = "# yaml-language-server: $schema="
SECTIONS = ("implementation", "operations", "compliance", "decommission")


def _name(path: Path) -> str:
    return path.relative_to(ASSUMPTIONS).as_posix()


def test_committed_schema_is_generated_from_the_models():
    committed = SCHEMA.read_text(encoding="utf-8")
    assert committed == json_schema_text(), (
        "regenerate with python -m accesscost.inputs.schema > assumptions/schema.json"
    )


@pytest.mark.parametrize("path", YAML_FILES, ids=_name)
def test_each_yaml_file_names_the_schema_on_its_first_line(path):
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith(SCHEMA_COMMENT)
    target = path.parent / first_line.removeprefix(SCHEMA_COMMENT).strip()
    assert target.resolve() == SCHEMA.resolve()


@pytest.mark.parametrize("path", PATTERN_FILES, ids=_name)
def test_every_line_item_says_where_its_figure_comes_from(path):
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = [
        (section, index, item)
        for section in SECTIONS
        for index, item in enumerate(document.get(section) or [])
    ]
    assert items, "a pattern has line items"
    for section, index, item in items:
        assert str(item.get("source") or "").strip(), f"{section}.{index} has no source"


@pytest.mark.parametrize("path", YAML_FILES, ids=_name)
def test_each_yaml_file_validates_against_the_committed_schema(path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
