"""The site as an installable web app: the manifest, and the head links every page needs.

Two events. `on_files` adds `manifest.webmanifest` to the build (a generated file): its name and
description are `site_name` and `site_description`, its short name comes from
data/strings.<lang>.yml (`app`), its colours are the site's own palette as site.css sets it, its
icons are the PNGs scripts/render_icons.py renders from the site mark. `on_post_page` links it
from every page's head, with the theme colour for each scheme and the touch icon.

`id`, `start_url` and `scope` are "./", relative to the manifest at the site root, so one build
installs both at a host's root and under a Pages sub-path such as https://example.org/ir/.
A browser uses the first `theme-color` meta whose media matches, so the dark one goes first and
the light one, without media, is the default. The manifest itself can carry one colour: light.
A missing icon, string or palette colour fails the build naming what is missing.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

MANIFEST = "manifest.webmanifest"
STYLESHEET = "docs/assets/stylesheets/site.css"
ICONS = [  # (file under docs/, sizes, purpose)
    ("assets/images/icons/icon-192.png", "192x192", "any"),
    ("assets/images/icons/icon-512.png", "512x512", "any"),
    ("assets/images/icons/icon-maskable-512.png", "512x512", "maskable"),
]
TOUCH_ICON = "assets/images/icons/icon-192.png"
# The page background of Material's light scheme (site.css keeps it): the splash screen's colour.
BACKGROUND = "#ffffff"

_head: dict = {}


def palette(css: str) -> dict[str, str]:
    """{'light': ..., 'dark': ...}: the header colour (--md-primary-fg-color) of each scheme in
    site.css, which is what the browser's own bar should match."""
    found = {}
    for scheme, name in (("default", "light"), ("slate", "dark")):
        block = re.search(r'\[data-md-color-scheme="%s"\]\s*\{([^}]*)\}' % scheme, css)
        colour = block and re.search(r"--md-primary-fg-color\s*:\s*(#[0-9a-fA-F]{6})\s*;", block.group(1))
        if not colour:
            raise PluginError(f"installable: {STYLESHEET} sets no --md-primary-fg-color for the "
                              f"'{scheme}' scheme")
        found[name] = colour.group(1).lower()
    return found


def manifest(name: str, short_name: str, description: str, lang: str, colours: dict) -> dict:
    return {
        "id": "./", "start_url": "./", "scope": "./",
        "name": name, "short_name": short_name, "description": description,
        "lang": lang, "dir": "ltr", "display": "standalone",
        "theme_color": colours["light"], "background_color": BACKGROUND,
        "icons": [{"src": src, "sizes": sizes, "type": "image/png", "purpose": purpose}
                  for src, sizes, purpose in ICONS],
    }


def head_tags(page_url: str, colours: dict) -> str:
    """The links one page needs, relative to the page (`page_url` as MkDocs gives it)."""
    rel = lambda path: get_relative_url(path, page_url)  # noqa: E731
    return (f'<link rel="manifest" href="{rel(MANIFEST)}">'
            f'<meta name="theme-color" media="(prefers-color-scheme: dark)" content="{colours["dark"]}">'
            f'<meta name="theme-color" content="{colours["light"]}">'
            f'<link rel="apple-touch-icon" href="{rel(TOUCH_ICON)}">')


def on_files(files, config):
    root = Path(config.config_file_path).parent
    missing = [src for src, _, _ in ICONS if files.get_file_from_path(src) is None]
    if missing:
        raise PluginError(f"installable: icon(s) missing from docs/: {', '.join(missing)} "
                          "(run scripts/render_icons.py)")
    lang = config["theme"]["language"]
    strings = yaml.safe_load((root / f"data/strings.{lang}.yml").read_text(encoding="utf-8")).get("app") or {}
    if not strings.get("short_name"):
        raise PluginError(f"installable: data/strings.{lang}.yml has no app.short_name")
    if not config.get("site_description"):
        raise PluginError("installable: mkdocs.yml needs site_description (the manifest's description)")
    colours = palette((root / STYLESHEET).read_text(encoding="utf-8"))
    _head.clear()
    _head.update(colours)
    data = manifest(config["site_name"], strings["short_name"], " ".join(config["site_description"].split()),
                    lang, colours)
    files.append(File.generated(config, MANIFEST, content=json.dumps(data, ensure_ascii=False, indent=1)))
    return files


def on_post_page(output, page, config, **kwargs):
    return output.replace("</head>", head_tags(page.url, _head) + "</head>", 1)
