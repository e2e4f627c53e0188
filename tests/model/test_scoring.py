"""The weighted decision score.

- each criterion is normalised across the shown patterns: 1 for the best (lowest cost, risk,
  overhead, implementation time; strongest posture), 0 for the worst;
- the score is the weighted mean, 0 to 1; the contributions add up to it;
- a pattern that does not meet the requirement is never ranked above one that does, even when it
  is best on every criterion;
- weights are non-negative numbers, not all zero; anything else is a message naming the weight.
"""

from __future__ import annotations

import pytest

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.documents import validate_document
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.org_schema import Org
from accesscost.inputs.schema import Pattern
from accesscost.model.engine import estimate
from accesscost.model.scoring import CRITERIA, Weights, decision_scores, normalise


def _work(hours):
    return [{"name": "build", "per": "service", "hours": hours, "source": "t"}]


def _chore(hours):
    return [
        {
            "name": "review",
            "per": "deployment",
            "hours": hours,
            "frequency": "monthly",
            "source": "t",
        }
    ]


def _risk(probability):
    return [
        {
            "name": "finding",
            "per": "deployment",
            "annual_probability": probability,
            "impact_usd": 10_000,
            "source": "t",
        }
    ]


def _posture(rating):
    return {"rating": rating, "note": "t"}


FLAGGED_BEST = {  # best on every criterion, but does not meet the requirement
    "meets_requirement": False,
    "requirement_gap": "no isolation",
    "implementation": _work(0.1),
    "operations": _chore(0.1),
    "compliance": _risk(0.01),
    "security_posture": _posture("strong"),
}
VALID_MIDDLE = {
    "implementation": _work(1),
    "operations": _chore(1),
    "compliance": _risk(0.1),
    "security_posture": _posture("adequate"),
}
VALID_WORST = {
    "implementation": _work(5),
    "operations": _chore(4),
    "compliance": _risk(0.5),
    "security_posture": _posture("weak"),
}


@pytest.fixture(scope="module")
def result(org_document, pattern_document):
    patterns = {"flagged": FLAGGED_BEST, "middle": VALID_MIDDLE, "worst": VALID_WORST}
    org = validate_document(Org, org_document() | {"reference_pattern": "middle"}, "org.yaml")
    parsed = {
        pid: validate_document(Pattern, pattern_document(pid, **fields), f"{pid}.yaml")
        for pid, fields in patterns.items()
    }
    return estimate(Assumptions(org, parsed), 10)


def test_a_flagged_pattern_best_on_every_criterion_is_not_ranked_first(result):
    scores = decision_scores(result, Weights())
    assert [s.pattern_id for s in scores] == ["middle", "worst", "flagged"]
    flagged = scores[-1]
    assert flagged.score == pytest.approx(1.0)  # best on everything ...
    assert flagged.normalised == dict.fromkeys(flagged.normalised, 1.0)
    assert flagged.rank == 3  # ... and still after every pattern that meets the requirement
    assert [s.rank for s in scores] == [1, 2, 3]


def test_criteria_are_normalised_best_1_worst_0(result):
    scores = {s.pattern_id: s for s in decision_scores(result, Weights())}
    for key, _ in CRITERIA:
        assert scores["flagged"].normalised[key] == 1.0
        assert scores["worst"].normalised[key] == 0.0
        assert 0 < scores["middle"].normalised[key] < 1
    assert scores["middle"].normalised["security_posture"] == pytest.approx(0.5)  # adequate


def test_contributions_add_up_to_the_score(result):
    weights = Weights(cost=3, risk=1, overhead=0, implementation_time=0.5, security_posture=2)
    for score in decision_scores(result, weights):
        assert sum(score.contributions.values()) == pytest.approx(score.score)
        assert 0 <= score.score <= 1
        assert score.contributions["overhead"] == 0


def test_lower_cost_ranks_higher_when_only_cost_counts(result):
    only_cost = Weights(cost=1, risk=0, overhead=0, implementation_time=0, security_posture=0)
    scores = decision_scores(result, only_cost, shown=["worst", "middle"])
    assert [s.pattern_id for s in scores] == ["middle", "worst"]
    assert scores[0].raw["cost"] < scores[1].raw["cost"]
    # issue 13: cost is the TCO less its expected loss (risk is its own criterion, not twice)
    middle = result.patterns["middle"]
    cost = middle.tco_usd[0] - result.horizon_years * middle.compliance_usd_per_year[0]
    assert scores[0].raw["cost"] == pytest.approx(float(cost))
    assert scores[0].raw["risk"] == pytest.approx(float(middle.compliance_usd_per_year[0]))


def test_annual_cost_can_stand_in_for_tco(result):
    (score,) = decision_scores(result, Weights(), shown=["middle"], cost_figure="annual_usd")
    middle = result.patterns["middle"]
    assert score.raw["cost"] == pytest.approx(float(middle.operations_usd_per_year[0]))
    assert score.score == 1.0  # alone, a pattern is the best on every criterion


def test_equal_values_do_not_separate_patterns():
    assert normalise({"a": 3.0, "b": 3.0}) == {"a": 1.0, "b": 1.0}
    assert normalise({"a": 0.0, "b": 5.0, "c": 10.0}) == {"a": 1.0, "b": 0.5, "c": 0.0}


def test_weights_from_a_mapping_leave_unnamed_criteria_at_0():
    weights = Weights.from_mapping({"cost": 2, "risk": 1})
    assert (weights.cost, weights.risk, weights.overhead) == (2, 1, 0)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Weights(0, 0, 0, 0, 0), "weights: at least one weight must be above 0"),
        (lambda: Weights(cost=-1), "weights: cost: must be a non-negative number, got -1"),
        (lambda: Weights(risk=float("nan")), "weights: risk: must be a non-negative number"),
        (lambda: Weights(overhead="high"), "weights: overhead: must be a number, got 'high'"),
        (lambda: Weights.from_mapping({"speed": 1}), "unknown criterion 'speed'; known: cost"),
    ],
)
def test_bad_weights_are_named(make, message):
    with pytest.raises(ValueError, match=message) as raised:
        make()
    assert isinstance(raised.value, AssumptionErrors)


def test_a_bad_cost_figure_or_nothing_shown_is_named(result):
    with pytest.raises(AssumptionErrors, match="cost_figure: must be one of tco_usd, annual_usd"):
        decision_scores(result, Weights(), cost_figure="total")
    with pytest.raises(AssumptionErrors, match="no pattern to score"):
        decision_scores(result, Weights(), shown=[])


def test_the_shipped_patterns_recommend_one_that_meets_the_requirement(default_assumptions):
    result = estimate(default_assumptions, 50)
    for weights in (Weights(), Weights(1, 0, 0, 0, 0), Weights(0, 0, 0, 1, 0)):
        first = decision_scores(result, weights)[0]
        assert first.meets_requirement
