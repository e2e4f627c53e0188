"""The three importers against real producers: a credential report and task definitions made by
boto3 against moto (tests/evidence_account.py), Prowler findings made with py-ocsf-models."""

from __future__ import annotations

import json
from datetime import date

import pytest

from accesscost.core.errors import AssumptionErrors
from accesscost.evidence import CheckCounts, KeyCounts, ServiceCounts, read_evidence
from tests import prowler_findings


def test_credential_report_counts_the_accounts_keys(account):
    counts = read_evidence(account.credential_report, "credential-report.csv")
    assert isinstance(counts, KeyCounts)
    # 22 + 15 keys made active; the inactive one is not counted
    assert counts.active_keys == 37
    assert counts.overdue_keys == 22  # made 2026-06-01: 182 days > 90
    assert counts.unused_keys == 5  # 3 old and 2 new never used: 182 and 60 days >= 45
    assert counts.users_with_two_active_keys == 4
    assert counts.s3_keys == 0  # moto writes "not_supported" where AWS writes the namespace
    assert str(counts.provenance) == "credential report, 2026-11-30, 37 rows"
    assert counts.summary() == "37 active keys, 22 older than 90 days, 5 unused 45+ days"


def test_keys_last_used_with_s3_are_counted(account):
    text = account.credential_report.decode()
    lines = text.splitlines()
    # AWS writes the service namespace (moto writes not_supported): set s3 on two rows' key 1
    header = lines[0].split(",")
    column = header.index("access_key_1_last_used_service")
    for row in (1, 2):
        cells = lines[row].split(",")
        cells[column] = "s3"
        lines[row] = ",".join(cells)
    counts = read_evidence("\n".join(lines).encode(), "report.csv")
    assert counts.s3_keys == 2


def test_an_older_as_of_date_ages_the_keys_less(account):
    counts = read_evidence(account.credential_report, "report.csv", as_of=date(2026, 8, 1))
    # on 2026-08-01 the June keys are 61 days old and the October keys not yet made (age 0)
    assert counts.overdue_keys == 0
    assert counts.provenance.as_of == date(2026, 8, 1)


def test_task_definitions_class_each_service(account):
    counts = read_evidence(account.task_definitions, "task-definitions.json")
    assert isinstance(counts, ServiceCounts)
    assert counts.services == 41  # 42 definitions, one family twice
    assert counts.by_class == {
        "task-role": 18,
        "keys-in-environment": 14,
        "secrets-manager": 9,
        "host-role": 0,
        "no-credentials": 0,
    }
    assert counts.provenance.rows == 42
    assert (
        counts.summary() == "41 services: 18 task role, 14 keys in environment, 9 Secrets Manager"
    )


def test_one_describe_output_and_a_bare_definition_are_read(account):
    described = json.loads(account.task_definitions)
    one = read_evidence(json.dumps(described[20]).encode(), "one.json")  # a D service
    assert one.by_class["keys-in-environment"] == 1
    bare = dict(described[10]["taskDefinition"])  # B, no secrets
    del bare["taskRoleArn"]
    bare["requiresCompatibilities"] = ["EC2"]
    assert read_evidence(json.dumps(bare).encode(), "bare.json").by_class["host-role"] == 1
    bare["requiresCompatibilities"] = ["FARGATE"]
    bare["containerDefinitions"][0]["secrets"] = []
    assert read_evidence(json.dumps(bare).encode(), "f.json").by_class["no-credentials"] == 1


@pytest.mark.parametrize("make", [prowler_findings.ocsf_json, prowler_findings.csv_text])
def test_prowler_pass_and_fail_counts(make):
    counts = read_evidence(make(), "prowler-output")
    assert isinstance(counts, CheckCounts)
    expected = {
        c: v for c, v in prowler_findings.SCAN.items() if c != "s3_bucket_default_encryption"
    }
    assert {c: (counts.passed[c], counts.failed[c]) for c in expected} == expected
    assert counts.provenance.as_of == date(2026, 11, 30)
    assert counts.provenance.rows == sum(p + f for p, f in prowler_findings.SCAN.values())


def _report(rows: list[str]) -> bytes:
    header = (
        "user,arn,user_creation_time,access_key_1_active,access_key_1_last_rotated,"
        "access_key_1_last_used_date,access_key_1_last_used_service,access_key_2_active,"
        "access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_service"
    )
    return "\n".join([header, *rows]).encode()


