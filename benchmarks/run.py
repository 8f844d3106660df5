"""Benchmark: every figure of the performance targets, measured side by side with plain MkDocs in one run.

Usage:  python benchmarks/run.py [--sizes 1000 10000] [--runs 3] [--large-runs 1] [--out benchmarks/out]

For each size N it writes synthetic content (benchmarks/synth.py) and measures, each a median of --runs:
- generator: load + check + render (no MkDocs) in a fresh process, per claim;
- build: the whole `factcheck build` (a fresh process), its peak memory (RSS), site/ size and search index
  size per claim; when the build keeps a cache (`.factcheck-cache/`, e.g. share cards), a build with that
  cache warm as well, the others being cold (cache emptied first);
- baseline: a plain `mkdocs build`, same theme and nav shape, of as many hand-written-style Markdown pages
  as the build makes, each with as much visible text as the page it stands for. Build and baseline runs
  alternate, so a busy machine slows both alike and their ratio stays meaningful;
- at N = 1000: `factcheck check` (wall time, start-up included), the import time of the command and the
  time to compile the content schemas, each in a fresh process; the first preview build (as
  `factcheck serve --public` makes it) against the public build, and a one-claim edit seen in the preview.
It prints a table and every target with its measured figure, and writes them to OUT/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synth import MKDOCS_YML, write_site  # noqa: E402

WORDS = "the council said figures show that growth in the region was slower than last year".split()
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def measure(command: list[str], cwd: Path) -> tuple[float, int, float, int]:
    """Wall time (s), peak RSS (KB), CPU time (user + system, s) of a command run in a fresh process, and the
    peak of its processes' memory summed (KB of PSS, /proc/PID/smaps_rollup, sampled every 0.2 s: a page two
    processes share counts half in each), which counts the processes it forks or starts beside itself.

    On a busy machine the wall time grows with the wait for a core; the CPU time much less."""
    runner = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
              "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); "
              "d = time.perf_counter() - t; u = resource.getrusage(resource.RUSAGE_CHILDREN); "
              "print(d, u.ru_maxrss, u.ru_utime + u.ru_stime); "
              "sys.exit(r.returncode and print(r.stderr.decode()[-3000:], file=sys.stderr) or r.returncode)")
    process = subprocess.Popen([sys.executable, "-c", runner, *command], cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=ENV)
    peak = 0
    while process.poll() is None:
        peak = max(peak, summed_pss(process.pid))
        time.sleep(0.2)
    out, err = process.communicate()
    if process.returncode not in (0, 1) or (process.returncode and "check" not in command):
        raise SystemExit(f"{' '.join(command)} failed:\n{err}")
    seconds, rss, cpu = out.split()
    return float(seconds), int(rss), float(cpu), peak


def summed_pss(runner: int) -> int:
    """KB of PSS of every process below `runner` (the command and whatever it started)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    below, todo = set(), [runner]
    while todo:
        pid = todo.pop()
        for child, parent in parents.items():
            if parent == pid and child not in below:
                below.add(child)
                todo.append(child)
    total = 0
    for pid in below:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    return total


def python_seconds(code: str, cwd: Path) -> float:
    """Run `code` in a fresh interpreter; it prints one number, returned."""
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, env=ENV)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return float(done.stdout.split()[0])


GENERATOR = ("import sys, time; t = time.perf_counter(); from pathlib import Path; "
             "from generator import collector; "
             "from generator.pipeline import check_content; from generator.render import render_site; "
             "from generator.select import PUBLIC; c = check_content(Path('content'), 'content'); "
             "collector.settle(); "  # as the command line does once the content is checked
             "render_site(c, PUBLIC); print(time.perf_counter() - t)")
IMPORTS = "import time; t = time.perf_counter(); import generator.cli; print(time.perf_counter() - t)"
SCHEMAS = ("import time; import generator.schema as s; t = time.perf_counter(); "
           "[s.is_valid({}, name) for name in s.SCHEMAS]; print(time.perf_counter() - t)")
