"""Reading a file we did not write: size-capped, decoded strictly, within its folder, and
parsed as YAML with the safe loader only (libyaml's when installed).

A small hostile file must not eat memory or time: the file is refused above ``MAX_FILE_BYTES``,
aliases and nesting are bounded (``MAX_NODES``, ``MAX_DEPTH``) before anything is constructed, a
key given twice and control characters (raw or as YAML escapes) are refused, and every problem
names the file, the line and column, and the reason.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from accesscost.core.errors import AssumptionErrors
from accesscost.core.files import file_kind
from accesscost.core.safe_text import control_character, short_text

MAX_FILE_BYTES = 256 * 1024


MAX_NODES = 20_000


MAX_DEPTH = 40


if TYPE_CHECKING:  # libyaml's loader has the pure-Python one's interface
    _BaseSafeLoader = yaml.SafeLoader
else:
    _BaseSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SafeLoader(_BaseSafeLoader):
    """The safe loader (libyaml's when installed) that refuses a key given twice in a mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        _refuse_duplicate_keys(self, node)
        return super().construct_mapping(node, deep=deep)


def _refuse_duplicate_keys(
    loader: yaml.constructor.BaseConstructor, node: yaml.MappingNode
) -> None:
    first: dict = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            continue  # the constructor reports an unhashable key itself
        if key in first:
            reason = f"duplicate key {key!r} (first given on line {first[key] + 1})"
            raise yaml.constructor.ConstructorError(
                problem=reason, problem_mark=key_node.start_mark
            )
        first[key] = key_node.start_mark.line


PARSED_KEPT = 128  # documents parsed lately, by file and text (each file at most 256 KiB)


def parse_yaml(text: str, file: str) -> object:
    """Parse YAML text with the safe loader and the size and expansion bounds; a problem names
    ``file``.

    The same text parses once, whatever path it was read by: a diff's two sides (a folder named
    as given and a scenario's folder resolved), a what-if applied to the files the page just
    read, and each of the CLI's commands read the folder's files again. The document returned is
    shared, so no caller changes it (a scenario's merge copies first); a text that fails is
    parsed again each time and fails again with the same message.
    """
    try:
        return _parse_text(text)
    except AssumptionErrors as errors:  # raised without a file: the cache is by text alone
        raise AssumptionErrors([replace(p, file=file) for p in errors.problems]) from None


@functools.lru_cache(maxsize=PARSED_KEPT)
def _parse_text(text: str) -> object:
    if len(text.encode("utf-8", "replace")) > MAX_FILE_BYTES:
        raise AssumptionErrors.one("", "", f"file is larger than {MAX_FILE_BYTES // 1024} KiB")
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        _check_expansion(node)
        document = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        where, reason = _yaml_position(error, text), _yaml_reason(error, text)
        raise AssumptionErrors.one("", where, reason) from None
    except RecursionError:
        raise AssumptionErrors.one("", "", "YAML is nested too deeply") from None
    finally:
        loader.dispose()
    _refuse_control_characters(document, ())
    return document


def _refuse_control_characters(value: object, path: tuple) -> None:
    """The reader refuses control characters in the text, but YAML's escapes (``"\\e"``,
    ``"\\x01"``) make them inside quoted strings: refuse those too, by their field path."""
    if isinstance(value, str):
        found = control_character(value)
        if found:
            field = ".".join(short_text(part, 24) for part in path)
            reason = f"control character {found} is not allowed (a YAML escape such as \\e)"
            raise AssumptionErrors.one("", field, reason)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_control_characters(key, (*path, key))
            _refuse_control_characters(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_control_characters(item, (*path, index))


def _check_expansion(node: yaml.Node | None) -> None:
    sizes: dict[int, int] = {}

    def size(current: yaml.Node, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise AssumptionErrors.one("", "", f"YAML is nested more than {MAX_DEPTH} levels deep")
        if id(current) not in sizes:
            children = _children(current)
            sizes[id(current)] = 1 + sum(size(child, depth + 1) for child in children)
        return sizes[id(current)]

    if node is not None and size(node, 0) > MAX_NODES:
        reason = f"YAML expands to more than {MAX_NODES} values (too many aliases)"
        raise AssumptionErrors.one("", "", reason)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _mark(error: yaml.YAMLError, text: str) -> tuple[int, int] | None:
    """Line and column (both from 0) of a YAML problem, if it has a place."""
    mark = getattr(error, "problem_mark", None)
    if mark is not None:
        return mark.line, mark.column
    position = getattr(error, "position", None)  # a reader error: an offset into the text
    if isinstance(position, int):
        before = text[:position]
        return before.count("\n"), position - (before.rfind("\n") + 1)
    return None


def _yaml_position(error: yaml.YAMLError, text: str) -> str:
    mark = _mark(error, text)
    return f"line {mark[0] + 1}, column {mark[1] + 1}" if mark else ""


def _yaml_reason(error: yaml.YAMLError, text: str) -> str:
    problem = getattr(error, "problem", None) or ""
    if isinstance(error, yaml.reader.ReaderError):
        return f"control character #x{error.character:04x} is not allowed (is it a binary file?)"
    if "could not determine a constructor" in problem:
        tag = problem.split("for the tag")[-1].strip().replace("tag:yaml.org,2002:", "!!")
        return f"{tag} tag is not allowed (safe YAML only)"
    if problem.startswith("duplicate key"):
        return problem
    if _tab_at(_mark(error, text), text):
        return "a tab character where YAML needs spaces: indent with spaces, not tabs"
    if "maximum nesting depth" in problem:
        return f"YAML is nested too deeply (at most {MAX_DEPTH} levels)"
    if "found another document" in problem:
        return "more than one YAML document ('---'): give exactly one"
    return f"malformed YAML: {problem or str(error).splitlines()[0]}"


def _tab_at(mark: tuple[int, int] | None, text: str) -> bool:
    if mark is None:
        return False
    lines = text.splitlines()
    return mark[0] < len(lines) and "\t" in lines[mark[0]][: mark[1] + 1]


def read_text(path: Path) -> str:
    """The UTF-8 text of a file of at most ``MAX_FILE_BYTES`` (never more is read)."""
    return read_capped(path, MAX_FILE_BYTES)


def read_capped(path: Path, limit: int, within: Path | None = None) -> str:
    """The UTF-8 text of a regular file; a file larger than ``limit`` is refused before it is
    read, and so is a symlink out of the folder ``within`` (when given)."""
    file = str(path)
    try:
        _check_kind(path, within)
        _check_size(path.stat().st_size, limit, file)
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        reason = f"cannot read file: {error.strerror or error}"
        raise AssumptionErrors.one(file, "", reason) from None
    return decode_text(data, file, limit)


def _check_kind(path: Path, within: Path | None) -> None:
    """Refuse what is not a regular file (in words: a FIFO, a device, a symlink loop), and a
    symlink that leads out of the folder ``within``."""
    kind = file_kind(path)
    if kind == "missing":
        raise AssumptionErrors.one(str(path), "", "file not found")
    if kind != "a regular file":
        raise AssumptionErrors.one(str(path), "", f"is {kind}, not a file; it was not read")
    if within is not None and not is_within(path, within):
        reason = "is a symlink to a file outside the assumptions folder; it was not read"
        raise AssumptionErrors.one(str(path), "", reason)


def is_within(path: Path, folder: Path) -> bool:
    """Whether ``path``, its symlinks followed, is inside ``folder`` (its symlinks followed)."""
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


def _check_size(size: int, limit: int, file: str) -> None:
    if size > limit:
        shown = f"{size / 2**20:.1f} MiB" if size >= 2**20 else f"{size / 1024:.0f} KiB"
        reason = f"file is larger than {limit // 1024} KiB ({shown}); it was not read"
        raise AssumptionErrors.one(file, "", reason)


def decode_text(data: bytes, file: str, limit: int = MAX_FILE_BYTES) -> str:
    """Bytes as UTF-8 text, or a problem naming the first byte that is not UTF-8."""
    _check_size(len(data), limit, file)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        reason = f"not UTF-8 text: byte 0x{byte:02x} cannot be read; save the file as UTF-8"
        raise AssumptionErrors.one(file, f"line {line}", reason) from None
