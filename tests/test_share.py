"""Copy a section's link: every heading's control, by mouse, keyboard and touch, over http and
from file://, with the public address when the build has one, and the fallback field when the
clipboard refuses. In Chromium on the built sites."""
from __future__ import annotations

import re

import pytest

from conftest import PUBLIC_URL
from support import soup

pytestmark = pytest.mark.browser

SAMPLE = ["fundamentals/lab-results.html", "intermediate/metformin.html", "academic/systems-view.html",
          "tools/homa-ir.html"]
PAGE = "fundamentals/lab-results.html"


def headings(site_dir, rel: str) -> list[tuple[str, str]]:
    doc = soup(site_dir / rel)
    return [(h["id"], " ".join(h.get_text().replace("¶", "").split()))
            for h in doc.select("article h2[id], article h3[id]") if h.select_one("a.headerlink")]


def luminance(rgb: str) -> float:
    r, g, b = (int(x) / 255 for x in re.findall(r"\d+", rgb)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_heading_has_a_visible_named_control(site_http, site_dir, browser, scheme):
    context = browser.new_context()
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    problems = []
    try:
        for rel in SAMPLE:
            page.goto(site_http + rel)
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            for hid, text in headings(site_dir, rel):
                control = page.locator(f"#{hid} > a.headerlink")
                name = control.get_attribute("aria-label") or ""
                box = control.bounding_box()
                color = control.evaluate("e => getComputedStyle(e).color")
                if name != "Copy link to " + text:
                    problems.append((rel, hid, "name", name))
                if box["width"] < 24 or box["height"] < 24:
                    problems.append((rel, hid, "size", box))
                if contrast(color, background) < 3:
                    problems.append((rel, hid, "contrast", color, background))
                if control.evaluate("e => getComputedStyle(e).opacity") != "1":
                    problems.append((rel, hid, "hidden until hover"))
    finally:
        context.close()
    assert problems == []
    assert sum(len(headings(site_dir, r)) for r in SAMPLE) >= 20


def open_page(browser, address: str, touch: bool = False, refuse: bool = False):
    context = browser.new_context(has_touch=touch, is_mobile=touch,
                                  viewport={"width": 390, "height": 844} if touch else None)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    if refuse:
        page.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new Error('denied'))")
    page.goto(address)
    return context, page


def status(page) -> str:
    page.wait_for_timeout(200)
    return page.locator(".copy-link-status[role=status]").text_content()


def test_mouse_copies_the_current_address_announces_and_moves_to_the_section(site_http, browser):
    context, page = open_page(browser, site_http + PAGE)
    try:
        page.get_by_role("link", name="Copy link to The ranges at a glance").click()
        assert status(page) == "Link copied"
        assert page.evaluate("navigator.clipboard.readText()") == site_http + PAGE + "#ranges"
        assert page.url.endswith("#ranges")
    finally:
        context.close()


def test_keyboard_activation_copies(site_http, browser):
    context, page = open_page(browser, site_http + "intermediate/metformin.html")
    try:
        control = page.locator("article h2[id] > a.headerlink").first
        hid = control.evaluate("e => e.parentNode.id")
        control.focus()
        page.keyboard.press("Enter")
        assert status(page) == "Link copied"
        assert page.evaluate("navigator.clipboard.readText()") == site_http + f"intermediate/metformin.html#{hid}"
    finally:
        context.close()


def test_touch_activation_copies_the_public_address_from_a_downloaded_copy(public_site, browser):
    context, page = open_page(browser, (public_site / PAGE).as_uri(), touch=True)
    try:
        page.locator("#retest > a.headerlink").tap()
        assert status(page) == "Link copied"
        assert page.evaluate("navigator.clipboard.readText()") == PUBLIC_URL + PAGE + "#retest"
    finally:
        context.close()


def test_a_copy_without_a_public_address_offers_the_page_path(site_dir, browser):
    context, page = open_page(browser, (site_dir / PAGE).as_uri())
    try:
        page.locator("#ranges > a.headerlink").click()
        field = page.locator(".copy-link-fallback input")
        assert field.input_value() == PAGE + "#ranges" and "no public web address" in page.locator(".copy-link-fallback").text_content()
        assert page.evaluate("document.activeElement.readOnly === true")
    finally:
        context.close()


def test_a_refusing_clipboard_shows_the_address_selected(site_http, browser):
    context, page = open_page(browser, site_http + PAGE, refuse=True)
    try:
        page.locator("#ranges > a.headerlink").click()
        field = page.get_by_role("textbox", name="Copy this link to the section:")
        field.wait_for(state="visible")
        assert field.input_value() == site_http + PAGE + "#ranges"
        page.wait_for_timeout(100)
        assert field.evaluate("e => document.activeElement === e && e.selectionEnd === e.value.length")
        page.get_by_role("button", name="Close").click()
        assert page.locator(".copy-link-fallback").count() == 0
    finally:
        context.close()


def test_pure_helpers(page, site_dir):
    page.goto((site_dir / PAGE).as_uri())
    got = page.evaluate("""[SiteUI.sectionAddress('https://example.org/ir/a.html', 'file:///x/a.html', 'b'),
        SiteUI.sectionAddress(null, 'http://h/a.html#old', 'b'), SiteUI.sectionAddress(null, 'file:///x/a.html', 'b'),
        SiteUI.pagePath('file:///x/site/f/a%20b.html#z', 'file:///x/site/'), SiteUI.headingText(' Ranges \\u00b6 '),
        SiteUI.pageAddress('https://example.org/ir/a.html', 'file:///x/a.html#v=1'),
        SiteUI.pageAddress('', 'https://h/a.html#v=1'), SiteUI.pageAddress(undefined, 'file:///x/a.html')]""")
    assert got == ["https://example.org/ir/a.html#b", "http://h/a.html#b", None, "f/a b.html", "Ranges",
                   "https://example.org/ir/a.html", "https://h/a.html", None]
    printed = page.evaluate("""[SiteUI.printAddress(null, 'http://127.0.0.1:8000/a.html#v=1'),
        SiteUI.printAddress(null, 'http://localhost/a.html'), SiteUI.printAddress(null, 'http://[::1]/a.html'),
        SiteUI.printAddress(null, 'file:///x/a.html'), SiteUI.printAddress(null, 'https://h/a.html#v'),
        SiteUI.printAddress('https://example.org/ir/a.html', 'http://127.0.0.1/a.html')]""")
    assert printed == [None, None, None, None, "https://h/a.html", "https://example.org/ir/a.html"]
