"""Risk from threats shared by every pattern (issue 16): FAIR's terms, common random numbers.

The worked example of the README ("The model": risk from shared threats) is the golden test
here, with its hand calculation beside each number.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from accesscost.core.quantity import Point
from accesscost.inputs.decisions import decision_folder
from accesscost.inputs.guardrails import apply_guardrails
from accesscost.inputs.loading import load_assumptions
from accesscost.model.engine import estimate
from accesscost.model.simulation import simulate
from accesscost.model.summaries import annual_loss, figure_summary, inherent_losses
from tests.conftest import ASSUMPTIONS, REPO_ROOT

B, D, E, F = "b-task-role", "d-iam-user-keys", "e-instance-profile", "f-secrets-manager-keys"
SHARED_ROLE_THREATS = ("credential-exposure", "container-compromise")


def _only(assumptions, patterns: dict, threats: list[str]):
    """The assumptions with ``patterns`` (id -> pattern) and only ``threats``."""
    kept = {tid: t for tid, t in assumptions.threats.items() if tid in threats}
    patterns = {
        pid: p.model_copy(update={"id": pid, "risks": [r for r in p.risks if r.threat in threats]})
        for pid, p in patterns.items()
    }
    return dataclasses.replace(assumptions, patterns=patterns, threats=kept)


def _risk(pattern, threat: str):
    return next(r for r in pattern.risks if r.threat == threat)


def _with_risk(pattern, threat: str, **fields):
    risks = [r.model_copy(update=fields) if r.threat == threat else r for r in pattern.risks]
    return pattern.model_copy(update={"risks": risks})


def _horizon_loss(sim, pid):
    """Every year's loss over the horizon, not only the first's: the TCO less the rest."""
    draws = sim.patterns[pid]
    operations = draws.annuity * draws.operations_usd_per_year
    return draws.tco_usd - draws.implementation_usd - operations


def test_two_patterns_with_the_same_vulnerability_have_identical_loss_draws(default_assumptions):
    # B and a twin of B that differ in everything but the container compromise: same
    # vulnerability and magnitudes, a different blast radius share would change them, so the
    # twin differs from B only in its id (its own streams) and in its other costs
    b = default_assumptions.patterns[B]
    twin = b.model_copy(update={"operations": [], "implementation": b.implementation[:1]})
    both = _only(default_assumptions, {B: b, "twin": twin}, ["container-compromise"])
    sim = simulate(both, [1, 50, 500], 4_000, np.random.default_rng(7), reference_id=B)
    for index in range(3):
        np.testing.assert_array_equal(annual_loss(sim, B, index), annual_loss(sim, "twin", index))
    np.testing.assert_allclose(_horizon_loss(sim, B), _horizon_loss(sim, "twin"), atol=1e-6)
    assert np.mean(annual_loss(sim, B, 1) > 0) > 0.01  # there are losses to compare


def test_the_same_events_are_drawn_whichever_patterns_are_simulated(default_assumptions):
    alone = simulate(default_assumptions, 50, 3_000, np.random.default_rng(3), pattern_ids=[E])
    together = simulate(default_assumptions, 50, 3_000, np.random.default_rng(3))
    np.testing.assert_array_equal(annual_loss(alone, E), annual_loss(together, E))


@pytest.mark.parametrize("threat", ["credential-exposure", "container-compromise", "access-review"])
@pytest.mark.parametrize("factor", [0.9, 0.5, 0.1, 0.0])
def test_lowering_a_vulnerability_never_raises_any_percentile(default_assumptions, threat, factor):
    b = default_assumptions.patterns[B]
    lower = _with_risk(b, threat, vulnerability=_risk(b, threat).vulnerability.scaled(factor))
    both = dataclasses.replace(
        default_assumptions, patterns={B: b, "lower": lower.model_copy(update={"id": "lower"})}
    )
    sim = simulate(both, [1, 50, 1_000], 4_000, np.random.default_rng(11), reference_id=B)
    for index in range(3):
        high, low = annual_loss(sim, B, index), annual_loss(sim, "lower", index)
        ranks = [5, 10, 25, 50, 75, 90, 95, 99, 99.9, 100]
        assert np.all(np.percentile(low, ranks) <= np.percentile(high, ranks) + 1e-9)
        assert np.all(low <= high + 1e-9)  # world by world: the same events, fewer of them lost
        assert np.all(
            _horizon_loss(sim, "lower")[:, index] <= _horizon_loss(sim, B)[:, index] + 1e-6
        )


@pytest.mark.parametrize("services", [1, 4, 14, 50, 500, 10_000])
@pytest.mark.parametrize("threat", SHARED_ROLE_THREATS)
def test_e_loses_at_least_what_b_does_per_service_on_the_shared_role_threats(
    default_assumptions, services, threat
):
    # the same threat events (TEF per service) and the same vulnerability; E's host role reaches
    # every service on the host (blast radius host, up to 4 services), B's task role one
    result = estimate(default_assumptions, services)

    def ale(pid):
        return next(r.ale[0] for r in result.patterns[pid].risks if r.threat.id == threat)

    assert ale(E) / services >= ale(B) / services > 0


def test_inherent_losses_are_the_unguarded_years_of_the_guarded_patterns(default_assumptions):
    """Inherent and residual risk: the what-if simulated without its guardrails on the same seed
    has the same worlds and threat events, so a guardrail that only lowers a vulnerability
    lowers the loss world by world, and a pattern with no guardrail is left out."""
    toggles = {D: ["principal-org-id"], B: []}
    unguarded = simulate(default_assumptions, 50, 3_000, np.random.default_rng(5))
    guarded = simulate(
        apply_guardrails(default_assumptions, toggles), 50, 3_000, np.random.default_rng(5)
    )
    inherent = inherent_losses(unguarded, toggles, [B, D, E])
    assert list(inherent) == [D]
    np.testing.assert_array_equal(inherent[D], annual_loss(unguarded, D))
    residual = annual_loss(guarded, D)
    assert np.all(residual <= inherent[D] + 1e-9) and np.any(residual < inherent[D])
    np.testing.assert_array_equal(annual_loss(guarded, E), annual_loss(unguarded, E))


def test_a_rotation_scenario_lowers_ds_expected_loss():
    from accesscost.inputs.applying import load_with_scenario

    assumptions = REPO_ROOT / "assumptions"
    base, _ = load_with_scenario(assumptions)
    rotated, _ = load_with_scenario(
        assumptions, assumptions / "scenarios/keys-rotated-monthly.yaml"
    )
    for services in (1, 50, 500):
        before = estimate(base, services).patterns[D].compliance_usd_per_year[0]
        after = estimate(rotated, services).patterns[D].compliance_usd_per_year[0]
        assert after < before


def test_a_leak_that_becomes_a_breach_is_one_chain(default_assumptions):
    # no pattern keeps a separate data-breach item: the breach is the secondary loss of the
    # credential threats, so the same breach cannot be counted twice
    for pattern in default_assumptions.patterns.values():
        assert pattern.compliance == []
        assert {r.threat for r in pattern.risks} == set(default_assumptions.threats)
    exposure = _risk(default_assumptions.patterns[D], "credential-exposure")
    assert exposure.secondary_usd.mean() > 1e6 and exposure.secondary_probability.mean() > 0


# --- the README's worked example ----------------------------------------------------------------

WORKED = {  # the README's example, point values: one threat, two patterns, 50 services
    "tef": 0.002,
    "cleanup": 200,
    "v": 0.2,
    "slef": 0.01,
    "secondary": 4_000_000,
    "primary": {B: 50_000, E: 100_000},
    "blast_radius": {B: "service", E: "host"},
}


def _worked_example(default_assumptions):
    threat = default_assumptions.threats["container-compromise"].model_copy(
        update={"tef": Point(WORKED["tef"]), "cleanup_usd_per_service": Point(WORKED["cleanup"])}
    )
    patterns = {}
    for pid in (B, E):
        pattern = default_assumptions.patterns[pid]
        item = _risk(pattern, "container-compromise").model_copy(
            update={
                "vulnerability": Point(WORKED["v"]),
                "blast_radius": WORKED["blast_radius"][pid],
                "primary_usd": Point(WORKED["primary"][pid]),
                "secondary_probability": Point(WORKED["slef"]),
                "secondary_usd": Point(WORKED["secondary"]),
            }
        )
        patterns[pid] = pattern.model_copy(update={"risks": [item], "compliance": []})
    return dataclasses.replace(default_assumptions, patterns=patterns, threats={threat.id: threat})


def test_the_readme_worked_example_by_hand(default_assumptions):
    # threat events a year at 50 services: TEF 0.002 x 50 = 0.1; loss events: x V 0.2 = 0.02
    # B: primary $50,000 + 1 service reached x $200 = $50,200; secondary 0.01 x $4M = $40,000;
    #    ALE 0.02 x ($50,200 + $40,000) = $1,804 a year ($36.08 a service)
    # E: primary $100,000 + 4 services reached (a host) x $200 = $100,800; secondary $40,000;
    #    ALE 0.02 x ($100,800 + $40,000) = $2,816 a year ($56.32 a service)
    example = _worked_example(default_assumptions)
    result = estimate(example, 50, reference_id=B)
    expected = {B: (50_200, 40_000, 1_804), E: (100_800, 40_000, 2_816)}
    for pid, (primary, secondary, ale) in expected.items():
        (risk,) = result.patterns[pid].risks
        assert risk.tef[0] == pytest.approx(0.1)
        assert risk.lef[0] == pytest.approx(0.02)
        assert risk.primary[0] == pytest.approx(primary)
        assert risk.secondary[0] == pytest.approx(secondary)
        assert risk.ale[0] == pytest.approx(ale)
        assert result.patterns[pid].compliance_usd_per_year[0] == pytest.approx(ale)
    # simulated on the same events: the means are the hand figures (conditional expectation),
    # and E loses at least what B does in every simulated year (same events, bigger loss)
    sim = simulate(example, 50, 20_000, np.random.default_rng(1), reference_id=B)
    for pid, (_, _, ale) in expected.items():
        summary = figure_summary(sim, pid, "compliance_usd_per_year")
        assert summary.mean == pytest.approx(ale)
    assert np.all(annual_loss(sim, E) >= annual_loss(sim, B))
    assert np.mean(annual_loss(sim, B) > 0) == pytest.approx(1 - np.exp(-0.02), abs=0.004)


def test_the_readme_shows_the_worked_example():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Risk from shared threats") :]
    for figure in ("0.1", "0.02", "$50,200", "$100,800", "$40,000", "$1,804", "$2,816"):
        assert figure in section, figure
    assert re.search(r"common random numbers", section, re.IGNORECASE)


# --- the EKS and CI/CD decisions, written with their own threats.yaml ---------------------------

# (decision, two patterns, a threat they face with the same vulnerability, blast radius and losses)
TWINS = [
    ("eks-pods", "a-irsa", "b-pod-identity", "pod-compromise"),
    ("eks-pods", "a-irsa", "b-pod-identity", "node-compromise"),
    ("eks-pods", "a-irsa", "b-pod-identity", "credential-exposure"),
    ("cicd", "a-github-oidc", "d-role-chaining", "ci-secret-leak"),
]


def _decision(decision_id: str):
    return load_assumptions(decision_folder(ASSUMPTIONS, decision_id))


@pytest.mark.parametrize(("decision", "first", "second", "threat"), TWINS)
def test_a_decisions_patterns_with_the_same_vulnerability_have_identical_loss_draws(
    decision, first, second, threat
):
    assumptions = _decision(decision)
    one, two = (assumptions.patterns[pid] for pid in (first, second))
    # the premise, read from the shipped files: the same figures for this threat, bar the source
    unsourced = [_risk(p, threat).model_copy(update={"source": "-"}) for p in (one, two)]
    assert unsourced[0] == unsourced[1]
    # each pattern with this threat only and none of its own compliance items (an outage)
    alone = {first: one, second: two}
    alone = {pid: p.model_copy(update={"compliance": []}) for pid, p in alone.items()}
    both = _only(assumptions, alone, [threat])
    sim = simulate(both, [1, 50, 500], 4_000, np.random.default_rng(13), reference_id=first)
    for index in range(3):
        np.testing.assert_array_equal(
            annual_loss(sim, first, index), annual_loss(sim, second, index)
        )
    np.testing.assert_allclose(_horizon_loss(sim, first), _horizon_loss(sim, second), atol=1e-6)
    assert np.mean(annual_loss(sim, first, 2) > 0) > 0.01  # there are losses to compare


# (decision, the pattern that holds more, the short-lived-credential ones, the threats they share)
WIDER = [
    (
        "eks-pods",
        "c-node-role",
        ("a-irsa", "b-pod-identity"),
        ("pod-compromise", "credential-exposure", "node-compromise", "trust-misconfiguration"),
    ),
    ("cicd", "b-ci-secret-keys", ("a-github-oidc",), ("ci-secret-leak", "workflow-compromise")),
]


@pytest.mark.parametrize("services", [1, 4, 13, 50, 500, 10_000])
@pytest.mark.parametrize(("decision", "wider", "short_lived", "threats"), WIDER)
def test_the_node_role_and_the_ci_keys_lose_at_least_what_short_lived_credentials_do(
    decision, wider, short_lived, threats, services
):
    # the same threat events (TEF per pod, workload, node or pipeline); EKS: the node role's
    # blast radius is every pod on the node and it holds every workload's permissions; CI/CD:
    # the keys in the CI system's secrets outlive the job, so a leak or a compromised workflow
    # is more often a loss than with OIDC's job-long session
    result = estimate(_decision(decision), services)

    def ale(pid, threat):
        return next(r.ale[0] for r in result.patterns[pid].risks if r.threat.id == threat)

    for threat in threats:
        for pid in short_lived:
            assert ale(wider, threat) / services >= ale(pid, threat) / services > 0, (threat, pid)


def test_static_keys_and_ci_keys_are_more_vulnerable_to_a_leak_than_short_lived_tokens():
    eks, cicd = _decision("eks-pods"), _decision("cicd")

    def vulnerability(assumptions, pid, threat):
        return _risk(assumptions.patterns[pid], threat).vulnerability.mean()

    for pid in ("a-irsa", "b-pod-identity"):
        assert vulnerability(eks, "d-static-keys", "credential-exposure") > 10 * vulnerability(
            eks, pid, "credential-exposure"
        )
    # GitHub OIDC with a sub condition: nothing long-lived to leak
    assert vulnerability(cicd, "b-ci-secret-keys", "ci-secret-leak") > 50 * vulnerability(
        cicd, "a-github-oidc", "ci-secret-leak"
    )
    # role chaining's one-hour cap limits a session taken out of a compromised job
    assert vulnerability(cicd, "d-role-chaining", "workflow-compromise") < vulnerability(
        cicd, "a-github-oidc", "workflow-compromise"
    )
    node_role = _risk(eks.patterns["c-node-role"], "pod-compromise")
    assert node_role.blast_radius == "node"


def test_magnitude_draws_are_the_same_whichever_kind_is_asked_first_and_from_threads():
    """An event's magnitude draws are drawn on first use, each kind from its own stream: the
    order patterns ask in (and threads asking at once) must not change them."""
    from concurrent.futures import ThreadPoolExecutor

    from accesscost.model.distributions import stream
    from accesscost.model.threats import threat_events

    def events():
        tef, units = np.full(2_000, 0.3), np.array([10, 50])
        streams = lambda kind: stream(5, f"t/{kind}")  # noqa: E731
        return threat_events(tef, units, 2_000, stream(5, "t"), streams)

    kinds = ["normal/primary", "uniform/secondary", "uniform/primary", "normal/cleanup"]
    first, second = events(), events()
    forward = {kind: first.variates(kind) for kind in kinds}
    with ThreadPoolExecutor(4) as pool:
        backward = dict(zip(kinds[::-1], pool.map(second.variates, kinds[::-1]), strict=True))
    assert first.row.size > 1_000
    for kind in kinds:
        np.testing.assert_array_equal(forward[kind], backward[kind])
        assert first.variates(kind) is forward[kind]  # kept, not drawn again
    assert not np.array_equal(forward["uniform/primary"], forward["uniform/secondary"])
