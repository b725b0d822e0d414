"""The colour scheme toggle (site.js, hooks/palette.py): Material's palette component stays
unmounted, and site.js gives the same three choices, the same saved choice across pages, and a
theme colour that follows the choice, not only the system."""
import sys

import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT
from support import content_pages, file_url, soup, until

sys.path.insert(0, str(ROOT / "hooks"))
import palette  # noqa: E402

THEME = ("[...document.querySelectorAll('meta[name=theme-color]')]"
         ".find(m => !m.media || matchMedia(m.media).matches).content")


def test_the_hook_renames_materials_marker_and_fails_without_one():
    html = f"<header>{palette.MATERIAL_MARKER}<input></form></header>"
    assert palette.with_site_palette(html, "a.md") == f"<header>{palette.SITE_MARKER}<input></form></header>"
    with pytest.raises(PluginError, match="b.md"):
        palette.with_site_palette("<header></header>", "b.md")


def test_no_built_page_leaves_the_palette_to_material(site_dir):
    pages = content_pages(site_dir) + ["404.html"]
    for rel in pages:
        doc = soup(site_dir / rel)
        assert doc.select("[data-md-component=palette]") == [], rel
        assert len(doc.select("form[data-site-palette] input[name=__palette]")) == 3, rel


@pytest.mark.browser
def test_palette_helpers(site_dir, page):
    page.goto(file_url(site_dir, "index.html"))
    got = page.evaluate("""() => {
        const o = [{media: '(prefers-color-scheme)', scheme: 'default', primary: 'p', accent: 'a'},
                   {media: '(prefers-color-scheme: light)', scheme: 'default', primary: 'p', accent: 'a'},
                   {media: '(prefers-color-scheme: dark)', scheme: 'slate', primary: 'q', accent: 'b'}];
        return [SiteUI.paletteIndex(null, 3), SiteUI.paletteIndex({index: 2}, 3), SiteUI.paletteIndex({index: 9}, 3),
                SiteUI.paletteIndex({index: -1}, 3), SiteUI.paletteIndex({index: 'x'}, 3),
                SiteUI.paletteColors(o, 0, false), SiteUI.paletteColors(o, 0, true), SiteUI.paletteColors(o, 2, true),
                SiteUI.darkThemeMedia(SiteUI.paletteColors(o, 0, true)),
                SiteUI.darkThemeMedia(o[1]), SiteUI.darkThemeMedia(o[2])];
    }""")
    assert got[:5] == [0, 2, 2, 0, 0]
    assert got[5] == {"media": "(prefers-color-scheme)", "scheme": "slate", "primary": "q", "accent": "b"}
    assert got[6] == {"media": "(prefers-color-scheme)", "scheme": "default", "primary": "p", "accent": "a"}
    assert got[7] == {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "q", "accent": "b"}
    assert got[8:] == ["(prefers-color-scheme: dark)", "not all", "all"]


@pytest.mark.browser
def test_the_toggle_cycles_remembers_and_sets_the_theme_colour(site_http, page):
    """On a light system: automatic -> light -> dark -> automatic; the choice holds on the next
    page (Material's inline script reads the saved choice), and the phone's bar colour follows."""
    page.emulate_media(color_scheme="light")
    page.goto(site_http + "index.html")
    visible = "form[data-site-palette] label:visible"
    assert page.locator(visible).count() == 1
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    assert page.evaluate(THEME) == "#00695c"
    page.locator(visible).click()  # -> light
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.locator(visible).click()  # -> dark
    until(page, "document.body.dataset.mdColorScheme === 'slate'")
    assert page.evaluate(THEME) == "#004d40"
    assert page.evaluate("document.querySelector('meta[name=color-scheme]').content") == "dark"
    until(page, "!document.body.hasAttribute('data-md-color-switching')")

    page.goto(site_http + "fundamentals/lab-results.html")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    assert page.evaluate(THEME) == "#004d40"
    label = page.locator(visible)
    assert label.count() == 1 and "Switch to follow your system" in label.get_attribute("title")
    # Keyboard: Enter on the focused choice moves on, to automatic (light here).
    page.locator("form[data-site-palette] input").nth(2).focus()
    page.keyboard.press("Enter")
    until(page, "document.body.dataset.mdColorScheme === 'default'")
    assert page.evaluate(THEME) == "#00695c"
    assert "follows your system" in page.locator(visible).get_attribute("title")


@pytest.mark.browser
def test_automatic_follows_a_change_of_the_system_scheme(site_http, page):
    page.emulate_media(color_scheme="light")
    page.goto(site_http + "index.html")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.emulate_media(color_scheme="dark")
    until(page, "document.body.dataset.mdColorScheme === 'slate'")
    assert page.evaluate(THEME) == "#004d40"
