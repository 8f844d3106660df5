"""Benchmark: the generator and the whole build at newsroom scale, against plain MkDocs in the same run.

Usage:  python benchmarks/run.py [--sizes 100 1000 10000] [--runs 3] [--out benchmarks/out]

For each size N it writes synthetic content (benchmarks/synth.py) and measures, each a median of --runs:
- generator: load + check + render (no MkDocs), per claim;
- build: the whole `factcheck build` (a fresh process), its peak memory (RSS), site/ size and search index
  size per claim;
- baseline: a plain `mkdocs build`, same theme and nav shape, of as many hand-written-style Markdown pages
  as the build makes, each as long as the page it stands for;
- preview (N = 1000 only): a dirty rebuild, as `factcheck serve` does, after a one-claim edit.
It prints a table and the ratios the targets are stated in, and writes them to OUT/results.json.
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synth import MKDOCS_YML, write_site  # noqa: E402

WORDS = "the council said figures show that growth in the region was slower than last year".split()


def measure(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time (s) and peak RSS (KB) of a command run in a fresh process."""
    runner = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
              "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); "
              "d = time.perf_counter() - t; "
              "print(d, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
              "sys.exit(r.returncode and print(r.stderr.decode()[-3000:], file=sys.stderr) or r.returncode)")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-c", runner, *command], cwd=cwd, capture_output=True, text=True, env=env)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    seconds, rss = done.stdout.split()
    return float(seconds), int(rss)


def generator_seconds(root: Path) -> float:
    code = ("import sys, time; from pathlib import Path; from generator.pipeline import check_content; "
            "from generator.render import render_site; from generator.select import PUBLIC; "
            "t = time.perf_counter(); c = check_content(Path('content'), 'content'); render_site(c, PUBLIC); "
            "print(time.perf_counter() - t)")
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    return float(done.stdout)


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
    config = MKDOCS_YML.replace("docs_dir: content", "docs_dir: docs").replace("  - factcheck\n", "")
    (root / "baseline.yml").write_text(config, encoding="utf-8")
    return len(pages)


def preview_seconds(root: Path) -> float:
    """A dirty rebuild after editing one claim, as `factcheck serve` does it (plugin kept between builds)."""
    code = r"""
import sys, time, tempfile
from pathlib import Path
from mkdocs.config import load_config
from mkdocs.commands.build import build
site = tempfile.mkdtemp()
first = load_config("mkdocs.yml", site_dir=site)
first.plugins.on_startup(command="serve", dirty=True)  # as `mkdocs serve --dirty` / `factcheck serve` do
build(first, serve_url="http://127.0.0.1:8000/", dirty=True)
claims = sorted(Path("content").glob("*/claims.yml"))[3]
page = Path(site) / "reports" / claims.parent.name / "index.html"
times = []
for i in range(5):
    text = claims.read_text()
    claims.write_text(text.replace("conclusion: ", f"conclusion: Edit {i}. ", 1))
    t = time.perf_counter()
    build(load_config("mkdocs.yml", site_dir=site), serve_url="http://127.0.0.1:8000/", dirty=True)
    times.append(time.perf_counter() - t)
    assert f"Edit {i}." in next(Path(site, "reports", claims.parent.name).glob("claim-*-0.html")).read_text()
print(sorted(times)[len(times) // 2], " ".join(f"{x:.2f}" for x in times))
"""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, env=env)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return float(done.stdout.split()[0])


def bench(size: int, runs: int, out: Path) -> dict[str, float]:
    root = out / f"n{size}"
    if root.exists():
        shutil.rmtree(root)
    write_site(root, size)
    gen = statistics.median(generator_seconds(root) for _ in range(runs))
    builds = [measure([sys.executable, "-m", "generator", "build"], root) for _ in range(runs)]
    build_s, rss = statistics.median(b[0] for b in builds), max(b[1] for b in builds)
    site = root / "site"
    pages = write_baseline(root, site)
    base = [measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "baseline.yml", "-d", "baseline-site"], root)
            for _ in range(runs)]
    base_s, base_rss = statistics.median(b[0] for b in base), max(b[1] for b in base)
    claim_pages = size
    row = {
        "claims": size, "pages": pages, "generator_ms_per_claim": 1000 * gen / size,
        "build_s": build_s, "build_ms_per_claim": 1000 * build_s / size, "peak_rss_mb": rss / 1024,
        "site_kb_per_claim": folder_size(site) / 1024 / claim_pages,
        "html_kb_per_claim_page": folder_size_of_claims(site) / 1024 / claim_pages,
        "search_index_kb_per_claim": (site / "search" / "search_index.json").stat().st_size / 1024 / claim_pages,
        "baseline_s": base_s, "baseline_rss_mb": base_rss / 1024, "build_vs_baseline": build_s / base_s,
    }
    if size == 1000:
        row["preview_s"] = preview_seconds(root)
    return row


def folder_size_of_claims(site: Path) -> int:
    return sum(p.stat().st_size for p in (site / "reports").rglob("*.html") if p.stem not in ("index", "article"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes:
        rows.append(bench(size, args.runs, args.out))
        print(json.dumps(rows[-1]), file=sys.stderr)
    by = {r["claims"]: r for r in rows}
    ratios = {}
    if 1000 in by and 10000 in by:
        ratios["per_claim_build_10000_vs_1000"] = by[10000]["build_ms_per_claim"] / by[1000]["build_ms_per_claim"]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {machine}; medians of {args.runs} runs")
    columns = ["claims", "pages", "generator_ms_per_claim", "build_s", "baseline_s", "build_vs_baseline",
               "peak_rss_mb", "site_kb_per_claim", "html_kb_per_claim_page", "search_index_kb_per_claim", "preview_s"]
    print(" | ".join(columns))
    for r in rows:
        print(" | ".join(f"{r[c]:.2f}" if isinstance(r.get(c), float) else str(r.get(c, "")) for c in columns))
    for name, value in ratios.items():
        print(f"{name}: {value:.2f}")
    (args.out / "results.json").write_text(json.dumps({"machine": machine, "runs": args.runs, "rows": rows,
                                                       "ratios": ratios}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
