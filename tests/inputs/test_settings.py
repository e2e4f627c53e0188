"""The reviewer's settings: defaults resolved once from org.yaml, every bad value refused with
the name of the field it came from."""

from __future__ import annotations

import pytest

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.scenario import BASELINE, with_rate
from accesscost.inputs.settings import Settings, checked_rate
from tests.pattern_ids import B, F


def test_defaults_come_from_org_yaml(default_assumptions):
    org = default_assumptions.org
    settings = Settings.resolve(default_assumptions)
    assert settings == Settings(
        services=org.default_services,
        horizon_years=org.horizon_years,
        hourly_rate_usd=None,
        shown=tuple(default_assumptions.patterns),
        reference=org.reference_pattern,
        draws=org.simulation.draws,
        seed=org.simulation.seed,
    )


def test_text_from_a_command_line_is_read_as_numbers(default_assumptions):
    settings = Settings.resolve(
        default_assumptions, services="14", horizon="5", rate="120", draws="2000", seed="7"
    )
    assert (settings.services, settings.horizon_years, settings.hourly_rate_usd) == (14, 5, 120.0)
    assert (settings.draws, settings.seed) == (2000, 7)


def test_shown_keeps_the_folders_order_once_each(default_assumptions):
    settings = Settings.resolve(default_assumptions, shown=f"{F}, {B},{F}")
    assert settings.shown == (B, F)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("services", "0", "must be a whole number from 1 to 10,000, got '0'"),
        ("services", "2.5", "must be a whole number from 1 to 10,000, got '2.5'"),
        ("services", "lots", "must be a whole number from 1 to 10,000, got 'lots'"),
        ("horizon", "11", "must be a whole number from 1 to 10, got '11'"),
        ("rate", "nan", "must be US dollars an hour from 1 to 1,000, got 'nan'"),
        ("rate", "1e400", "must be US dollars an hour from 1 to 1,000, got '1e400'"),
        ("draws", "50", "must be a whole number from 100 to 200,000, got '50'"),
        ("seed", "-1", "must be a whole number from 0 to 9,223,372,036,854,775,807, got '-1'"),
        ("reference", "zz", "unknown pattern id 'zz'; the patterns are "),
        ("shown", "b-task-role,zz", "unknown pattern id 'zz'; the patterns are "),
        ("shown", " , ", "no pattern id given; the patterns are "),
    ],
)
def test_a_bad_value_is_refused_with_its_fields_name(default_assumptions, field, value, reason):
    with pytest.raises(AssumptionErrors) as caught:
        Settings.resolve(default_assumptions, **{field: value})
    (problem,) = caught.value.problems
    assert problem.file == f"--{field}"
    assert problem.reason.startswith(reason)


def test_the_page_names_its_own_fields(default_assumptions):
    names = {key: f"sidebar {key}" for key in ("services", "horizon", "rate", "shown")}
    names |= {"reference": "sidebar reference", "draws": "sidebar draws", "seed": "URL seed"}
    with pytest.raises(AssumptionErrors) as caught:
        Settings.resolve(default_assumptions, services=0, names=names)
    assert caught.value.problems[0].file == "sidebar services"


def test_a_rate_is_a_what_if_on_the_labour_rate():
    scenario = with_rate(BASELINE, checked_rate("120"))
    assert scenario.overrides.org == {"labour": {"hourly_rate_usd": 120.0}}
    assert with_rate(BASELINE, None) is BASELINE
