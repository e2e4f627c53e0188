"""Freed array memory kept for reuse, not handed back to the operating system at every free.

A simulation allocates and frees many arrays of the same few sizes (100,000 draws is 800 KB a
figure). glibc's malloc serves a block that large with its own ``mmap`` and unmaps it when it is
freed, or trims the heap's free top back to the system, so the next array of that size faults
every page in again: at 100,000 draws that was two thirds of a simulation's time (benchmark item
6: 14 ms, 4.2 ms with the settings below). ``keep_freed_memory`` raises the two thresholds
(``mallopt``, the same as the ``MALLOC_MMAP_THRESHOLD_`` and ``MALLOC_TRIM_THRESHOLD_``
environment variables), so blocks up to ``MMAP_THRESHOLD_BYTES`` come from the heap and up to
``TRIM_THRESHOLD_BYTES`` of freed heap stay for the next run. It changes no result, only where
memory comes from; on a C library without ``mallopt`` (not glibc) it does nothing.
"""

from __future__ import annotations

import ctypes
import sys

M_TRIM_THRESHOLD = -1  # glibc's malloc.h
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 32 * 2**20  # glibc's own ceiling for its dynamic threshold on 64 bits
TRIM_THRESHOLD_BYTES = 64 * 2**20  # freed heap kept at the top for the next arrays


def keep_freed_memory() -> bool:
    """Apply the two thresholds to this process's malloc; whether it took (glibc only)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    mmap = mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
    trim = mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
    return bool(mmap and trim)


APPLIED = keep_freed_memory()  # once, when the model is first imported (``accesscost.model``)
