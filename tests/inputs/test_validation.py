"""``validate_paths``: what it refuses before it reads anything."""

from __future__ import annotations

import pytest

from accesscost.inputs.validation import validate_paths


def test_scenario_files_without_a_baseline_folder_are_a_caller_error(tmp_path):
    scenario = tmp_path / "scenarios" / "s.yaml"
    with pytest.raises(ValueError, match="baseline folder"):
        validate_paths([], [scenario])
