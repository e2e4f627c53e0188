"""What one run of the page computes from: the reviewer's ``Settings`` and the what-if.

The settings are the CLI's (``accesscost.inputs.settings.Settings``): a share link's query string
and the sidebar fill the same object, checked against the same limits, with every default
resolved once from ``org.yaml``. A link value that cannot be used is dropped and said, field by
field; the rest of the link still applies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from accesscost.core.errors import AssumptionErrors
from accesscost.core.safe_text import markdown_literal
from accesscost.core.words import Noun
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.settings import PAGE_DRAWS, Settings

# Each setting's name in a share link (``?services=50&horizon=3&rate=70&show=...&ref=...``).
QUERY_NAMES = {
    "services": "services",
    "horizon": "horizon",
    "rate": "rate",
    "shown": "show",
    "reference": "ref",
    "draws": "draws",
    "seed": "seed",
}
# ... and on the page, where a refused value is named by the sidebar's words.
SIDEBAR_NAMES = {
    "services": "Services",
    "horizon": "Horizon (years)",
    "rate": "Loaded hourly rate (USD)",
    "shown": "Patterns shown",
    "reference": "Savings measured against",
    "draws": "Monte Carlo draws",
    "seed": "seed",
}
LINK_CHARS = 40  # of a refused link value, echoed in the note


def page_settings(assumptions: Assumptions, **given: object) -> Settings:
    """``Settings`` from the sidebar's values (``None``: the default), within the page's limits."""
    return Settings.resolve(assumptions, names=SIDEBAR_NAMES, draws_range=PAGE_DRAWS, **given)


def link_settings(assumptions: Assumptions, query: Mapping[str, str]) -> tuple[Settings, list[str]]:
    """The settings a share link gives, and one note per value it gives that cannot be used
    (that setting keeps its default), as Markdown that shows the link's text as text; an empty
    value counts as not given."""
    kept: dict[str, object] = {}
    notes: list[str] = []
    for setting, name in QUERY_NAMES.items():
        raw = query.get(name)
        if not raw:
            continue
        try:
            Settings.resolve(
                assumptions, names=QUERY_NAMES, draws_range=PAGE_DRAWS, **{setting: raw}
            )
        except AssumptionErrors as errors:
            reason = errors.problems[0].reason
            notes.append(markdown_literal(f"the link's {name}={raw[:LINK_CHARS]}: {reason}"))
            continue
        kept[setting] = raw
    settings = Settings.resolve(assumptions, names=QUERY_NAMES, draws_range=PAGE_DRAWS, **kept)
    return settings, notes


@dataclass(frozen=True)
class PageView:
    """The settings of this run, the decision's files as read and the what-if as YAML text: the
    keys of the page's caches (``accesscost.app.cache``)."""

    settings: Settings
    files: tuple
    scenario: str  # the what-if as YAML; "" for the baseline
    unguarded: str  # the what-if without its guardrails (the risk's inherent view)
    guardrails: Mapping[str, Sequence[str]]
    noun: Noun  # what the decision counts (decision.yaml): services, pods, pipelines

    @property
    def services(self) -> int:
        return self.settings.services

    @property
    def horizon(self) -> int:
        return self.settings.horizon_years

    @property
    def reference(self) -> str:
        return self.settings.reference

    @property
    def draws(self) -> int:
        return self.settings.draws

    @property
    def seed(self) -> int:
        return self.settings.seed
