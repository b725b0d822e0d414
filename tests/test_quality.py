"""Quality gates on the built site: accessibility (axe-core in Chromium, light and dark), page
weight budgets (deterministic sizes; times are only printed by `make bench`), and print."""
from __future__ import annotations

import gzip
import io
import json
import re

import pytest
from pypdf import PdfReader

from conftest import CHROMIUM_ARGS, chromium_path
from support import assets, axe_violations, content_pages, file_url, soup, until

CALCULATOR_SCRIPTS = ["assets/calculator/homa.js", "assets/calculator/homa-form.js"]
RISK_SCRIPTS = ["assets/risk-test/risk.js", "assets/risk-test/risk-form.js"]
READING_LIST_SCRIPTS = ["assets/reading-list/reading-list.js", "assets/reading-list/reading-list-ui.js"]
THEME = re.compile(r"^assets/(stylesheets/(main|palette)\.[0-9a-f]+\.min\.css|javascripts/bundle\.[0-9a-f]+\.min\.js)$")
SITE_FILES = {"assets/stylesheets/site.css", "assets/javascripts/site.js", "assets/javascripts/site-ui.js",
              "assets/vendor/iframe-worker/shim.js"}
PAGE_BUDGET_GZ = 90 * 1024
SCRIPT_BUDGET_GZ = 6 * 1024


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


# --- accessibility --------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page(site_dir, page, scheme):
    """The palette follows the system setting; emulate each and let colour transitions end."""
    found = {}
    page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
    for rel in content_pages(site_dir):
        page.goto(file_url(site_dir, rel))
        expected = "slate" if scheme == "dark" else "default"
        until(page, f"document.body.dataset.mdColorScheme === '{expected}'")
        page.wait_for_timeout(300)
        violations = axe_violations(page)
        if violations:
            found[rel] = violations[:3]
    assert found == {}


@pytest.mark.browser
def test_the_notes_list_waits_to_be_drawn_yet_stays_reachable(site_dir, browser, page):
    """site.css: the notes list of a long page is not laid out at load (content-visibility), but a
    screen reader still finds it, a link to a note lands on it, "Jump back" returns, and a printout
    lays it out."""
    url = file_url(site_dir, "academic/advanced-therapies.html")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url)
    assert page.evaluate("getComputedStyle(document.querySelector('.footnote')).contentVisibility") == "auto"
    assert page.evaluate("document.querySelector('.footnote').getBoundingClientRect().top") > 844
    first_note = page.evaluate("document.querySelector('.footnote li p').textContent.trim().slice(0, 30)")
    # As with a screen reader running: Chromium's renderer accessibility on from the start.
    reader = browser.browser_type.launch(executable_path=chromium_path(), headless=True,
                                         args=CHROMIUM_ARGS + ["--force-renderer-accessibility"])
    try:
        heard = reader.new_page(viewport={"width": 390, "height": 844})
        heard.goto(url)
        heard.wait_for_timeout(500)
        assert heard.evaluate("document.querySelector('.footnote').getBoundingClientRect().top") > 844
        tree = heard.context.new_cdp_session(heard).send("Accessibility.getFullAXTree")["nodes"]
        names = [n.get("name", {}).get("value", "") for n in tree if not n.get("ignored")]
        assert any(name.startswith(first_note) for name in names), "the notes are not in the accessibility tree"
    finally:
        reader.close()
    ref = page.locator("article a.footnote-ref").first
    ref.click()
    target = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    box = page.evaluate(f"document.getElementById({json.dumps(target)}).getBoundingClientRect().toJSON()")
    assert 0 <= box["top"] < 844 and box["height"] > 0
    page.locator(f"[id={json.dumps(target)}] a.footnote-backref").first.click()
    assert 0 <= ref.evaluate("e => e.getBoundingClientRect().top") < 844
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.footnote')).contentVisibility") == "visible"


def test_language_and_text_alternatives(site_dir):
    for rel in content_pages(site_dir):
        doc = soup(site_dir / rel)
        assert doc.html.get("lang") == ("es" if rel.startswith("es/") else "en")
        for img in doc.select("article img"):
            assert img.get("alt", "").strip(), f"{rel}: image without alt text"
        for svg in doc.select("article svg"):
            named = svg.get("aria-hidden") == "true" or svg.get("aria-label") or svg.find("title")
            assert named, f"{rel}: inline SVG without a text alternative"


def test_svg_files_have_titles(site_dir):
    for svg in (site_dir / "assets" / "images").glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        assert "<title" in text and 'role="img"' in text, svg.name


# --- page weight ----------------------------------------------------------------------------

def test_calculator_scripts_within_budget(site_dir):
    total = sum(gz((site_dir / p).read_bytes()) for p in CALCULATOR_SCRIPTS)
    assert total <= SCRIPT_BUDGET_GZ, f"calculator scripts: {total} bytes gzip"


def test_pages_load_only_theme_and_site_files_within_budget(site_dir):
    for rel in content_pages(site_dir):
        used = [p.relative_to(site_dir).as_posix() for p in assets(site_dir, rel)]
        allowed = SITE_FILES | set({"tools/homa-ir.html": CALCULATOR_SCRIPTS,
                                    "es/tools/homa-ir.html": CALCULATOR_SCRIPTS,
                                    "tools/risk-test.html": RISK_SCRIPTS,
                                    "tools/reading-list.html": READING_LIST_SCRIPTS}.get(rel, []))
        extra = [a for a in used if not THEME.match(a) and a not in allowed]
        assert extra == [], f"{rel} loads {extra}"
        total = sum(gz((site_dir / a).read_bytes()) for a in set(used))
        assert total <= PAGE_BUDGET_GZ, f"{rel}: {total} bytes gzip of CSS and JS"


def test_no_dangling_source_maps_and_a_robots_file(site_dir):
    assert (site_dir / "robots.txt").is_file()
    for path in list(site_dir.rglob("*.js")) + list(site_dir.rglob("*.css")):
        m = re.search(r"sourceMappingURL=(\S+?)\s*(\*/)?\s*$", path.read_text(encoding="utf-8", errors="ignore"))
        if m and not m.group(1).startswith("data:"):
            assert (path.parent / m.group(1)).is_file(), f"{path.name} names a missing {m.group(1)}"


# --- print ----------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("rel", ["intermediate/lab-markers.html", "fundamentals/lifestyle.html"])
def test_print_gives_a_clean_handout(site_dir, browser, rel):
    doc = soup(site_dir / rel)
    title = doc.select_one("article h1").get_text(" ", strip=True).replace("¶", "").strip()
    first_reference = doc.select_one(".footnote li").get_text(" ", strip=True)[:25]
    context = browser.new_context()
    page = context.new_page()
    page.goto(file_url(site_dir, rel))
    pdf = page.pdf(format="A4")
    context.close()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert title in text
    assert "Medical disclaimer" in text and "Last reviewed" in text
    assert " ".join(first_reference.split()) in text
    # Navigation labels of other sections must not be printed.
    assert "How we checked the sources" not in text and "Skip to content" not in text
