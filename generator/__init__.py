"""Fact-check report generator: article + claims file -> checked, rendered, publishable site."""

from __future__ import annotations

__version__ = "0.1.0"
