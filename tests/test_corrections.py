"""The Corrections page against its source of truth, data/corrections.yml."""
from __future__ import annotations

import datetime as dt
import sys

import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT
from support import soup

sys.path.insert(0, str(ROOT / "hooks"))
import corrections as hook  # noqa: E402

ROWS = hook.load(ROOT / "data/corrections.yml")


def test_every_row_is_complete_and_names_a_real_page():
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    assert ROWS and hook.problems(ROWS, pages) == []


def test_a_bad_row_is_named():
    rows = [{"date": dt.date(2026, 12, 1), "page": "gone.md", "changed": "x", "why": "y", "source": "k"},
            {"date": "soon", "page": "a.md", "changed": "", "why": "y", "source": "k"}]
    assert hook.problems(rows, {"a.md"}) == ["correction 1: page 'gone.md' is not a page of this site",
                                             "correction 2: no changed", "correction 2: date must be YYYY-MM-DD"]


def test_an_unknown_marker_fails():
    class Page:  # the hook reads only page.file.src_uri before it fails
        class file:
            src_uri = "about/x.md"
    with pytest.raises(PluginError, match="about/x.md"):
        hook.on_page_markdown("<!-- corrections: all -->", Page, None, None)


def test_the_page_lists_every_correction_newest_first_with_its_source(site_dir):
    doc = soup(site_dir / "about/corrections.html")
    items = [li for li in doc.select("article li") if li.select_one("strong > a")]
    assert len(items) == len(ROWS)
    for li in items:
        assert "Why:" in li.get_text() and li.select_one("a.footnote-ref"), li.get_text()[:80]
    days = [h["id"] for h in doc.select("article h3[id^=corrections-]")]
    assert days == sorted(days, reverse=True) and len(days) == len({r["date"] for r in ROWS})
