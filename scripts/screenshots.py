"""Screenshots of the built site's main page kinds, at desktop and phone widths, into screenshots/.

Usage (after `factcheck build`):  python scripts/screenshots.py [SITE_DIR] [--scheme light|dark]
Uses Debian's Chromium (/usr/bin/chromium) through Playwright; the site is opened from disk.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def pages(site: Path) -> dict[str, Path]:
    report = sorted(p for p in (site / "reports").iterdir() if p.is_dir())[0]
    claim = sorted(p for p in report.glob("*.html") if p.stem not in ("index", "article"))[0]
    found = {"home": site / "index.html", "overview": report / "index.html", "article": report / "article.html",
             "claim": claim, "ratings": site / "ratings.html"}
    if (site / "review.html").exists():
        found["review"] = site / "review.html"
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("--scheme", choices=["light", "dark"], default="light")
    parser.add_argument("--out", default="screenshots", type=Path)
    args = parser.parse_args()
    args.out.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=args.scheme)
            page = context.new_page()
            for name, path in pages(args.site.resolve()).items():
                page.goto(path.as_uri())
                target = args.out / f"{name}-{size}-{args.scheme}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
