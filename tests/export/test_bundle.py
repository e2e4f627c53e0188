"""Data exports and ``export_all``: CSV and workbook against the engine, the assumptions as YAML
that validate back into the same objects, atomic writes, and the whole export in a folder, with
and without a browser."""

from __future__ import annotations

import csv
import io
import os
import re
import time
import xml.etree.ElementTree as ET
import zipfile

import pytest
import yaml
from PIL import Image
from pptx import Presentation

from accesscost.core.safe_text import safe_cell
from accesscost.export import bundle, images
from accesscost.export import tables as bundle_tables
from accesscost.export.context import make_context
from accesscost.figures.registry import FINOPS, in_section
from accesscost.inputs.org_schema import Org
from accesscost.inputs.schema import Pattern
from accesscost.model.matrix import COLUMNS, decision_matrix
from accesscost.text.report import pattern_summary
from tests.export_readers import ASSUMPTIONS, GENERATED, slide_titles

pytest_plugins = ("tests.export_fixtures",)
FINOPS_ONLY = [spec.key for spec in in_section(FINOPS)]  # no Monte Carlo: fast contexts

DATA_FILES = [
    "deck.pptx",
    "matrix.csv",
    "figures.csv",
    "line-items.csv",
    "figures.xlsx",
    "assumptions.yaml",
]
PROGRESS = re.compile(r"wrote (?P<path>\S+) \((?P<size>\d+(\.\d)? [KM]B)\)")


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def number(text: str) -> float | None:
    return float(text) if text else None


# --- CSV ----------------------------------------------------------------------------------------


def test_matrix_csv_is_the_decision_matrix(export_context, export_assumptions):
    org = export_assumptions.org
    rows = decision_matrix(export_context.result, org.bands, org.labour.hours_per_day)
    records = read_csv(bundle_tables.matrix_csv(export_context))
    assert [r["id"] for r in records] == [row.pattern.id for row in rows]
    for record, row in zip(records, rows, strict=True):
        assert record["services"] == "50"
        assert record["recommended"] == str(row.recommended)
        for key, name in ((c.key, c.label) for c in COLUMNS):
            cell = row.cells[key]
            # a text such as "+$17K/yr" is written "'+$17K/yr" (OWASP CSV injection)
            cells = (record[name], record[f"{name} band"], record[f"{name} note"])
            assert cells == (safe_cell(cell.figure), cell.band, safe_cell(cell.note))
            assert float(record[f"{name} value"]) == pytest.approx(cell.value, abs=0.01)


def test_figures_csv_holds_every_figure_of_every_pattern(export_context):
    records = read_csv(bundle_tables.figures_csv(export_context))
    result = export_context.result
    assert [r["id"] for r in records] == list(result.patterns)
    for record in records:
        expected = pattern_summary(result, record["id"])
        for name, value in expected.items():
            if isinstance(value, float):
                assert number(record[name]) == pytest.approx(value), name
            elif value is None:
                assert record[name] == ""
            else:
                assert record[name] == str(value), name


def test_line_items_csv_lists_every_item_with_its_source(export_context, export_assumptions):
    records = read_csv(bundle_tables.line_items_csv(export_context))
    listed = {(r["id"], r["section"], r["item"]): r for r in records}
    count = 0
    for pid, pattern in export_assumptions.patterns.items():
        for section in ("implementation", "operations", "compliance", "decommission"):
            for item in getattr(pattern, section):
                assert listed[(pid, section, item.name)]["source"] == item.source
                count += 1
        for risk in pattern.risks:  # a risk per threat, in the section of the loss exposure
            name = export_assumptions.threats[risk.threat].name
            assert listed[(pid, "compliance", name)]["source"] == risk.source
            count += 1
    assert len(records) == count


# --- workbook -----------------------------------------------------------------------------------


def sheet_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ET.fromstring(archive.read("xl/workbook.xml"))
    return [sheet.get("name") for sheet in root.iter() if sheet.tag.endswith("}sheet")]


def test_workbook_has_the_data_sheets_and_one_per_chart(export_context):
    names = sheet_names(bundle_tables.workbook(export_context))
    data = ["Matrix", "Figures", "Line items", "Decision stories", "Count matrix", "Risk matrix"]
    assert names[:6] == data  # issue 20 added the three matrices' cell stories
    charts = [name.removeprefix("Chart ") for name in names[6:]]
    assert charts == [name[:25] for name in export_context.figures]


def test_chart_tables_hold_the_charts_numbers(export_context):
    tables = bundle_tables.chart_tables(export_context)
    savings = tables["savings"]
    result = export_context.result
    label = result.patterns["b-task-role"].pattern.label
    split = result.savings_split("b-task-role")
    assert savings.loc[label, "Cash a year (tools, licences, AWS charges)"] == pytest.approx(
        split["cash_usd_per_year"][0]
    )
    assert savings.loc[label].sum() == pytest.approx(result.annual_savings("b-task-role")[0])
    lines = tables["annual-cost-vs-services"]
    b_line = lines[lines["series"] == label]
    assert list(b_line["Annual cost (USD per year)"]) == pytest.approx(
        export_context.sweep.patterns["b-task-role"].annual_usd
    )


# --- assumptions --------------------------------------------------------------------------------


