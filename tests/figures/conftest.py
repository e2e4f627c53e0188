"""The figure tests' shared fixtures: the committed folder, loaded once a module, and its ids."""

from __future__ import annotations

import pytest

from accesscost.inputs.loading import Assumptions, load_assumptions
from tests.conftest import ASSUMPTIONS


@pytest.fixture(scope="module")
def assumptions() -> Assumptions:
    return load_assumptions(ASSUMPTIONS)


@pytest.fixture(scope="module")
def all_ids(assumptions) -> list[str]:
    return list(assumptions.patterns)
