"""Writing and naming files safely: one atomic write for every file the tool writes.

``write_atomic`` writes to a temp file beside the target, fsyncs it and renames it over the target,
so a reader sees the old file or the new one, whole. It only ever replaces a regular file: a new
path, a regular file (its permission bits kept) or a symlink to one (the file it points to is
replaced, the link kept). A device, a FIFO, a socket or a folder is refused (``NotAFile``): a
rename over ``/dev/null`` would replace the system's device with a regular file. With
``exclusive=True`` the target must not exist; the new file is linked in place atomically, so of two
writers of the same new name exactly one succeeds and the other gets ``FileExistsError``.

``file_kind`` names what a path is, for messages that say more than "file not found".
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


class NotAFile(OSError):
    """The target of a write exists and is not a regular file (a device, a FIFO, a folder)."""


def file_kind(path: Path) -> str:
    """What ``path`` is: "a regular file", "a folder", "a FIFO (named pipe)", "a character
    device", "a symlink loop", "a broken symlink" or "missing"."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symlink loop"
        if os.path.islink(path):
            return "a broken symlink"
        return "missing"
    if stat.S_ISREG(mode):
        return "a regular file"
    return next((kind for test, kind in KINDS if test(mode)), "not a regular file")


def _existing_mode(path: Path) -> int | None:
    """The permission bits of the regular file at ``path``; None for a new path; ``NotAFile``
    for anything else."""
    kind = file_kind(path)
    if kind == "missing":
        return None
    if kind != "a regular file":
        raise NotAFile(errno.EINVAL, f"{path} is {kind}, not a regular file; it was not replaced")
    return stat.S_IMODE(os.stat(path).st_mode)


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(
    path: Path | str, data: bytes | str | Callable, *, exclusive: bool = False, text: bool = True
):
    """Write ``data`` (bytes, text, or a function that writes into the open file and whose result
    is returned) to ``path`` atomically; see the module docstring for what may be replaced."""
    path = Path(path)
    if path.is_symlink() and not exclusive:
        path = Path(os.path.realpath(path))
    mode = None if exclusive else _existing_mode(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    binary = isinstance(data, bytes) or not text
    import tempfile  # here: reading needs none of it, and it costs the CLI's start-up (issue 21)

    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        opened: IO[Any] = (  # bytes or text, as ``binary`` says
            os.fdopen(handle, "wb")
            if binary
            else os.fdopen(handle, "w", encoding="utf-8", newline="")
        )
        with opened as out:
            result = data(out) if callable(data) else out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, _new_file_mode() if mode is None else mode)
        if exclusive:
            os.link(temp, path)  # fails if the name exists: one writer wins
            os.unlink(temp)
        else:
            os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return result
