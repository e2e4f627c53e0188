"""A share link carries the whole what-if: edits, guardrails, name and rate; a link that cannot
be restored says exactly why, and a hand-made link is read like an uploaded file."""

from __future__ import annotations

import base64
import random
import zlib

import pytest
from streamlit.testing.v1 import AppTest

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.applying import apply_scenario
from accesscost.inputs.loading import read_folder
from accesscost.inputs.scenario import MAX_SCENARIO_BYTES, Scenario
from accesscost.inputs.share_link import (
    MAX_LINK_CHARS,
    TOO_LONG,
    TOO_LONG_NOTE,
    link_token,
    scenario_from_link,
)
from accesscost.model.engine import estimate
from accesscost.model.matrix import usd
from tests.conftest import ASSUMPTIONS
from tests.pages import PAGE, shown_text

B, D = "b-task-role", "d-iam-user-keys"
REDEPLOY = "Redeploy each service with the new key"
# The example: rate 120, one line-item edit and one guardrail.
SHARED = Scenario(
    name="Rate 120, slower redeploys, boundaries",
    overrides={
        "org": {"labour": {"hourly_rate_usd": 120.0}},
        "patterns": {D: {"operations": {REDEPLOY: {"hours": 0.5}}}},
    },
    guardrails={B: ["permission-boundaries"]},
)


def _deflated(data: bytes) -> str:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packer.compress(data) + packer.flush()
    return base64.urlsafe_b64encode(packed).decode().rstrip("=")


def test_a_link_token_round_trips_the_scenario_exactly():
    token = link_token(SHARED)
    assert token is not None and len(token) < 400
    assert token.isascii() and not set(token) & set("+/=&?#")  # safe in a query string as is
    assert scenario_from_link(token) == SHARED


def test_a_what_if_too_long_for_a_link_gives_no_token():
    # Random text does not compress: 3,000 random bytes, base64'd, pack to over 1,800 characters.
    noise = base64.b64encode(random.Random(0).randbytes(3_000)).decode()
    assert link_token(SHARED.model_copy(update={"description": noise})) is None


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("x" * (MAX_LINK_CHARS + 1), "longer than 1,800 characters"),
        ("%%%%", "not base64url"),
        (base64.urlsafe_b64encode(b"plain text, not deflated").decode(), "not deflate data"),
        # a deflate bomb: 1 MiB of zeros packs into about 1 KB, refused at 64 KiB unpacked
        (_deflated(b"0" * (1 << 20)), f"unpacks to more than {MAX_SCENARIO_BYTES // 1024} KiB"),
        (_deflated(b"name: [unclosed"), ""),
        (_deflated(b"name: x\nverdict: rewritten\n"), "verdict"),
    ],
)
def test_a_hostile_link_is_refused_with_its_reason(token, reason):
    with pytest.raises(AssumptionErrors) as raised:
        scenario_from_link(token)
    problems = raised.value.problems
    assert problems and all(p.file == "share link" for p in problems)
    assert reason in " ".join(f"{p.field} {p.reason}" for p in problems)


def _open(query: dict) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params.update(query)
    return at.run()


def test_a_link_opens_the_same_what_if_with_its_edits_listed(monkeypatch):
    monkeypatch.delenv("ASSUMPTIONS_DIR", raising=False)
    at = _open({"services": "50", "rate": "120", "whatif": link_token(SHARED)})
    assert not at.exception
    expected = estimate(apply_scenario(read_folder(ASSUMPTIONS), SHARED, "t"), 50)
    shown = {shown_text(m.label): shown_text(m.value) for m in at.metric}
    assert shown["Its annual cost"] == usd(float(expected.patterns[B].annual_usd[0]))
    assert shown["Saving a year vs D"] == usd(float(expected.annual_savings(B)[0]))
    # the rate, the redeploy edit and the guardrail: none dropped
    summary = next(
        shown_text(e.label) for e in at.expander if e.label.startswith("What-if in effect")
    )
    assert f"“{SHARED.name}”: 2 edits, 1 guardrails" in summary
    assert not at.warning
    # and the page writes the same what-if back into its link
    assert scenario_from_link(at.query_params["whatif"]) == SHARED


def test_a_link_that_cannot_be_restored_says_what_was_dropped(monkeypatch):
    monkeypatch.delenv("ASSUMPTIONS_DIR", raising=False)
    unknown = Scenario(name="x", overrides={"patterns": {D: {"operations": {"Gone": {"usd": 1}}}}})
    at = _open({"services": "50", "whatif": link_token(unknown)})
    assert not at.exception
    note = " ".join(shown_text(w.value) for w in at.warning)
    assert "The link's what-if was dropped" in note
    assert f"overrides.patterns.{D}.operations.Gone" in note and "unknown item" in note
    baseline = estimate(apply_scenario(read_folder(ASSUMPTIONS), Scenario(name="b"), "t"), 50)
    shown = {shown_text(m.label): shown_text(m.value) for m in at.metric}
    assert shown["Saving a year vs D"] == usd(float(baseline.annual_savings(B)[0]))
    assert "whatif" not in at.query_params


def test_a_link_made_from_a_what_if_too_long_says_it_was_dropped(monkeypatch):
    """The page marks a what-if too long for its link (``TOO_LONG``); the link's reader (or a
    reload) is told the what-if was dropped, not shown the baseline silently."""
    monkeypatch.delenv("ASSUMPTIONS_DIR", raising=False)
    at = _open({"services": "50", "whatif": TOO_LONG})
    assert not at.exception and not at.error
    assert TOO_LONG_NOTE in [shown_text(w.value) for w in at.warning]
    assert not [e for e in at.expander if e.label.startswith("What-if in effect")]