def test_assumptions_yaml_validates_back_into_the_same_assumptions(
    export_context, export_assumptions
):
    text = bundle_tables.assumptions_yaml(export_context)
    assert text.startswith("# Assumptions used by the export of scenario 'Baseline' at 50 services")
    document = yaml.safe_load(text)
    assert Org.model_validate(document["org"]) == export_assumptions.org
    for pid, pattern in export_assumptions.patterns.items():
        assert Pattern.model_validate(document["patterns"][pid]) == pattern
    assert document["settings"] == {
        "services": 50,
        "horizon_years": 3,
        "hourly_rate_usd": 70.0,
        "reference_pattern": "d-iam-user-keys",
        "shown": list(export_assumptions.patterns),
    }
    assert document["overrides"] is None
    assert document["generated"] == GENERATED.isoformat()
    assert [f["sha256"] for f in document["files"]] == [f.sha256 for f in export_assumptions.files]


def test_assumptions_yaml_records_the_overrides_and_keeps_the_header_one_line(
    export_assumptions,
):
    overrides = {"units": {"host": 8}, "patterns": {"d-iam-user-keys": {"n": 1.5}}}
    context = make_context(
        export_assumptions,
        10,
        scenario_name="Denser\nhosts: # not a key",
        overrides=overrides,
        figures=FINOPS_ONLY,
    )
    text = bundle_tables.assumptions_yaml(context)
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert len(header) == 3
    assert "'Denser hosts: # not a key'" in header[0]
    document = yaml.safe_load(text)
    assert document["overrides"] == overrides
    assert document["scenario"] == "Denser\nhosts: # not a key"


# --- writing ------------------------------------------------------------------------------------


def test_write_atomic_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    bundle.write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_text("old")

    def fail(*_):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        bundle.write_atomic(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def check_progress(lines: list[str], written) -> None:
    wrote = [line for line in lines if line.startswith("wrote ")]
    assert len(wrote) == len(written)
    for line, path in zip(wrote, written, strict=True):
        match = PROGRESS.fullmatch(line)
        assert match and match["path"] == str(path)


def test_export_all_writes_every_file_with_a_progress_line_each(export_context, tmp_path, chromium):
    lines: list[str] = []
    written = bundle.export_all(export_context, tmp_path / "out", lines.append)
    names = [path.name for path in written]
    blueprints = [f"blueprint-{pid}" for pid in export_context.blueprints]
    charts = [*export_context.figures, *blueprints]
    assert len(blueprints) == 6  # every shown pattern of the seed has a diagram
    assert names == DATA_FILES + [f"{c}.{ext}" for c in charts for ext in ("png", "svg")]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)
    check_progress(lines, written)
    for chart in charts:
        with Image.open(tmp_path / "out" / f"{chart}.png") as image:
            assert image.size == (1920, 1080)
        assert ET.parse(tmp_path / "out" / f"{chart}.svg").getroot().tag.endswith("svg")
    for pid in export_context.blueprints:
        root = ET.parse(tmp_path / "out" / f"blueprint-{pid}.svg").getroot()
        label = export_context.assumptions.patterns[pid].label
        assert f"Blueprint: {label}" in "".join(root.itertext())
    prs = Presentation(str(tmp_path / "out" / "deck.pptx"))
    assert slide_titles(prs)[1] == "Key figures at 50 services"


def test_without_a_browser_export_all_says_so_once_and_writes_the_rest(
    export_context, tmp_path, no_browser
):
    lines: list[str] = []
    started = time.perf_counter()
    written = bundle.export_all(export_context, tmp_path, lines.append)
    assert time.perf_counter() - started < 30
    assert [path.name for path in written] == DATA_FILES
    assert lines.count(images.NO_BROWSER_MESSAGE) == 1
    assert len(lines) == len(DATA_FILES) + 1
    check_progress(lines, written)


def test_export_files_prices_the_assumptions_and_exports(export_assumptions, tmp_path, no_browser):
    lines: list[str] = []
    written = bundle.export_files(
        export_assumptions, 14, tmp_path, scenario_name="War story", progress=lines.append
    )
    assert [path.name for path in written] == DATA_FILES
    document = yaml.safe_load((tmp_path / "assumptions.yaml").read_text())
    assert (document["scenario"], document["settings"]["services"]) == ("War story", 14)
    records = read_csv((tmp_path / "figures.csv").read_text())
    assert {r["services"] for r in records} == {"14"}


SCENARIO = """\
name: Denser hosts
overrides:
  units: {host: 8}
guardrails:
  b-task-role: [permission-boundaries]
"""


def test_a_scenario_exports_its_numbers_and_records_its_overrides(tmp_path, no_browser):
    from accesscost.inputs.applying import load_with_scenario

    (tmp_path / "denser.yaml").write_text(SCENARIO)
    assumptions, scenario = load_with_scenario(ASSUMPTIONS, tmp_path / "denser.yaml")
    overrides = {**scenario.overrides.model_dump(mode="json"), "guardrails": scenario.guardrails}
    bundle.export_files(
        assumptions,
        50,
        tmp_path / "out",
        scenario_name=scenario.name,
        overrides=overrides,
        progress=lambda line: None,
    )
    document = yaml.safe_load((tmp_path / "out" / "assumptions.yaml").read_text())
    assert document["scenario"] == "Denser hosts"
    # the host unit is decision.yaml's since issue 17; the export records the decision used
    assert document["decision"]["units"]["host"]["services_per"] == 8
    assert document["overrides"]["guardrails"] == {"b-task-role": ["permission-boundaries"]}
    items = read_csv((tmp_path / "out" / "line-items.csv").read_text())
    assert any(r["id"] == "b-task-role" and "Permission boundaries" in r["item"] for r in items)


def test_cli_export_writes_the_same_files(run_cli, tmp_path):
    completed = run_cli("export", "--services", "20", "--out", tmp_path / "out")
    assert completed.returncode == 0, completed.stderr
    for name in DATA_FILES:
        assert (tmp_path / "out" / name).is_file()
        assert f"wrote {tmp_path / 'out' / name} (" in completed.stdout
