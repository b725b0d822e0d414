"""Pages with `tooltips: false` in their front matter get no hover tooltips.

Material's content.tooltips feature builds a tooltip for every element with a `title`. On the
glossary that is every abbreviation (about 85), heading permalink (about 100) and footnote
back-link (about 100): Lighthouse
measured their set-up as most of the page's blocking time (decisions.md, "Speed": the glossary's
levers are fewer title attributes, tooltips off there). There each entry's heading already spells
its abbreviation out, so abbreviations become plain text, and links keep their accessible
name through aria-label instead of title. One event: on_page_content.
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
    html = ABBR.sub(r"\1", html)
    return LINK_TITLE.sub(r'\1 aria-label="\2"', html)


def on_page_content(html, page, config, files):
    flag = page.meta.get("tooltips", True)
    if not isinstance(flag, bool):
        raise PluginError(f"{page.file.src_uri}: 'tooltips:' must be true or false")
    return html if flag else without_tooltips(html)
