"""The hostile-input corpus of ``tests/hostile/``: each bad file, where it goes in a copy of the
assumptions folder, and the problem lines it must produce (``tests/hostile/cases.yaml``).

Files too big to commit (50 MiB, 100,000 nested brackets) are made at test time by ``GENERATORS``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

TESTS = Path(__file__).resolve().parent
HOSTILE = TESTS / "hostile"
ASSUMPTIONS = TESTS.parent / "assumptions"
SLOTS = {
    "org": "org.yaml",
    "decision": "decision.yaml",
    "pattern": "patterns/b-task-role.yaml",
    "guardrails": "guardrails.yaml",
    "threats": "threats.yaml",
    "new-pattern": "patterns/g-copy.yaml",
    "scenario": "scenarios/hostile.yaml",
}
MARKER = "hostile-yaml-ran"  # the file the !!python tags of the corpus would create if run
FIFTY_MIB = 50 * 2**20


def _padded(head: bytes, size: int) -> bytes:
    """``head`` then comment lines up to ``size`` bytes: valid YAML all the way."""
    line = b"# " + b"x" * 97 + b"\n"
    body = line * ((size - len(head)) // len(line) + 1)
    return (head + body)[:size]


def _valid_pattern() -> bytes:
    return (HOSTILE / "duplicate-pattern-id.yaml").read_bytes()  # a valid b-task-role pattern


def _aliased_guardrails(count: int) -> bytes:
    """A scenario listing one guardrail ``count`` times through one YAML alias (about 4 bytes
    each): it once made ``export`` take 214 s and 2.1 GB."""
    return (
        b"name: Amplified\nguardrails:\n  b-task-role: [&g permission-boundaries"
        + b", *g" * (count - 1)
        + b"]\n"
    )


GENERATORS = {
    "fifty-mb": lambda: _padded(_valid_pattern(), FIFTY_MIB),
    "deep-nesting-flow": lambda: b"[" * 100_000 + b"]" * 100_000,
    "fifty-mb-scenario": lambda: _padded(b"name: Big\n", FIFTY_MIB),
    "scenario-too-large": lambda: b"name: Big\ndescription: " + b"x" * 100_000 + b"\n",
    "guardrail-alias-15000": lambda: _aliased_guardrails(15_000),
}
OUTSIDE = "outside-the-folder.yaml"  # where a ``symlink-out`` case's link points, beside the folder


@dataclass(frozen=True)
class Case:
    """One hostile input: its bytes go to ``slot``; ``expect`` is [(field.path, reason start)]."""

    id: str
    slot: str
    why: str
    expect: tuple[tuple[str, str], ...]
    file: str | None = None
    generate: str | None = None
    special: str | None = None  # "fifo" or "symlink-out": not bytes, a kind of file
    accepted: bool = False  # valid, hostile text: shown and exported as text, never refused

    @property
    def target(self) -> str:
        return SLOTS[self.slot]

    @property
    def is_scenario(self) -> bool:
        return self.slot == "scenario"

    def data(self) -> bytes:
        if self.generate:
            return GENERATORS[self.generate]()
        if self.special:
            return _valid_pattern()  # what a symlink-out case's link points to
        return (HOSTILE / self.file).read_bytes()


def load_cases() -> list[Case]:
    cases = []
    for entry in yaml.safe_load((HOSTILE / "cases.yaml").read_text(encoding="utf-8")):
        name = entry.get("file") or entry.get("generate") or entry["special"]
        expect = tuple((field, reason) for field, reason in entry["expect"])
        cases.append(
            Case(
                id=Path(name).stem,
                slot=entry["slot"],
                why=entry["why"],
                expect=expect,
                file=entry.get("file"),
                generate=entry.get("generate"),
                special=entry.get("special"),
                accepted=entry.get("accepted", False),
            )
        )
    return cases


CASES = load_cases()
REFUSED = [case for case in CASES if not case.accepted]  # every case but the accepted texts
ACCEPTED = [case for case in CASES if case.accepted]


def copy_assumptions(folder: Path) -> Path:
    """A copy of the committed assumptions folder at ``folder``."""
    shutil.copytree(ASSUMPTIONS, folder)
    return folder


def place(case: Case, folder: Path) -> Path:
    """Write the case's bytes (or make its FIFO or symlink) into its slot of ``folder``; return
    the file written."""
    path = folder / case.target
    path.unlink(missing_ok=True)
    if case.special == "fifo":
        os.mkfifo(path)
    elif case.special == "symlink-out":
        outside = folder.parent / OUTSIDE
        outside.write_bytes(case.data())
        path.symlink_to(outside)
    else:
        path.write_bytes(case.data())
    return path


def restore(folder: Path, target: str, original: bytes | None) -> None:
    """Put a slot back as it was (a FIFO or a symlink is removed first, never written through)."""
    path = folder / target
    path.unlink(missing_ok=True)
    if original is not None:
        path.write_bytes(original)


def snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every file under ``folder`` (hidden ones too): sha256, size and modification time."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            files[str(path.relative_to(folder))] = (digest, stat.st_size, stat.st_mtime_ns)
    return files


def unmatched(lines: list[str], case: Case, file: str) -> list[str]:
    """What is wrong with ``lines`` against the case's ``file: field.path: reason`` lines:
    an empty list when there is exactly one line for each expected problem."""
    wrong = [] if len(lines) == len(case.expect) else [f"{len(lines)} lines: {lines}"]
    for field, reason in case.expect:
        prefix = f"{file}: {field}: " if field else f"{file}: "
        hits = [line for line in lines if line.removeprefix(prefix).startswith(reason)]
        hits = [line for line in hits if line.startswith(prefix)]
        if len(hits) != 1:
            wrong.append(f"expected one line {prefix}{reason}..., found {hits} in {lines}")
    return wrong
