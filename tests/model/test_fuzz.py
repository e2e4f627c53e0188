"""Property-based fuzzing of the loader and the scenario merge (hypothesis).

Whatever bytes, text or documents come in, the result is a valid model or ``AssumptionErrors``
(the domain error, whose every problem names a file), never any other exception; and a valid model
always prices to finite figures.
"""

from __future__ import annotations

import math
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.applying import apply_scenario
from accesscost.inputs.documents import validate_document
from accesscost.inputs.loading import Assumptions, assumptions_from_files, read_folder
from accesscost.inputs.org_schema import Org
from accesscost.inputs.safe_yaml import decode_text, parse_yaml
from accesscost.inputs.scenario import Scenario, scenario_from_bytes
from accesscost.inputs.schema import ComplianceItem, GuardrailsFile, OperationsItem, Pattern
from accesscost.inputs.snapshot import FileText
from accesscost.model.engine import MAX_SERVICES, estimate
from tests.hostile_corpus import ASSUMPTIONS

FILES = read_folder(ASSUMPTIONS)
B_PATH = str(ASSUMPTIONS / "patterns" / "b-task-role.yaml")
DOCUMENTS = {f.path: yaml.safe_load(f.text) for f in FILES}
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of YAML that matter to a parser: indentation, tabs, flow brackets, anchors and aliases,
# tags (safe and unsafe), merge keys, block scalars, document markers, odd numbers.
YAML_PIECES = [
    "a:",
    "b: 1",
    "- ",
    "  ",
    "\t",
    "\n",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "? ",
    "&x ",
    "*x",
    "<<: *x",
    "!!python/object/apply:os.system ['true']",
    "!!binary aGk=",
    "!!set {a}",
    "!x ",
    "'q'",
    '"\\x00"',
    "|\n  t",
    ">-\n  t",
    "---",
    "...",
    "#c",
    ".nan",
    ".inf",
    "-.inf",
    "1e400",
    "0x1F",
    "0o17",
    "~",
    "yes",
    "2024-01-01",
    "hours: ",
    "low: ",
    "high: ",
    "name: ",
    "\ufeff",
    "\x00",
    "é",
]
KEYS = ["name", "low", "mode", "high", "hours", "usd", "per", "frequency", "source", "id", "x", "1"]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
)
TREES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


def domain_errors_name_a_file(errors: AssumptionErrors) -> None:
    assert errors.problems
    assert all(problem.file and problem.reason for problem in errors.problems)


def finite_figures(assumptions: Assumptions) -> None:
    result = estimate(assumptions, [1, MAX_SERVICES])
    for figures in result.patterns.values():
        assert all(math.isfinite(v) for v in figures.tco_usd), figures.pattern.id


@FUZZ
@given(st.binary(max_size=512))
def test_any_bytes_decode_to_text_or_a_domain_error(data):
    try:
        assert isinstance(decode_text(data, "f.yaml"), str)
    except AssumptionErrors as errors:
        domain_errors_name_a_file(errors)


@FUZZ
@given(st.text(max_size=300) | st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join))
def test_any_text_parses_or_gives_a_domain_error(text):
    try:
        parse_yaml(text, "f.yaml")
    except AssumptionErrors as errors:
        domain_errors_name_a_file(errors)


@FUZZ
@given(st.sampled_from([Org, Pattern, GuardrailsFile, Scenario]), TREES)
def test_any_document_validates_or_gives_a_domain_error(model, document):
    try:
        assert isinstance(validate_document(model, document, "f.yaml"), model)
    except AssumptionErrors as errors:
        domain_errors_name_a_file(errors)


QUANTITY_KEYS = st.sampled_from(["low", "mode", "high"]) | st.text(max_size=3) | st.integers(0, 2)
QUANTITIES = SCALARS | st.dictionaries(QUANTITY_KEYS, SCALARS, max_size=4)


@FUZZ
@given(st.sampled_from(["hours", "usd", "annual_probability", "impact_usd"]), QUANTITIES)
def test_any_quantity_parses_or_gives_a_domain_error(field, value):
    item = {"name": "i", "per": "service", "source": "s", "frequency": "yearly", field: value}
    model = ComplianceItem if field in ("annual_probability", "impact_usd") else OperationsItem
    if model is ComplianceItem:
        item = {"annual_probability": 0.1, "impact_usd": 1} | item
    try:
        validate_document(model, item, "f.yaml")
    except AssumptionErrors as errors:
        domain_errors_name_a_file(errors)


