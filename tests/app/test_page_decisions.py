"""The page with several decisions (issue 17): ``?decision=<id>`` opens one, the sidebar lists
them (only when there is more than one), and switching keeps the count and the rate."""

from __future__ import annotations

import json
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from accesscost.figures.registry import UNCERTAINTY
from tests.conftest import ASSUMPTIONS
from tests.count_noun import services_said
from tests.inputs.test_decisions import QUESTION, with_second_decision
from tests.pages import PAGE

ECS_QUESTION = (
    "How should the image pipeline's ECS tasks get permission to write the processed images to S3?"
)


@pytest.fixture
def root(tmp_path, monkeypatch):
    folder = with_second_decision(tmp_path)
    monkeypatch.setenv("ASSUMPTIONS_DIR", str(folder))
    return folder


def open_page(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.query_params.update(query)
    return at.run()


def test_the_link_opens_the_second_decision_with_its_question_units_and_patterns(root):
    at = open_page({"decision": "lambda-dynamo", "services": "121"})
    assert not at.exception
    assert at.title[0].value == QUESTION
    assert at.slider(key="services_slider").label == "Lambda functions"
    assert at.selectbox(key="decision").options == [
        "ECS tasks' write access to S3",
        "Lambda functions' reads from DynamoDB",
    ]
    assert at.multiselect(key="shown").value == ["execution-role", "shared-keys"]
    caption = at.caption[0].value
    assert caption.startswith("121 Lambda functions, 3-year horizon")
    # at 121 functions the test limit of 120 roles rules the execution role out: nothing is
    # recommended, and the matrix says why
    assert "Test limit, 120 roles." in " ".join(h.proto.body for h in at.get("html"))
    assert "none" in [m.value for m in at.metric]


def test_the_uncertainty_tab_names_the_count_with_the_decisions_noun(root):
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.query_params.update({"decision": "lambda-dynamo", "services": "50"})
    at.session_state["section"] = UNCERTAINTY
    at.run()
    assert not at.exception
    charts = json.dumps([json.loads(chart.proto.spec) for chart in at.get("plotly_chart")])
    words = " ".join(m.value for m in [*at.markdown, *at.caption])
    assert "Risk matrix at 50 Lambda functions" in charts
    assert services_said(charts) == [] and services_said(words) == []


def test_switching_the_decision_keeps_the_count_and_rate_and_resets_the_rest(root):
    at = open_page({"decision": "lambda-dynamo", "services": "20", "rate": "90"})
    at.multiselect(key="shown").set_value(["execution-role"]).run()
    at.selectbox(key="decision").set_value("ecs-s3").run()
    assert not at.exception
    assert at.title[0].value == ECS_QUESTION
    assert (at.session_state.services, at.session_state.rate) == (20, 90.0)
    assert at.slider(key="services_slider").label == "Services"
    assert len(at.multiselect(key="shown").value) == 6  # every ECS pattern, not the old choice
    assert at.query_params["decision"] == "ecs-s3"


def test_one_decision_draws_no_decision_box(monkeypatch, tmp_path):
    alone = tmp_path / "assumptions"
    shutil.copytree(ASSUMPTIONS, alone, ignore=shutil.ignore_patterns("decisions"))
    monkeypatch.setenv("ASSUMPTIONS_DIR", str(alone))
    at = open_page({})
    assert not at.exception
    assert [box.key for box in at.selectbox if box.key == "decision"] == []
    assert at.title[0].value == ECS_QUESTION


def test_an_unknown_decision_in_the_link_says_so_and_opens_the_first(root):
    at = open_page({"decision": "nope"})
    assert not at.exception
    assert "No decision 'nope' here; showing 'ecs-s3'." in [w.value for w in at.warning]
    assert at.title[0].value == ECS_QUESTION


@pytest.mark.parametrize(
    ("decision", "count", "question", "left", "right"),
    [
        (
            "eks-pods",
            "200",
            "How should the pods of our EKS clusters get credentials to call AWS APIs?",
            "b-pod-identity",
            "d-static-keys",
        ),
        (
            "cicd",
            "40",
            "How should our CI/CD pipelines get credentials to deploy to our AWS accounts?",
            "a-github-oidc",
            "b-ci-secret-keys",
        ),
    ],
)
def test_each_shipped_decision_opens_with_its_question_matrix_and_blueprints(
    monkeypatch, decision, count, question, left, right
):
    monkeypatch.delenv("ASSUMPTIONS_DIR", raising=False)
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.query_params.update({"decision": decision, "services": count})
    at.session_state["section"] = "Blueprints"
    at.run()
    assert not at.exception
    assert at.title[0].value == question
    # the recommended option beside the reference, each drawn with its weak link written out
    sides = (at.selectbox(key="blueprint_left").value, at.selectbox(key="blueprint_right").value)
    assert sides == (left, right)
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert sum(title.startswith("Blueprint: ") for title in titles) == 2
    assert "- ⚠ **" in " ".join(m.value for m in at.markdown)  # the weak links, written out
