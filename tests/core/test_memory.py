"""Freed array memory kept for reuse (``accesscost.core.memory``): applied when the model is
imported, on glibc only, and a no-op elsewhere. Its speed is benchmark item 6's (not timed here)."""

from __future__ import annotations

import platform
import sys

import pytest

from accesscost.core import memory


@pytest.mark.skipif(
    sys.platform != "linux" or platform.libc_ver()[0] != "glibc", reason="glibc's mallopt only"
)
def test_importing_the_model_applies_the_thresholds_on_glibc():
    import accesscost.model  # noqa: F401

    assert memory.APPLIED is True
    assert memory.keep_freed_memory() is True  # applying again is harmless


def test_elsewhere_it_does_nothing(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert memory.keep_freed_memory() is False


def test_the_thresholds_fit_the_simulations_arrays():
    # 100,000 draws of one figure (800 KB) and a band sweep's 10,000 draws x 100 counts (8 MB)
    # against the heap's 32 MiB: both come from the heap; the largest array simulate keeps per
    # figure (model.world.MAX_CELLS = 5 million cells, 40 MB) is mmap's, returned when freed
    from accesscost.model.world import MAX_CELLS

    assert 100_000 * 8 < 10_000 * 100 * 8 < memory.MMAP_THRESHOLD_BYTES < MAX_CELLS * 8
    assert memory.TRIM_THRESHOLD_BYTES >= 2 * memory.MMAP_THRESHOLD_BYTES
