"""A made-up AWS account, produced by the real APIs (boto3 against moto 5), and its exports.

The account, as of 2026-11-30 (time frozen with freezegun while keys are created and used):
- 37 IAM users (the credential report's rows): 29 with one active key, 4 with two (37 active
  keys), 4 without a key, and one inactive key that must not count;
- 22 keys created on 2026-06-01 (182 days old: over 90), 15 on 2026-10-01 (60 days);
- 5 keys never used since they were created (3 of the old, 2 of the new: 45+ days idle), the
  other 32 used on 2026-11-25 (5 days idle);
- 41 ECS services (task-definition families): 18 with a task role (6 of them also read a database
  password from Secrets Manager, which leaves them B), 14 with AWS keys in their environment (2
  of them also with a task role: the keys win), 9 with the keys injected from Secrets Manager;
  one family registered twice, so 42 definitions describe 41 services.
Identifiers below (user names, the account id, key ids, family names, ARNs) must never reach an
output: ``IDENTIFIERS`` lists them for the tests that grep every export.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

AS_OF = "2026-11-30"
REGION = "us-east-1"
SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:zq-db-password-Xk29Qa"
KEYS_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:zq-s3-writer-Lp44Rb"
ROLE_ARN = "arn:aws:iam::123456789012:role/zq-image-task-role"


@dataclass
class Account:
    credential_report: bytes = b""
    task_definitions: bytes = b""
    identifiers: set[str] = field(default_factory=set)


def _use(key: dict) -> None:
    import boto3

    boto3.client(
        "sts",
        region_name=REGION,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    ).get_caller_identity()


def _keys(iam, account: Account, created: str, first: int, count: int, in_use: int) -> list:
    """``count`` keys made on ``created`` for users ``first``...; the first ``in_use`` get used.
    Users 0-32 get a first key; keys past 33 are second keys of users 0, 1, 2, ..."""
    from freezegun import freeze_time

    used = []
    with freeze_time(created):
        for index in range(first, first + count):
            name = f"zq-user-{index if index < 33 else index - 33:02d}"
            if index < 33:
                iam.create_user(UserName=name)
            key = iam.create_access_key(UserName=name)["AccessKey"]
            account.identifiers |= {name, key["AccessKeyId"]}
            if index - first < in_use:
                used.append(key)
    return used


def _users(iam, account: Account) -> None:
    from freezegun import freeze_time

    used = _keys(iam, account, "2026-06-01", 0, 22, 19) + _keys(
        iam, account, "2026-10-01", 22, 15, 13
    )
    with freeze_time("2026-07-01"):
        for index in range(4):
            name = f"zq-nokey-{index}"
            iam.create_user(UserName=name)
            account.identifiers.add(name)
        spare = iam.create_access_key(UserName="zq-nokey-0")["AccessKey"]
        iam.update_access_key(
            UserName="zq-nokey-0", AccessKeyId=spare["AccessKeyId"], Status="Inactive"
        )
        account.identifiers.add(spare["AccessKeyId"])
    with freeze_time("2026-11-25"):
        for key in used:
            _use(key)


def _report(iam) -> bytes:
    from freezegun import freeze_time

    with freeze_time(AS_OF):  # the report is generated on the day (the last user made then)
        iam.delete_user(UserName="zq-nokey-3")
        iam.create_user(UserName="zq-nokey-last")
        iam.generate_credential_report()
        return iam.get_credential_report()["Content"]


def _container(env: list[dict], secrets: list[dict]) -> dict:
    return {
        "name": "image-processor",
        "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/zq-thumbnailer:1.4",
        "memory": 512,
        "environment": [{"name": "OUTPUT_BUCKET", "value": "zq-thumbnails"}, *env],
        "secrets": secrets,
    }


KEYS_ENV = [
    {"name": "AWS_ACCESS_KEY_ID", "value": "AKIAZQEXAMPLE0000001"},
    {"name": "AWS_SECRET_ACCESS_KEY", "value": "zqSecretExampleValue/Not+Real0000000001"},
]
KEYS_FROM_SECRETS = [
    {"name": "AWS_ACCESS_KEY_ID", "valueFrom": f"{KEYS_SECRET_ARN}:access_key_id::"},
    {"name": "AWS_SECRET_ACCESS_KEY", "valueFrom": f"{KEYS_SECRET_ARN}:secret_access_key::"},
]


def _services() -> list[dict]:
    services = []
    for i in range(18):  # B: task role (6 also read a DB password from Secrets Manager)
        secrets = [{"name": "DB_PASSWORD", "valueFrom": SECRET_ARN}] if i < 6 else []
        services.append(
            {
                "family": f"zq-role-{i:02d}",
                "taskRoleArn": ROLE_ARN,
                "requiresCompatibilities": ["FARGATE"],
                "networkMode": "awsvpc",
                "cpu": "256",
                "memory": "512",
                "containerDefinitions": [_container([], secrets)],
            }
        )
    for i in range(14):  # D: keys in the environment (2 with a task role as well)
        role = {"taskRoleArn": ROLE_ARN} if i < 2 else {}
        services.append(
            {
                "family": f"zq-keys-{i:02d}",
                **role,
                "requiresCompatibilities": ["EC2"],
                "containerDefinitions": [_container(KEYS_ENV, [])],
            }
        )
    for i in range(9):  # F: keys injected from Secrets Manager
        services.append(
            {
                "family": f"zq-vault-{i:02d}",
                "requiresCompatibilities": ["EC2"],
                "containerDefinitions": [_container([], KEYS_FROM_SECRETS)],
            }
        )
    return services


def _task_definitions(ecs, account: Account) -> bytes:
    from freezegun import freeze_time

    described = []
    with freeze_time(AS_OF):
        registered = [ecs.register_task_definition(**service) for service in _services()]
        registered.append(ecs.register_task_definition(**_services()[0]))  # a second revision
        for entry in registered:
            arn = entry["taskDefinition"]["taskDefinitionArn"]
            account.identifiers |= {arn, entry["taskDefinition"]["family"]}
            answer = ecs.describe_task_definition(taskDefinition=arn)
            answer.pop("ResponseMetadata", None)
            described.append(answer)
    return json.dumps(described, default=str, indent=1).encode()


def make_account() -> Account:
    """The account above, through boto3 against moto (call once per test session: ~1 s)."""
    import boto3
    from moto import mock_aws

    account = Account()
    with mock_aws():
        iam = boto3.client("iam", region_name=REGION)
        _users(iam, account)
        account.credential_report = _report(iam)
        account.task_definitions = _task_definitions(
            boto3.client("ecs", region_name=REGION), account
        )
    account.identifiers |= {
        "123456789012",
        ROLE_ARN,
        SECRET_ARN,
        KEYS_SECRET_ARN,
        "AKIAZQEXAMPLE0000001",
        "zqSecretExampleValue/Not+Real0000000001",
        "zq-thumbnailer",
        "zq-thumbnails",
        "zq-nokey-last",
    }
    return account
