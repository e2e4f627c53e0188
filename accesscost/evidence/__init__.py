"""Evidence from the account: importers that turn an export into counts and a provenance.

``read_evidence(data, file)`` recognises the file by its content, not its name:

- an IAM credential report (CSV whose header starts with ``user`` and has ``access_key_1_active``)
  -> ``KeyCounts``;
- ECS task definitions (JSON with ``taskDefinition`` or ``containerDefinitions``)
  -> ``ServiceCounts``;
- Prowler findings (OCSF JSON with ``status_code``, or its ``;``-separated CSV with ``CHECK_ID``)
  -> ``CheckCounts``.

Each importer is a pure function of the bytes: nothing is written, nothing identifying is kept,
and bad input is one ``AssumptionErrors`` naming the file, the row or field and the reason.
"""

from __future__ import annotations

from datetime import date

from accesscost.evidence import credential_report, prowler, task_definitions
from accesscost.evidence.common import (
    MAX_EVIDENCE_BYTES,
    Provenance,
    evidence_text,
    load_json,
    refuse,
)
from accesscost.evidence.credential_report import KeyCounts, read_credential_report
from accesscost.evidence.prowler import CheckCounts, read_prowler_csv, read_prowler_ocsf
from accesscost.evidence.task_definitions import ServiceCounts, read_task_definitions

Evidence = KeyCounts | ServiceCounts | CheckCounts
KINDS = "an IAM credential report (CSV), ECS task definitions (JSON) or Prowler findings"

__all__ = [
    "MAX_EVIDENCE_BYTES",
    "CheckCounts",
    "Evidence",
    "KeyCounts",
    "Provenance",
    "ServiceCounts",
    "read_evidence",
]


def read_evidence(data: bytes, file: str, as_of: date | None = None) -> Evidence:
    """The counts of one exported file, whichever of the three kinds it is."""
    text = evidence_text(data, file)
    if text.lstrip()[:1] in ("{", "["):
        document = load_json(text, file)
        if task_definitions.looks_like(document):
            return read_task_definitions(document, file)
        if prowler.looks_like_ocsf(document):
            return read_prowler_ocsf(document, file)
        raise refuse(file, "", f"JSON of another kind; give {KINDS}")
    header = text.lstrip().split("\n", 1)[0]
    if credential_report.looks_like(header):
        return read_credential_report(data, file, as_of)
    if prowler.looks_like_csv(header):
        return read_prowler_csv(text, file)
    raise refuse(file, "row 1", f"not a file this tool reads; give {KINDS}")
