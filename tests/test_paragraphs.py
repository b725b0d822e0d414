"""The paragraph rule of issue 13, on the built HTML: in Intermediate and Academic every paragraph
of 25 words or more cites a source; in Fundamentals at least two in three such paragraphs do.

A paragraph is a <p>, or a list item without <p> inside, in the page's article. Left out: headings,
tables (their cells cite row by row), code, footnotes, the frame the hook adds (depth links, review
dates, overdue notice, disclaimer), "Questions to ask" boxes (questions, not claims), and
paragraphs marked `{: .site-note }`: text about the site itself (navigation, how a page works),
which no source can support. The marked paragraphs are listed by a test so that the mark is seen.
Words are counted without the footnote numbers."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.utils.meta import get_data

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from i18n import LANGUAGES, load_strings  # noqa: E402

DOCS = ROOT / "docs"
MIN_WORDS = 25
LEFT_OUT = ("h1, h2, h3, h4, h5, h6, table, pre, code, .footnote, .page-reviewed, .review-overdue, "
            "figure, nav, .headerlink, .admonition.question, .site-note")
# The frame's own boxes (hooks/page_frame.py), by their titles in every language's table.
FRAME_BOXES = tuple(load_strings(lang)["frame"][key] for lang in LANGUAGES
                    for key in ("depth_title", "disclaimer_title"))


def paragraphs(html: str) -> list[tuple[str, int, bool]]:
    """(text, words, cites a source) for each paragraph of the article."""
    article = BeautifulSoup(html, "lxml").select_one("article")
    for el in article.select(LEFT_OUT):
        el.decompose()
    for box in article.select(".admonition"):
        title = box.select_one(".admonition-title")
        if title and title.get_text(strip=True) in FRAME_BOXES:
            box.decompose()
    out = []
    for el in article.find_all(["p", "li"]):
        if el.name == "li" and el.find("p"):
            continue
        if el.find_parent(class_="admonition-title") or "admonition-title" in el.get("class", []):
            continue
        cites = bool(el.select("a.footnote-ref"))
        for sup in el.find_all("sup"):
            sup.decompose()
        text = " ".join(el.get_text(" ", strip=True).split())
        out.append((text, len(text.split()), cites))
    return out


def failures(tier: str, paras: list[tuple[str, int, bool]]) -> list[str]:
    """The paragraphs that break the rule for this tier ([] when it holds)."""
    long = [p for p in paras if p[1] >= MIN_WORDS]
    uncited = [p[0][:90] for p in long if not p[2]]
    if tier in ("intermediate", "academic"):
        return uncited
    if tier == "fundamentals" and 3 * (len(long) - len(uncited)) < 2 * len(long):
        return [f"{len(long) - len(uncited)} of {len(long)} cite (fewer than two in three)"] + uncited
    return []


def tier_pages() -> list[Path]:
    return [md for md in sorted(DOCS.rglob("*.md"))
            if get_data(md.read_text(encoding="utf-8"))[1].get("tier") in ("fundamentals", "intermediate", "academic")]


def built(site_dir: Path, md: Path) -> Path:
    rel = md.relative_to(DOCS).as_posix()
    return site_dir / (rel[:-3] + ".html")


@pytest.mark.parametrize("md", tier_pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_paragraphs_cite_their_sources(site_dir, md):
    tier = get_data(md.read_text(encoding="utf-8"))[1]["tier"]
    paras = paragraphs(built(site_dir, md).read_text(encoding="utf-8"))
    assert failures(tier, paras) == []


def test_the_rule_is_counted_on_enough_paragraphs(site_dir):
    counts = {}
    for md in tier_pages():
        tier = get_data(md.read_text(encoding="utf-8"))[1]["tier"]
        long = [p for p in paragraphs(built(site_dir, md).read_text(encoding="utf-8")) if p[1] >= MIN_WORDS]
        counts[tier] = counts.get(tier, 0) + len(long)
    assert all(counts[t] >= 50 for t in ("fundamentals", "intermediate", "academic")), counts


def test_site_notes_are_few_and_listed(site_dir):
    """The exemption is visible: every marked paragraph, none hiding a citation it should carry."""
    marked = {}
    for md in tier_pages():
        doc = BeautifulSoup(built(site_dir, md).read_text(encoding="utf-8"), "lxml")
        notes = doc.select("article .site-note")
        assert not any(n.select("a.footnote-ref") for n in notes), md
        if notes:
            marked[md.relative_to(DOCS).as_posix()] = len(notes)
    assert marked == {"academic/index.md": 1, "academic/measuring-insulin-sensitivity.md": 1,
                      "fundamentals/index.md": 3, "es/fundamentals/index.md": 4}


WORDS = " ".join(["word"] * 30)
FIXTURE = f"""<article>
<h2>Heading with {WORDS}</h2>
<p>{WORDS}<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>
<p>{WORDS}</p>
<ul><li>{WORDS}</li><li>short item</li></ul>
<p class="site-note">{WORDS}</p>
<div class="admonition question"><p class="admonition-title">Questions</p><ul><li>{WORDS}</li></ul></div>
<div class="admonition warning"><p class="admonition-title">Medical disclaimer</p><p>{WORDS}</p></div>
<div class="admonition danger"><p class="admonition-title">Call 911</p><p>{WORDS}</p></div>
<div class="footnote"><ol><li id="fn:1"><p>{WORDS}</p></li></ol></div>
</article>"""


def test_the_rule_fails_on_a_fixture():
    paras = paragraphs(FIXTURE)
    assert [(n, c) for _, n, c in paras] == [(30, True), (30, False), (30, False), (2, False), (30, False)]
    assert len(failures("academic", paras)) == 3          # the uncited paragraph, list item and danger box
    assert failures("fundamentals", paras)[0] == "1 of 4 cite (fewer than two in three)"
    assert failures("fundamentals", [(WORDS, 30, True)] * 2 + [(WORDS, 30, False)]) == []
    assert failures("general", paras) == []
