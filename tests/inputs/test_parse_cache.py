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


def test_the_same_text_by_another_path_parses_once():
    """The diff's scenario side reaches the folder by its resolved path, the base side by the
    path as given: the same files, parsed twice before the cache was keyed on the text."""
    first = parse_yaml("c: 3\n", "assumptions/org.yaml")
    assert parse_yaml("c: 3\n", "/work/x/assumptions/org.yaml") is first


def test_a_broken_text_names_the_path_it_was_read_by_each_time():
    for file in ("one/broken.yaml", "two/broken.yaml"):
        with pytest.raises(AssumptionErrors) as failed:
            parse_yaml("b: \x1b\n", file)
        assert str(failed.value).startswith(f"{file}: ")


def test_the_diff_of_a_scenario_parses_each_assumption_file_once(capsys):
    from accesscost.cli import main
    from accesscost.inputs import safe_yaml

    safe_yaml._parse_text.cache_clear()
    main(["diff", "assumptions", "assumptions/scenarios/keys-rotated-monthly.yaml"])
    capsys.readouterr()
    info = safe_yaml._parse_text.cache_info()
    # the folder's 10 files once each (decision, org, guardrails, threats, six patterns), the
    # scenario once; the head side's second read of the folder is all hits
    assert (info.misses, info.hits) == (11, 10)
