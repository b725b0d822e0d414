"""Fewer hover tooltips: none for link controls on any page, none at all where a page says so.

Every page: heading permalinks and footnote back-links keep their accessible name as aria-label
instead of title. Their title only made Material mount a tooltip each (advanced-therapies had
~100 of them) for words the control already says (the copy-link control, "Jump back").

Pages with `tooltips: false` in their front matter get no hover tooltips at all:

Material's content.tooltips feature builds a tooltip for every element with a `title`. On the
glossary that is every abbreviation (about 85), heading permalink (about 100) and footnote
back-link (about 100): Lighthouse
measured their set-up as most of the page's blocking time (decisions.md, "Speed": the glossary's
levers are fewer title attributes, tooltips off there). There each entry's heading already spells
its abbreviation out, so abbreviations become plain text, and links keep their accessible
name through aria-label instead of title. Footnote tooltips cost the same way (Material mounts one
per footnote reference: ~110 on the Corrections page, measured at 2.8 s of script on a throttled
phone), so such pages also drop both tooltip features from the page's own `__config`; Material
reads its features per page. Events: on_page_content and on_post_page.
"""
from __future__ import annotations

import json
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


TOOLTIP_FEATURES = ("content.tooltips", "content.footnote.tooltips")
CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def without_tooltip_features(page_html: str) -> str:
    """The page with Material's two tooltip features removed from its __config JSON."""
    match = CONFIG.search(page_html)
    if not match:
        raise PluginError("no Material __config script found: update hooks/tooltips_off.py")
    config = json.loads(match.group(2))
    config["features"] = [f for f in config.get("features", []) if f not in TOOLTIP_FEATURES]
    return page_html[:match.start(2)] + json.dumps(config) + page_html[match.end(2):]


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


def on_post_page(output, page, config):
    return output if tooltips_wanted(page) else without_tooltip_features(output)
