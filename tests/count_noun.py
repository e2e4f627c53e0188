"""Shared by the tests of the count's noun (issue 17): the decisions whose counted unit is not
"services", and the check that an output never says "services" in the tool's own words."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ASSUMPTIONS
from tests.inputs.test_decisions import with_second_decision

NOUN_DECISIONS = ("eks-pods", "lambda-dynamo")  # pods; Lambda functions (tests/second_decision)

# "services" or "service count(s)"; the EKS patterns' sources cite the "AICPA Trust Services
# Criteria", which is the decision's own YAML text, not the count's noun
SERVICES = re.compile(r"\b(services|service counts?)\b", re.IGNORECASE)
YAML_SAYS = "Trust Services"


def services_said(text: str) -> list[str]:
    return SERVICES.findall(text.replace(YAML_SAYS, ""))


def noun_root(decision_id: str, tmp_path_factory) -> Path:
    """The assumptions folder whose decisions/ holds ``decision_id``."""
    if decision_id == "eks-pods":
        return ASSUMPTIONS
    return with_second_decision(tmp_path_factory.mktemp("noun"))
