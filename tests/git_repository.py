"""A git repository made in ``tmp_path`` with the committed assumptions, for the diff tests; each
module names this file in ``pytest_plugins``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.git_tools import git


@pytest.fixture
def repository(tmp_path, repo_root) -> Path:
    """``assumptions/`` committed once on ``main``."""
    repo = tmp_path / "repo"
    shutil.copytree(repo_root / "assumptions", repo / "assumptions")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "test@example.com")
    git(repo, "config", "user.name", "Test")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "baseline")
    return repo
