"""Search that knows patients' words (hooks/search_terms.py, data/search-terms.yml): each query
in data/search-expectations.yml finds its page first in the built site, over http and from
file://; reference lists, the References page and the disclaimer stay out of the index."""
from __future__ import annotations

import json
import sys
from urllib.parse import urlsplit

import pytest
import yaml
from mkdocs.exceptions import PluginError

from conftest import ROOT
from support import file_url, soup, until

sys.path.insert(0, str(ROOT / "hooks"))
import search_terms  # noqa: E402
from i18n import page_lang  # noqa: E402

EXPECTATIONS = yaml.safe_load((ROOT / "data" / "search-expectations.yml").read_text(encoding="utf-8"))
ISSUE_QUERIES = {"a1c", "hemoglobin a1c", "blood sugar", "sugar test", "homa", "prediabetes", "insulin test"}


def index(site):
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


# --- the data and the hook's pure functions ----------------------------------------------------

def test_expectations_cover_the_issue_queries_each_with_a_reason():
    assert ISSUE_QUERIES <= {e["query"] for e in EXPECTATIONS}
    for e in EXPECTATIONS:
        assert set(e) == {"query", "first", "reason"} and e["reason"].strip(), e
        assert (ROOT / "docs" / e["first"]).with_suffix(".md").is_file(), e["first"]


def test_parse_terms_fails_naming_the_page():
    good = "a.md:\n  reason: r\n  words: [x]\n"
    assert search_terms.parse_terms(good, {"a.md"}) == {"a.md": {"words": ["x"], "boost": None}}
    with pytest.raises(PluginError, match="'gone.md' is not a page"):
        search_terms.parse_terms("gone.md:\n  reason: r\n  words: [x]\n", {"a.md"})
    with pytest.raises(PluginError, match="a.md: 'words'"):
        search_terms.parse_terms("a.md:\n  reason: r\n  words: []\n", {"a.md"})
    with pytest.raises(PluginError, match="a.md: give a one-line 'reason'"):
        search_terms.parse_terms("a.md:\n  words: [x]\n", {"a.md"})
    with pytest.raises(PluginError, match="a.md: 'boost'"):
        search_terms.parse_terms("a.md:\n  reason: r\n  words: [x]\n  boost: -1\n", {"a.md"})


def test_apply_terms_adds_tags_and_boost_without_touching_other_pages():
    meta = {"title": "T", "tags": ["kept"]}
    out = search_terms.apply_terms(meta, {"words": ["a1c"], "boost": 2})
    assert out["tags"] == ["kept", "a1c"] and out["search"] == {"boost": 2}
    assert meta == {"title": "T", "tags": ["kept"]}  # the input is not changed
    assert search_terms.apply_terms(meta, None) is meta


def test_exclude_blocks_marks_footnotes_and_disclaimer_only():
    html = ('<div class="admonition warning">\n<p class="admonition-title">Medical disclaimer</p></div>'
            '<div class="admonition warning">\n<p class="admonition-title">Other</p></div>'
            '<div class="footnote"><ol><li>Ref</li></ol></div>')
    out = search_terms.exclude_blocks(html)
    assert out.count('data-search-exclude="true"') == 2
    assert '<div class="admonition warning">\n<p class="admonition-title">Other' in out


# --- the built index ---------------------------------------------------------------------------

def test_index_holds_no_reference_text_and_no_references_page(site_dir):
    docs = index(site_dir)
    assert not [d["location"] for d in docs if d["location"].split("#")[0] == "references.html"]
    page = soup(site_dir / "fundamentals" / "lab-results.html")
    first_ref = " ".join(page.select_one(".footnote li").get_text(" ", strip=True).split())[:40]
    texts = " ".join(d["text"] for d in docs)
    assert first_ref not in " ".join(texts.split())
    assert "doi.org" not in texts
    # The disclaimer box that every page carries is not indexed (its own page still is).
    framed = [d["location"] for d in docs if not d["location"].startswith("about/disclaimer.html")
              and ("Medical disclaimer" in d["title"] or "not medical advice" in d["text"])]
    assert framed == []
    es = json.loads((site_dir / "es" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    framed = [d["location"] for d in es if not d["location"].startswith("about/disclaimer.html")
              and ("Aviso médico" in d["title"] or "no es consejo médico" in d["text"])]
    assert framed == []


def test_search_words_reach_the_index_but_not_the_page(site_dir):
    entries = [d for d in index(site_dir) if d["location"].startswith("fundamentals/lab-results.html")]
    assert entries and all("a1c" in d.get("tags", []) for d in entries)
    article = soup(site_dir / "fundamentals" / "lab-results.html").select_one("article")
    assert article.select(".md-tags") == [] and "a1c" not in article.get_text(" ").lower().split()


# --- typed into the built site -----------------------------------------------------------------

def first_results(page, queries: list[str]) -> dict[str, str]:
    """Type each query into the search box of the open page; the first result's path."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    out = {}
    for query in queries:
        # The box gets the query at once and its last letter from the keyboard, so the search
        # runs once per query (typing every letter costs ~2 s a query on a busy machine).
        box.fill(query[:-1])
        box.press(query[-1])
        until(page, 
            "document.querySelector('.md-search-result__item > a') !== null", timeout=15)
        last, stable = None, 0
        while stable < 3:  # results settle a few frames after the last key
            page.wait_for_timeout(100)
            href = page.get_attribute(".md-search-result__item > a", "href")
            stable = stable + 1 if href == last else 0
            last = href
        out[query] = urlsplit(last).path
    return out


@pytest.mark.browser
@pytest.mark.parametrize("how", ["http", "file"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_query_finds_its_page_first(site_dir, site_http, page, how, lang):
    """Each language's queries are typed on its home page (each language has its own index)."""
    home = "index.html" if lang == "en" else f"{lang}/index.html"
    wanted = [e for e in EXPECTATIONS if page_lang(e["first"]) == lang]
    assert wanted
    start = site_http + home if how == "http" else file_url(site_dir, home)
    page.goto(start)
    got = first_results(page, [e["query"] for e in wanted])
    root = urlsplit(site_http if how == "http" else file_url(site_dir, "index.html")).path.rsplit("/", 1)[0] + "/"
    wrong = {e["query"]: got[e["query"]].removeprefix(root) for e in wanted
             if got[e["query"]].removeprefix(root) != e["first"]}
    assert wrong == {}
    assert [u for u in page.requests_outside if not u.startswith(site_http)] == []
