"""What share cards cost: per new card (drawn and written to the cache) and per unchanged card (found in
the cache), on the synthetic content of `synth.py`, and the whole build with an empty and a warm cache,
against a plain MkDocs build of as many pages with as much text (`run.py`'s baseline).

    python benchmarks/cards.py --claims 1000 [--runs 3]

Builds run in fresh processes and alternate with the plain build, so that the load of a shared machine
falls on both alike: compare the ratios (medians of --runs), and the CPU time (user + system, the process
drawing cards included), which does not depend on the wait for a core. "one core" is the build with an
empty cache confined to one core (taskset), where the cards are drawn in the build's own process, as they
were before they had a process of their own.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import measure, write_baseline  # noqa: E402
from synth import write_site  # noqa: E402

from generator.cards import materialize  # noqa: E402
from generator.pipeline import check_content  # noqa: E402
from generator.render import SiteInfo, render_site  # noqa: E402
from generator.select import PUBLIC  # noqa: E402


def card_costs(root: Path) -> dict[str, float]:
    content = check_content(root / "content", "content")
    cards = render_site(content, PUBLIC, info=SiteInfo("Benchmark Desk", "https://example.org/bench/")).cards
    cache = root / "card-cache"
    started, cpu = time.perf_counter(), time.process_time()
    files = materialize(cards, cache)
    new, new_cpu = time.perf_counter() - started, time.process_time() - cpu
    started = time.perf_counter()
    materialize(cards, cache)
    unchanged = time.perf_counter() - started
    size = sum(file.stat().st_size for file in set(files.values()))
    return {"cards": len(cards), "ms_per_new_card": 1000 * new / len(cards),
            "cpu_ms_per_new_card": 1000 * new_cpu / len(cards),
            "ms_per_unchanged_card": 1000 * unchanged / len(cards), "kb_per_card": size / 1024 / len(cards)}


def build_costs(root: Path, runs: int, claims: int) -> dict[str, float]:
    build = [sys.executable, "-m", "generator", "build"]
    one_core = ["taskset", "-c", "0", *build] if shutil.which("taskset") else []
    plain = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "baseline.yml", "-d", "baseline-site"]
    cache = root / ".factcheck-cache"
    times: dict[str, list[tuple[float, int, float]]] = {"empty": [], "warm": [], "plain": [], "one_core": []}
    for run in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        times["empty"].append(measure(build, root))
        if run == 0:
            write_baseline(root, root / "site")
        times["plain"].append(measure(plain, root))
        times["warm"].append(measure(build, root))
        times["plain"].append(measure(plain, root))
        if one_core:
            shutil.rmtree(cache, ignore_errors=True)
            times["one_core"].append(measure(one_core, root))
            times["plain"].append(measure(plain, root))
    wall = {name: statistics.median(t[0] for t in values) for name, values in times.items() if values}
    cpu = {name: statistics.median(t[2] for t in values) for name, values in times.items() if values}
    out = {f"build_s_{name}_cache": wall[name] for name in ("empty", "warm")} | {"plain_mkdocs_s": wall["plain"]}
    out |= {"empty_vs_plain": wall["empty"] / wall["plain"], "warm_vs_plain": wall["warm"] / wall["plain"]}
    if "one_core" in wall:
        out |= {"build_s_empty_cache_one_core": wall["one_core"], "one_core_vs_plain": wall["one_core"] / wall["plain"]}
    out |= {f"cpu_s_{name}": value for name, value in cpu.items()}
    site = root / "site"
    out["site_kb_per_claim"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1024 / claims
    out["cards_kb_per_claim"] = sum(p.stat().st_size for p in (site / "cards").rglob("*.png")) / 1024 / claims
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-build", action="store_true", help="the cards' own costs only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = write_site(Path(folder) / "site-src", args.claims)
        results = card_costs(root)
        if not args.no_build:
            results |= build_costs(root, args.runs, args.claims)
    print(" | ".join(f"{k}: {v:.2f}" if isinstance(v, float) else f"{k}: {v}" for k, v in results.items()))


if __name__ == "__main__":
    main()
