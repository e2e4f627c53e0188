"""The scenarios folder: scenario files read (size-capped, not through a symlink out of the
folder), listed, saved and deleted.

Scenario files are written atomically (temp file, then rename) into the scenarios folder only,
under a sanitised name (``scenario_slug``); a new name is created exclusively, and replacing an
existing file needs the caller's confirmation (``ScenarioExists``).
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

from accesscost.core.errors import AssumptionErrors, Problem
from accesscost.core.files import file_kind, write_atomic
from accesscost.inputs.safe_yaml import read_capped
from accesscost.inputs.scenario import (
    MAX_SCENARIO_BYTES,
    Scenario,
    scenario_from_text,
    scenario_yaml,
)
from accesscost.inputs.snapshot import visible_yaml

WINDOWS_DEVICES = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$")


class ScenarioExists(AssumptionErrors):
    """Saving would replace an existing scenario file; the caller must confirm."""


def load_scenario(path: Path, within: Path | None = None) -> Scenario:
    """A scenario file, refused by its size before it is read (at most 64 KiB are read), and
    refused if it is a symlink out of the folder ``within`` (when given)."""
    path = Path(path)
    return scenario_from_text(read_capped(path, MAX_SCENARIO_BYTES, within), str(path))


def scenario_slug(name: str) -> str:
    """A safe file stem for a scenario name: no separators, no dots, no hidden files."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60].strip("-")
    if not slug:
        raise AssumptionErrors.one("scenario", "name", "needs at least one letter or digit")
    if WINDOWS_DEVICES.match(slug):
        reason = f"{slug!r} names a device on Windows ({slug}.yaml cannot be opened there)"
        raise AssumptionErrors.one("scenario", "name", f"{reason}; choose another name")
    return slug


def scenario_path(folder: Path, name: str) -> Path:
    folder = Path(folder).resolve()
    path = (folder / f"{scenario_slug(name)}.yaml").resolve()
    if path.parent != folder:
        raise AssumptionErrors.one("scenario", "name", "must stay inside the scenarios folder")
    return path


def list_scenarios(folder: Path) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return visible_yaml(folder)


def save_scenario(folder: Path, scenario: Scenario, overwrite: bool = False) -> Path:
    """Write the scenario atomically as ``<slug>.yaml``; refuse to replace one unless told.

    A new name is created exclusively: of two saves of the same new name at once, one writes the
    file and the other is told it exists (``ScenarioExists``), never both "saved"."""
    path = scenario_path(folder, scenario.name)
    exists = ScenarioExists(
        [Problem("scenario", "name", f"{path.name} already exists; confirm to replace it")]
    )
    if path.exists() and not overwrite:
        raise exists
    try:
        write_atomic(path, scenario_yaml(scenario), exclusive=not overwrite)
    except FileExistsError as error:
        if path.parent.is_dir():  # the name was taken between the check and the write
            raise exists from None
        raise AssumptionErrors.one(str(path), "", _cannot("save", path, error)) from None
    except OSError as error:
        raise AssumptionErrors.one(str(path), "", _cannot("save", path, error)) from None
    return path


def delete_scenario(folder: Path, path: Path) -> None:
    """Delete exactly the listed scenario file ``path``: never a symlink, never a file that is
    not one of ``list_scenarios(folder)``, never another file of a similar name."""
    path, listed = Path(path), {p.name for p in list_scenarios(folder)}
    if path.parent.resolve() != Path(folder).resolve():
        raise AssumptionErrors.one(str(path), "", "not in the scenarios folder; not deleted")
    if path.is_symlink():
        reason = "is a symlink; delete it outside the page if you mean to"
        raise AssumptionErrors.one(str(path), "", reason)
    if path.name not in listed or file_kind(path) != "a regular file":
        raise AssumptionErrors.one(str(path), "", f"not a saved scenario ({file_kind(path)})")
    try:
        path.unlink()
    except OSError as error:
        raise AssumptionErrors.one(str(path), "", _cannot("delete", path, error)) from None


def _cannot(action: str, path: Path, error: OSError) -> str:
    """Why a scenario file could not be written or removed, in words."""
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        return f"cannot {action} it: {folder} is a file, not a folder"
    if isinstance(error, PermissionError) or error.errno == errno.EROFS:
        return f"cannot {action} it: the scenarios folder {folder} is read-only"
    return f"cannot {action} it: {error.strerror or error}"
