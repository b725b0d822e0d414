"""The 404 page: links home and to search, and styled when opened from a downloaded copy.

MkDocs builds 404.html with root-absolute addresses ("/assets/...", or "/ir/assets/..." under a
SITE_URL with a path), because a host serves it at any missing address. From file:// those
addresses point at the root of the disk, so the page loses its styles, scripts and links. This
hook rewrites them relative to the site root (where 404.html lives) and replaces Material's bare
"404 - Not found" with the text and links of data/not-found.yml (English, then each other
language's, so a broken Spanish link leads back in Spanish). Relative addresses are right at
the root only: a host also serves 404.html at a deep missing address (/ir/a/b/missing), so the
first thing in <head> is a tiny script that, on http(s), sets <base> to the site's root path
(SITE_URL's path, else "/") before any stylesheet loads. A file:// copy is opened at its real
place and needs no base. Events: on_config (load the data) and on_post_template (MkDocs' event
for static templates such as 404.html).
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from mkdocs.exceptions import PluginError

DATA_FILE = "data/not-found.yml"
MATERIAL_BODY = "<h1>404 - Not found</h1>"

_page: dict = {}


def parse_page(text: str) -> dict:
    data = yaml.safe_load(text) or {}
    for lang, part in (data.get("languages") or {}).items():
        check_part(part, f"languages.{lang}")
    return check_part(data, "")


def check_part(data: dict, where: str) -> dict:
    """One language's title, text and links (an unknown or bad entry fails the build)."""
    where = f" ({where})" if where else ""
    links = data.get("links") if isinstance(data, dict) else None
    if not (isinstance(data, dict) and isinstance(data.get("title"), str) and isinstance(data.get("text"), str)
            and isinstance(links, list) and links
            and all(isinstance(l, dict) and l.get("label") and l.get("href") for l in links)):
        raise PluginError(f"{DATA_FILE}{where}: needs title, text and links (each with label and href)")
    if any(l["href"].startswith(("/", "http:", "https:")) for l in links):
        raise PluginError(f"{DATA_FILE}{where}: links must be relative to the site root")
    return data


def body(data: dict) -> str:
    """The English text under the page's h1, then each other language's under an h2 in its own
    lang (a reader who followed a broken Spanish link finds a way back in Spanish)."""
    def part(d: dict, heading: str) -> str:
        items = "".join(f'<li><a href="{html.escape(l["href"])}">{html.escape(l["label"])}</a></li>'
                        for l in d["links"])
        return (f'<{heading}>{html.escape(d["title"])}</{heading}>\n<p>{html.escape(d["text"])}</p>\n'
                f'<ul class="not-found-links">{items}</ul>')
    others = "".join(f'\n<div lang="{lang}">{part(d, "h2")}</div>'
                     for lang, d in (data.get("languages") or {}).items())
    return part(data, "h1") + others


def relative_to_root(page: str, base_path: str) -> str:
    """Root-absolute href/src (and the search worker's base) made relative to the site root."""
    prefix = re.escape(base_path.rstrip("/") + "/")
    # Attributes, and the string values of Material's __config JSON ("base", "search").
    page = re.sub(rf'((?:\s(?:href|src)=|":\s*)"){prefix}', r"\1", page)
    return re.sub(r'("base":\s*)""', r'\1"."', page)


def base_script(root_path: str) -> str:
    """The inline script that gives a 404 served at any depth its root as <base> (http(s) only).
    The root path is a build-time constant, written as a JSON string literal."""
    root = json.dumps(root_path if root_path.endswith("/") else root_path + "/")
    return ('<script>if(/^https?:$/.test(location.protocol)){var b=document.createElement("base");'
            f'b.href={root};document.head.appendChild(b)}}</script>')


def with_base_script(page: str, root_path: str) -> str:
    """Insert the base script right after <meta charset> (the CSP hook puts its meta there too)."""
    charset = re.search(r"<meta charset=[^>]*>", page)
    if not charset:
        raise PluginError("404.html: no <meta charset> to place the base script after")
    return page[:charset.end()] + base_script(root_path) + page[charset.end():]


def on_config(config):
    path = Path(config.config_file_path).parent / DATA_FILE
    _page.clear()
    _page.update(parse_page(path.read_text(encoding="utf-8")))


def on_post_template(output_content, template_name, config):
    if template_name != "404.html":
        return output_content
    if MATERIAL_BODY not in output_content:
        raise PluginError("404.html: Material's '404 - Not found' heading was not found; "
                          "update hooks/not_found.py for this theme version")
    page = output_content.replace(MATERIAL_BODY, body(_page))
    root_path = urlsplit(config.site_url or "/").path or "/"
    return with_base_script(relative_to_root(page, root_path), root_path)
