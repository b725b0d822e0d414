#!/usr/bin/env python3
"""Print the site's speed and size figures (make bench). Figures, not tests: times vary ~2x here.

- strict build time: median of --runs builds (default 3)
- size of the built site
- per page: bytes of HTML, and of the CSS and JS its HTML references (raw and gzip -6)
- the offline worker's precache (sw.js): files, raw and gzip bytes, against the 3 MB gzip budget
- Lighthouse (mobile) on three pages served from loopback with gzip, as static hosts serve them,
  median of --runs runs each: only where Node.js/npm is present (lighthouse pinned below).
  `--all` runs it on every page instead (slow: about a minute a page) and prints each page's
  bar from decisions.md and whether it is met; `--pages a.html b.html` runs it on those pages.
  Lighthouse is never part of `make test`.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from support import assets, content_pages  # noqa: E402

sys.path.insert(0, str(ROOT / "hooks"))
from offline_worker import precache_sizes  # noqa: E402

LIGHTHOUSE = "lighthouse@12.2.3"  # supports Node 20 officially (13.x asks for Node 22)
LIGHTHOUSE_PAGES = ["index.html", "tools/homa-ir.html"]  # plus the longest tier page
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# Performance bars (decisions.md, December 2026 "Speed"); the other three categories: 100.
FRONT_DOOR = {"index.html", "fundamentals/lab-results.html", "fundamentals/insulin-resistance.html",
              "academic/index.html", "tools/homa-ir.html"}
HEAVY = {"glossary.html", "references.html"}


def performance_bar(page: str) -> int:
    """Home, front-door and tool pages 95; glossary and References 80; every other page 90. A
    Spanish page (es/) has its English twin's bar."""
    page = page.removeprefix("es/")
    if page in FRONT_DOOR or page.startswith("tools/"):
        return 95
    return 80 if page in HEAVY else 90


def verdict(page: str, scores: dict[str, float | None]) -> str:
    """'ok', or the categories below their bar, for one page's median scores."""
    low = [c for c in CATEGORIES if scores.get(c) is None
           or scores[c] < (performance_bar(page) if c == "performance" else 100)]
    return "ok" if not low else "below: " + ", ".join(low)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def kb(n: int) -> str:
    return f"{n / 1024:7.1f}"


def build_times(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", out],
                                  cwd=ROOT, env=ENV, capture_output=True, text=True)
            if done.returncode:
                sys.exit("bench: the strict build failed:\n" + done.stderr[-3000:])
            times.append(time.perf_counter() - start)
    return times