STAMP = "true,2026-01-01T00:00:00+00:00"
GOOD = "u,arn:x,2026-01-01T00:00:00+00:00,true,2026-01-01T00:00:00+00:00,N/A,N/A,false,N/A,N/A,N/A"
BAD_INPUTS = [
    ("wrong kind", b"name,value\na,1\n", "not a file this tool reads"),
    ("yaml", b"name: x\n", "not a file this tool reads"),
    ("json of another kind", b'{"Users": []}', "JSON of another kind"),
    (
        "missing column",
        _report([GOOD]).replace(b"access_key_2_active", b"key2"),
        "row 1: missing column access_key_2_active",
    ),
    (
        "malformed date",
        _report([GOOD.replace("2026-01-01T00:00:00+00:00,N/A", "yesterday,N/A")]),
        "row 2.access_key_1_last_rotated: not an ISO 8601 date-time",
    ),
    ("empty report", _report([]), "empty report"),
    ("empty file", b"", "the file is empty"),
    (
        "formula",
        _report([GOOD.replace("u,", '=HYPERLINK("http://x"),', 1)]),
        "row 2.user: formula-like cell",
    ),
    (
        "not true or false",
        _report([GOOD.replace("true", "yes", 1)]),
        "row 2.access_key_1_active: must be true or false",
    ),
    ("short row", _report(["u,arn"]), "row 2: has 2 cells"),
    (
        "active key without a date",
        _report([GOOD.replace(STAMP, "true,N/A")]),
        "row 2.access_key_1_last_rotated: an active key needs the date",
    ),
    ("no time zone", _report([GOOD.replace(STAMP, STAMP[:-6])]), "date-time without a time zone"),
    ("binary", b"\x00\x01\x02user,arn", "binary data"),
    ("latin-1", "user,arné\n".encode("latin-1"), "not UTF-8 text"),
    ("bad json", b'[{"taskDefinition": ', "not valid JSON"),
    ("deep json", b"[" * 100_000 + b"]" * 100_000, "nested deeper than 40"),
    (
        "task definition without containers",
        b'[{"taskDefinition": {"family": "x"}}]',
        "0.taskDefinition: not a task definition",
    ),
    (
        "environment not a list",
        b'{"containerDefinitions": [{"environment": 5}]}',
        "containerDefinitions.0.environment: must be a list",
    ),
    (
        "ocsf without a check id",
        b'[{"status_code": "FAIL", "metadata": {}}]',
        "0.metadata.event_code: missing",
    ),
    (
        "ocsf bad status",
        b'[{"status_code": "MAYBE", "metadata": {"event_code": "x"}}]',
        "0.status_code: must be one of PASS, FAIL, MANUAL",
    ),
    ("ocsf other class", b'[{"class_uid": 1001, "status_code": "FAIL"}]', "0.class_uid"),
    (
        "prowler csv formula",
        b"CHECK_ID;STATUS;TIMESTAMP\n=1+1;FAIL;2026-11-30 08:00:00\n",
        "row 2.CHECK_ID: formula-like cell",
    ),
    (
        "prowler csv bad date",
        b"CHECK_ID;STATUS;TIMESTAMP\nx;FAIL;soon\n",
        "row 2.TIMESTAMP: not an ISO 8601",
    ),
]


@pytest.mark.parametrize(("case", "data", "message"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_is_refused_with_file_field_and_reason(case, data, message):
    with pytest.raises(AssumptionErrors) as caught:
        read_evidence(data, "upload.csv")
    text = str(caught.value)
    assert text.startswith("upload.csv: ")
    assert message in text
    assert "HYPERLINK" not in text and "arné" not in text  # the offending value is not echoed


def test_a_50_mib_file_is_refused_by_its_size():
    with pytest.raises(AssumptionErrors, match=r"file is 50\.0 MiB, more than 20 MiB; not read"):
        read_evidence(b"user,arn\n" + b"x" * (50 * 2**20), "big.csv")


def test_a_row_is_named_by_its_number_in_the_file_blank_rows_included():
    bad = GOOD.replace("true,", "maybe,", 1)
    with pytest.raises(AssumptionErrors, match=r"upload.csv: row 4.access_key_1_active"):
        read_evidence(_report([GOOD, "", bad]), "upload.csv")
