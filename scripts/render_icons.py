#!/usr/bin/env python3
"""Render the web app icons (PNG) from the site mark (SVG) with the system Chromium.

    .venv/bin/python scripts/render_icons.py          # rewrite the PNGs after editing the SVG
    .venv/bin/python scripts/render_icons.py --check  # exit 1 if a committed PNG is stale

The PNGs are committed, so the build needs neither a renderer nor the network; this script is
how they are made, and tests/test_installable.py re-renders them to prove they match the SVG.
Chromium (already needed by the tests, through Playwright) is the renderer: no new dependency.

- icon-192.png and icon-512.png: the mark as drawn (rounded square, transparent corners).
- icon-maskable-512.png: the same drawing with a full-bleed square background (rx 0), for
  launchers that cut their own shape; the drawing already sits inside the 80 % safe zone.
"""
from __future__ import annotations

import argparse
import base64
import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "docs/assets/images/site-mark.svg"
OUT = ROOT / "docs/assets/images/icons"
ICONS = {  # file name -> (size in px, maskable)
    "icon-192.png": (192, False),
    "icon-512.png": (512, False),
    "icon-maskable-512.png": (512, True),
}
BACKGROUND = re.compile(r'(<rect id="mark-background"[^>]*?)\srx="[^"]*"')


def variant(svg: str, maskable: bool) -> str:
    """The SVG text for one icon: as drawn, or with a square background for the maskable one."""
    if not maskable:
        return svg
    square, n = BACKGROUND.subn(r"\1", svg)
    if n != 1:
        raise SystemExit("render_icons: the SVG needs one <rect id=\"mark-background\" ... rx=...>")
    return square


def chromium() -> str:
    found = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise SystemExit("render_icons: needs Chromium (apt-get install chromium, or set CHROMIUM_PATH)")
    return found


def page_html(svg: str, size: int) -> str:
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<!doctype html><html><body style="margin:0;background:transparent">'
            f'<img id="icon" width="{size}" height="{size}" src="data:image/svg+xml;base64,{data}"></body></html>')


def render(svg: str, size: int, browser) -> bytes:
    """PNG bytes of the SVG drawn at size x size CSS px (device scale 1)."""
    page = browser.new_page(viewport={"width": size, "height": size}, device_scale_factor=1)
    try:
        page.set_content(page_html(svg, size))
        page.wait_for_function("document.getElementById('icon').complete")
        return page.screenshot(omit_background=True, clip={"x": 0, "y": 0, "width": size, "height": size})
    finally:
        page.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed PNGs, write nothing")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    svg = SVG.read_text(encoding="utf-8")
    stale = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium(), headless=True, args=["--no-sandbox"])
        for name, (size, maskable) in ICONS.items():
            png = render(variant(svg, maskable), size, browser)
            target = OUT / name
            if args.check:
                if not target.is_file() or target.read_bytes() != png:
                    stale.append(name)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(png)
                print(f"render_icons: {target.relative_to(ROOT)} ({size} px, {len(png)} bytes)")
        browser.close()
    if stale:
        print("render_icons: stale (run scripts/render_icons.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
