"""Every session-state key of the page is declared once, in ``accesscost.app.page_state``.

The test reads the page's code (``dashboard.py`` and ``accesscost/app``) as Python syntax and
collects each key it uses: ``st.session_state.X`` and ``state.X`` (the page's name for it),
``[...]``, ``.get/.pop/.setdefault`` with a string, and widgets' ``key=`` (a key built with an
f-string stands for its family, its placeholders as ``X``).
"""

from __future__ import annotations

import ast

import pytest

from accesscost.app.page_state import PAGE_KEY_FAMILIES, PAGE_KEYS, declared
from tests.conftest import TESTS

ROOT = TESTS.parent
PAGE_CODE = [ROOT / "dashboard.py", *sorted((ROOT / "accesscost" / "app").glob("*.py"))]
METHODS = {"get", "pop", "setdefault", "update", "items", "keys", "clear", "to_dict"}


def _text(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "X" for v in node.values)
    return None


def _is_state(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "session_state") or (
        isinstance(node, ast.Name) and node.id == "state"
    )


def _is_lookup(func: ast.expr) -> bool:
    return (
        isinstance(func, ast.Attribute)
        and func.attr in {"get", "pop", "setdefault"}
        and (_is_state(func.value))
    )


def _key_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute) and _is_state(node.value):
        return None if node.attr in METHODS else node.attr
    if isinstance(node, ast.Subscript) and _is_state(node.value):
        return _text(node.slice)
    if isinstance(node, ast.Call) and _is_lookup(node.func) and node.args:
        return _text(node.args[0])
    if isinstance(node, ast.keyword) and node.arg == "key":
        return _text(node.value)
    return None


def used_keys() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in PAGE_CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            key = _key_of(node)
            if key:
                found.setdefault(key, set()).add(path.name)
    return found


USED = used_keys()


def test_the_scan_finds_the_page_s_keys():
    # a guard on the scanner itself: the count, a widget key, a family and a state attribute
    for key in ("services", "services_slider", "calculation_X", "X_written", "scenario_start"):
        assert key in USED, key


@pytest.mark.parametrize("key", sorted(USED))
def test_every_key_the_page_uses_is_declared(key):
    assert declared(key), f"{key!r} ({', '.join(sorted(USED[key]))}) is not in page_state.py"


@pytest.mark.parametrize("key", sorted(PAGE_KEYS))
def test_every_declared_key_is_used(key):
    assert key in USED, f"{key!r} is declared in page_state.py but no page code uses it"


@pytest.mark.parametrize("family", sorted(PAGE_KEY_FAMILIES))
def test_every_declared_family_is_used(family):
    prefix, suffix = family
    assert any(k.startswith(prefix) and k.endswith(suffix) and k not in PAGE_KEYS for k in USED)


def test_an_undeclared_key_is_caught():
    assert not declared("services_typo")
    assert _key_of(ast.parse('st.session_state["services_typo"] = 1').body[0].targets[0])
