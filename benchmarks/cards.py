"""What share cards cost: per new card (drawn and written to the cache) and per unchanged card (found in
the cache), on the synthetic content of `synth.py`, and the whole build with an empty and a warm cache.

    python benchmarks/cards.py --claims 1000
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import write_site  # noqa: E402

from generator.cards import materialize  # noqa: E402
from generator.pipeline import check_content  # noqa: E402
from generator.render import SiteInfo, render_site  # noqa: E402
from generator.select import PUBLIC  # noqa: E402


def card_costs(root: Path) -> dict[str, float]:
    content = check_content(root / "content", "content")
    cards = render_site(content, PUBLIC, info=SiteInfo("Benchmark Desk", "https://example.org/bench/")).cards
    cache = root / "card-cache"
    started = time.perf_counter()
    materialize(cards, cache)
    new = time.perf_counter() - started
    started = time.perf_counter()
    materialize(cards, cache)
    unchanged = time.perf_counter() - started
    return {"cards": len(cards), "ms_per_new_card": 1000 * new / len(cards),
            "ms_per_unchanged_card": 1000 * unchanged / len(cards)}


def build_seconds(root: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = write_site(Path(folder) / "site-src", args.claims)
        results = card_costs(root)
        shutil.rmtree(root / ".factcheck-cache", ignore_errors=True)
        results["build_s_empty_cache"] = build_seconds(root)
        results["build_s_warm_cache"] = build_seconds(root)
    print(" | ".join(f"{k}: {v:.2f}" if isinstance(v, float) else f"{k}: {v}" for k, v in results.items()))


if __name__ == "__main__":
    main()
