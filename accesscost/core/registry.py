"""An ordered registry of named entries: one list per repeated concept (figures, export formats,
matrix columns, key figures) that every reader iterates, so adding an entry is adding it here once.

An entry is any object with a ``key`` attribute (a string, unique in its registry). Entries keep
the order they were registered in; that order is the order the page, the deck and the files show.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Generic, Protocol, TypeVar


class Keyed(Protocol):
    @property
    def key(self) -> str: ...


Entry = TypeVar("Entry", bound=Keyed)


class Registry(Generic[Entry]):
    """Entries by key, in the order registered; ``what`` names the concept in error messages."""

    def __init__(self, what: str, entries: tuple[Entry, ...] = ()) -> None:
        self.what = what
        self._entries: dict[str, Entry] = {}
        for entry in entries:
            self.register(entry)

    def register(self, entry: Entry) -> Entry:
        """Add ``entry`` at the end; a key already taken is an error, never a silent replace."""
        if entry.key in self._entries:
            raise ValueError(f"{self.what}: {entry.key!r} is registered already")
        self._entries[entry.key] = entry
        return entry

    def unregister(self, key: str) -> None:
        del self._entries[key]

    @contextmanager
    def added(self, entry: Entry) -> Iterator[Entry]:
        """``entry`` registered for the ``with`` block only (a plug-in tried out, or a test)."""
        self.register(entry)
        try:
            yield entry
        finally:
            self.unregister(entry.key)

    def __getitem__(self, key: str) -> Entry:
        try:
            return self._entries[key]
        except KeyError:
            known = ", ".join(self._entries)
            raise KeyError(f"{self.what}: unknown {key!r}; known: {known}") from None

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)

    def names(self) -> list[str]:
        """The keys, in order."""
        return list(self._entries)