INTERPRETER = "import time; print(time.perf_counter())"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def write_baseline(root: Path, site: Path) -> int:
    """Plain Markdown pages standing for each page of the built site: same paths, as much text as it shows."""
    rng = random.Random(3)
    docs = root / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        body = html.split('<article class="md-content__inner md-typeset">', 1)[-1].split("</article>", 1)[0]
        length = len(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", body)))
        target = docs / page.relative_to(site).with_suffix(".md")
        target.parent.mkdir(parents=True, exist_ok=True)
        parts = [f"# Page {page.stem}\n"]
        size = 0
        while size < length:
            words = " ".join(rng.choice(WORDS) for _ in range(60))
            chunk = rng.choice([f"{words}.\n", f"## Section\n\n{words}.\n", f"- {words}\n- {words}\n",
                                f"A [link](https://example.org/{size}) and *emphasis*: {words}.\n"])
            parts.append(chunk)
            size += len(chunk)
        target.write_text("\n".join(parts), encoding="utf-8")
    plugins, nav = MKDOCS_YML.replace("docs_dir: content", "docs_dir: docs").split("nav:", 1)
    config = plugins.split("  - factcheck")[0] + "nav:" + nav  # the same settings without the factcheck plugin
    (root / "baseline.yml").write_text(config, encoding="utf-8")
    return len(pages)


PREVIEW = r"""
import sys, time, tempfile
from pathlib import Path
from mkdocs.config import load_config
from mkdocs.commands.build import build
site = tempfile.mkdtemp()
first = load_config("mkdocs.yml", site_dir=site)
first.plugins.on_startup(command="serve", dirty=True)  # as `mkdocs serve --dirty` / `factcheck serve` do
t = time.perf_counter()
build(first, serve_url="http://127.0.0.1:8000/", dirty=True)
first_build = time.perf_counter() - t
claims = sorted(Path("content").glob("*/claims.yml"))[3]
original = claims.read_text()
times = []
for i in range(5):
    text = claims.read_text()
    claims.write_text(text.replace("conclusion: ", f"conclusion: Edit {i}. ", 1))
    t = time.perf_counter()
    build(load_config("mkdocs.yml", site_dir=site), serve_url="http://127.0.0.1:8000/", dirty=True)
    times.append(time.perf_counter() - t)
    assert f"Edit {i}." in next(Path(site, "reports", claims.parent.name).glob("claim-*-0.html")).read_text()
claims.write_text(original)
print(sorted(times)[len(times) // 2], first_build)
"""


def preview_seconds(root: Path) -> tuple[float, float]:
    """A one-claim edit rebuilt the way `factcheck serve` rebuilds (plugin kept, dirty build), median of five;
    and the first build of that preview."""
    done = subprocess.run([sys.executable, "-c", PREVIEW], cwd=root, capture_output=True, text=True, env=ENV)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    edit, first = done.stdout.split()
    return float(edit), float(first)


def median(values: list[float]) -> float:
    return statistics.median(values)


def bench(size: int, runs: int, out: Path) -> dict[str, Any]:
    root = out / f"n{size}"
    if root.exists():
        shutil.rmtree(root)
    write_site(root, size)
    cache = root / ".factcheck-cache"
    build = [sys.executable, "-m", "generator", "build"]
    baseline = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "baseline.yml", "-d", "baseline-site"]
    builds = [measure(build, root)]
    pages = write_baseline(root, root / "site")
    bases = [measure(baseline, root)]
    for _ in range(runs - 1):  # alternate, so that the load of a shared machine falls on both alike
        shutil.rmtree(cache, ignore_errors=True)
        builds.append(measure(build, root))
        bases.append(measure(baseline, root))
    warm: list[tuple[float, int, float, int]] = []
    warm_bases: list[tuple[float, int, float, int]] = []
    for _ in range(runs if cache.is_dir() else 0):  # alternating with plain MkDocs too
        warm.append(measure(build, root))
        warm_bases.append(measure(baseline, root))
    gen = median([python_seconds(GENERATOR, root) for _ in range(runs)])
    site = root / "site"
    build_s, base_s = median([b[0] for b in builds]), median([b[0] for b in bases])
    row: dict[str, Any] = {
        "claims": size, "pages": pages, "generator_ms_per_claim": 1000 * gen / size,
        "build_s": build_s, "build_ms_per_claim": 1000 * build_s / size,
        "peak_rss_mb": max(b[1] for b in builds) / 1024,
        "baseline_s": base_s, "baseline_rss_mb": max(b[1] for b in bases) / 1024,
        "peak_pss_mb": max(b[3] for b in builds) / 1024, "baseline_pss_mb": max(b[3] for b in bases) / 1024,
        "build_vs_baseline": build_s / base_s,
        "build_runs": [round(b[0], 2) for b in builds], "baseline_runs": [round(b[0], 2) for b in bases],
        "build_cpu_s": median([b[2] for b in builds]), "baseline_cpu_s": median([b[2] for b in bases]),
        "site_kb_per_claim": folder_size(site) / 1024 / size,
        "html_kb_per_claim_page": folder_size_of_claims(site) / 1024 / size,
        "search_index_kb_per_claim": (site / "search" / "search_index.json").stat().st_size / 1024 / size,
    }
    row["rss_vs_baseline"] = row["peak_rss_mb"] / row["baseline_rss_mb"]
    row["pss_vs_baseline"] = row["peak_pss_mb"] / row["baseline_pss_mb"]
    row["build_vs_baseline_cpu"] = row["build_cpu_s"] / row["baseline_cpu_s"]
    if warm:
        row["build_warm_cache_s"] = median([w[0] for w in warm])
        row["build_warm_vs_baseline"] = row["build_warm_cache_s"] / median([b[0] for b in warm_bases])
        row["build_warm_cpu_s"] = median([w[2] for w in warm])
        row["build_warm_vs_baseline_cpu"] = row["build_warm_cpu_s"] / median([b[2] for b in warm_bases])
        row["build_warm_runs"] = [round(w[0], 2) for w in warm]
        row["baseline_warm_runs"] = [round(b[0], 2) for b in warm_bases]
    if size == 1000:
        row |= startup(root, runs)
        row["preview_edit_s"], row["preview_first_s"] = preview_seconds(root)
        public = row.get("build_warm_cache_s", build_s)  # the preview here finds the cache the builds filled
        row["preview_first_vs_build"] = row["preview_first_s"] / public
    return row


