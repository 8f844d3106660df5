"""The licence travels with the code: MIT in the repository and the wheel, third-party notices kept."""

from __future__ import annotations

import tomllib

from helpers import ROOT


def test_the_project_is_mit_licensed_and_says_so_everywhere() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n") and "the factcheck-generator authors" in text
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"], "the wheel carries LICENSE"


def test_the_vendored_worker_shim_keeps_its_mit_notice() -> None:
    shim = (ROOT / "generator/assets/iframe-worker-shim.js").read_text(encoding="utf-8")
    header = shim.split("*/", 1)[0]
    assert "iframe-worker 1.0.4" in header and "MIT License" in header
    assert "Copyright (c) 2020-2022 Martin Donath" in header
    assert "The above copyright notice and this permission notice shall be included" in header
