"""Search that knows patients' words, without adding a word to any page.

Readers type "a1c", "blood sugar" or "homa"; the pages say "HbA1c", "blood glucose" and
"HOMA-IR". `data/search-terms.yml` lists, per page, the everyday words that should find it
first. This hook hands them to Material's search index as the page's `tags` (a field the
index weighs far above title and text, and that no page template shows while the tags plugin
is off), plus an optional `search: boost:`. It also keeps reference lists and the disclaimer
box out of the index, so snippets never show reference text and every page does not match
"medicine". Two events: on_files loads and checks the data, on_page_content applies it
(before Material's search plugin indexes the page in on_page_context).
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

from i18n import LANGUAGES, load_strings

DATA_FILE = "data/search-terms.yml"
EXCLUDE = 'data-search-exclude="true"'
# Blocks that must not reach the index: the page's reference list (footnotes) and the
# disclaimer box that hooks/page_frame.py adds to every page.
FOOTNOTES = re.compile(r'<div class="footnote">')


def disclaimer_pattern(titles: list[str]) -> re.Pattern:
    """The disclaimer box, by its title in any of the site's languages."""
    names = "|".join(re.escape(t) for t in titles)
    return re.compile(rf'<div class="admonition warning">(\s*<p class="admonition-title">(?:{names})</p>)')


DISCLAIMER = disclaimer_pattern([load_strings(lang)["frame"]["disclaimer_title"] for lang in LANGUAGES])

_terms: dict[str, dict] = {}


def parse_terms(text: str, pages: set[str]) -> dict[str, dict]:
    """{page src path: {"words": [...], "boost": float|None}} from the YAML, or PluginError
    naming the page and the problem."""
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise PluginError(f"{DATA_FILE}: expected a mapping of page -> words")
    out = {}
    for page, entry in data.items():
        if page not in pages:
            raise PluginError(f"{DATA_FILE}: '{page}' is not a page of this site")
        if not isinstance(entry, dict) or set(entry) - {"words", "boost", "reason"}:
            raise PluginError(f"{DATA_FILE}: {page}: expected keys words, boost, reason")
        words = entry.get("words") or []
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise PluginError(f"{DATA_FILE}: {page}: 'words' must be a non-empty list of strings")
        boost = entry.get("boost")
        if boost is not None and (not isinstance(boost, (int, float)) or boost <= 0):
            raise PluginError(f"{DATA_FILE}: {page}: 'boost' must be a positive number")
        if not str(entry.get("reason", "")).strip():
            raise PluginError(f"{DATA_FILE}: {page}: give a one-line 'reason'")
        out[page] = {"words": [w.strip().lower() for w in words], "boost": boost}
    return out


def apply_terms(meta: dict, entry: dict | None) -> dict:
    """Front matter with the page's search words added as tags (and its boost, if any)."""
    if not entry:
        return meta
    meta = dict(meta)
    meta["tags"] = list(meta.get("tags") or []) + entry["words"]
    if entry["boost"] is not None:
        meta["search"] = dict(meta.get("search") or {}, boost=entry["boost"])
    return meta


def exclude_blocks(html: str) -> str:
    """Mark the reference list and the disclaimer box so the search index skips them."""
    html = FOOTNOTES.sub(f'<div class="footnote" {EXCLUDE}>', html)
    return DISCLAIMER.sub(rf'<div class="admonition warning" {EXCLUDE}>\1', html)


def on_files(files, config):
    path = Path(config.config_file_path).parent / DATA_FILE
    pages = {f.src_uri for f in files.documentation_pages()}
    _terms.clear()
    _terms.update(parse_terms(path.read_text(encoding="utf-8"), pages))
    return files


def on_page_content(html, page, config, files):
    page.meta = apply_terms(page.meta, _terms.get(page.file.src_uri))
    return exclude_blocks(html)
