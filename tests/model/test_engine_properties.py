"""Properties of the engine that hold for any valid pattern, checked on generated patterns.

- per-service costs are linear in the service count: cost(N) = N x cost(1), and additive;
- per-host costs are steps that move only at host boundaries (multiples of services_per_host):
  cost(N) = cost(ceil(N / s) x s) = ceil(N / s) x cost at one host;
- no figure is ever negative;
- TCO = implementation + horizon x annual, and annual = operations + compliance.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accesscost.inputs.loading import Assumptions
from accesscost.inputs.org_schema import Org
from accesscost.inputs.schema import Pattern
from accesscost.model.engine import MAX_SERVICES, estimate

EXAMPLES = settings(max_examples=50, deadline=None)

# Every figure that is summed from line items, so scales with the units of those items.
SUMMED = (
    "implementation_hours",
    "implementation_usd",
    "operations_hours_per_year",
    "labour_usd_per_year",
    "tooling_usd_per_year",
    "compliance_usd_per_year",
    "decommission_hours",
    "decommission_usd",
)
FIGURES = (*SUMMED, "operations_usd_per_year", "annual_usd", "tco_usd")

# --- strategies: valid YAML documents ---------------------------------------------------------


def _quantities(top: float) -> st.SearchStrategy:
    """A number, a {low, high} 90% interval (low above 0) or a {low, mode, high} PERT range."""
    point = st.floats(min_value=0, max_value=top)
    interval = st.tuples(
        st.floats(min_value=top / 1e4, max_value=top), st.floats(min_value=top / 1e4, max_value=top)
    ).map(lambda ends: {"low": min(ends), "high": max(ends)})
    pert = st.lists(st.floats(min_value=0, max_value=top), min_size=3, max_size=3).map(
        lambda values: dict(zip(("low", "mode", "high"), sorted(values), strict=True))
    )
    return st.one_of(point, interval, pert)


hours = _quantities(100.0)
money = _quantities(100_000.0)
probabilities = _quantities(1.0)
frequencies = st.one_of(
    st.sampled_from(["daily", "weekly", "monthly", "quarterly", "yearly"]),
    st.integers(min_value=1, max_value=9_999).map(lambda days: f"every {days} days"),
)
units = st.sampled_from(["deployment", "service", "host"])


def _named(items: list[dict]) -> list[dict]:
    """Give each item of a section its own name (names are unique within a section)."""
    return [
        item | {"name": f"item {index}", "source": "generated"} for index, item in enumerate(items)
    ]


def _work_items(per: st.SearchStrategy) -> st.SearchStrategy:
    item = st.fixed_dictionaries({"per": per, "hours": hours})
    return st.lists(item, max_size=3).map(_named)


def _operations_items(per: st.SearchStrategy) -> st.SearchStrategy:
    cost = st.one_of(
        hours.map(lambda value: {"hours": value}), money.map(lambda value: {"usd": value})
    )
    item = st.tuples(per, frequencies, cost).map(lambda t: {"per": t[0], "frequency": t[1], **t[2]})
    return st.lists(item, max_size=4).map(_named)


def _compliance_items(per: st.SearchStrategy) -> st.SearchStrategy:
    item = st.fixed_dictionaries(
        {"per": per, "annual_probability": probabilities, "impact_usd": money}
    )
    return st.lists(item, max_size=3).map(_named)


def patterns(per: st.SearchStrategy = units, pattern_id: str = "generated") -> st.SearchStrategy:
    """A valid pattern whose line items are counted per ``per``."""
    return st.builds(
        lambda implementation, operations, compliance, decommission: Pattern.model_validate(
            {
                "id": pattern_id,
                "name": "generated",
                "summary": "generated",
                "meets_requirement": True,
                "security_posture": {"rating": "strong", "note": "generated"},
                "implementation": implementation,
                "operations": operations,
                "compliance": compliance,
                "decommission": decommission,
            }
        ),
        _work_items(per),
        _operations_items(per),
        _compliance_items(per),
        _work_items(per),
    )


def _assumptions(
    org: dict, *patterns: Pattern, services_per_host: int = 4, hourly_rate_usd: object = 100
) -> Assumptions:
    org |= {"services_per_host": services_per_host, "reference_pattern": patterns[0].id}
    org["labour"]["hourly_rate_usd"] = hourly_rate_usd
    return Assumptions(Org.model_validate(org), {p.id: p for p in patterns})


def _figures(assumptions: Assumptions, services, **options):
    return next(iter(estimate(assumptions, services, **options).patterns.values()))


# --- per-service items: linear ----------------------------------------------------------------


@EXAMPLES
@given(
    pattern=patterns(per=st.just("service")),
    a=st.integers(min_value=1, max_value=MAX_SERVICES // 2),
    b=st.integers(min_value=1, max_value=MAX_SERVICES // 2),
)
def test_per_service_costs_are_linear_in_the_service_count(org_document, pattern, a, b):
    figures = _figures(_assumptions(org_document(), pattern), np.array([1, a, b, a + b]))
    for name in SUMMED:
        at_1, at_a, at_b, at_sum = getattr(figures, name)
        assert at_a == pytest.approx(a * at_1, rel=1e-9, abs=1e-9), name
        assert at_sum == pytest.approx(at_a + at_b, rel=1e-9, abs=1e-9), name


# --- per-host items: steps at host boundaries -------------------------------------------------


@st.composite
def host_cases(draw) -> tuple[int, int, int]:
    """(services_per_host s, hosts h, services N) with ceil(N / s) = h and h x s <= MAX_SERVICES."""
    per_host = draw(st.integers(min_value=1, max_value=64))
    hosts = draw(st.integers(min_value=1, max_value=MAX_SERVICES // per_host))
    services = draw(st.integers(min_value=(hosts - 1) * per_host + 1, max_value=hosts * per_host))
    return per_host, hosts, services


@EXAMPLES
@given(pattern=patterns(per=st.just("host")), case=host_cases())
def test_per_host_costs_are_ceil_of_services_over_services_per_host_hosts(
    org_document, pattern, case
):
    per_host, hosts, services = case
    assert math.ceil(services / per_host) == hosts
    assumptions = _assumptions(org_document(), pattern, services_per_host=per_host)
    figures = _figures(assumptions, np.array([1, services, hosts * per_host]))
    for name in SUMMED:
        one_host, at_n, at_boundary = getattr(figures, name)
        assert at_n == pytest.approx(at_boundary, rel=1e-9, abs=1e-9), name
        assert at_n == pytest.approx(hosts * one_host, rel=1e-9, abs=1e-9), name


@EXAMPLES
@given(
    pattern=patterns(per=st.just("host")),
    per_host=st.integers(min_value=1, max_value=12),
    steps=st.integers(min_value=1, max_value=6),
)
def test_per_host_costs_change_only_right_after_a_host_boundary(
    org_document, pattern, per_host, steps
):
    sweep = np.arange(1, per_host * steps + 1)
    figures = _figures(_assumptions(org_document(), pattern, services_per_host=per_host), sweep)
    for name in SUMMED:
        changes = np.flatnonzero(~np.isclose(np.diff(getattr(figures, name)), 0, atol=1e-9))
        first_services_of_a_new_host = sweep[changes + 1]
        assert set((first_services_of_a_new_host - 1) % per_host) <= {0}, name


# --- any pattern ------------------------------------------------------------------------------


@EXAMPLES
@given(
    source=patterns(pattern_id="source"),
    target=patterns(pattern_id="target"),
    services=st.integers(min_value=1, max_value=MAX_SERVICES),
    per_host=st.integers(min_value=1, max_value=1_000),
    rate=_quantities(500.0),
)
def test_no_figure_is_ever_negative(org_document, source, target, services, per_host, rate):
    assumptions = _assumptions(
        org_document(), source, target, services_per_host=per_host, hourly_rate_usd=rate
    )
    result = estimate(assumptions, services)
    for figures in result.patterns.values():
        for name in FIGURES:
            assert getattr(figures, name)[0] >= 0, name
        for item in figures.line_items:
            assert item.hours[0] >= 0, item
            assert item.usd[0] >= 0, item
    for from_id, to_id in [("source", "target"), ("target", "source"), ("source", "source")]:
        migration = result.migration(from_id, to_id)
        assert migration.hours[0] >= 0
        assert migration.usd[0] >= 0
        assert migration.payback_years[0] >= 0


@EXAMPLES
@given(
    pattern=patterns(),
    services=st.lists(st.integers(min_value=1, max_value=MAX_SERVICES), min_size=1, max_size=5),
    horizon=st.integers(min_value=1, max_value=20),
)
def test_tco_is_implementation_plus_horizon_times_annual(org_document, pattern, services, horizon):
    figures = _figures(
        _assumptions(org_document(), pattern), np.array(services), horizon_years=horizon
    )
    annual = figures.labour_usd_per_year + figures.tooling_usd_per_year
    annual = annual + figures.compliance_usd_per_year
    assert figures.annual_usd == pytest.approx(annual, rel=1e-12)
    expected = figures.implementation_usd + horizon * figures.annual_usd
    assert figures.tco_usd == pytest.approx(expected, rel=1e-12)
