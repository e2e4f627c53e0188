"""Cheap shared fixtures: the repository, the committed assumptions, synthetic assumption folders
and runners for ``cli.py`` in subprocesses.

Starting Python costs about half a second per ``cli.py`` command, most of the suite's time. Tests
marked ``start_early`` run first, so the commands they start (``start_cli``) run in the background
while the in-process tests do; the tests that read the results run in their usual place.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from accesscost.inputs.documents import validate_document
from accesscost.inputs.loading import Assumptions, load_assumptions
from accesscost.inputs.org_schema import Org
from accesscost.inputs.schema import Pattern

TESTS = Path(__file__).parent
REPO_ROOT = TESTS.parent
# The committed assumptions, found relative to the tests folder wherever the tree is checked out.
ASSUMPTIONS = TESTS / ".." / "assumptions"

# The engine inputs of the synthetic org: $100 an hour, 4 services per host, 3-year horizon,
# savings against "ref". Everything else (bands, ...) is taken from the committed org.yaml, so the
# synthetic sets stay valid when the matrix settings change.
ORG_OVERRIDES = {
    "currency": "USD",
    "labour": {"hourly_rate_usd": 100, "hours_per_day": 8, "source": "test"},
    "default_services": 10,
    "services_per_host": 4,
    "services_per_host_source": "test",
    "horizon_years": 3,
    "reference_pattern": "ref",
}


def _org_document() -> dict:
    """A valid org document: the committed org.yaml with ``ORG_OVERRIDES``."""
    committed = yaml.safe_load((ASSUMPTIONS / "org.yaml").read_text(encoding="utf-8"))
    return committed | copy.deepcopy(ORG_OVERRIDES)


def _pattern_document(pattern_id: str, **fields) -> dict:
    """A valid pattern file with one implementation item, changed by ``fields``."""
    document = {
        "id": pattern_id,
        "name": f"Pattern {pattern_id}",
        "summary": "test pattern",
        "meets_requirement": True,
        "security_posture": {"rating": "strong", "note": "test"},
        "implementation": [{"name": "set up", "per": "deployment", "hours": 1, "source": "test"}],
    }
    return document | copy.deepcopy(fields)


def _write_assumptions(tmp_path: Path, org: dict, patterns: dict[str, dict]) -> Path:
    """Write ``org.yaml`` and ``patterns/<id>.yaml`` under ``tmp_path``; return the folder."""
    folder = tmp_path / "assumptions"
    (folder / "patterns").mkdir(parents=True)
    (folder / "org.yaml").write_text(yaml.safe_dump(org, sort_keys=False))
    for pattern_id, document in patterns.items():
        text = yaml.safe_dump(document, sort_keys=False)
        (folder / "patterns" / f"{pattern_id}.yaml").write_text(text)
    return folder


def _run_cli(*args: str | Path) -> subprocess.CompletedProcess:
    """``python cli.py ARGS`` from the repository root, no stdin, output captured as text."""
    return subprocess.run(
        [sys.executable, "cli.py", *map(str, args)],
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


class CliRuns:
    """Named ``cli.py`` commands, each in its own process, all started at once in worker threads;
    ``runs[name]`` waits for that command and returns its ``CompletedProcess``."""

    def __init__(self, commands: dict[str, Sequence[str | Path]]):
        pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
        self.futures = {name: pool.submit(_run_cli, *args) for name, args in commands.items()}
        pool.shutdown(wait=False)

    def __getitem__(self, name: str) -> subprocess.CompletedProcess:
        return self.futures[name].result()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "start_early: run first; starts background work that later tests read"
    )


# The fast tier (``pytest -m "not browser and not slow"``, under 30 s) leaves out the tests that
# drive the page (AppTest, Chromium), start whole processes or write exports (the app, cli and
# export folders), and the property-based, moto-backed and README-command modules; a test elsewhere
# that builds an export or simulates at the limits is marked ``slow`` where it stands.
SLOW_FOLDERS = ("app", "cli", "export")
SLOW_MODULES = ("test_fuzz.py", "test_engine_properties.py", "test_evidence.py", "test_docs.py")


def pytest_collection_modifyitems(items):
    for item in items:
        relative = Path(item.path).relative_to(TESTS)
        if relative.parts[0] in SLOW_FOLDERS or relative.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: item.get_closest_marker("start_early") is None)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def default_assumptions() -> Assumptions:
    """The committed ``assumptions/`` folder, loaded once."""
    return load_assumptions(ASSUMPTIONS)


@pytest.fixture(scope="session")
def org_document() -> Callable[[], dict]:
    """A fresh copy of a valid org document on each call."""
    return _org_document


@pytest.fixture(scope="session")
def pattern_document() -> Callable[..., dict]:
    """``pattern_document(id, **fields)``: a valid pattern document, fields replaced."""
    return _pattern_document


@pytest.fixture(scope="session")
def write_assumptions() -> Callable[[Path, dict, dict[str, dict]], Path]:
    """``write_assumptions(tmp_path, org, patterns)``: a synthetic assumptions folder."""
    return _write_assumptions


@pytest.fixture(scope="session")
def run_cli() -> Callable[..., subprocess.CompletedProcess]:
    """``run_cli(*args)``: ``python cli.py ARGS`` as a subprocess."""
    return _run_cli


@pytest.fixture(scope="session")
def start_cli() -> Callable[[dict[str, Sequence[str | Path]]], CliRuns]:
    """``start_cli({name: args, ...})``: start every command now; read results by name later."""
    return CliRuns


@pytest.fixture(scope="module")
def assumptions_of(org_document, pattern_document):
    """``assumptions_of({id: fields}, **org_fields)``: validated synthetic assumptions."""

    def build(patterns: dict[str, dict], **org_fields) -> Assumptions:
        document = org_document() | {"reference_pattern": next(iter(patterns))} | org_fields
        org = validate_document(Org, document, "org.yaml")
        parsed = {
            pid: validate_document(Pattern, pattern_document(pid, **fields), f"{pid}.yaml")
            for pid, fields in patterns.items()
        }
        return Assumptions(org, parsed)

    return build


@pytest.fixture(scope="session")
def account():
    """The moto-made account of ``tests/evidence_account.py`` (41 services, 37 keys), made once."""
    from tests.evidence_account import make_account

    return make_account()