def page_weight(site: Path, page: str) -> dict[str, tuple[int, int]]:
    """Bytes (raw, gzip) of the page's HTML and of the stylesheets and scripts it references."""
    html = (site / page).read_bytes()
    out = {"html": (len(html), gz(html)), "css": (0, 0), "js": (0, 0)}
    for target in assets(site, page):
        data = target.read_bytes()
        kind = target.suffix[1:]
        out[kind] = (out[kind][0] + len(data), out[kind][1] + gz(data))
    return out


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that gzips text, as GitHub Pages and other hosts do."""
    TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix in self.TEXT and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return _Body(body)
        return super().send_head()

    def log_message(self, *args):
        pass


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def lighthouse(site: Path, pages: list[str], runs: int) -> None:
    npm = shutil.which("npm")
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not npm or not chromium:
        print("\nLighthouse: skipped (needs Node.js/npm and Chromium; none found).")
        return
    tool = ROOT / "build" / "lighthouse"
    binary = tool / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        tool.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--prefix", str(tool), "--no-save", "-E", LIGHTHOUSE],
                       check=True, capture_output=True)
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    categories = CATEGORIES
    print(f"\nLighthouse {LIGHTHOUSE.split('@')[1]} (mobile), served with gzip on 127.0.0.1, "
          f"median of {runs} runs")
    print(f"{'page':45} " + " ".join(f"{c[:13]:>14}" for c in categories) + f" {'bar':>4}  verdict")
    failing = 0
    try:
        for page in pages:
            scores = {c: [] for c in categories}
            for _ in range(runs):
                with tempfile.TemporaryDirectory() as tmp:
                    report = Path(tmp) / "r.json"
                    subprocess.run([str(binary), f"http://127.0.0.1:{port}/{page}", "--quiet",
                                    "--output=json", f"--output-path={report}",
                                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                                    f"--only-categories={','.join(categories)}"],
                                   env=dict(ENV, CHROME_PATH=chromium), capture_output=True, timeout=240)
                    if not report.exists():
                        continue
                    data = json.loads(report.read_text())
                    for c in categories:
                        scores[c].append(round(100 * (data["categories"][c]["score"] or 0)))
            medians = {c: (statistics.median(v) if v else None) for c, v in scores.items()}
            result = verdict(page, medians)
            failing += result != "ok"
            print(f"{page:45} " + " ".join(
                f"{'n/a' if m is None else m:>14}" for m in medians.values())
                + f" {performance_bar(page):>4}  {result}", flush=True)
    finally:
        server.shutdown()
    print(f"{len(pages) - failing} of {len(pages)} pages meet their bars")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", default=str(ROOT / "site"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-lighthouse", action="store_true")
    ap.add_argument("--all", action="store_true", help="Lighthouse on every page (slow)")
    ap.add_argument("--pages", nargs="+", metavar="PAGE", help="Lighthouse on these pages only")
    ap.add_argument("--skip-build", action="store_true", help="do not time the strict build")
    args = ap.parse_args()
    site = Path(args.site)

    times = build_times(args.runs) if args.runs and not args.skip_build else [0.0]
    print(f"strict build: median {statistics.median(times):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in times)})")
    files = [p for p in site.rglob("*") if p.is_file()]
    print(f"built site: {len(files)} files, {sum(p.stat().st_size for p in files) / 1024:.0f} KiB")

    print(f"\n{'page':45} {'HTML':>7} {'gz':>7} {'CSS':>7} {'gz':>7} {'JS':>7} {'gz':>7} "
          f"{'total':>7} {'gz':>7}   (KiB)")
    longest = ("", 0)
    for page in content_pages(site):
        w = page_weight(site, page)
        raw = sum(v[0] for v in w.values())
        zipped = sum(v[1] for v in w.values())
        print(f"{page:45} {kb(w['html'][0])} {kb(w['html'][1])} {kb(w['css'][0])} {kb(w['css'][1])} "
              f"{kb(w['js'][0])} {kb(w['js'][1])} {kb(raw)} {kb(zipped)}")
        if page.startswith(("fundamentals/", "intermediate/", "academic/")) and w["html"][0] > longest[1]:
            longest = (page, w["html"][0])
    search = [site / "search" / "search_index.json", site / "search" / "search_index.js"]
    worker = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.js"))
    extra = [p for p in search + worker if p.is_file()]
    print("\nloaded by search (over http at page load; from file:// when search opens):")
    for p in extra:
        data = p.read_bytes()
        print(f"  {p.relative_to(site).as_posix():43} {kb(len(data))} {kb(gz(data))}")

    precache_budget = 3 * 1024 * 1024  # issue 15: at most 3 MB transferred (gzip) on first visit
    if (site / "sw.js").is_file():
        n, raw, zipped = precache_sizes(site)
        print(f"\noffline precache (sw.js): {n} files, {raw} bytes raw, {zipped} bytes gzip "
              f"({zipped / 1024:.0f} KiB of the {precache_budget // 1024} KiB budget)")
    else:
        print("\noffline precache: no sw.js in this build")

    if not args.no_lighthouse:
        if args.pages:
            unknown = [p for p in args.pages if not (site / p).is_file()]
            if unknown:
                sys.exit(f"bench: no such page in {site}: {', '.join(unknown)}")
            pages = args.pages
        elif args.all:
            pages = content_pages(site)
        else:
            pages = LIGHTHOUSE_PAGES + [longest[0]]
        lighthouse(site, pages, args.runs)


if __name__ == "__main__":
    main()
