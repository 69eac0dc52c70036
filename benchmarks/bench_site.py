"""Per-page load time and weight of the built site, served from a local loopback server.

    .venv/bin/python benchmarks/bench_site.py [--site _build/html] [--repeat 7]

Build the book first (``make book``). Each load is a first load in a fresh Chromium context
(no cache), with every other host blocked. For each page it prints the median time to the
``load`` event and to "ready" (every Altair chart drawn), and the bytes transferred with gzip
(as static hosts serve) and without; then the medians over pages and these ratios:
ready/fastest page, weight/1 MB budget, gzip/plain. Times vary with the machine's load: compare
runs on one machine, never assert on them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from ogp_curriculum import chromium
from ogp_curriculum.site.serve import serve

BUDGET = 1_000_000
SKIP = ("_static", "_sources", "_images", "jupyter_execute")


def site_pages(site: Path) -> list[str]:
    """Every HTML page, less asset folders and redirects (the root index.html is one)."""
    return sorted(
        str(path.relative_to(site))
        for path in site.rglob("*.html")
        if not str(path.relative_to(site)).startswith(SKIP)
        and 'http-equiv="Refresh"' not in path.read_text(encoding="utf-8")[:2000]
    )


def load_once(browser, url: str) -> tuple[float, float, int]:
    """One first load: (ms to load event, ms until every chart is drawn, bytes transferred)."""
    context = browser.new_context()
    page = context.new_page()
    transferred = 0

    def finished(request) -> None:
        nonlocal transferred
        sizes = request.sizes()
        transferred += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    page.on("requestfinished", finished)
    start = time.perf_counter()
    page.goto(url, wait_until="load")
    load_ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    for chart in page.locator('div[id^="altair-viz-"]').all():
        chart.locator("svg.marks, canvas.marks").first.wait_for(timeout=30_000)
    ready_ms = max(load_ms, (time.perf_counter() - start) * 1000)
    page.wait_for_load_state("networkidle")
    context.close()
    return load_ms, ready_ms, transferred


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("_build/html"))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"no built site at {args.site}: run `make book` first", file=sys.stderr)
        return 2
    pages = site_pages(args.site)
    rows = []
    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        with serve(args.site) as gz_url, serve(args.site, compress=False) as plain_url:
            for page in pages:
                runs = [load_once(browser, gz_url + page) for _ in range(args.repeat)]
                plain = load_once(browser, plain_url + page)[2]
                rows.append(
                    (
                        page,
                        statistics.median(r[0] for r in runs),
                        statistics.median(r[1] for r in runs),
                        statistics.median(r[2] for r in runs),
                        plain,
                    )
                )
        browser.close()

    fastest = min(row[2] for row in rows)
    print(f"{len(pages)} pages, {args.repeat} first loads each, site {args.site}")
    header = f"{'page':56} {'load ms':>8} {'ready ms':>9} {'x fastest':>9} {'gzip kB':>8} "
    print(header + f"{'plain kB':>9} {'of budget':>9}")
    for page, load_ms, ready_ms, weight, plain in rows:
        print(
            f"{page:56} {load_ms:8.0f} {ready_ms:9.0f} {ready_ms / fastest:9.2f} "
            f"{weight / 1000:8.0f} {plain / 1000:9.0f} {weight / BUDGET:9.0%}"
        )
    median_weight = statistics.median(row[3] for row in rows)
    median_plain = statistics.median(row[4] for row in rows)
    print(
        f"median over pages: load {statistics.median(r[1] for r in rows):.0f} ms, "
        f"ready {statistics.median(r[2] for r in rows):.0f} ms, "
        f"weight {median_weight / 1000:.0f} kB gzip / {median_plain / 1000:.0f} kB plain "
        f"(gzip/plain {median_weight / median_plain:.2f}, {median_weight / BUDGET:.0%} of budget)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
