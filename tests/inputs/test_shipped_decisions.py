"""The decisions shipped beside the ECS one (issue 17): EKS pods and CI/CD pipelines.

Their limits are the published ones of docs/sources-eks-cicd.md; the thresholds below are
hand-computed from decision.yaml's units.
"""

from __future__ import annotations

import json

import pytest

from accesscost.cli import main
from accesscost.inputs.applying import load_with_scenario
from accesscost.inputs.decisions import decision_folder, list_decisions
from accesscost.inputs.loading import load_assumptions
from accesscost.model.limits import within_limits
from tests.conftest import ASSUMPTIONS

CONTRACT = {
    "services",
    "horizon_years",
    "currency",
    "hourly_rate_usd",
    "reference",
    "scenario",
    "simulation",
    "patterns",
    "decision",
    "discount_rate",
}
PATTERN_CONTRACT = {
    "id",
    "option",
    "name",
    "meets_requirement",
    "requirement_gap",
    "implementation_hours",
    "implementation_usd",
    "operations_hours_per_year",
    "operations_usd_per_year",
    "cash_usd_per_year",
    "labour_usd_per_year",
    "compliance_usd_per_year",
    "annual_usd",
    "tco_usd",
    "savings_vs_reference",
    "payback_years",
    "matrix",
    "percentiles",
    "p_cheapest",
    "limits",
}


def test_the_folder_lists_three_decisions():
    assert [entry.id for entry in list_decisions(ASSUMPTIONS)] == ["ecs-s3", "cicd", "eks-pods"]


@pytest.mark.parametrize(("decision", "count"), [("eks-pods", 200), ("cicd", 40)])
def test_estimate_prints_the_full_json_contract(decision, count, capsys):
    assert main(["estimate", "--decision", decision, "--services", str(count)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document) >= CONTRACT
    assert document["services"] == count
    assert document["decision"]["id"] == decision
    for pattern in document["patterns"]:
        assert set(pattern) >= PATTERN_CONTRACT, pattern["id"]
        assert set(pattern["percentiles"]) >= {"annual_usd", "tco_usd"}
    valid = [p["id"] for p in document["patterns"] if p["meets_requirement"]]
    assert valid == {"eks-pods": ["a-irsa", "b-pod-identity"], "cicd": ["a-github-oidc"]}[decision]


@pytest.mark.parametrize("decision", ["eks-pods", "cicd"])
def test_every_pattern_has_a_blueprint_with_its_weak_link_marked(decision):
    assumptions = load_assumptions(decision_folder(ASSUMPTIONS, decision))
    for pattern in assumptions.patterns.values():
        assert pattern.diagram is not None, pattern.id
        assert [edge for edge in pattern.diagram.edges if edge.risk], pattern.id


def test_eks_has_an_invalid_option_a_review_often_hears():
    rbac = load_assumptions(decision_folder(ASSUMPTIONS, "eks-pods")).patterns["e-kubernetes-rbac"]
    assert not rbac.meets_requirement
    assert "Kubernetes API server only" in rbac.requirement_gap


@pytest.mark.parametrize(("pods", "valid"), [(4000, True), (4001, False)])
def test_irsa_stops_at_the_100_oidc_providers_of_one_account(pods, valid):
    # 40 pods a cluster, one IAM OIDC provider a cluster: ceil(4000 / 40) = 100 providers (the
    # published limit, not adjustable); ceil(4001 / 40) = 101
    assumptions = load_assumptions(decision_folder(ASSUMPTIONS, "eks-pods"))
    irsa = within_limits(assumptions, pods).patterns["a-irsa"]
    assert irsa.meets_requirement is valid
    if not valid:
        assert "IAM OIDC identity providers in one account (one per cluster) needs 101" in (
            irsa.requirement_gap
        )
        assert "IAM has a default global limit of 100 OIDC providers" in irsa.requirement_gap
    # Pod Identity needs no OIDC provider: valid at both counts
    assert within_limits(assumptions, pods).patterns["b-pod-identity"].meets_requirement


def test_role_chaining_is_invalid_for_a_job_over_an_hour_and_valid_under_one():
    folder = decision_folder(ASSUMPTIONS, "cicd")
    chained = within_limits(load_assumptions(folder), 40).patterns["d-role-chaining"]
    assert not chained.meets_requirement  # the longest job, 1.5 hours, over the 1-hour cap
    assert "needs 1.5, limit 1, not adjustable" in chained.requirement_gap
    assert "You can't increase the session duration." in chained.requirement_gap
    short, _ = load_with_scenario(folder, folder / "scenarios" / "short-jobs.yaml")
    assert within_limits(short, 40).patterns["d-role-chaining"].meets_requirement


def test_bigger_clusters_put_more_workloads_on_a_node_role_than_its_policies_allow():
    # 150 pods a cluster, 4 pods a workload: ceil(ceil(200 / 4) / ceil(200 / 150)) = 25 workload
    # policies on one node role, above the 20 managed policies a role can have at most
    folder = decision_folder(ASSUMPTIONS, "eks-pods")
    bigger, _ = load_with_scenario(folder, folder / "scenarios" / "bigger-clusters.yaml")
    node = within_limits(bigger, 200).patterns["c-node-role"]
    assert (
        "Managed policies attached to one node role (one per workload on its nodes) needs 25"
        in (node.requirement_gap)
    )


def test_a_decision_folder_diffs_against_a_git_revision_with_the_roots_org_yaml(capsys):
    # git archive of decisions/eks-pods alone lacked the shared org.yaml ("file not found")
    assert main(["diff", "--decision", "eks-pods", "--git-base", "HEAD"]) == 0
    assert "The recommendation does not change: B) EKS Pod Identity." in capsys.readouterr().out


RISK_ROW = {"threat", "tef", "vulnerability", "lef", "primary", "secondary", "ale"}


@pytest.mark.parametrize("decision", ["eks-pods", "cicd"])
def test_estimate_gives_each_pattern_its_risk_per_shared_threat(decision, capsys):
    assert main(["estimate", "--decision", decision, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    threats = load_assumptions(decision_folder(ASSUMPTIONS, decision)).threats
    for pattern in document["patterns"]:
        rows = pattern["risk"]
        assert rows, pattern["id"]
        assert all(set(row) == RISK_ROW for row in rows), pattern["id"]
        assert sorted(row["threat"] for row in rows) == sorted(threats), pattern["id"]  # all
        for row in rows:  # ale = lef x (primary + secondary), lef = tef x vulnerability
            assert row["lef"] == pytest.approx(row["tef"] * row["vulnerability"], rel=1e-3)
            assert row["ale"] == pytest.approx(
                row["lef"] * (row["primary"] + row["secondary"]), rel=1e-3, abs=0.01
            )
        # the expected loss is the threats' plus the pattern's own (not threat-driven) items
        assert sum(row["ale"] for row in rows) <= pattern["compliance_usd_per_year"] + 0.05
