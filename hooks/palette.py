"""The colour scheme toggle is run by site.js, not by Material's palette component.

Material mounts every element marked data-md-component="palette"; at start-up that component
set and cleared an attribute on <body> that restyles the whole page, and read the header's
computed style, twice forcing a whole-page style pass: on a throttled phone the largest share of
a tool page's blocking time (Lighthouse). Renaming the marker keeps Material's markup, styles
and saved choice, and leaves the behaviour to site.js's small handler. Events: on_post_page and
on_post_template (the 404 page).
"""
from __future__ import annotations

from mkdocs.exceptions import PluginError

MATERIAL_MARKER = '<form class="md-header__option" data-md-component="palette">'
SITE_MARKER = '<form class="md-header__option" data-site-palette>'


def with_site_palette(html: str, where: str) -> str:
    """The page with Material's palette marker renamed; a page without one fails loudly (the
    theme changed its markup, and the toggle would silently fall back to Material's)."""
    if html.count(MATERIAL_MARKER) != 1:
        raise PluginError(f"hooks/palette.py: {where} has no single Material palette form to rename")
    return html.replace(MATERIAL_MARKER, SITE_MARKER)


def on_post_page(output, page, config):
    return with_site_palette(output, page.file.src_uri)


def on_post_template(output, template_name, config):
    return with_site_palette(output, template_name) if template_name == "404.html" else output
