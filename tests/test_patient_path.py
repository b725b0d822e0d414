"""The patient's path on a phone (issue 12): the front door, the lab-results page and the
Questions to ask boxes, tables that keep their row labels, abbreviations on touch, the glossary's
A-Z row, the 404 page from a downloaded copy, and a readable phone header."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT
from support import content_pages, file_url, soup, until

sys.path.insert(0, str(ROOT / "hooks"))
import not_found  # noqa: E402

PHONE = {"width": 390, "height": 844}
ROUTES = {  # front-door route -> the page that answers it (decisions.md, "Patient path")
    "I have a lab result": "fundamentals/lab-results.html",
    "I was told I have insulin resistance or prediabetes": "fundamentals/insulin-resistance.html",
    "Should I get tested?": "tools/risk-test.html",      # was lab-results#retest until the risk test landed
    "I want the science": "academic/index.html",
}
COMPARE_PAGES = ["compare/interventions.html", "compare/lab-markers.html",
                 "compare/standard-vs-advanced.html"]


def table_pages(site_dir) -> list[str]:
    """Every page whose article holds a plain table (the ones Material wraps in a scroll box)."""
    return [rel for rel in content_pages(site_dir)
            if soup(site_dir / rel).select("article table:not([class])")]


def phone(browser, **extra):
    context = browser.new_context(viewport=PHONE, **extra)
    return context, context.new_page()


# --- front door and Fundamentals pages (built HTML) --------------------------------------------

def test_front_door_routes_land_on_the_right_pages(site_dir):
    links = soup(site_dir / "index.html").select("nav.front-door a")
    found = {a.find("strong").get_text(strip=True): a["href"].split("#")[0] for a in links}
    assert found == ROUTES
    for target in found.values():
        assert (site_dir / target).is_file()


def fundamentals_pages(site_dir):
    return sorted(p.relative_to(site_dir).as_posix() for p in (site_dir / "fundamentals").glob("*.html"))


def test_every_fundamentals_page_ends_with_questions_to_ask(site_dir):
    problems = []
    for rel in fundamentals_pages(site_dir):
        stamp = soup(site_dir / rel).select_one("article p.page-reviewed")
        box = stamp.find_previous_sibling() if stamp else None
        title = box.select_one(".admonition-title") if box else None
        if not (box and "question" in box.get("class", []) and title
                and title.get_text(strip=True).startswith("Questions to ask") and len(box.find_all("li")) >= 3):
            problems.append(rel)
    assert len(fundamentals_pages(site_dir)) >= 7 and problems == []


def test_emergency_signs_are_held_once(site_dir):
    holders = [rel for rel in content_pages(site_dir)
               if "Call 911 or your local emergency number" in soup(site_dir / rel).select_one("article").get_text(" ")]
    assert holders == ["fundamentals/lab-results.html"]
    box = soup(site_dir / holders[0]).select_one("article .admonition.danger")
    assert box.find_parent().select_one("#emergency") or box.find_previous("h2")["id"] == "emergency"
    assert len(box.select("li")) >= 4 and box.select("a.footnote-ref")


def test_programme_links_go_to_the_programmes_own_pages(site_dir):
    hrefs = [a["href"] for a in soup(site_dir / "fundamentals" / "lifestyle.html").select("article a[href^='https://']")]
    assert any(h.startswith("https://www.cdc.gov/diabetes-prevention/") for h in hrefs)
    assert any(h.startswith("https://www.england.nhs.uk/diabetes/diabetes-prevention") for h in hrefs)


@pytest.mark.browser
def test_front_door_fits_the_first_screen_of_a_phone(site_dir, browser):
    context, page = phone(browser)
    page.goto(file_url(site_dir, "index.html"))
    boxes = page.eval_on_selector_all(
        "nav.front-door a", "as => as.map(a => { const r = a.getBoundingClientRect(); "
        "return [a.querySelector('strong').textContent, r.top, r.bottom, r.height]; })")
    context.close()
    assert [b[0] for b in boxes] == list(ROUTES)
    for name, top, bottom, height in boxes:
        assert top >= 0 and bottom <= PHONE["height"] and height >= 24, name


# --- tables on a phone ---------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_row_labels_stay_visible_when_a_table_scrolls(site_dir, browser, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 740}, color_scheme=scheme)
    page = context.new_page()
    failures = {}
    pages = table_pages(site_dir)
    assert set(COMPARE_PAGES) <= set(pages)
    for rel in pages:
        page.goto(file_url(site_dir, rel))
        result = page.evaluate("""() => [...document.querySelectorAll('article table:not([class])')].map(t => {
            const wrap = t.closest('.md-typeset__scrollwrap');
            const wide = wrap.scrollWidth - wrap.clientWidth > 1;
            wrap.scrollLeft = wrap.scrollWidth;
            const box = wrap.getBoundingClientRect();
            const hidden = [...t.rows].filter(r => {
                const c = r.cells[0].getBoundingClientRect();
                return c.width < 20 || c.left < box.left - 1 || c.right > box.right + 1;
            }).map(r => r.cells[0].textContent.trim().slice(0, 30));
            const bg = getComputedStyle(t.rows[t.rows.length > 1 ? 1 : 0].cells[0]).backgroundColor;
            const opaque = !/rgba\\(.*,\\s*0(\\.\\d+)?\\)$/.test(bg) && bg !== 'transparent';
            const hint = wrap.previousElementSibling;
            const hinted = !!hint && hint.classList.contains('table-hint') && hint.offsetHeight > 0;
            return {wide, scrolled: wrap.scrollLeft > 0 || !wide, hidden, opaque, hinted};
        })""")
        bad = [r for r in result if r["hidden"] or not r["opaque"] or not r["scrolled"]
               or (r["wide"] and not r["hinted"])]
        if bad:
            failures[rel] = bad
        if rel in COMPARE_PAGES:
            assert any(r["wide"] for r in result), f"{rel}: expected a table wider than {width} px"
    context.close()
    assert failures == {}


# --- abbreviations on touch and keyboard ---------------------------------------------------------

@pytest.mark.browser
def test_a_tap_on_an_abbreviation_toggles_its_expansion(site_dir, browser):
    context, page = phone(browser, has_touch=True, is_mobile=True)
    page.goto(file_url(site_dir, "fundamentals/lab-results.html"))
    abbr = page.locator("article abbr[role=button]").first
    title = abbr.get_attribute("title")
    abbr.scroll_into_view_if_needed()
    abbr.tap()
    expansion = page.locator("article .abbr-expansion")
    assert expansion.count() == 1 and expansion.is_visible()
    assert expansion.text_content() == f" ({title})"
    assert abbr.get_attribute("aria-expanded") == "true"
    assert page.url.endswith("lab-results.html")  # no navigation
    abbr.tap()
    assert expansion.count() == 0 and abbr.get_attribute("aria-expanded") == "false"
    # Keyboard: the abbreviation is focusable and Enter or Space toggles it.
    abbr.focus()
    page.keyboard.press("Enter")
    assert expansion.count() == 1
    page.keyboard.press(" ")
    assert expansion.count() == 0
    # An abbreviation inside a link keeps the link: it is not turned into a button.
    assert page.locator("article a abbr[role=button]").count() == 0
    context.close()


# --- glossary, 404, header ------------------------------------------------------------------------

def test_glossary_jump_row_lists_exactly_the_letters_present(site_dir):
    doc = soup(site_dir / "glossary.html")
    row = [a["href"] for a in doc.select("article nav.az-row a")]
    letters = [f"#{h['id']}" for h in doc.select("article h2[id]") if len(h["id"]) == 1]
    assert row == letters and len(row) >= 15
    first_letter = doc.select_one("article h2#a")
    assert doc.select_one("article nav.az-row") in first_letter.find_all_previous("nav")


def test_not_found_rewrites_root_paths_only():
    html = ('<link href="/assets/a.css"><a href="/ir/x.html">x</a><script src="/ir/s.js"></script>'
            '<a href="https://example.org/ir/y">y</a>{"base": "/ir/", "search": "/ir/w.js"}')
    out = not_found.relative_to_root(html, "/ir/")
    assert out == ('<link href="/assets/a.css"><a href="x.html">x</a><script src="s.js"></script>'
                   '<a href="https://example.org/ir/y">y</a>{"base": ".", "search": "w.js"}')
    assert 'href="assets/a.css"' in not_found.relative_to_root('<link href="/assets/a.css">', "/")
    with pytest.raises(PluginError, match="relative"):
        not_found.parse_page("title: T\ntext: x\nlinks: [{label: Home, href: /index.html}]\n")


@pytest.mark.browser
def test_404_page_is_styled_and_leads_home_and_to_search_from_file(site_dir, browser):
    context, page = phone(browser)
    page.goto(file_url(site_dir, "404.html"))
    assert page.eval_on_selector(".md-header", "e => getComputedStyle(e).position") == "sticky"
    hrefs = page.eval_on_selector_all("article a", "as => as.map(a => a.getAttribute('href'))")
    assert "index.html" in hrefs and "index.html?q=" in hrefs
    page.locator("article a", has_text="Search this site").click()
    until(page, "document.getElementById('__search').checked === true")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    context.close()


@pytest.mark.browser
def test_404_served_at_a_deep_missing_address_is_styled_and_its_links_work(site_http, browser):
    """A host serves 404.html at any depth: its root-relative addresses must still resolve."""
    context, page = phone(browser)
    response = page.goto(site_http + "fundamentals/no/such/page.html")
    assert response.status == 404
    assert page.eval_on_selector(".md-header", "e => getComputedStyle(e).position") == "sticky"
    home = page.locator("article a", has_text="home").first
    assert home.evaluate("a => a.href") == site_http + "index.html"
    home.click()
    until(page, "document.querySelector('h1') !== null && location.pathname === '/index.html'")
    context.close()


def test_not_found_base_script_sets_the_root_only_on_http():
    script = not_found.base_script("/ir")
    assert script.startswith("<script>if(/^https?:$/.test(location.protocol))") and '"/ir/"' in script
    page = not_found.with_base_script('<head><meta charset="utf-8"><link href="a.css">', "/")
    assert page.index('b.href="/"') < page.index("a.css")
    with pytest.raises(PluginError, match="charset"):
        not_found.with_base_script("<head><link href=a.css>", "/")


@pytest.mark.browser
def test_phone_header_shows_the_title_uncut_and_the_palette_says_what_it_does(site_dir, browser):
    context, page = phone(browser)
    page.goto(file_url(site_dir, "fundamentals/when-lifestyle-is-not-enough.html"))
    page.mouse.wheel(0, 600)
    until(page, "document.querySelector('.md-header__title--active') !== null")
    page.wait_for_timeout(300)
    topic = page.locator(".md-header__topic:visible .md-ellipsis").last
    cut = topic.evaluate("e => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1")
    assert topic.text_content().strip() == "When lifestyle is not enough" and not cut
    titles = page.eval_on_selector_all("form[data-site-palette] label", "ls => ls.map(l => l.title)")
    assert len(titles) == 3 and all(t.startswith("Color scheme:") and "Switch to" in t for t in titles)
    context.close()


def test_no_page_mounts_materials_hover_tooltips(site_dir):
    """Material mounts a tooltip per title and per footnote reference at start-up: on long pages
    that was most of a phone's blocking time (mkdocs.yml, hooks/tooltips_off.py). Abbreviations
    keep their title, which the browser shows on hover."""
    off = {"content.tooltips", "content.footnote.tooltips"}
    pages = content_pages(site_dir)
    assert len(pages) > 40
    for rel in pages:
        features = json.loads(soup(site_dir / rel).select_one("script#__config").string)["features"]
        assert not off & set(features), rel
        assert "navigation.top" in features, rel
    assert soup(site_dir / "fundamentals/lab-results.html").select("article abbr[title]")


def test_link_controls_carry_their_name_as_aria_label_not_a_tooltip_title(site_dir):
    """On every page: a title on each permalink and back-link made Material mount a tooltip each."""
    import tooltips_off
    assert tooltips_off.links_without_titles(
        '<abbr title="x">HbA1c</abbr> <a class="footnote-backref" href="#r" title="Jump back">r</a>'
    ) == '<abbr title="x">HbA1c</abbr> <a class="footnote-backref" href="#r" aria-label="Jump back">r</a>'
    doc = soup(site_dir / "academic/advanced-therapies.html")
    links = doc.select("article a.headerlink, article a.footnote-backref")
    assert len(links) > 20 and not [a for a in links if a.has_attr("title")]
    assert all(a.get("aria-label") for a in links)


def test_glossary_has_no_hover_tooltips_but_keeps_permalink_names(site_dir):
    import tooltips_off
    assert tooltips_off.without_tooltips(
        '<abbr title="x">HbA1c</abbr> <a class="headerlink" href="#a" title="Link to this section">¶</a>'
    ) == 'HbA1c <a class="headerlink" href="#a" aria-label="Link to this section">¶</a>'
    article = soup(site_dir / "glossary.html").select_one("article")
    assert article.select("abbr") == [] and article.select("[title]") == []
    links = article.select("a.headerlink")
    assert len(links) > 50 and all(a.get("aria-label") for a in links)
    # Other pages keep their tooltips.
    assert soup(site_dir / "fundamentals" / "lab-results.html").select("article abbr[title]")
