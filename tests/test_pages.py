"""Content pages: front matter schema, tier structure, links between tiers, the frame every page
carries (disclaimer, review date), readability, and explicit heading ids."""
from __future__ import annotations

import datetime as dt
import os
import sys
import posixpath
import re
from pathlib import Path

import pytest
import textstat
from bs4 import BeautifulSoup
from mkdocs.utils.meta import get_data

from conftest import ROOT
from support import soup

DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT / "hooks"))
from i18n import DEFAULT, load_strings, localized, page_lang  # noqa: E402
TIERS = ("fundamentals", "intermediate", "academic")
# One tier up or down: Fundamentals links only deeper, Academic only simpler (decisions.md).
LINKS = {"fundamentals": {"deeper": "intermediate"},
         "intermediate": {"simpler": "fundamentals", "deeper": "academic"},
         "academic": {"simpler": "intermediate"}}
GRADE_LIMIT = {"fundamentals": 8.0, "intermediate": 12.0}


def front_matter(path: Path) -> dict:
    return get_data(path.read_text(encoding="utf-8"))[1]


def md_pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def tier_pages(tier: str | None = None) -> list[Path]:
    return [p for p in md_pages() if front_matter(p).get("tier") in ((tier,) if tier else TIERS)]


def html_of(site: Path, md: Path) -> Path:
    return site / md.relative_to(DOCS).with_suffix(".html")


def src(md: Path) -> str:
    return md.relative_to(DOCS).as_posix()


def frame_words(md: Path) -> dict:
    """The frame hook's words in the page's language (data/strings.<lang>.yml `frame`)."""
    return load_strings(page_lang(src(md)))["frame"]


# --- front matter -------------------------------------------------------------------------------

