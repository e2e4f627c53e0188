"""ECS task definitions: which way each service gets its AWS credentials today.

The input is the JSON of ``aws ecs describe-task-definition`` (``{"taskDefinition": {...}}``),
a bare task definition, or a list of either (one file per account is the usual export). A service
is a task-definition family; of several revisions the highest counts. Each family is classed by
the first rule that holds, most exposed first:

1. ``keys-in-environment`` (pattern D): a container's ``environment`` sets ``AWS_ACCESS_KEY_ID``
   or ``AWS_SECRET_ACCESS_KEY`` (what AWS Config's ``ecs-no-environment-secrets`` and Prowler's
   ``ecs_task_definitions_no_environment_secrets`` flag); the SDKs read these before any role;
2. ``secrets-manager`` (pattern F): a container's ``secrets[].valueFrom`` points at AWS Secrets
   Manager (``arn:aws:secretsmanager:``) and the task has no task role, or the secret is injected
   as one of those two variables;
3. ``task-role`` (pattern B): ``taskRoleArn`` is set;
4. ``host-role`` (pattern E): no task role, and the task can run on EC2 (``requiresCompatibilities``
   names EC2 or is absent), so it falls back to the instance profile;
5. ``no-credentials``: none of these (a Fargate task without a task role has no AWS credentials).

Nothing but these counts is kept: no family name, ARN, image or value.
"""

from __future__ import annotations

from dataclasses import dataclass

from accesscost.evidence.common import EPOCH_DIGITS, Provenance, parse_timestamp, refuse

KIND = "ECS task definitions"
KEY_VARIABLES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
CLASSES = {  # class -> what the page says
    "task-role": "task role",
    "keys-in-environment": "keys in environment",
    "secrets-manager": "Secrets Manager",
    "host-role": "EC2 host role (no task role)",
    "no-credentials": "no AWS credentials",
}


def looks_like(document: object) -> bool:
    first = document[0] if isinstance(document, list) and document else document
    return isinstance(first, dict) and (
        "taskDefinition" in first or "containerDefinitions" in first
    )


@dataclass(frozen=True)
class ServiceCounts:
    """How many services (task-definition families) get credentials each way."""

    provenance: Provenance
    by_class: dict[str, int]

    @property
    def services(self) -> int:
        return sum(self.by_class.values())

    def summary(self) -> str:
        parts = [f"{self.by_class[c]} {CLASSES[c]}" for c in CLASSES if self.by_class[c]]
        return f"{self.services} services: " + ", ".join(parts)

    def rows(self) -> list[tuple[str, int]]:
        return [("services (task-definition families)", self.services)] + [
            (f"services with {label}", self.by_class[c]) for c, label in CLASSES.items()
        ]


def _definitions(document: object, file: str) -> list[tuple[str, dict]]:
    entries = document if isinstance(document, list) else [document]
    if not entries:
        raise refuse(file, "", "empty list: no task definitions")
    found = []
    for index, entry in enumerate(entries):
        where = f"{index}" if isinstance(document, list) else ""
        if isinstance(entry, dict) and isinstance(entry.get("taskDefinition"), dict):
            entry, where = entry["taskDefinition"], _join(where, "taskDefinition")
        if not isinstance(entry, dict) or "containerDefinitions" not in entry:
            reason = "not a task definition (no containerDefinitions)"
            raise refuse(file, where or "(top level)", reason)
        found.append((where, entry))
    return found


def _join(*parts: str) -> str:
    return ".".join(part for part in parts if part)


def _text(value: object, file: str, where: str) -> str:
    if not isinstance(value, str):
        raise refuse(file, where, "must be text")
    return value


def _containers(definition: dict, file: str, where: str) -> list[dict]:
    containers = definition["containerDefinitions"]
    if not isinstance(containers, list) or not all(isinstance(c, dict) for c in containers):
        raise refuse(file, _join(where, "containerDefinitions"), "must be a list of containers")
    return containers


def _named(container: dict, field: str, file: str, where: str) -> list[dict]:
    entries = container.get(field) or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise refuse(file, _join(where, field), "must be a list of {name, ...} entries")
    for index, entry in enumerate(entries):
        _text(entry.get("name", ""), file, _join(where, field, str(index), "name"))
    return entries


def _classify(definition: dict, file: str, where: str) -> str:
    keys_in_env = from_store = store_keys = False
    for index, container in enumerate(_containers(definition, file, where)):
        at = _join(where, "containerDefinitions", str(index))
        names = {e.get("name") for e in _named(container, "environment", file, at)}
        keys_in_env |= bool(names & KEY_VARIABLES)
        for number, secret in enumerate(_named(container, "secrets", file, at)):
            source = _text(secret.get("valueFrom", ""), file, _join(at, f"secrets.{number}"))
            in_manager = source.startswith("arn:aws:secretsmanager:")
            from_store |= in_manager
            store_keys |= secret.get("name") in KEY_VARIABLES
    role = definition.get("taskRoleArn")
    if role is not None:
        _text(role, file, _join(where, "taskRoleArn"))
    if keys_in_env:
        return "keys-in-environment"
    if store_keys or (from_store and not role):
        return "secrets-manager"
    if role:
        return "task-role"
    launch = definition.get("requiresCompatibilities") or ["EC2"]
    return "host-role" if "EC2" in launch else "no-credentials"


def _revision(definition: dict, file: str, where: str) -> int:
    revision = definition.get("revision", 0)
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 0:
        raise refuse(file, _join(where, "revision"), "must be a whole number")
    return revision


def _registered(definition: dict, file: str, where: str):
    stamp = definition.get("registeredAt")
    if stamp is None:
        return None
    field = _join(where, "registeredAt")
    if isinstance(stamp, int | float) and not isinstance(stamp, bool):  # the API's epoch seconds
        stamp = str(int(stamp)) if stamp == stamp and abs(stamp) < 10**EPOCH_DIGITS else "?"
    return parse_timestamp(_text(stamp, file, field), file, field).date()


def read_task_definitions(document: object, file: str) -> ServiceCounts:
    """Services per credential class, from parsed describe-task-definition JSON."""
    latest: dict[str, tuple[int, str]] = {}
    dates = []
    definitions = _definitions(document, file)
    for index, (where, definition) in enumerate(definitions):
        family = definition.get("family", f"(unnamed {index})")
        _text(family, file, _join(where, "family"))
        revision = _revision(definition, file, where)
        kind = _classify(definition, file, where)
        if family not in latest or revision >= latest[family][0]:
            latest[family] = (revision, kind)
        dates.append(_registered(definition, file, where))
    counts = dict.fromkeys(CLASSES, 0)
    for _, kind in latest.values():
        counts[kind] += 1
    as_of = max((d for d in dates if d is not None), default=None)
    return ServiceCounts(Provenance(KIND, as_of, len(definitions)), counts)
