"""One risk, simulated by our engine, by pyfair, and by numpy alone (benchmark items 6 and 7).

The risk: a credential leak at 10 services, each with an annual probability drawn from
PERT(0.01, 0.05, 0.20), each leak costing PERT($60K, $110K, $220K) (the seed's $120K incident as the
PERT mean). pyfair sees it as a loss event frequency PERT(0.1, 0.5, 2.0) a year (10 services x the
probability) times a loss magnitude PERT($60K, $110K, $220K). Both have the same mean annual loss:

    E[frequency] x E[magnitude] = 10 x (0.01 + 4 x 0.05 + 0.20) / 6 x (60 + 4 x 110 + 220) / 6 K
                                = 0.68333 x $120,000 = $82,000 a year.

pyfair multiplies one frequency draw by one magnitude draw; our engine (over a one-year horizon,
so the work is one year as here) draws which services have a leak that year (a Bernoulli trial
each) and one impact per leak, so only the means compare, not the samples.
"""

from __future__ import annotations

import numpy as np

from accesscost.core.quantity import Pert
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.schema import ComplianceItem, RiskItem, Threat
from accesscost.model.distributions import pert_shapes

SERVICES = 10
PROBABILITY = dict(low=0.01, mode=0.05, high=0.20)  # a year, per service
IMPACT_USD = dict(low=60_000, mode=110_000, high=220_000)  # per leak
FREQUENCY = {k: SERVICES * v for k, v in PROBABILITY.items()}  # pyfair's loss event frequency
EXPECTED_LOSS_USD = SERVICES * (0.01 + 4 * 0.05 + 0.20) / 6 * (60_000 + 4 * 110_000 + 220_000) / 6
PATTERN_ID = "single-risk"


def single_risk_assumptions(committed: Assumptions) -> Assumptions:
    """The committed org with one pattern holding only the risk (no labour, no tooling)."""
    item = ComplianceItem.model_validate(
        {
            "name": "Credential leak",
            "per": "service",
            "annual_probability": PROBABILITY,
            "impact_usd": IMPACT_USD,
            "source": "benchmarks/single_risk.py",
        }
    )
    template = next(iter(committed.patterns.values()))
    pattern = template.model_copy(
        update={
            "id": PATTERN_ID,
            "implementation": [],
            "operations": [],
            "compliance": [item],
            "risks": [],
            "decommission": [],
        }
    )
    org = committed.org.model_copy(update={"reference_pattern": PATTERN_ID})
    return Assumptions(org, {PATTERN_ID: pattern})


THREAT_ID = "credential-leak"


def single_threat_assumptions(committed: Assumptions) -> Assumptions:
    """The same risk written as a shared threat (item 11): a threat event frequency of
    PERT(0.01, 0.05, 0.20) a service a year, a pattern with vulnerability 1 and that primary
    loss, so its mean is pyfair's (LEF = TEF x 10 services x 1)."""
    threat = Threat.model_validate(
        {
            "id": THREAT_ID,
            "name": "Credential leak",
            "per": "service",
            "tef": PROBABILITY,
            "source": "benchmarks/single_risk.py",
        }
    )
    risk = RiskItem.model_validate(
        {
            "threat": THREAT_ID,
            "vulnerability": 1,
            "blast_radius": "service",
            "primary_usd": IMPACT_USD,
            "source": "benchmarks/single_risk.py",
        }
    )
    single = single_risk_assumptions(committed)
    pattern = single.patterns[PATTERN_ID].model_copy(update={"compliance": [], "risks": [risk]})
    return Assumptions(single.org, {PATTERN_ID: pattern}, threats={THREAT_ID: threat})


def _pert(values: dict) -> tuple[float, float, float, float]:
    quantity = Pert(**values)
    alpha, beta = pert_shapes(quantity)
    return quantity.low, quantity.high - quantity.low, alpha, beta


def bare_draws(draws: int, seed: int) -> np.ndarray:
    """The variates the engine draws for the risk, with numpy alone: a probability per year, a
    Poisson count of events, an impact per event; summed per year so the work is the same.
    numpy draws a PERT with ``Generator.beta``; the engine inverts a tabulated Beta CDF instead
    (``accesscost.model.distributions.draw_pert``), which is faster."""
    rng = np.random.default_rng(seed)
    p_low, p_width, p_alpha, p_beta = _pert(PROBABILITY)
    i_low, i_width, i_alpha, i_beta = _pert(IMPACT_USD)
    probability = p_low + p_width * rng.beta(p_alpha, p_beta, draws)
    events = rng.poisson(probability * SERVICES)
    impacts = i_low + i_width * rng.beta(i_alpha, i_beta, int(events.sum()))
    return np.bincount(np.repeat(np.arange(draws), events), impacts, minlength=draws)
