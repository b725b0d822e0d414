"""Comparison tables: a citation in every row that resolves to references.bib, linked from the
tier pages that discuss them, and readable on a 360 px wide phone."""
from __future__ import annotations

from pathlib import Path

import pytest

from support import file_url, soup
from test_references import BIB_TEXT, raw_keys

TABLES = ["compare/interventions.html", "compare/lab-markers.html", "compare/standard-vs-advanced.html"]
# Tier pages that discuss the rows of each table, and so must link to it.
DISCUSSED_ON = {
    "compare/interventions.html": ["intermediate/when-to-treat.html", "intermediate/hormones.html",
                                   "intermediate/metformin.html", "academic/advanced-therapies.html"],
    "compare/lab-markers.html": ["intermediate/lab-markers.html"],
    "compare/standard-vs-advanced.html": ["academic/advanced-therapies.html"],
}


def uncited_rows(html: Path, known: set[str]) -> list[str]:
    """Rows of the page's tables without a citation whose key is in the bibliography."""
    doc = soup(html)
    ids = {el["id"] for el in doc.find_all(id=True)}
    problems = []
    for row in doc.select("article table tbody tr"):
        keys = [a["href"].split("#fn:", 1)[1] for a in row.select("a.footnote-ref") if "#fn:" in a["href"]]
        if not any(k in known and f"fn:{k}" in ids for k in keys):
            problems.append(row.get_text(" ", strip=True)[:60])
    return problems


@pytest.mark.parametrize("page", TABLES)
def test_every_row_is_cited(site_dir, page):
    html = site_dir / page
    assert soup(html).select("article table tbody tr"), "no table"
    assert uncited_rows(html, set(raw_keys(BIB_TEXT))) == []


def test_row_check_fails_on_a_fixture(tmp_path):
    page = tmp_path / "t.html"
    page.write_text('<article><table><tbody>'
                    '<tr><td>Cited <sup><a class="footnote-ref" href="#fn:a2000x">1</a></sup></td></tr>'
                    '<tr><td>Uncited</td></tr>'
                    '<tr><td>Unknown key <a class="footnote-ref" href="#fn:zz1999q">2</a></td></tr>'
                    '</tbody></table><div id="fn:a2000x"></div><div id="fn:zz1999q"></div></article>')
    assert uncited_rows(page, {"a2000x"}) == ["Uncited", "Unknown key 2"]


@pytest.mark.parametrize("table", TABLES)
def test_tables_linked_from_tier_pages(site_dir, table):
    for page in DISCUSSED_ON[table]:
        hrefs = [a["href"].split("#")[0] for a in soup(site_dir / page).select("article a[href]")]
        target = Path(table).name
        assert any(h.endswith(target) for h in hrefs), f"{page} does not link {table}"


@pytest.mark.browser
@pytest.mark.parametrize("table", TABLES)
def test_tables_fit_a_phone(site_dir, browser, table):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(file_url(site_dir, table))
    # The page itself never scrolls sideways; a wide table scrolls inside its own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    overflow = page.eval_on_selector("article table", "t => getComputedStyle(t.closest('.md-typeset__scrollwrap') || t).overflowX")
    assert overflow in ("auto", "scroll")
    context.close()
