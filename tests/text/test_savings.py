"""Savings only for options that work, and in three parts (cash, labour, risk).

On main, A (which does not meet the requirement) "saved" $45K a year with a 0.1-year payback,
and B's "$63K a year" at 50 services mixed $41.8K of tooling, $8.0K of engineer time and $12.9K
of expected loss in one number.
"""

from __future__ import annotations

import pytest

from accesscost.model.engine import estimate
from accesscost.model.timeline import (
    NOT_AN_ALTERNATIVE,
    payback_text,
    saving_parts_text,
    saving_text,
)
from accesscost.text.report import estimate_summary

SAVINGS_KEYS = (
    "annual_savings_vs_reference_usd",
    "tco_savings_vs_reference_usd",
    "savings_vs_reference",
    "migration_from_reference_usd",
    "migration_from_reference_hours",
    "payback_years",
)


@pytest.mark.parametrize("services", [50, 10_000])
def test_no_savings_migration_or_payback_for_a_pattern_that_does_not_work(
    default_assumptions, services
):
    summary = estimate_summary(default_assumptions, services)
    for pattern in summary["patterns"]:
        if not pattern["meets_requirement"]:
            assert all(pattern[key] is None for key in SAVINGS_KEYS), pattern["id"]
        else:
            assert all(pattern[key] is not None for key in SAVINGS_KEYS), pattern["id"]


def test_the_saving_splits_into_cash_labour_and_risk(default_assumptions):
    summary = estimate_summary(default_assumptions, 50)
    b = next(p for p in summary["patterns"] if p["id"] == "b-task-role")
    d = next(p for p in summary["patterns"] if p["id"] == "d-iam-user-keys")
    split = b["savings_vs_reference"]
    assert set(split) == {
        "cash_usd_per_year",
        "labour_usd_per_year",
        "risk_usd_per_year",
        "total_usd_per_year",
    }
    # each part is the reference's figure less B's, and the parts add up to the annual saving
    assert split["cash_usd_per_year"] == pytest.approx(
        d["cash_usd_per_year"] - b["cash_usd_per_year"], abs=0.02
    )
    assert split["labour_usd_per_year"] == pytest.approx(
        d["labour_usd_per_year"] - b["labour_usd_per_year"], abs=0.02
    )
    assert split["risk_usd_per_year"] == pytest.approx(
        d["compliance_usd_per_year"] - b["compliance_usd_per_year"], abs=0.02
    )
    parts = split["cash_usd_per_year"] + split["labour_usd_per_year"] + split["risk_usd_per_year"]
    assert split["total_usd_per_year"] == pytest.approx(parts, abs=0.03)
    assert split["total_usd_per_year"] == pytest.approx(
        b["annual_savings_vs_reference_usd"], abs=0.03
    )
    # operations stays cash + labour
    for pattern in summary["patterns"]:
        ops = pattern["cash_usd_per_year"] + pattern["labour_usd_per_year"]
        assert pattern["operations_usd_per_year"] == pytest.approx(ops, abs=0.02)


def test_page_and_deck_texts_say_n_a_for_a_pattern_that_does_not_work(default_assumptions):
    result = estimate(default_assumptions, 50)
    assert saving_text(result, "a-modify-s3-role") == NOT_AN_ALTERNATIVE
    assert payback_text(result, "e-instance-profile") == NOT_AN_ALTERNATIVE
    assert saving_parts_text(result, "c-security-group") == NOT_AN_ALTERNATIVE
    assert NOT_AN_ALTERNATIVE == "n/a: does not meet the requirement"
    assert saving_parts_text(result, "b-task-role").startswith("cash $")


def test_an_hourly_rate_of_0_says_labour_is_excluded(default_assumptions):
    # at $0 an hour the migration costs $0, so payback is 0 months: say why, not just "0.0"
    result = estimate(default_assumptions, 50, hourly_rate_usd=0.0)
    assert payback_text(result, "b-task-role") == "0.0 months (labour excluded: hourly rate $0)"
    assert payback_text(estimate(default_assumptions, 50), "b-task-role").endswith(" months")
