"""Prowler findings made with the models Prowler's own OCSF writer uses (``py-ocsf-models``,
as in ``prowler/lib/outputs/ocsf/ocsf.py``: ``metadata.event_code`` is the check id), and its CSV
laid out field by field as ``prowler/lib/outputs/csv/csv.py`` writes it (``;``-separated; the
``prowler`` package itself is not installed: it brings every cloud SDK)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

WHEN = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
# check id -> (passed, failed) in the made-up scan
SCAN = {
    "iam_rotate_access_key_90_days": (15, 22),
    "iam_user_accesskey_unused": (32, 5),
    "iam_user_two_active_access_key": (29, 4),
    "ec2_instance_imdsv2_enabled": (7, 4),
    "ecs_task_definitions_no_environment_secrets": (27, 14),
    "s3_bucket_default_encryption": (3, 1),  # not one of ours: skipped
}
RESOURCE = "arn:aws:iam::123456789012:user/zq-prowler-{index}"


def _finding(check: str, status: str, index: int):
    from py_ocsf_models.events.base_event import SeverityID, StatusID
    from py_ocsf_models.events.findings.detection_finding import (
        DetectionFinding,
        DetectionFindingTypeID,
    )
    from py_ocsf_models.events.findings.finding import ActivityID, FindingInformation
    from py_ocsf_models.objects.metadata import Metadata
    from py_ocsf_models.objects.product import Product
    from py_ocsf_models.objects.resource_details import ResourceDetails

    stamp = int(WHEN.timestamp())
    product = Product(uid="prowler", name="Prowler", vendor_name="Prowler", version="5.46.0")
    return DetectionFinding(
        activity_id=ActivityID.Create.value,
        activity_name=ActivityID.Create.name,
        finding_info=FindingInformation(
            uid=f"prowler-aws-{check}-{index}",
            title=check,
            created_time=stamp,
            created_time_dt=WHEN,
        ),
        time=stamp,
        time_dt=WHEN,
        severity_id=SeverityID.Medium.value,
        severity="Medium",
        status_id=StatusID.New.value,
        status=StatusID.New.name,
        status_code=status,
        resources=[
            ResourceDetails(
                uid=RESOURCE.format(index=index),
                region="us-east-1",
                type="AwsIamUser",
                name=f"zq-prowler-{index}",
            )
        ],
        metadata=Metadata(event_code=check, product=product),
        type_uid=DetectionFindingTypeID.Create,
        type_name=f"Detection Finding: {DetectionFindingTypeID.Create.name}",
    )


def _statuses():
    index = 0
    for check, (passed, failed) in SCAN.items():
        for status in ["PASS"] * passed + ["FAIL"] * failed:
            index += 1
            yield check, status, index


def ocsf_json() -> bytes:
    """The scan as Prowler's json-ocsf output: a JSON array of Detection Findings."""
    parts = [_finding(*entry).model_dump_json(exclude_none=True, indent=4) for entry in _statuses()]
    return ("[" + ",\n".join(parts) + "]").encode()


CSV_HEADER = (  # noqa: SIM905 (the writer's order, as one line of its header)
    "AUTH_METHOD;TIMESTAMP;ACCOUNT_UID;ACCOUNT_NAME;ACCOUNT_EMAIL;ACCOUNT_ORGANIZATION_UID;"
    "ACCOUNT_ORGANIZATION_NAME;ACCOUNT_TAGS;FINDING_UID;PROVIDER;CHECK_ID;CHECK_TITLE;CHECK_TYPE;"
    "STATUS;STATUS_EXTENDED;MUTED;SERVICE_NAME;SUBSERVICE_NAME;SEVERITY;RESOURCE_TYPE;RESOURCE_UID;"
    "RESOURCE_NAME;RESOURCE_DETAILS;RESOURCE_TAGS;PARTITION;REGION;DESCRIPTION;RISK;RELATED_URL;"
    "REMEDIATION_RECOMMENDATION_TEXT;REMEDIATION_RECOMMENDATION_URL;REMEDIATION_CODE_NATIVEIAC;"
    "REMEDIATION_CODE_TERRAFORM;REMEDIATION_CODE_CLI;REMEDIATION_CODE_OTHER;COMPLIANCE;CATEGORIES;"
    "DEPENDS_ON;RELATED_TO;NOTES;PROWLER_VERSION;ADDITIONAL_URLS;ACCOUNT_OU_UID;ACCOUNT_OU_NAME"
).split(";")


def csv_text() -> bytes:
    """The same scan as Prowler's csv output (``DictWriter(..., delimiter=";")``)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_HEADER, delimiter=";")
    writer.writeheader()
    for check, status, index in _statuses():
        row = dict.fromkeys(CSV_HEADER, "")
        row |= {
            "AUTH_METHOD": "profile: default",
            "TIMESTAMP": str(WHEN),
            "ACCOUNT_UID": "123456789012",
            "FINDING_UID": f"prowler-aws-{check}-{index}",
            "PROVIDER": "aws",
            "CHECK_ID": check,
            "STATUS": status,
            "MUTED": "False",
            "SEVERITY": "medium",
            "RESOURCE_UID": RESOURCE.format(index=index),
            "DESCRIPTION": "- Ensure access keys are rotated every 90 days or less",
            "PROWLER_VERSION": "5.46.0",
        }
        writer.writerow(row)
    return out.getvalue().encode()
