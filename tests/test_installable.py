"""The installable site (hooks/installable.py): the web app manifest, its icons rendered from the
site mark, the head links of every page, the theme colours against the palette Chromium really
paints, and Chromium's own verdict that the site can be installed."""
from __future__ import annotations

import base64
import json
import struct
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from conftest import PUBLIC_URL, ROOT
from support import content_pages, soup, until

sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "scripts"))
import installable  # noqa: E402
import render_icons  # noqa: E402

CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
CSS = '[data-md-color-scheme="default"] {\n  --md-primary-fg-color: #00695C; }\n' \
      '[data-md-color-scheme="slate"] { --md-primary-fg-color-x: #111111; --md-primary-fg-color: #004d40; }'


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", path
    return struct.unpack(">II", data[16:24])


def manifest(site: Path) -> dict:
    return json.loads((site / installable.MANIFEST).read_text(encoding="utf-8"))


# --- pure functions -----------------------------------------------------------------------------

def test_palette_reads_each_schemes_header_colour():
    assert installable.palette(CSS) == {"light": "#00695c", "dark": "#004d40"}
    with pytest.raises(Exception, match="slate"):
        installable.palette(CSS.split("[data-md-color-scheme=\"slate\"]")[0])


def test_head_tags_are_relative_and_put_the_dark_colour_first():
    tags = installable.head_tags("fundamentals/lab-results.html", {"light": "#aaaaaa", "dark": "#bbbbbb"})
    assert tags.startswith('<link rel="manifest" href="../manifest.webmanifest">')
    # The first theme-color whose media matches wins: dark (with media) before light (without).
    assert tags.index('media="(prefers-color-scheme: dark)" content="#bbbbbb"') < tags.index('content="#aaaaaa"')
    assert '<link rel="apple-touch-icon" href="../assets/images/icons/icon-192.png">' in tags
    assert 'href="manifest.webmanifest"' in installable.head_tags("index.html", {"light": "#a", "dark": "#b"})


# --- the built site -----------------------------------------------------------------------------

def test_the_manifest_names_the_site_with_relative_addresses(site_dir):
    data = manifest(site_dir)
    assert data["name"] == CONFIG["site_name"]
    assert data["description"] == " ".join(CONFIG["site_description"].split())
    assert data["short_name"] == yaml.safe_load((ROOT / "data/strings.en.yml").read_text(encoding="utf-8"))["app"]["short_name"]
    assert len(data["short_name"]) <= 20  # what a home screen shows without cutting it
    assert data["id"] == data["start_url"] == data["scope"] == "./"
    assert data["display"] == "standalone" and data["lang"] == "en"
    css = (ROOT / installable.STYLESHEET).read_text(encoding="utf-8")
    assert data["theme_color"] == "#00695c" and "--md-primary-fg-color: #00695c;" in css


def test_the_icons_are_pngs_of_their_stated_size_and_include_a_maskable_one(site_dir):
    icons = manifest(site_dir)["icons"]
    for icon in icons:
        width, height = png_size(site_dir / icon["src"])
        assert f"{width}x{height}" == icon["sizes"] and icon["type"] == "image/png", icon
    assert {(i["sizes"], i["purpose"]) for i in icons} == {("192x192", "any"), ("512x512", "any"),
                                                          ("512x512", "maskable")}


def test_under_a_sub_path_the_manifest_keeps_to_it(public_site):
    page = "fundamentals/lab-results.html"
    href = soup(public_site / page).find("link", rel="manifest")["href"]
    manifest_url = urljoin(PUBLIC_URL + page, href)
    assert manifest_url == PUBLIC_URL + installable.MANIFEST
    data = manifest(public_site)
    assert urljoin(manifest_url, data["start_url"]) == urljoin(manifest_url, data["scope"]) == PUBLIC_URL
    assert all(urljoin(manifest_url, i["src"]).startswith(PUBLIC_URL) for i in data["icons"])