def startup(root: Path, runs: int) -> dict[str, float]:
    """`factcheck check` of the whole content, start-up included; its imports and the schema compilation."""
    check = median([measure([sys.executable, "-m", "generator", "check", "content"], root)[0] for _ in range(runs)])
    bare = median([_interpreter_seconds(root) for _ in range(runs)])
    imports = median([python_seconds(IMPORTS, root) for _ in range(runs)])
    schemas = median([python_seconds(SCHEMAS, root) for _ in range(runs)])
    return {"check_s": check, "python_startup_s": bare, "check_import_s": imports, "schema_compile_s": schemas}


def _interpreter_seconds(root: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], cwd=root, check=True)
    return time.perf_counter() - started


def folder_size_of_claims(site: Path) -> int:
    return sum(p.stat().st_size for p in (site / "reports").rglob("*.html") if p.stem not in ("index", "article"))


def targets(by: dict[int, dict[str, Any]]) -> list[tuple[str, str, bool | None]]:
    """(target, measured, met) for every figure this run measured; met is None when there is no verdict."""
    rows: list[tuple[str, str, bool | None]] = []
    for n in (1000, 10000):
        if n in by:
            r = by[n]
            rows.append((f"build / plain MkDocs <= 1.0 at {n:,}", f"{r['build_vs_baseline']:.2f} "
                         f"({r['build_s']:.1f} s / {r['baseline_s']:.1f} s); CPU time {r['build_vs_baseline_cpu']:.2f}",
                         r["build_vs_baseline"] <= 1.0))
            if "build_warm_cache_s" in r:
                rows.append((f"  the same with the build cache warm, at {n:,}",
                             f"{r['build_warm_vs_baseline']:.2f}; CPU time {r['build_warm_vs_baseline_cpu']:.2f}",
                             r["build_warm_vs_baseline"] <= 1.0))
    if 10000 in by:
        r = by[10000]
        rows.append(("generator <= 1 ms per claim at 10,000", f"{r['generator_ms_per_claim']:.2f} ms",
                     r["generator_ms_per_claim"] <= 1.0))
        rows.append(("peak memory at 10,000 <= 1.5x plain MkDocs' (all its processes summed)",
                     f"{r['pss_vs_baseline']:.2f}x ({r['peak_pss_mb']:.0f} MB / {r['baseline_pss_mb']:.0f} MB of PSS); "
                     f"the largest process alone {r['rss_vs_baseline']:.2f}x ({r['peak_rss_mb']:.0f} MB / "
                     f"{r['baseline_rss_mb']:.0f} MB of RSS)", r["pss_vs_baseline"] <= 1.5))
    if 1000 in by:
        r = by[1000]
        rows.append(("`factcheck check` of 1,000 claims < 1.5 s", f"{r['check_s']:.2f} s (of which imports "
                     f"{r['check_import_s']:.2f} s, schema compile {r['schema_compile_s']:.3f} s; bare Python "
                     f"{r['python_startup_s']:.2f} s)", r["check_s"] < 1.5))
        rows.append(("one-claim edit in a 1,000-claim preview <= 1 s", f"{r['preview_edit_s']:.2f} s",
                     r["preview_edit_s"] <= 1.0))
        public = r.get("build_warm_cache_s", r["build_s"])
        rows.append(("first preview build no slower than a public build (cache warm)", f"{r['preview_first_s']:.1f} s "
                     f"vs {public:.1f} s ({r['preview_first_vs_build']:.2f}x)", r["preview_first_vs_build"] <= 1.0))
    if 1000 in by and 10000 in by:
        ratio = by[10000]["build_ms_per_claim"] / by[1000]["build_ms_per_claim"]
        rows.append(("per-claim build time 10,000 / 1,000 <= 1.1", f"{ratio:.2f}", ratio <= 1.1))
    for n, r in sorted(by.items()):
        rows.append((f"site/ <= 40 KB per claim page at {n:,}", f"{r['site_kb_per_claim']:.1f} KB",
                     r["site_kb_per_claim"] <= 40))
        rows.append((f"search index <= 3 KB per claim at {n:,}", f"{r['search_index_kb_per_claim']:.2f} KB",
                     r["search_index_kb_per_claim"] <= 3))
    if not any("build_warm_cache_s" in r for r in by.values()):
        rows.append(("share cards and feeds, cache warm and cold", "not measured: this build keeps no cache "
                     "(no share cards in this version)", None))
    return rows


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{platform.machine()}, {os.cpu_count()} cores ({model}), Python {platform.python_version()}, "
            f"load average {load}")