def _set(document: object, path: list, value: object) -> object:
    """``document`` with the value at ``path`` (indexes taken modulo the length) replaced."""
    if not path or not isinstance(document, dict | list) or not document:
        return value
    if isinstance(document, dict):
        key = sorted(document, key=str)[path[0] % len(document)]
        return {**document, key: _set(document[key], path[1:], value)}
    index = path[0] % len(document)
    return [*document[:index], _set(document[index], path[1:], value), *document[index + 1 :]]


@FUZZ
@given(
    st.sampled_from(sorted(DOCUMENTS)),
    st.lists(st.integers(min_value=0, max_value=50), max_size=5),
    TREES,
)
def test_a_committed_file_with_one_value_changed_loads_or_gives_a_domain_error(file, path, value):
    changed = _set(DOCUMENTS[file], path, value)
    text = yaml.safe_dump(changed, allow_unicode=True)
    files = tuple(FileText(f.path, text, f.modified) if f.path == file else f for f in FILES)
    try:
        finite_figures(assumptions_from_files(files))
    except AssumptionErrors as errors:
        domain_errors_name_a_file(errors)


OVERRIDE_KEYS = st.sampled_from(
    [
        "labour",
        "hourly_rate_usd",
        "services_per_host",
        "bands",
        "simulation",
        "operations",
        "compliance",
        "implementation",
        "frequency",
        "hours",
        "usd",
        "annual_probability",
        "low",
        "high",
        "mode",
        "name",
        "meets_requirement",
        "security_posture",
        "rating",
        "Rotate the access key (create, distribute, deactivate the old one)",
        "Quarterly access review of task roles (IAM Access Analyzer findings)",
    ]
)
OVERRIDES = st.recursive(
    SCALARS, lambda inner: st.dictionaries(OVERRIDE_KEYS | st.text(max_size=5), inner, max_size=3)
)
PATTERN_IDS = st.sampled_from([Path(f.path).stem for f in FILES[2:]]) | st.text(max_size=5)


@FUZZ
@given(
    st.dictionaries(OVERRIDE_KEYS, OVERRIDES, max_size=3),
    st.dictionaries(PATTERN_IDS, st.dictionaries(OVERRIDE_KEYS, OVERRIDES, max_size=3), max_size=2),
    st.dictionaries(PATTERN_IDS, st.lists(st.text(max_size=25), max_size=2), max_size=2),
)
def test_any_scenario_applies_or_gives_a_domain_error(org, patterns, guardrails):
    document = {"name": "fuzz", "overrides": {"org": org, "patterns": patterns}}
    document["guardrails"] = guardrails
    try:
        scenario = validate_document(Scenario, document, "fuzz.yaml")
        finite_figures(apply_scenario(FILES, scenario, "fuzz.yaml"))
    except AssumptionErrors as errors:
        domain_errors_name_a_file(errors)


@FUZZ
@given(st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=8), max_size=30).map("".join))
def test_any_uploaded_scenario_text_applies_or_gives_a_domain_error(text):
    try:
        scenario = scenario_from_bytes(("name: fuzz\n" + text).encode("utf-8"), "up.yaml")
        apply_scenario(FILES, scenario, "up.yaml")
    except AssumptionErrors as errors:
        domain_errors_name_a_file(errors)


def test_an_override_of_items_whose_baseline_name_is_not_text_gives_a_domain_error():
    """A broken baseline (an item named by a list) under a scenario that overrides its items."""
    broken = dict(DOCUMENTS[B_PATH])
    broken["operations"] = [{**broken["operations"][0], "name": ["a", "list"]}]
    files = tuple(
        FileText(f.path, yaml.safe_dump(broken), f.modified) if f.path == B_PATH else f
        for f in FILES
    )
    overrides = {"patterns": {"b-task-role": {"operations": {"x": {"hours": 1}}}}}
    scenario = Scenario(name="s", overrides=overrides)
    try:
        apply_scenario(files, scenario, "s.yaml")
    except AssumptionErrors as errors:
        assert "unknown item" in str(errors)
    else:
        raise AssertionError("an item named by a list was accepted")