def test_every_page_links_the_manifest_theme_colours_and_touch_icon(site_dir):
    for rel in content_pages(site_dir):
        doc = soup(site_dir / rel)
        link = doc.find("link", rel="manifest")
        assert link and ((site_dir / rel).parent / link["href"]).resolve() == (site_dir / installable.MANIFEST).resolve(), rel
        colours = [(m.get("media"), m["content"]) for m in doc.find_all("meta", attrs={"name": "theme-color"})]
        assert colours == [("(prefers-color-scheme: dark)", "#004d40"), (None, "#00695c")], rel
        touch = doc.find("link", rel="apple-touch-icon")
        assert touch and ((site_dir / rel).parent / touch["href"]).is_file(), rel


# --- Chromium -----------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("scheme, body", [("light", "default"), ("dark", "slate")])
def test_the_theme_colour_is_the_header_colour_chromium_paints(site_http, page, scheme, body):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_http + "index.html")
    until(page, f"document.body.dataset.mdColorScheme === '{body}'")
    painted = page.eval_on_selector(".md-header", "e => getComputedStyle(e).backgroundColor")
    chosen = page.evaluate("[...document.querySelectorAll('meta[name=theme-color]')]"
                           ".find(m => !m.media || matchMedia(m.media).matches).content")
    hexed = "#" + "".join(f"{int(v):02x}" for v in painted[painted.index("(") + 1:-1].split(",")[:3])
    assert hexed == chosen


@pytest.mark.browser
def test_chromium_finds_the_site_installable(site_http, page):
    """Chromium's own checks (a valid manifest, icons, a worker that controls the start page):
    only 'in-incognito' may remain, since every Playwright context is one."""
    page.goto(site_http + "index.html")
    until(page, "navigator.serviceWorker.getRegistration().then(r => Boolean(r && r.active))", timeout=60)
    page.reload()
    until(page, "navigator.serviceWorker.controller !== null")
    cdp = page.context.new_cdp_session(page)
    found = cdp.send("Page.getAppManifest")
    assert found["url"] == site_http + installable.MANIFEST and found["errors"] == []
    assert found["manifest"]["startUrl"] == found["manifest"]["scope"] == site_http
    errors = [e["errorId"] for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]]
    assert [e for e in errors if e != "in-incognito"] == []


COMPARE = """async ([a, b]) => {
  const load = src => new Promise((ok, bad) => { const i = new Image(); i.onload = () => ok(i); i.onerror = bad; i.src = src; });
  const pixels = img => { const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
    const x = c.getContext('2d'); x.drawImage(img, 0, 0); return x.getImageData(0, 0, c.width, c.height).data; };
  const [p, q] = (await Promise.all([load(a), load(b)])).map(pixels);
  if (p.length !== q.length) return {size: false};
  let far = 0, sum = 0;
  for (let i = 0; i < p.length; i++) { const d = Math.abs(p[i] - q[i]); sum += d; if (d > 48) far++; }
  return {size: true, mean: sum / p.length, far: far / p.length};
}"""


@pytest.mark.browser
def test_the_committed_icons_are_renders_of_the_site_mark(browser):
    """Re-rendered from the SVG here (scripts/render_icons.py), the icons match the committed
    PNGs up to anti-aliasing: edit the SVG without re-running the script and this fails."""
    svg = render_icons.SVG.read_text(encoding="utf-8")
    checker = browser.new_page()
    try:
        for name, (size, maskable) in render_icons.ICONS.items():
            fresh = render_icons.render(render_icons.variant(svg, maskable), size, browser)
            committed = (render_icons.OUT / name).read_bytes()
            urls = ["data:image/png;base64," + base64.b64encode(b).decode() for b in (fresh, committed)]
            result = checker.evaluate(COMPARE, urls)
            assert result["size"] and result["mean"] < 1 and result["far"] < 0.002, (name, result)
    finally:
        checker.close()


def test_the_maskable_icon_fills_its_square_and_the_others_have_round_corners():
    square = render_icons.variant(render_icons.SVG.read_text(encoding="utf-8"), True)
    assert 'id="mark-background" width="512" height="512" fill=' in square
    assert 'rx="' in render_icons.SVG.read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        render_icons.variant("<svg><rect/></svg>", True)
