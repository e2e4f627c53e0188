"""From the account's evidence to a scenario, for the ECS-to-S3 decision: the one place that says
which count moves which assumption (another decision adds its own module beside this one).

What moves what, each value with its source (``Scenario.evidence``):

- ECS task definitions -> ``org.default_services``: the services counted (task-definition
  families); and ``org.migrating_services``: how many of them use the reference pattern today
  (the seed's "14 services" moved off D), which sizes the migration and its payback;
- credential report -> ``org.access_keys``: the active long-lived keys, the unit of D's key
  rotation (the seed's D shares one key; the account has as many as the report lists);
- the share of keys overdue for rotation (credential report: older than 90 days; else Prowler's
  ``iam_rotate_access_key_90_days`` fail rate) -> D's vulnerability to a credential exposure (the
  chance a copied key is used). The baseline figure stands for keys rotated on schedule, as D's
  own operations items rotate them every 90 days. An overdue key counts
  ``FAILED_CONTROL_WEIGHT`` times (Judgement: it has been copied around longer and a leaked copy
  keeps working until someone rotates it), so a share s overdue makes it baseline x
  (1 + (w - 1) x s);
- the share of EC2 instances not requiring IMDSv2 (Prowler's ``ec2_instance_imdsv2_enabled``) ->
  E's vulnerability to a container compromise (the chance it uses the host role), the same way:
  the baseline stands for hosts requiring IMDSv2 (AWS's advice for instance-profile
  credentials), a host without it counts twice (Judgement: a request forged through the
  container reaches IMDSv1's credentials without a session token).

A failure share is uncertain with few units: with f failing of n it is Beta(1 + f, 1 + n - f) (a
uniform prior updated by the counts), whose 5th percentile, mode f / n and 95th percentile become
a PERT range of the probability.

Only numbers and counts are overridden; nothing read from a file but counts reaches the scenario.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np

from accesscost.evidence import CheckCounts, Evidence, KeyCounts, Provenance, ServiceCounts
from accesscost.evidence.task_definitions import CLASSES
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.scenario import Overrides, Scenario
from accesscost.model.distributions import beta_quantiles
from accesscost.model.engine import MAX_SERVICES

DECISION = "ecs-s3"
PATTERN_OF_CLASS = {
    "task-role": "b-task-role",
    "keys-in-environment": "d-iam-user-keys",
    "secrets-manager": "f-secrets-manager-keys",
    "host-role": "e-instance-profile",
}
LEAK = ("d-iam-user-keys", "credential-exposure")  # (pattern, threat of threats.yaml)
HOST_ROLE = ("e-instance-profile", "container-compromise")
FAILED_CONTROL_WEIGHT = 2.0  # Judgement: a unit failing the control counts as two that pass
ROTATION_CHECK = "iam_rotate_access_key_90_days"
IMDS_CHECK = "ec2_instance_imdsv2_enabled"
Counts = TypeVar("Counts", bound=Evidence)


@dataclass
class Proposal:
    """A scenario of overrides, each with its source, and what was found, as table rows."""

    scenario: Scenario
    found: list[tuple[str, str, int]] = field(default_factory=list)  # source, what, count
    summary: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _combined(
    items: Sequence[Evidence], kind: type[Counts], add: Callable[[list[Counts], Provenance], Counts]
) -> Counts | None:
    """Several files of one kind as one set of counts (their rows added, the latest date)."""
    found: list[Counts] = [item for item in items if isinstance(item, kind)]
    if len(found) <= 1:
        return found[0] if found else None
    dates = [f.provenance.as_of for f in found if f.provenance.as_of]
    provenance = Provenance(
        found[0].provenance.kind, max(dates, default=None), sum(f.provenance.rows for f in found)
    )
    return add(found, provenance)


def _added_services(found: list[ServiceCounts], provenance: Provenance) -> ServiceCounts:
    return ServiceCounts(provenance, {c: sum(f.by_class[c] for f in found) for c in CLASSES})


def _added_checks(found: list[CheckCounts], provenance: Provenance) -> CheckCounts:
    checks = found[0].passed
    passed = {c: sum(f.passed[c] for f in found) for c in checks}
    return CheckCounts(provenance, passed, {c: sum(f.failed[c] for f in found) for c in checks})


def _added_keys(found: list[KeyCounts], provenance: Provenance) -> KeyCounts:
    keys = tuple(key for f in found for key in f.keys)
    two = sum(f.users_with_two_active_keys for f in found)
    return KeyCounts(provenance, sum(f.users for f in found), keys, two)


def _services(counts: ServiceCounts, assumptions: Assumptions, proposal: Proposal, org: dict):
    source = str(counts.provenance)
    proposal.summary.append(counts.summary())
    proposal.found += [(source, what, n) for what, n in counts.rows()]
    if counts.services:
        org["default_services"] = min(counts.services, MAX_SERVICES)
        proposal.scenario.evidence["org.default_services"] = source
    reference = assumptions.org.reference_pattern
    moving = sum(n for c, n in counts.by_class.items() if PATTERN_OF_CLASS.get(c) == reference)
    if moving:
        org["migrating_services"] = min(moving, MAX_SERVICES)
        proposal.scenario.evidence["org.migrating_services"] = source
        label = (
            assumptions.patterns[reference].label
            if reference in assumptions.patterns
            else reference
        )
        proposal.summary.append(f"migration: {moving} services off {label}")


def _keys(counts: KeyCounts, proposal: Proposal, org: dict) -> None:
    source = str(counts.provenance)
    proposal.summary.append(counts.summary())
    proposal.found += [(source, what, n) for what, n in counts.rows()]
    if counts.active_keys:
        org["access_keys"] = min(counts.active_keys, 100_000)
        proposal.scenario.evidence["org.access_keys"] = source


def _prowler(counts: CheckCounts, proposal: Proposal) -> None:
    source = str(counts.provenance)
    proposal.summary.append(counts.summary())
    proposal.found += [(source, what, n) for what, n in counts.rows()]


def failure_range(failed: int, total: int) -> tuple[float, float, float]:
    """5th percentile, mode and 95th percentile of a failure share, Beta(1 + f, 1 + n - f).
    With none (or all) failing the mode f / n sits at an end, outside the 90% interval; it is
    then moved to the nearer percentile, so the PERT range stays ordered."""
    quantiles = beta_quantiles(1.0 + failed, 1.0 + total - failed)
    probabilities = np.linspace(0.0, 1.0, quantiles.size)
    low, high = (float(q) for q in np.interp([0.05, 0.95], probabilities, quantiles))
    return low, min(max(failed / total, low), high), high


def scaled_probability(base: float, failed: int, total: int) -> dict[str, float]:
    """A probability as a PERT range: the baseline, with a failing unit counting
    ``FAILED_CONTROL_WEIGHT`` times, over the failure share's range."""
    shares = failure_range(failed, total)
    low, mode, high = (min(1.0, base * (1 + (FAILED_CONTROL_WEIGHT - 1) * s)) for s in shares)
    return {"low": float(f"{low:.6g}"), "mode": float(f"{mode:.6g}"), "high": float(f"{high:.6g}")}