@pytest.mark.parametrize("md", md_pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_front_matter_schema(md):
    meta = front_matter(md)
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    assert isinstance(meta.get("description"), str) and 50 <= len(meta["description"]) <= 170, \
        "description: one sentence of 50-170 characters (it is the meta description)"
    assert meta.get("tier") in TIERS + ("general",)
    # Every page carries its review date (the date its sources were last checked).
    assert isinstance(meta.get("reviewed"), dt.date), "reviewed: YYYY-MM-DD is required"
    assert meta["reviewed"] <= dt.date.today()
    if meta["tier"] in TIERS:
        assert md.parent.name == meta["tier"], "a tier page lives in its tier's folder"
    allowed = set(LINKS.get(meta["tier"], {}))
    assert {"simpler", "deeper"} & set(meta) <= allowed, f"only {allowed or 'no'} tier links here"
    for field, tier in LINKS.get(meta["tier"], {}).items():
        target = meta.get(field)
        assert target, f"{field}: is required on {meta['tier']} pages"
        assert (DOCS / target).is_file(), f"{field}: {target} does not exist"
        assert front_matter(DOCS / target).get("tier") == tier, f"{field}: must be a {tier} page"


def test_each_tier_has_at_least_four_topic_pages():
    for tier in TIERS:
        topics = [p for p in tier_pages(tier) if p.name != "index.md"]
        assert len(topics) >= 4, f"{tier}: {len(topics)} topic pages"


def test_nav_lists_every_tier_page():
    nav = (ROOT / "mkdocs.yml").read_text()
    for md in tier_pages():
        if page_lang(src(md)) == DEFAULT:
            assert src(md) in nav
        else:  # hooks/languages.py mirrors the English nav for each twin on disk
            assert src(md).replace(page_lang(src(md)) + "/", "", 1) in nav


def test_each_language_has_its_own_nav(site_dir):
    """A page's nav lists the pages of its own language only, every one of them."""
    for lang in ("en", "es"):
        home = site_dir / ("index.html" if lang == DEFAULT else f"{lang}/index.html")
        root = home.parent.relative_to(site_dir).as_posix()
        hrefs = {posixpath.normpath(posixpath.join(root, a["href"]))
                 for a in soup(home).select("nav.md-nav--primary a.md-nav__link[href]")}
        pages = {src(md).replace(".md", ".html") for md in md_pages() if page_lang(src(md)) == lang}
        assert pages <= hrefs, f"{lang}: missing from the nav: {sorted(pages - hrefs)}"
        assert all(page_lang(h) == lang for h in hrefs), f"{lang}: nav links into another language"


# --- the built pages ----------------------------------------------------------------------------

@pytest.mark.parametrize("md", md_pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_built_page_frame(site_dir, md):
    meta = front_matter(md)
    doc = soup(html_of(site_dir, md))
    description = doc.find("meta", attrs={"name": "description"})
    assert description and description["content"] == meta["description"]
    titles = [t.get_text(strip=True) for t in doc.select(".admonition.warning .admonition-title")]
    assert frame_words(md)["disclaimer_title"] in titles, "no disclaimer in the page body"
    assert doc.html["lang"] == page_lang(src(md))
    stamp = doc.select_one(".page-reviewed time")
    assert stamp and stamp["datetime"] == meta["reviewed"].isoformat()


@pytest.mark.parametrize("md", tier_pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_built_page_links_to_other_tiers(site_dir, md):
    meta = front_matter(md)
    html = html_of(site_dir, md)
    block = [a for a in soup(html).select(".admonition.abstract")
             if frame_words(md)["depth_title"] in a.select_one(".admonition-title").get_text()]
    assert len(block) == 1
    hrefs = {posixpath.normpath(posixpath.join(posixpath.dirname(html.relative_to(site_dir).as_posix()),
                                               a["href"])) for a in block[0].find_all("a")}
    pages = {src(p) for p in md_pages()}
    # A Spanish page links to the Spanish twin of the target, or to the English page.
    expected = {localized(meta[f], page_lang(src(md)), pages).replace(".md", ".html") for f in LINKS[meta["tier"]]}
    assert hrefs == expected


def prose(html: Path) -> str:
    """Paragraphs and list items of the article, without headings, tables, admonitions, code,
    footnotes and the disclaimer (decisions.md: how readability is measured)."""
    article = BeautifulSoup(str(soup(html).select_one("article")), "lxml")  # a copy to cut up
    for el in article.select("h1, h2, h3, h4, table, .admonition, details, pre, code, .footnote, "
                             ".page-reviewed, sup, figure, .headerlink, nav"):
        el.decompose()
    parts = []
    for el in article.find_all(["p", "li"]):
        if el.name == "li" and el.find("p"):
            continue
        text = " ".join(el.get_text(" ", strip=True).split())
        if text:
            parts.append(text if text[-1] in ".!?:" else text + ".")
    return "\n".join(parts)


@pytest.mark.parametrize("md", [p for p in tier_pages("fundamentals") + tier_pages("intermediate")
                                if page_lang(src(p)) == "en"],
                         ids=lambda p: p.relative_to(DOCS).as_posix())
def test_readability(site_dir, md):
    """English pages (Flesch-Kincaid is an English formula; Spanish pages: test_spanish.py)."""
    text = prose(html_of(site_dir, md))
    assert len(text.split()) > 80, "too little prose to measure"
    grade = textstat.flesch_kincaid_grade(text)
    limit = GRADE_LIMIT[front_matter(md)["tier"]]
    assert grade <= limit, f"Flesch-Kincaid grade {grade:.1f} > {limit}"


# --- headings and permalinks ---------------------------------------------------------------------

HEADING = re.compile(r"^(#{2,3}) (.+)$", re.M)


@pytest.mark.parametrize("md", tier_pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_tier_headings_have_explicit_ids(md):
    text = re.sub(r"^```.*?^```", "", md.read_text(encoding="utf-8"), flags=re.M | re.S)
    missing = [h for _, h in HEADING.findall(text) if not re.search(r"\{#[a-z0-9-]+\}\s*$", h)]
    assert missing == []


ANCHORS = ROOT / "data" / "anchors.yml"


def registry() -> list[str]:
    """Every public anchor, page#id, from the anchor registry (data/anchors.yml; legacy ids too)."""
    import yaml
    return [f"{e['page']}#{e['id']}" for e in yaml.safe_load(ANCHORS.read_text(encoding="utf-8"))]


def landing(site: Path, page: str) -> Path:
    """The file a public address shows, following a mkdocs-redirects stub to its target."""
    path = site / page
    refresh = soup(path).find("meta", attrs={"http-equiv": "refresh"}) if path.is_file() else None
    if refresh is not None:
        target = refresh["content"].split("url=", 1)[1].split("#")[0]
        path = (path.parent / target).resolve()
    return path


def test_every_registered_anchor_exists(site_dir):
    from support import ids as html_ids
    missing = []
    for entry in registry():
        page, _, anchor = entry.partition("#")
        path = landing(site_dir, page)
        if not path.is_file() or anchor not in html_ids(path):
            missing.append(entry)
    assert missing == [], "public anchors must never break: keep the old id or add a redirect"


def test_a_redirected_page_keeps_its_anchors(tmp_path):
    (tmp_path / "new.html").write_text('<h2 id="kept">Kept</h2>')
    (tmp_path / "old.html").write_text('<meta http-equiv="refresh" content="0; url=new.html">')
    assert landing(tmp_path, "old.html") == (tmp_path / "new.html").resolve()
    assert landing(tmp_path, "new.html") == tmp_path / "new.html"


def test_registry_covers_every_tier_heading(site_dir):
    listed = set(registry())
    unlisted = []
    for md in tier_pages():
        html = html_of(site_dir, md)
        page = html.relative_to(site_dir).as_posix()
        for h in soup(html).select("article h2[id], article h3[id]"):
            if f"{page}#{h['id']}" not in listed and not h["id"].startswith("__"):
                unlisted.append(f"{page}#{h['id']}")
    assert unlisted == [], "add new headings to data/anchors.yml"


@pytest.mark.parametrize("md", tier_pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_headings_show_a_permalink(site_dir, md):
    for h in soup(html_of(site_dir, md)).select("article h2[id], article h3[id]"):
        link = h.select_one("a.headerlink")
        assert link is not None and link["href"] == f"#{h['id']}"


def test_frame_hook_rejects_bad_front_matter():
    sys.path.insert(0, str(ROOT / "hooks"))
    import page_frame
    from mkdocs.exceptions import PluginError

    problems = page_frame.check_meta({"title": "T", "tier": "expert", "reviewed": "soon"}, "x.md")
    assert problems == ["x.md: front matter lacks 'description'",
                        "x.md: tier 'expert' is not one of fundamentals, intermediate, academic, general",
                        "x.md: front matter needs 'reviewed' as an ISO date (YYYY-MM-DD)"]
    with pytest.raises(PluginError, match="deeper: gone.md"):
        page_frame.depth_block({"deeper": "gone.md"}, "fundamentals/x.md", {})


# --- the review clock -----------------------------------------------------------------------------

def test_review_due_is_twelve_months_later_unless_set_sooner():
    import datetime as dt
    import page_frame
    assert page_frame.add_months(dt.date(2026, 12, 1), 12) == dt.date(2027, 12, 1)
    assert page_frame.add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert page_frame.review_due({"reviewed": dt.date(2026, 12, 1)}) == dt.date(2027, 12, 1)
    assert page_frame.review_due({"reviewed": dt.date(2026, 12, 1), "review_due": dt.date(2027, 3, 1)}) == dt.date(2027, 3, 1)
    assert page_frame.check_meta({"title": "T", "description": "D", "tier": "general", "reviewed": dt.date(2026, 12, 1),
                                  "review_due": dt.date(2026, 1, 1)}, "x.md") == ["x.md: 'review_due' must be an ISO date after 'reviewed'"]
    due = {"a.md": dt.date(2027, 12, 1), "b.md": dt.date(2026, 6, 1), "c.md": dt.date(2030, 1, 1)}
    assert page_frame.overdue(due, dt.date(2028, 1, 1)) == ["b.md: review due 2026-06-01", "a.md: review due 2027-12-01"]
    assert page_frame.overdue(due, dt.date(2026, 1, 1)) == []


@pytest.mark.parametrize("md", md_pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_page_shows_its_review_dates_and_a_hidden_overdue_notice(site_dir, md):
    import page_frame
    meta = front_matter(md)
    doc = soup(html_of(site_dir, md))
    due = page_frame.review_due(meta).isoformat()
    stamp = doc.select_one(".page-reviewed")
    here = posixpath.dirname(md.relative_to(DOCS).as_posix())
    about = localized("about/index.md", page_lang(src(md)), {src(p) for p in md_pages()}).replace(".md", ".html")
    assert posixpath.normpath(posixpath.join(here, stamp.select_one("a")["href"])) == about + "#reviewed-date"
    assert stamp.select_one("time.review-due")["datetime"] == due and frame_words(md)["next_due"] in stamp.get_text()
    assert page_frame.long_date(page_frame.review_due(meta), frame_words(md)) in stamp.get_text()
    notice = doc.select("article .review-overdue[hidden][data-search-exclude]")
    assert len(notice) == 1 and notice[0]["data-review-due"] == due


FIXTURE_PAGE = """---
title: An old page
description: "A fixture page whose sources were last checked long ago, to show the overdue notice."
tier: general
reviewed: 2020-01-15
---

# An old page

Some text.
"""


@pytest.fixture(scope="module")
def old_site(tmp_path_factory):
    """A fixture site outside docs/: one page reviewed in January 2020, framed by the real hook."""
    import shutil
    import subprocess
    import sys
    import textwrap
    root = tmp_path_factory.mktemp("old")
    (root / "docs/assets/javascripts").mkdir(parents=True)
    (root / "docs/index.md").write_text(FIXTURE_PAGE, encoding="utf-8")
    (root / "docs/about").mkdir()
    (root / "docs/about/index.md").write_text(FIXTURE_PAGE.replace("An old page", "About"), encoding="utf-8")
    (root / "docs/about/disclaimer.md").write_text(FIXTURE_PAGE.replace("An old page", "Disclaimer"), encoding="utf-8")
    shutil.copy(ROOT / "docs/assets/javascripts/site.js", root / "docs/assets/javascripts/site.js")
    shutil.copytree(ROOT / "includes", root / "includes")
    shutil.copytree(ROOT / "data", root / "data")
    (root / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: Fixture
        theme: {{name: material, language: en, font: false}}
        extra_javascript: [assets/javascripts/site.js]
        hooks: [{ROOT / 'hooks/page_frame.py'}]
        """), encoding="utf-8")
    env = dict(os.environ, BUILD_DATE="2026-12-01", NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
                           "-d", str(root / "site")], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]              # an overdue page never fails the build
    return root / "site", done.stderr


def test_the_build_lists_overdue_pages_without_failing(old_site):
    _, log = old_site
    assert "Overdue for review (BUILD_DATE 2026-12-01): index.md: review due 2021-01-15" in log


@pytest.mark.browser
@pytest.mark.parametrize("today, shown", [("2021-01-15T12:00:00", False), ("2021-01-16T09:00:00", True),
                                          ("2026-12-01T09:00:00", True)])
def test_the_overdue_notice_follows_the_readers_clock(old_site, page, today, shown):
    import datetime as dt
    page.clock.set_fixed_time(dt.datetime.fromisoformat(today))
    page.goto((old_site[0] / "index.html").as_uri())
    notice = page.locator(".review-overdue")
    assert notice.is_visible() is shown
    if shown:
        assert "January 15, 2021" in notice.text_content() and "clinician" in notice.text_content()


# --- described to machines ------------------------------------------------------------------------

AUDIENCE = {"fundamentals": {"Patient"}, "intermediate": {"Patient", "Clinician"},
            "academic": {"Clinician"}, "general": {"Patient"}}


@pytest.mark.parametrize("md", md_pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_json_ld_matches_the_front_matter(site_dir, md):
    import json
    meta = front_matter(md)
    doc = soup(html_of(site_dir, md))
    blocks = doc.select('head script[type="application/ld+json"]')
    assert len(blocks) == 1
    data = json.loads(blocks[0].string)
    assert data["@type"] == "MedicalWebPage" and data["@context"] == "https://schema.org"
    assert (data["name"], data["description"], data["lastReviewed"]) == (
        meta["title"], meta["description"], meta["reviewed"].isoformat())
    assert data["inLanguage"] == doc.html["lang"]
    assert {a["audienceType"] for a in data["medicalAudience"]} == AUDIENCE[meta["tier"]]
    assert data["about"]["name"] == load_strings(page_lang(src(md)))["language"]["condition"]
    assert "reviewedBy" not in data
    cited = doc.select(".footnote > ol > li")      # the works the built page cites, each once
    assert len(data.get("citation", [])) == len(cited)
    works = data.get("citation", [])
    assert all(w["name"] for w in works)
    assert all(w["url"].startswith(("https://", "http://")) for w in works if "url" in w)
    # Only a work whose identifier was not confirmed (its bib note says so) may have no address.
    assert all("url" in w or w["name"] in unconfirmed_titles() for w in works), [w["name"] for w in works if "url" not in w]


def unconfirmed_titles() -> set[str]:
    """Titles (as the JSON-LD hook writes them) of the bib entries flagged "not confirmed"."""
    from pybtex.database import parse_file
    from pybtex.richtext import Text
    sys.path.insert(0, str(ROOT / "hooks"))
    import references
    entries = parse_file(str(ROOT / "references.bib")).entries.values()
    return {Text.from_latex(e.fields.get("title", "")).render_as("text") for e in entries if references.unconfirmed_note(e)}
