"""Published limits (issue 17): a pattern's ``limits:`` rule it out above a threshold, with the
limit and its source as the reason, in the matrix, the JSON and the cost-by-count chart.

The test decision's execution role has a test limit of 120 roles, one per Lambda function, in
one account: valid at 120 functions, not at 121.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from accesscost.cli import main
from accesscost.figures.cost_by_count import cost_vs_services
from accesscost.inputs.loading import load_assumptions
from accesscost.inputs.schema import Limit
from accesscost.model.engine import estimate
from accesscost.model.limits import LimitCheck, limit_end, limit_ends, limit_usage, within_limits
from accesscost.model.matrix import decision_matrix, recommended_id
from tests.inputs.test_decisions import with_second_decision

SOURCE = "Test limit, 120 roles."


@pytest.fixture
def lambdas(tmp_path):
    root = with_second_decision(tmp_path)
    return root, load_assumptions(root / "decisions" / "lambda-dynamo")


@pytest.mark.parametrize(
    ("functions", "valid"), [(1, True), (119, True), (120, True), (121, False), (500, False)]
)
def test_a_limit_turns_the_option_invalid_exactly_above_its_threshold(lambdas, functions, valid):
    _, assumptions = lambdas
    role = within_limits(assumptions, functions).patterns["execution-role"]
    assert role.meets_requirement is valid
    if not valid:
        assert role.requirement_gap == (
            f"exceeds a published limit at {functions:,} Lambda functions: execution roles in "
            f"the account (one per function) needs {functions:,}, limit 120, not adjustable "
            f"({SOURCE})"
        )


def test_above_the_limit_the_matrix_flags_it_and_nothing_is_recommended(lambdas):
    _, assumptions = lambdas
    org = assumptions.org
    for functions, best in ((120, "execution-role"), (121, None)):
        result = estimate(assumptions, functions)
        rows = {row.pattern.id: row for row in decision_matrix(result, org.bands, 8)}
        assert recommended_id(result) == best
        assert (SOURCE in rows["execution-role"].flag) is (best is None)
        # an invalid option is no alternative: no saving against the reference
        assert (result.savings_split("execution-role") is None) is (best is None)


def test_the_json_says_why_with_the_limit_and_its_source(lambdas, capsys):
    root, _ = lambdas
    args = [
        "estimate",
        "--assumptions",
        str(root),
        "--decision",
        "lambda-dynamo",
        "--services",
        "121",
        "--deterministic",
    ]
    assert main(args) == 0
    role = json.loads(capsys.readouterr().out)["patterns"][0]
    assert (role["id"], role["meets_requirement"], role["savings_vs_reference"]) == (
        "execution-role",
        False,
        None,
    )
    assert SOURCE in role["requirement_gap"]
    assert role["limits"] == [
        {
            "quantity": "execution roles in the account (one per function)",
            "per": "function",
            "within": "deployment",
            "usage": 121.0,
            "limit": 120.0,
            "maximum": None,
            "adjustable": False,
            "exceeded": True,
            "source": SOURCE,
        },
    ]


def test_applying_the_limits_twice_adds_the_reason_once(lambdas):
    _, assumptions = lambdas
    once = within_limits(assumptions, 121)
    assert within_limits(once, 121).patterns["execution-role"] == once.patterns["execution-role"]


def _limit(**fields) -> Limit:
    base = {"quantity": "q", "per": "workload", "limit": 10, "adjustable": False, "source": "s"}
    return Limit(**(base | fields))


@pytest.mark.parametrize(
    ("fields", "per", "within", "usage"),
    [
        # 50 workloads over 5 clusters: 10 each; 51 over 5: the fullest cluster holds ceil(10.2)
        ({"within": "cluster"}, 50, 5, 10.0),
        ({"within": "cluster"}, 51, 5, 11.0),
        # two keys for each user during a rotation: 2 per user whatever the count
        ({"amount": 2, "within": "workload"}, 37, 37, 2.0),
        # hours of the longest job (a fixed 1.5) against a session cap: not rounded
        ({"per": "job-hour"}, 1.5, 1, 1.5),
    ],
)
def test_usage_is_the_fullest_holders_share(fields, per, within, usage):
    limit = _limit(**fields)
    units = {
        "workload": np.array([per]),
        "cluster": np.array([within]),
        "deployment": np.array([within]),
        "job-hour": np.array([per]),
    }
    assert limit_usage(limit, units)[0] == usage


@pytest.mark.parametrize(("usage", "exceeded"), [(20, False), (21, True)])
def test_an_adjustable_quota_rules_out_only_above_its_maximum(usage, exceeded):
    limit = _limit(adjustable=True, maximum=20)
    check = LimitCheck(limit, np.array([float(usage)]))
    assert bool(check.exceeded[0]) is exceeded
    assert check.quota_words() == "quota 10 by default, at most 20"


def test_the_cost_by_count_chart_marks_where_the_option_stops_being_valid(lambdas):
    _, assumptions = lambdas
    counts = np.arange(1, 301)
    sweep = estimate(assumptions, counts)
    ends = limit_ends(assumptions, list(assumptions.patterns), counts)
    assert list(ends) == ["execution-role"]
    assert ends["execution-role"].count == 121
    fig = cost_vs_services(
        sweep, list(assumptions.patterns), 50, list(assumptions.patterns), limit_ends=ends
    )
    (mark,) = [trace for trace in fig.data if trace.name == "Limit exceeded"]
    assert list(mark.x) == [121]
    # on the curve: the annual cost at 121 functions
    assert mark.y[0] == pytest.approx(sweep.patterns["execution-role"].annual_usd[120])
    assert "from 121 Lambda functions: execution roles in the account" in mark.text[0]
    assert limit_end(assumptions, "shared-keys", counts) is None
