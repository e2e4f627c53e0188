"""The engine's figures for a small synthetic assumption set, calculated by hand.

Org: $100 an engineer hour, 4 services per EC2 host, 3-year horizon, savings against ``ref``.
Units at N services: deployment = 1, service = N, host = ceil(N / 4).
Times a year: daily 365, weekly 52, monthly 12, quarterly 4, yearly 1, every 90 days 365/90.

Means of the ranges used below:
- PERT {low, mode, high}: (low + 4 x mode + high) / 6
    hours {1, 2, 6}:                (1 + 8 + 6) / 6          = 2.5
    probability {0.01, 0.02, 0.09}: (0.01 + 0.08 + 0.09) / 6 = 0.03
- 90% interval {low, high} (lognormal): exp(mu + sigma^2 / 2) with mu = (ln low + ln high) / 2 and
  sigma = (ln high - ln low) / (2 x 1.6448536269514722). Both intervals below span a factor of 4:
    sigma = ln 4 / 3.2897072539 = 0.4214035639, exp(sigma^2 / 2) = 1.0928516601
    usd {10, 40}:     exp(mu) = sqrt(10 x 40) = 20;       20 x 1.0928516601 = 21.857033202
    usd {1000, 4000}: exp(mu) = sqrt(1000 x 4000) = 2000; 2000 x 1.0928516601 = 2185.7033202
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from accesscost.core.errors import AssumptionErrors
from accesscost.core.quantity import Z_95, Interval90, Pert, Point, parse_quantity
from accesscost.inputs.loading import load_assumptions
from accesscost.model.engine import estimate

LOGNORMAL_10_40 = 21.857033202  # mean of the 90% interval {10, 40}, see the module docstring
LOGNORMAL_1000_4000 = 2185.7033202  # mean of the 90% interval {1000, 4000}

MIX = {
    "id": "mix",
    "option": "M",
    "name": "Every unit, every frequency, every kind of quantity",
    "summary": "synthetic",
    "meets_requirement": True,
    "security_posture": {"rating": "strong", "note": "synthetic"},
    "implementation": [
        {"name": "set up", "per": "deployment", "hours": 2, "source": "t"},
        {
            "name": "wire",
            "per": "service",
            "hours": {"low": 1, "mode": 2, "high": 6},
            "source": "t",
        },
        {"name": "roll", "per": "host", "hours": 1, "source": "t"},
    ],
    "operations": [
        {"name": "watch", "per": "deployment", "hours": 0.1, "frequency": "daily", "source": "t"},
        {"name": "tidy", "per": "service", "hours": 0.25, "frequency": "weekly", "source": "t"},
        {"name": "patch", "per": "host", "hours": 0.5, "frequency": "monthly", "source": "t"},
        {"name": "plan", "per": "deployment", "usd": 100, "frequency": "quarterly", "source": "t"},
        {
            "name": "seat",
            "per": "service",
            "usd": {"low": 10, "high": 40},
            "frequency": "yearly",
            "source": "t",
        },
        {"name": "lease", "per": "host", "usd": 90, "frequency": "every 90 days", "source": "t"},
    ],
    "compliance": [
        {
            "name": "audit",
            "per": "deployment",
            "annual_probability": 0.1,
            "impact_usd": 10000,
            "source": "t",
        },
        {
            "name": "leak",
            "per": "service",
            "annual_probability": {"low": 0.01, "mode": 0.02, "high": 0.09},
            "impact_usd": 1000,
            "source": "t",
        },
        {
            "name": "breach",
            "per": "host",
            "annual_probability": 0.05,
            "impact_usd": {"low": 1000, "high": 4000},
            "source": "t",
        },
    ],
    "decommission": [
        {"name": "unwire", "per": "service", "hours": 0.5, "source": "t"},
        {"name": "scrub", "per": "host", "hours": 1, "source": "t"},
        {"name": "close", "per": "deployment", "hours": 3, "source": "t"},
    ],
}

REF = {
    "id": "ref",
    "name": "Expensive reference",
    "summary": "synthetic",
    "meets_requirement": False,
    "requirement_gap": "synthetic reference",
    "security_posture": {"rating": "weak", "note": "synthetic"},
    "implementation": [{"name": "set up", "per": "deployment", "hours": 10, "source": "t"}],
    "operations": [
        {"name": "tool", "per": "service", "usd": 5000, "frequency": "yearly", "source": "t"}
    ],
    "compliance": [
        {
            "name": "audit",
            "per": "deployment",
            "annual_probability": 0.5,
            "impact_usd": 20000,
            "source": "t",
        }
    ],
    "decommission": [
        {"name": "unwire", "per": "service", "hours": 1, "source": "t"},
        {"name": "close", "per": "deployment", "hours": 2, "source": "t"},
    ],
}

# --- "mix" at N = 10: 1 deployment, 10 services, ceil(10/4) = 3 hosts --------------------------
MIX_AT_10 = {
    # 2 h/deployment x 1 + 2.5 h/service (PERT) x 10 + 1 h/host x 3 -> 2 + 25 + 3 = 30 h
    "implementation_hours": 30.0,
    # 30 h x $100 -> $3,000
    "implementation_usd": 3_000.0,
    # 0.1 h x 365 x 1 + 0.25 h x 52 x 10 + 0.5 h x 12 x 3 -> 36.5 + 130 + 18 = 184.5 h/yr
    "operations_hours_per_year": 184.5,
    # 184.5 h x $100 -> $18,450
    "labour_usd_per_year": 18_450.0,
    # $100 x 4 x 1 + $21.857 (lognormal) x 1 x 10 + $90 x 365/90 x 3 -> 400 + 218.57 + 1,095
    "tooling_usd_per_year": 1_713.57033202,
    # labour + tooling -> 18,450 + 1,713.57
    "operations_usd_per_year": 20_163.57033202,
    # 0.1 x $10,000 x 1 + 0.03 (PERT) x $1,000 x 10 + 0.05 x $2,185.70 (lognormal) x 3
    # -> 1,000 + 300 + 327.855 = 1,627.855
    "compliance_usd_per_year": 1_627.855498024,
    # operations + compliance -> 20,163.57 + 1,627.86
    "annual_usd": 21_791.425830041,
    # $3,000 + 3 years x $21,791.43
    "tco_usd": 68_374.277490122,
    # 0.5 h x 10 + 1 h x 3 + 3 h x 1 -> 11 h
    "decommission_hours": 11.0,
    # 11 h x $100
    "decommission_usd": 1_100.0,
}

# --- "mix" at N = 1: 1 deployment, 1 service, 1 host -------------------------------------------
MIX_AT_1 = {
    # 2 h x 1 + 2.5 h x 1 + 1 h x 1 -> 5.5 h
    "implementation_hours": 5.5,
    # 5.5 h x $100
    "implementation_usd": 550.0,
    # 0.1 h x 365 + 0.25 h x 52 + 0.5 h x 12 -> 36.5 + 13 + 6 = 55.5 h/yr
    "operations_hours_per_year": 55.5,
    # 55.5 h x $100
    "labour_usd_per_year": 5_550.0,
    # $100 x 4 + $21.857 x 1 + $90 x 365/90 x 1 -> 400 + 21.857 + 365
    "tooling_usd_per_year": 786.857033202,
    # labour + tooling -> 5,550 + 786.86
    "operations_usd_per_year": 6_336.857033202,
    # 0.1 x $10,000 + 0.03 x $1,000 + 0.05 x $2,185.70 -> 1,000 + 30 + 109.285
    "compliance_usd_per_year": 1_139.285166008,
    # 6,336.86 + 1,139.29
    "annual_usd": 7_476.142199210,
    # $550 + 3 x $7,476.14
    "tco_usd": 22_978.426597629,
    # 0.5 h + 1 h + 3 h -> 4.5 h
    "decommission_hours": 4.5,
    # 4.5 h x $100
    "decommission_usd": 450.0,
}

# --- "ref": $5,000/service/yr of tooling, 0.5 x $20,000 a year of audit risk, 10 h set-up -------
REF_AT = {
    # 10 h x $100 + 3 x (5,000 x 10 + 10,000) = 1,000 + 3 x 60,000
    10: {"implementation_hours": 10.0, "annual_usd": 60_000.0, "tco_usd": 181_000.0},
    # 1,000 + 3 x (5,000 x 1 + 10,000) = 1,000 + 3 x 15,000
    1: {"implementation_hours": 10.0, "annual_usd": 15_000.0, "tco_usd": 46_000.0},
}

MIX_AT = {10: MIX_AT_10, 1: MIX_AT_1}

# Savings of "mix" against the reference "ref": reference minus pattern.
SAVINGS = {
    # annual: 60,000 - 21,791.43; TCO: 181,000 - 68,374.28
    10: {"annual": 38_208.574169959, "tco": 112_625.722509878},
    # annual: 15,000 - 7,476.14; TCO: 46,000 - 22,978.43
    1: {"annual": 7_523.857800790, "tco": 23_021.573402371},
}

# Moving ref -> mix: mix's implementation + ref's decommission (1 h/service + 2 h/deployment).
MIGRATION_REF_TO_MIX = {
    # 30 h + (1 h x 10 + 2 h) = 42 h -> $4,200; payback 4,200 / 38,208.57 = 0.10992 years
    10: {"hours": 42.0, "usd": 4_200.0, "payback_years": 0.109922971250},
    # 5.5 h + (1 h x 1 + 2 h) = 8.5 h -> $850; payback 850 / 7,523.86 = 0.11297 years
    1: {"hours": 8.5, "usd": 850.0, "payback_years": 0.112973958640},
}

# Moving mix -> ref: ref's 10 h implementation + mix's decommission; ref costs more, so never
# pays back.
MIGRATION_MIX_TO_REF = {
    # 10 h + 11 h = 21 h -> $2,100
    10: {"hours": 21.0, "usd": 2_100.0, "payback_years": math.inf},
    # 10 h + 4.5 h = 14.5 h -> $1,450
    1: {"hours": 14.5, "usd": 1_450.0, "payback_years": math.inf},
}

SERVICE_COUNTS = sorted(MIX_AT)
FIGURES = sorted(MIX_AT_10)


@pytest.fixture(scope="module")
def golden(tmp_path_factory, write_assumptions, org_document):
    """The synthetic set written to disk and loaded like the committed one."""
    folder = write_assumptions(
        tmp_path_factory.mktemp("golden"), org_document(), {"mix": MIX, "ref": REF}
    )
    return load_assumptions(folder)


@pytest.mark.parametrize("services", SERVICE_COUNTS)
@pytest.mark.parametrize("figure", FIGURES)
def test_mix_figure_matches_the_hand_calculation(golden, services, figure):
    figures = estimate(golden, services).patterns["mix"]
    assert getattr(figures, figure) == pytest.approx([MIX_AT[services][figure]], rel=1e-9)


@pytest.mark.parametrize("services", SERVICE_COUNTS)
@pytest.mark.parametrize("figure", ["implementation_hours", "annual_usd", "tco_usd"])
def test_reference_figure_matches_the_hand_calculation(golden, services, figure):
    figures = estimate(golden, services).patterns["ref"]
    assert getattr(figures, figure) == pytest.approx([REF_AT[services][figure]], rel=1e-9)


@pytest.mark.parametrize("services", SERVICE_COUNTS)
def test_savings_are_the_reference_minus_the_pattern(golden, services):
    result = estimate(golden, services)
    assert result.reference_id == "ref"
    assert result.annual_savings("mix") == pytest.approx([SAVINGS[services]["annual"]], rel=1e-9)
    assert result.tco_savings("mix") == pytest.approx([SAVINGS[services]["tco"]], rel=1e-9)


@pytest.mark.parametrize("services", SERVICE_COUNTS)
def test_savings_against_another_reference_change_sign(golden, services):
    result = estimate(golden, services)
    assert result.annual_savings("ref", "mix") == pytest.approx(-result.annual_savings("mix"))
    assert result.tco_savings("ref", reference_id="mix") == pytest.approx(
        -result.tco_savings("mix")
    )
    assert result.annual_savings("ref") == pytest.approx([0.0])


@pytest.mark.parametrize(
    ("from_id", "to_id", "expected"),
    [("ref", "mix", MIGRATION_REF_TO_MIX), ("mix", "ref", MIGRATION_MIX_TO_REF)],
)
@pytest.mark.parametrize("services", SERVICE_COUNTS)
def test_migration_costs_and_payback(golden, from_id, to_id, expected, services):
    migration = estimate(golden, services).migration(from_id, to_id)
    assert migration.hours == pytest.approx([expected[services]["hours"]], rel=1e-9)
    assert migration.usd == pytest.approx([expected[services]["usd"]], rel=1e-9)
    assert migration.payback_years == pytest.approx([expected[services]["payback_years"]], rel=1e-9)


def test_migration_saving_is_the_source_minus_the_target(golden):
    result = estimate(golden, 10)
    migration = result.migration("ref", "mix")
    assert migration.annual_savings_usd == pytest.approx([SAVINGS[10]["annual"]], rel=1e-9)
    assert migration.days(8) == pytest.approx([42.0 / 8])  # 42 h at 8 h a day


def test_staying_on_a_pattern_costs_nothing_and_never_pays_back(golden):
    migration = estimate(golden, 10).migration("mix", "mix")
    assert migration.hours == pytest.approx([0.0])
    assert migration.usd == pytest.approx([0.0])
    assert migration.payback_years == pytest.approx([math.inf])


def test_a_move_that_saves_exactly_nothing_never_pays_back(
    tmp_path, write_assumptions, org_document
):
    twin = {**REF, "id": "twin"}
    folder = write_assumptions(tmp_path, org_document(), {"ref": REF, "twin": twin})
    migration = estimate(load_assumptions(folder), 10).migration("ref", "twin")
    assert migration.usd == pytest.approx([2_200.0])  # 10 h + (1 h x 10 + 2 h) = 22 h x $100
    assert migration.annual_savings_usd == pytest.approx([0.0])
    assert migration.payback_years == pytest.approx([math.inf])


ALL_FIGURES = [*FIGURES, "annual_usd", "tco_usd"]


def test_an_array_of_service_counts_gives_the_scalar_figures_element_wise(golden):
    counts = [1, 3, 4, 5, 10, 13, 100]
    sweep = estimate(golden, np.array(counts))
    for index, services in enumerate(counts):
        single = estimate(golden, services)
        for pattern_id in ("mix", "ref"):
            for figure in ALL_FIGURES:
                swept = getattr(sweep.patterns[pattern_id], figure)[index]
                assert swept == pytest.approx(getattr(single.patterns[pattern_id], figure)[0])
        assert sweep.annual_savings("mix")[index] == pytest.approx(single.annual_savings("mix")[0])
        assert sweep.tco_savings("mix")[index] == pytest.approx(single.tco_savings("mix")[0])
        for attribute in ("hours", "usd", "payback_years"):
            swept = getattr(sweep.migration("ref", "mix"), attribute)[index]
            assert swept == pytest.approx(getattr(single.migration("ref", "mix"), attribute)[0])


def test_the_horizon_and_hourly_rate_can_be_overridden(golden):
    result = estimate(golden, 10, horizon_years=5, hourly_rate_usd=50)
    mix = result.patterns["mix"]
    assert mix.implementation_usd == pytest.approx([1_500.0])  # 30 h x $50
    assert mix.labour_usd_per_year == pytest.approx([9_225.0])  # 184.5 h x $50
    # $1,500 + 5 x (9,225 + 1,713.57 + 1,627.86)
    assert mix.tco_usd == pytest.approx([1_500.0 + 5 * 12_566.425830041], rel=1e-9)


# --- service counts the engine refuses -------------------------------------------------------


@pytest.mark.filterwarnings("error")  # a stray numpy warning is a failure, not noise
@pytest.mark.parametrize(
    ("services", "shown"),
    [
        (0, "got 0"),
        (-3, "got -3"),
        (2.5, "got 2.5"),
        (10_001, "got 10001"),
        (math.nan, "got nan"),
        ([1, 0, 5], "got 0"),
        (math.inf, "got inf"),
        ([], "got no service count"),
    ],
)
def test_a_bad_service_count_is_an_assumption_error_naming_services(golden, services, shown):
    with pytest.raises(AssumptionErrors) as raised:
        estimate(golden, services)
    assert str(raised.value).startswith("services: must be a whole number from 1 to 10,000")
    assert shown in str(raised.value)


# --- accesscost.core.quantity
# -------------------------------------------------------------------------


def test_the_90_percent_z_value_is_the_normal_quantile_at_0_95():
    from statistics import NormalDist

    assert NormalDist().inv_cdf(0.95) == pytest.approx(Z_95, rel=1e-12)


@pytest.mark.parametrize(
    ("raw", "kind", "mean"),
    [
        (3, Point, 3.0),
        (0, Point, 0.0),
        (0.25, Point, 0.25),
        ({"low": 1, "mode": 2, "high": 6}, Pert, 2.5),  # (1 + 8 + 6) / 6
        ({"low": 0, "mode": 0, "high": 0}, Pert, 0.0),
        ({"low": 10, "high": 40}, Interval90, LOGNORMAL_10_40),
        ({"low": 1000, "high": 4000}, Interval90, LOGNORMAL_1000_4000),
        ({"low": 5, "high": 5}, Interval90, 5.0),  # sigma 0: the mean is the value
        # {15,000, 50,000}: exp(mu) = sqrt(7.5e8) = 27,386.128; sigma = ln(10/3) / 3.2897073
        # = 0.3659817; exp(sigma^2 / 2) = 1.0692648 -> 27,386.128 x 1.0692648 = 29,283.023
        ({"low": 15000, "high": 50000}, Interval90, 29_283.023),
    ],
)
def test_parsed_quantity_kind_and_mean(raw, kind, mean):
    quantity = parse_quantity(raw)
    assert isinstance(quantity, kind)
    assert quantity.mean() == pytest.approx(mean, rel=1e-6)
    assert quantity.to_yaml() == raw


def test_the_lognormal_parameters_come_from_the_interval_ends():
    interval = parse_quantity({"low": 10, "high": 40})
    assert interval.mu == pytest.approx(math.log(20))  # (ln 10 + ln 40) / 2
    assert interval.sigma == pytest.approx(0.4214035639)  # ln 4 / (2 x 1.6448536)


@pytest.mark.parametrize(
    ("raw", "upper"), [(1, 1.0), (0, 1.0), ({"low": 0.1, "high": 1}, 1.0), (1e6, None)]
)
def test_values_at_the_bounds_are_accepted(raw, upper):
    parse_quantity(raw, upper)


def test_a_parsed_quantity_passes_through_unchanged():
    quantity = Pert(1, 2, 3)
    assert parse_quantity(quantity) is quantity


@pytest.mark.parametrize(
    ("raw", "upper", "reason"),
    [
        (-1, None, "must not be negative"),
        (-0.5, 1.0, "must not be negative"),
        ({"low": -1, "high": 2}, None, "low must not be negative"),
        ({"low": 5, "high": 2}, None, "low must not be above high"),
        ({"low": 1, "mode": 5, "high": 3}, None, "need low <= mode <= high"),
        ({"low": 2, "mode": 1, "high": 3}, None, "need low <= mode <= high"),
        ({"low": 0, "high": 3}, None, "low must be above 0"),
        (True, None, "must be a number or a range"),
        (False, None, "must be a number or a range"),
        ({"low": True, "high": 2}, None, "low must be a number"),
        ("3", None, "got str"),
        ("lots", None, "got str"),
        (None, None, "got NoneType"),
        ([1, 2], None, "got list"),
        ({"low": 1, "high": 2, "peak": 3}, None, "a range has keys"),
        ({"min": 1, "max": 2}, None, "a range has keys"),
        ({"low": 1}, None, "a range has keys"),
        ({}, None, "a range has keys"),
        ({"low": "1", "high": 2}, None, "low must be a number"),
        (1.5, 1.0, "must be at most 1"),
        (3, 1.0, "must be at most 1"),
        ({"low": 0.5, "high": 2}, 1.0, "high must be at most 1"),
        ({"low": 0.1, "mode": 0.5, "high": 1.2}, 1.0, "high must be at most 1"),
        (math.nan, None, "must be a finite number"),
        (math.inf, None, "must be a finite number"),
        ({"low": 1, "high": math.inf}, None, "high must be a finite number"),
    ],
)
def test_parse_quantity_refuses(raw, upper, reason):
    with pytest.raises(ValueError, match=reason):
        parse_quantity(raw, upper)


@pytest.mark.parametrize("raw", [10**400, {"low": 1, "high": 10**400}], ids=["point", "range"])
def test_an_integer_too_large_for_a_float_is_refused_with_a_value_error(raw):
    with pytest.raises(ValueError, match="finite"):
        parse_quantity(raw)