@dataclass(frozen=True)
class Rate:
    """An observed control-failure count: ``failed`` of ``total``, and where it came from."""

    failed: int
    total: int
    source: str


def _rotation(keys: KeyCounts | None, prowler: CheckCounts | None) -> Rate | None:
    if keys is not None and keys.active_keys:
        overdue, active = keys.overdue_keys, keys.active_keys
        return Rate(overdue, active, f"{keys.provenance}: {overdue} of {active} keys overdue")
    return _check_rate(prowler, ROTATION_CHECK)


def _check_rate(prowler: CheckCounts | None, check: str) -> Rate | None:
    if prowler is None or not sum(prowler.fail_share(check)):
        return None
    failed, total = prowler.fail_share(check)
    return Rate(failed, total, f"{prowler.provenance}: {check} failed {failed} of {total}")


def _scale(target: tuple[str, str], rate: Rate, assumptions: Assumptions, proposal, patterns):
    """Override one risk's vulnerability from a failure rate (skipped, with a note, when the
    pattern does not state that threat)."""
    pattern_id, threat = target
    pattern = assumptions.patterns.get(pattern_id)
    item = next((i for i in pattern.risks if i.threat == threat), None) if pattern else None
    if item is None:
        proposal.notes.append(f"{pattern_id}: no risk {threat!r}; its vulnerability is unchanged")
        return
    value = scaled_probability(item.vulnerability.mean(), rate.failed, rate.total)
    items = patterns.setdefault(pattern_id, {}).setdefault("risks", {})
    items[threat] = {"vulnerability": value}
    proposal.scenario.evidence[f"patterns.{pattern_id}.risks.{threat}.vulnerability"] = rate.source


def propose(
    evidence: Sequence[Evidence], assumptions: Assumptions, name: str = "Imported from the account"
) -> Proposal:
    """The scenario the evidence amounts to, against ``assumptions`` (the baseline)."""
    proposal = Proposal(Scenario(name=name, description=""))
    org: dict = {}
    patterns: dict = {}
    services = _combined(evidence, ServiceCounts, _added_services)
    keys = _combined(evidence, KeyCounts, _added_keys)
    prowler = _combined(evidence, CheckCounts, _added_checks)
    if services is not None:
        _services(services, assumptions, proposal, org)
    if keys is not None:
        _keys(keys, proposal, org)
    if prowler is not None:
        _prowler(prowler, proposal)
    for target, rate in (
        (LEAK, _rotation(keys, prowler)),
        (HOST_ROLE, _check_rate(prowler, IMDS_CHECK)),
    ):
        if rate is not None:
            _scale(target, rate, assumptions, proposal, patterns)
    description = "Counts imported from the account: " + "; ".join(proposal.summary) + "."
    proposal.scenario = proposal.scenario.model_copy(
        update={
            "overrides": Overrides(org=org, patterns=patterns),
            "description": description[:2000],
        }
    )
    return proposal
