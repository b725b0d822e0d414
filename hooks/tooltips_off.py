"""Fewer title attributes: none on link controls on any page, none at all where a page says so.

Material's hover-tooltip features (content.tooltips, content.footnote.tooltips) are off site-wide
(mkdocs.yml): they mounted one tooltip per `title` and per footnote reference at start-up, most of
a long page's blocking time on a throttled phone. A `title` still gives the browser's own hover
tooltip and the accessible description, so titles that only repeat a control's name go:

Every page: heading permalinks and footnote back-links keep their accessible name as aria-label
instead of title (the copy-link control, "Jump back"), about 100 of them on advanced-therapies.

Pages with `tooltips: false` in their front matter (the glossaries, Corrections) also unwrap their
abbreviations into plain text: each glossary entry's heading already spells its abbreviation out,
and 85 tap-to-expand buttons there would only be noise. Event: on_page_content.
"""
from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

ABBR = re.compile(r'<abbr title="[^"]*">(.*?)</abbr>', re.S)
# Heading permalinks and footnote back-links: their title is their accessible name.
LINK_TITLE = re.compile(r'(<a class="(?:headerlink|footnote-backref)" href="[^"]*") title="([^"]*)"')


def without_tooltips(html: str) -> str:
    """The page's HTML with abbreviations unwrapped, and the titles of permalinks and footnote
    back-links moved to aria-label."""
    return links_without_titles(ABBR.sub(r"\1", html))


def tooltips_wanted(page) -> bool:
    flag = page.meta.get("tooltips", True)
    if not isinstance(flag, bool):
        raise PluginError(f"{page.file.src_uri}: 'tooltips:' must be true or false")
    return flag


def links_without_titles(html: str) -> str:
    """Permalinks' and footnote back-links' titles moved to aria-label (their accessible name)."""
    return LINK_TITLE.sub(r'\1 aria-label="\2"', html)


def on_page_content(html, page, config, files):
    return links_without_titles(html) if tooltips_wanted(page) else without_tooltips(html)
