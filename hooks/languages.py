"""Languages: each Spanish page gets a Spanish nav, Spanish theme words and its twin's address.

One build writes both languages (English at the root, Spanish under es/, same relative paths;
hooks/i18n.py). mkdocs-static-i18n was measured (decisions.md): with fallback on it copies
every English page under es/, leaves the Spanish pages out of the search index and trips
hooks/references.py; it also builds the site once per language. A folder and this hook do the
same in one pass:
- `on_config` adds the Spanish pages to the nav, in the English nav's order and sections (only
  pages that exist on disk: a page without a twin is never built under es/), section names from
  data/strings.es.yml `nav`;
- `on_page_context` gives each page the nav of its own language (the Spanish sections become the
  top level, previous/next stay inside the language), the theme's words in its language
  (Material's Spanish interface strings, site name, footer, colour-scheme toggles: a per-language
  view of the config that only the templates see), and the addresses of its twin for the
  language switch and the `hreflang` links (overrides/partials/alternate.html, overrides/main.html).
"""
from __future__ import annotations

import copy
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Navigation
from mkdocs.utils import get_relative_url

from i18n import DEFAULT, LANGUAGES, load_strings, page_lang, twin_path

SECTION = "__language:{}__"  # the holder of one language's pages in config nav; never rendered

_strings: dict[str, dict] = {}
_split: dict[int, dict] = {}    # id(nav) -> {lang: Navigation}


# --- pure functions ---------------------------------------------------------------------------

def mirror_nav(nav: list, lang: str, exists, names: dict) -> list:
    """The `lang` nav: the English nav's items whose twin exists, in the same order and
    sections. Pages take their own (translated) title unless `names` has the English one;
    a section needs its name in `names`."""
    out = []
    for item in nav:
        title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        if isinstance(value, str):
            if exists(twin_path(value, lang)):
                out.append({names[title]: twin_path(value, lang)} if title in names else twin_path(value, lang))
            continue
        children = mirror_nav(value, lang, exists, names)
        if children:
            if title not in names:
                raise PluginError(f"data/strings.{lang}.yml: nav has no name for the section '{title}'")
            out.append({names[title]: children})
    return out


def split_nav(nav) -> dict:
    """{lang: Navigation} from the built nav: English as written, each other language's holder
    section's children as that language's top level. Previous/next links are relinked inside
    each language (the footer never crosses from one language into the other)."""
    holders = {item.title: item for item in nav.items if item.is_section}
    out = {}
    for lang in LANGUAGES:
        if lang == DEFAULT:
            items = [i for i in nav.items if not (i.is_section and i.title.startswith("__language:"))]
        else:
            holder = holders.get(SECTION.format(lang))
            items = list(holder.children) if holder else []
            for item in items:
                item.parent = None
        pages = [p for p in nav.pages if page_lang(p.file.src_uri) == lang]
        for before, after in zip([None] + pages, pages + [None]):
            if before:
                before.next_page = after
            if after:
                after.previous_page = before
        lang_nav = Navigation(items, pages)
        lang_nav.homepage = next((p for p in pages if p.file.src_uri == twin_path("index.md", lang)), None)
        out[lang] = lang_nav
    return out


def alternates(src: str, url: str, urls: dict[str, str], names: dict[str, str]) -> list[dict]:
    """One entry per language: its name, and the address (relative to this page) of this page's
    twin, or of that language's home page when there is none (`twin` False: no hreflang then)."""
    out = []
    for lang in LANGUAGES:
        target, home = twin_path(src, lang), twin_path("index.md", lang)
        twin = target in urls
        if not twin and home not in urls:
            continue  # a language with no home page yet is left out of the switch
        dest = urls[target] if twin else urls[home]
        out.append({"lang": lang, "name": names[lang], "href": get_relative_url(dest, url),
                    "twin": twin, "current": lang == page_lang(src)})
    return out


class Localized:
    """A read-only view of an object with some attributes replaced, for the templates: the theme
    words of one language without touching the config the plugins and hooks share."""

    def __init__(self, base, **replaced):
        self._base, self._replaced = base, replaced

    def __getattr__(self, name):
        replaced = self.__dict__["_replaced"]
        return replaced[name] if name in replaced else getattr(self.__dict__["_base"], name)

    def __getitem__(self, key):
        return self._replaced[key] if key in self._replaced else self._base[key]

    def __contains__(self, key):
        return key in self._replaced or key in self._base

    def get(self, key, default=None):
        return self[key] if key in self else default


def localized_config(config, lang: str, theme_words: dict):
    """The config as the templates of a `lang` page see it: Material's interface language, the
    site name, the footer and the colour-scheme toggle names in that language."""
    palette = copy.deepcopy(config.theme["palette"])
    names = theme_words["palette_toggles"]
    if len(names) != len(palette):
        raise PluginError(f"data/strings.{lang}.yml: theme.palette_toggles needs {len(palette)} names")
    for option, name in zip(palette, names):
        option["toggle"]["name"] = name
    theme = Localized(config.theme, language=lang, palette=palette)
    return Localized(config, theme=theme, site_name=theme_words["site_name"],
                     copyright=theme_words["copyright"])


# --- MkDocs events ----------------------------------------------------------------------------

def on_config(config):
    root = Path(config.config_file_path).parent
    docs = Path(config.docs_dir)
    _strings.clear()
    _split.clear()
    for lang in LANGUAGES:
        _strings[lang] = load_strings(lang, root)
    if config.nav:
        config.nav = [item for item in config.nav
                      if not (isinstance(item, dict) and next(iter(item)).startswith("__language:"))]
        for lang in LANGUAGES[1:]:
            pages = mirror_nav(config.nav, lang, lambda p: (docs / p).is_file(), _strings[lang]["nav"])
            if pages:
                config.nav.append({SECTION.format(lang): pages})
    return config


def on_page_context(context, page, config, nav):
    if id(nav) not in _split:
        _split.clear()
        _split[id(nav)] = {"navs": split_nav(nav), "urls": {p.file.src_uri: p.url for p in nav.pages}}
    split = _split[id(nav)]
    lang = page_lang(page.file.src_uri)
    context["nav"] = split["navs"][lang]
    names = {code: _strings[code]["language"]["name"] for code in LANGUAGES}
    context["alternates"] = alternates(page.file.src_uri, page.url, split["urls"], names)
    if lang != DEFAULT:
        context["config"] = localized_config(config, lang, _strings[lang]["theme"])
    return context
