"""One search index per language: Spanish pages search Spanish pages, with Spanish settings.

Material's search plugin writes one index (search/search_index.json) with one language's
settings (stop words, lunr language plugin). Two events:
- `on_post_page` points each non-English page's search at its language's folder: Material's
  script loads `search/search_index.json` (from file://, `search/search_index.js`) relative to
  the `base` of the page's `__config`, and resolves result addresses against it;
- `on_post_build` splits the index: English pages stay in search/, each other language's
  entries go to <lang>/search/search_index.json with addresses relative to that folder and
  `lang: [<lang>]` (lunr's Spanish stop words, which Material ships; see PIPELINE for why not
  its stemmer), and each folder gets its search_index.js for file:// and its sitemap.xml. It
  runs after the search plugin and before the offline plugin (priority -100) and the CSP hook.
"""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from i18n import DEFAULT, LANGUAGES, page_lang, twin_path

# Material keeps only the lunr steps its `pipeline` names (default: the stop-word filter). The
# Spanish index uses the same default with lunr's Spanish stop words (lang: es). lunr.es's
# stemmer was measured and left out: Material also searches each typed word as a prefix, and
# lunr does not stem prefix terms, so the stemmed index and the queries disagreed: accented words
# found nothing (células, azúcar, páncreas, síntomas, hábito: 0 results, against 10, 8, 6, 4 and
# 5 without it); prefix search already finds plurals ("hábito" finds "hábitos").
PIPELINE: dict[str, list[str]] = {}
CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base":\s*")([^"]*)(")')


def point_base(html: str, lang: str, src: str) -> str:
    """The page's __config base moved into its language's folder ("../.." -> "../../es/")."""
    # The trailing slash matters: the script resolves "search/search_index.json" against it.
    new, count = CONFIG_BASE.subn(lambda m: m.group(1) + m.group(2).rstrip("/") + "/" + lang + "/" + m.group(3), html)
    if count != 1:
        raise PluginError(f"{src}: Material's __config block was not found; update hooks/search_languages.py")
    return new


def split_index(index: dict) -> dict[str, dict]:
    """{lang: index}: each language's documents (addresses relative to its folder) under a config
    naming its language."""
    out = {}
    for lang in LANGUAGES:
        prefix = "" if lang == DEFAULT else f"{lang}/"
        docs = [dict(d, location=d["location"][len(prefix):]) for d in index["docs"]
                if page_lang(d["location"].split("#")[0] or "index.html") == lang]
        config = dict(index["config"], lang=[lang])
        if lang in PIPELINE:
            config["pipeline"] = PIPELINE[lang]
        out[lang] = {"config": config, "docs": docs}
    return out


XHTML = 'xmlns:xhtml="http://www.w3.org/1999/xhtml"'


def with_hreflang(sitemap: str, site_url: str) -> str:
    """The sitemap with each twin page's alternates, both ways, as <xhtml:link hreflang> (the
    form search engines read from a sitemap). They are not written as <link rel=alternate> in
    the pages: Material's script fetches "sitemap.xml" beside every such link's address, which is
    a 404 for any page below the root (a console error and a wasted request on every page)."""
    base = site_url.rstrip("/") + "/"
    locs = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    paths = {loc[len(base):] for loc in locs if loc.startswith(base)}

    def alternates(entry: str) -> str:
        loc = re.search(r"<loc>([^<]*)</loc>", entry).group(1)
        path = loc[len(base):]
        twins = {lang: twin_path(path, lang) for lang in LANGUAGES}
        if not loc.startswith(base) or not all(t in paths for t in twins.values()):
            return entry
        links = "".join(f'\n    <xhtml:link rel="alternate" hreflang="{lang}" href="{base}{twin}"/>'
                        for lang, twin in twins.items())
        return entry.replace("</loc>", "</loc>" + links, 1)

    out = re.sub(r"<url>.*?</url>", lambda m: alternates(m.group(0)), sitemap, flags=re.S)
    return out if XHTML in out else out.replace("<urlset ", f"<urlset {XHTML} ", 1)


def sitemap_for(sitemap: str, lang: str, site_url: str) -> str:
    """The root sitemap with only the `lang` pages' <url> entries."""
    prefix = f"<loc>{site_url.rstrip('/')}/{lang}/"
    kept = [e for e in re.findall(r"\s*<url>.*?</url>", sitemap, re.S) if prefix in e]
    opening = sitemap.index(">", sitemap.index("<urlset")) + 1
    return sitemap[:opening] + "".join(kept) + "\n</urlset>\n"


def on_post_page(output, page, config, **kwargs):
    lang = page_lang(page.file.src_uri)
    return output if lang == DEFAULT else point_base(output, lang, page.file.src_uri)


@event_priority(-50)  # after Material's search plugin (0), before the offline plugin (-100)
def on_post_build(config, **kwargs):
    site = Path(config.site_dir)
    path = site / "search" / "search_index.json"
    if not path.is_file():
        return
    parts = split_index(json.loads(path.read_text(encoding="utf-8")))
    for lang, index in parts.items():
        folder = site / "search" if lang == DEFAULT else site / lang / "search"
        if lang != DEFAULT and not index["docs"]:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        (folder / "search_index.json").write_text(text, encoding="utf-8")
    # Material's script also fetches sitemap.xml from the same base: each language's folder gets
    # the root sitemap's entries for its pages (over http a missing one is a 404 on every page).
    root_map = site / "sitemap.xml"
    if root_map.is_file() and config.site_url:
        text = with_hreflang(root_map.read_text(encoding="utf-8"), config.site_url)
        root_map.write_text(text, encoding="utf-8")
        if (site / "sitemap.xml.gz").is_file():  # MkDocs writes both; keep them the same
            (site / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    if root_map.is_file():
        for lang in LANGUAGES[1:]:
            if (site / lang).is_dir():
                (site / lang / "sitemap.xml").write_text(sitemap_for(root_map.read_text(encoding="utf-8"), lang,
                                                                     config.site_url or ""), encoding="utf-8")
    # The offline plugin writes search/search_index.js for the root only: the same for each
    # language's folder (it runs after this hook, so the root's is left to it).
    for lang in LANGUAGES[1:]:
        folder = site / lang / "search"
        if (folder / "search_index.json").is_file():
            data = (folder / "search_index.json").read_text(encoding="utf-8")
            (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")
