"""The two sides of an assumptions diff: a folder, a scenario file, or either in a git revision.

A folder is an assumptions folder as it is; a file is a scenario applied to the assumptions
folder (``--assumptions``). A git revision is read with ``git archive`` into a temporary folder
that is removed once its files are loaded: the work tree, the index and the branch are never
touched, so a CI job can compare a pull request with its base without checking the base out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.applying import load_with_scenario
from accesscost.inputs.loading import Assumptions, root_folder
from accesscost.inputs.scenario import Scenario

GIT_TIMEOUT_S = 30


@dataclass(frozen=True)
class Side:
    name: str  # what it is, for the report: "assumptions", "main:assumptions/scenarios/x.yaml"
    assumptions: Assumptions
    scenario: Scenario


def load_side(path: Path | str, assumptions_dir: Path | str, label: str) -> Side:
    """A folder, or a scenario file applied to ``assumptions_dir``."""
    target = Path(path)
    if target.is_dir():
        assumptions, scenario = load_with_scenario(target)
    elif target.is_file():
        assumptions, scenario = load_with_scenario(assumptions_dir, target)
    else:
        raise AssumptionErrors.one(label, "", f"no such folder or scenario file: {path}")
    return Side(str(path), assumptions, scenario)


def _git(top: Path, args: list[str], label: str, binary: bool = False):
    import subprocess  # here, not at the top: only a git side needs it (CLI start-up, issue 21)

    try:
        done = subprocess.run(
            ["git", "-C", str(top), *args],
            capture_output=True,
            timeout=GIT_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise AssumptionErrors.one(label, "", f"git failed: {error}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise AssumptionErrors.one(label, "", reason[-1] if reason else "git failed")
    return done.stdout if binary else done.stdout.decode("utf-8").strip()


def _toplevel(path: Path, label: str) -> Path:
    folder = path if path.is_dir() else path.parent
    if not folder.exists():
        raise AssumptionErrors.one(label, "", f"no such folder or scenario file: {path}")
    return Path(_git(folder.resolve(), ["rev-parse", "--show-toplevel"], label))


def _relative(path: Path, top: Path, label: str) -> str:
    try:
        return path.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        raise AssumptionErrors.one(
            label, "", f"{path} is not inside the repository {top}"
        ) from None


def _check_revision(top: Path, revision: str, label: str) -> None:
    if not revision or revision.startswith("-"):
        raise AssumptionErrors.one(label, "", f"not a git revision: {revision!r}")
    _git(
        top,
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"],
        label,
    )


def git_side(revision: str, path: Path | str, assumptions_dir: Path | str, label: str) -> Side:
    """``path`` (and, for a scenario file, ``assumptions_dir``) as they are in ``revision``."""
    path, folder = Path(path), Path(assumptions_dir)
    top = _toplevel(path, label)
    _check_revision(top, revision, label)
    wanted = [_relative(path, top, label)]
    if not path.is_dir():
        wanted.append(_relative(folder, top, label))
    base = path if path.is_dir() else folder
    shared = (
        []
        if root_folder(base) == base
        else [_relative(root_folder(base), top, label) + "/org.yaml"]
    )
    archived = [*wanted, *shared]  # a decisions/<id> folder needs the root's org.yaml too
    data = _git(top, ["archive", "--format=tar", revision, "--", *archived], label, binary=True)
    import tarfile
    import tempfile

    with tempfile.TemporaryDirectory(prefix="assumptions-diff-") as temporary:
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            archive.extractall(temporary, filter="data")
        root = Path(temporary)
        side = load_side(root / wanted[0], root / wanted[-1], label)
    return Side(f"{revision}:{wanted[0]}", side.assumptions, side.scenario)
