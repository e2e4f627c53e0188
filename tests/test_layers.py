"""The package's layers run one way: a module imports only from its own layer or a lower one, and
only the app layer imports streamlit. Lazy imports inside functions count too."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "accesscost"
# Lowest first; cli and app are both on top and never import each other.
LAYERS = ("core", "inputs", "model", "evidence", "text", "figures", "export", "cli", "app")
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


def layer_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported(path: Path) -> set[str]:
    """Every absolute module name ``path`` imports, at any depth of its code."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def wrong_way(path: Path) -> list[str]:
    here = LAYERS.index(layer_of(path))
    problems = []
    for name in sorted(imported(path)):
        parts = name.split(".")
        if parts[0] == "streamlit" and layer_of(path) != "app":
            problems.append(f"{name}: only the app layer imports streamlit")
        if parts[0] != "accesscost" or len(parts) < 2 or parts[1] not in LAYERS:
            continue
        there = parts[1]
        if LAYERS.index(there) > here or {there, layer_of(path)} == {"cli", "app"}:
            problems.append(f"{name}: {layer_of(path)} may not import from {there}")
    return problems


def test_every_module_sits_in_a_known_layer():
    assert MODULES, "no modules found under accesscost/"
    assert {layer_of(p) for p in MODULES} <= set(LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path):
    assert wrong_way(path) == []


def test_the_check_sees_a_wrong_way_import(tmp_path, monkeypatch):
    """A model module importing a figure builder, or streamlit, is caught."""
    fake = tmp_path / "accesscost" / "model" / "fake.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("def f():\n    from accesscost.figures import finops\n    import streamlit\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "accesscost")
    assert wrong_way(fake) == [
        "accesscost.figures: model may not import from figures",
        "accesscost.figures.finops: model may not import from figures",
        "streamlit: only the app layer imports streamlit",
    ]
