"""Python's cyclic garbage collector, kept from scanning what the pipeline makes to last.

Loading and checking a content folder makes millions of small objects (parsed values, claims, problems)
that hold no reference cycles and live until the build ends. The cyclic collector scans every one of them
again each time its oldest generation fills up, and finds nothing: at 10,000 claims that was a fifth of the
generator's CPU time (benchmarks/README.md). Reference counting, which frees all of them, is not affected.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection while the block runs (it is turned back on after, if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def settle() -> None:
    """Everything alive now lives until this command ends: the cyclic collector need not scan it again.

    For commands that run once (build, deploy, export), never for the preview, which checks the content
    again on every change: what it let go of would stay out of the collector's sight."""
    gc.freeze()


def unsettle() -> None:
    """What `settle` moved out of the collector's sight is scanned again (a build is over)."""
    gc.unfreeze()