COLUMNS = ["claims", "pages", "generator_ms_per_claim", "build_s", "baseline_s", "build_vs_baseline",
           "build_cpu_s", "baseline_cpu_s",
           "peak_rss_mb", "baseline_rss_mb", "peak_pss_mb", "baseline_pss_mb", "site_kb_per_claim", "html_kb_per_claim_page",
           "search_index_kb_per_claim"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--large-runs", type=int, help="runs for sizes over 1,000 (default: --runs)")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    started = machine()
    rows = []
    for size in args.sizes:
        rows.append(bench(size, args.large_runs or args.runs if size > 1000 else args.runs, args.out))
        print(json.dumps(rows[-1]), file=sys.stderr)
    ended = machine()
    large = f" ({args.large_runs} over 1,000 claims)" if args.large_runs else ""
    print(f"machine at start: {started}\nmachine at end: {ended}\nsizes {args.sizes}, medians of {args.runs} runs{large}")
    print(" | ".join(COLUMNS))
    for r in rows:
        print(" | ".join(f"{r[c]:.2f}" if isinstance(r.get(c), float) else str(r.get(c, "")) for c in COLUMNS))
    verdicts = targets({r["claims"]: r for r in rows})
    print("\n| target | measured | |\n|---|---|---|")
    for target, measured, met in verdicts:
        print(f"| {target} | {measured} | {'' if met is None else 'met' if met else 'not met'} |")
    results = {"machine": [started, ended], "runs": args.runs, "large_runs": args.large_runs, "rows": rows,
               "targets": verdicts}
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
