"""The hostile exports of tests/hostile/evidence/ through the importers, ``cli.py import`` and the
page's uploader, and hypothesis fuzzing of the three importers: each gives its one
``file: field: reason`` line (or, for a file that must be read, counts), nothing is written, no
traceback, and no hostile text is echoed."""

from __future__ import annotations

import csv
import io
import json
import os
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accesscost import cli
from accesscost.core.errors import AssumptionErrors
from accesscost.evidence import read_evidence
from accesscost.evidence.credential_report import REQUIRED
from tests.conftest import TESTS

FOLDER = TESTS / "hostile" / "evidence"
CASES = yaml.safe_load((FOLDER / "cases.yaml").read_text(encoding="utf-8"))
HOSTILE_TEXT = ("HYPERLINK", "zq.example", "<script>", "<b>", "cmd", "calc", "AKIAZQ", "zq-hostil")


def _bytes(case: dict, tmp_path: Path) -> Path:
    if "generate" in case:
        path = tmp_path / case["generate"]
        with path.open("wb") as out:
            out.write(b"user,arn\n")
            out.truncate(50 * 2**20)
        return path
    return FOLDER / case["file"]


def _name(case: dict) -> str:
    return case.get("file") or case["generate"]


def test_the_corpus_lists_every_file():
    listed = {case["file"] for case in CASES if "file" in case}
    assert listed == {p.name for p in FOLDER.iterdir() if p.name != "cases.yaml"}
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=_name)
def test_each_hostile_export_gives_its_line_and_writes_nothing(case, tmp_path):
    path = _bytes(case, tmp_path)
    out = tmp_path / "scenario.yaml"
    before = sorted(os.listdir(tmp_path))
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = cli.main(["import", str(path), "--out", str(out)])
    text = stdout.getvalue() + stderr.getvalue()
    assert "Traceback" not in text
    assert not any(h in text for h in HOSTILE_TEXT), text
    if case["expect"] is None:  # read: counts only
        assert code == 0 and out.exists()
        assert not any(h in out.read_text() for h in HOSTILE_TEXT)
        return
    field, reason = case["expect"]
    assert code == 1
    assert sorted(os.listdir(tmp_path)) == before  # nothing written, no temp file left
    prefix = f"{path}: {field}: " if field else f"{path}: "
    assert stderr.getvalue().startswith(prefix + reason), stderr.getvalue()


def test_each_hostile_export_is_refused_by_the_page(tmp_path):
    from streamlit.testing.v1 import AppTest

    from tests.pages import PAGE

    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["evidence_open"] = True
    at.run()
    for case in CASES:
        if "generate" in case:
            continue  # the page's upload limit (server.maxUploadSize) refuses it before we do
        at.get("file_uploader")[0].upload(
            case["file"], (FOLDER / case["file"]).read_bytes(), "text/plain"
        )
        at.run()
        assert not at.exception, case["file"]
        shown = "\n".join([el.value for el in at.code] + [el.value for el in at.text])
        if case["expect"] is not None:
            assert case["expect"][1] in shown, case["file"]
            assert at.session_state["scenario_start"].is_empty
        assert not any(h in shown for h in HOSTILE_TEXT if h not in ("<b>",)), case["file"]


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _one_of_ours(data: bytes, name: str = "fuzz") -> None:
    try:
        read_evidence(data, name)
    except AssumptionErrors as errors:
        assert all(str(p).startswith(f"{name}: ") for p in errors.problems)


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    _one_of_ours(data)


CELL = st.one_of(
    st.sampled_from(["true", "false", "N/A", "no_information", "s3", "", "TRUE"]),
    st.datetimes().map(lambda d: d.isoformat() + "+00:00"),
    st.text(max_size=12),
)


@FUZZ
@given(
    st.lists(st.lists(CELL, min_size=len(REQUIRED), max_size=len(REQUIRED)), max_size=5),
    st.permutations(REQUIRED),
)
def test_credential_reports_of_any_cells(rows, header):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    _one_of_ours(out.getvalue().encode())


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["name", "value", "valueFrom", "family", "x"]), children, max_size=3
        )
    ),
    max_leaves=12,
)
CONTAINER = st.fixed_dictionaries(
    {},
    optional={
        "environment": JSON
        | st.lists(
            st.fixed_dictionaries({"name": st.sampled_from(["AWS_ACCESS_KEY_ID", "X"]) | JSON}),
            max_size=2,
        ),
        "secrets": JSON
        | st.lists(
            st.fixed_dictionaries(
                {
                    "name": JSON,
                    "valueFrom": st.sampled_from(["arn:aws:secretsmanager:x", ""]) | JSON,
                }
            ),
            max_size=2,
        ),
    },
)
TASK = st.fixed_dictionaries(
    {"containerDefinitions": st.lists(CONTAINER, max_size=2) | JSON},
    optional={
        "taskRoleArn": JSON,
        "family": JSON,
        "revision": JSON,
        "requiresCompatibilities": JSON,
        "registeredAt": JSON,
    },
)


@FUZZ
@given(st.lists(TASK.map(lambda t: {"taskDefinition": t}) | TASK, max_size=4))
def test_task_definitions_of_any_shape(definitions):
    _one_of_ours(json.dumps(definitions).encode())


FINDING = st.fixed_dictionaries(
    {"status_code": st.sampled_from(["PASS", "FAIL", "MANUAL"]) | JSON},
    optional={
        "metadata": st.fixed_dictionaries(
            {},
            optional={
                "event_code": st.sampled_from(["iam_rotate_access_key_90_days", "other"]) | JSON
            },
        )
        | JSON,
        "class_uid": st.sampled_from([2004, 1001]) | JSON,
        "time_dt": st.datetimes().map(str) | JSON,
    },
)


@FUZZ
@given(st.lists(FINDING, max_size=4))
def test_prowler_findings_of_any_shape(findings):
    _one_of_ours(json.dumps(findings).encode())
