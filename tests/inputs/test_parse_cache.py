"""A file's text parses once (issue 21: the CLI's diff read the folder twice); a changed text is
parsed anew, and a broken one fails every time with its message."""

from __future__ import annotations

import pytest

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.safe_yaml import parse_yaml


def test_the_same_text_of_the_same_file_parses_once():
    first = parse_yaml("a: 1\nb: [2, 3]\n", "x.yaml")
    assert parse_yaml("a: 1\nb: [2, 3]\n", "x.yaml") is first
    assert parse_yaml("a: 2\nb: [2, 3]\n", "x.yaml") == {"a": 2, "b": [2, 3]}  # changed: anew


def test_a_broken_text_fails_every_time_with_its_file_and_reason():
    for _ in range(2):
        with pytest.raises(AssumptionErrors) as failed:
            parse_yaml("a: 1\na: 2\n", "broken.yaml")
        assert "broken.yaml" in str(failed.value) and "duplicate key 'a'" in str(failed.value)
