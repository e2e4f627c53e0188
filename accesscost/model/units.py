"""How many of each of a decision's units there are at each count N (``decision.yaml``)."""

from __future__ import annotations

import numpy as np

from accesscost.inputs.decision import Decision, UnitSpec
from accesscost.inputs.org_schema import Org

EPSILON = 1e-9  # N x 0.1 is 0.30000000000000004 at N = 3: not a fourth unit


def unit_count(spec: UnitSpec, services: np.ndarray, org: Org) -> np.ndarray:
    """One unit's count at each of ``services``: whole numbers, except a fractional ``fixed``."""
    if spec.per_service is not None:
        return np.ceil(services * spec.per_service - EPSILON).astype(np.int64)
    if spec.services_per is not None:
        return np.ceil(services / spec.services_per - EPSILON).astype(np.int64)
    if spec.fixed is not None:
        whole = float(spec.fixed).is_integer()
        return np.full(np.shape(services), spec.fixed, dtype=np.int64 if whole else float)
    assert spec.org_count is not None  # UnitSpec gives exactly one way to count
    return np.full(np.shape(services), getattr(org, spec.org_count), dtype=np.int64)


def unit_counts(services: np.ndarray, decision: Decision, org: Org) -> dict[str, np.ndarray]:
    """Each unit's count at each of ``services`` (arrays of the same shape)."""
    return {key: unit_count(spec, services, org) for key, spec in decision.units.items()}


def one_of_each(decision: Decision, shape: tuple = (1,)) -> dict[str, np.ndarray]:
    """One of every unit: what one unit of each kind costs is priced at these counts."""
    return {key: np.ones(shape, dtype=np.int64) for key in decision.units}
