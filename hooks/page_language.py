"""The words inside a page's body, in the page's language.

Two events:
- `on_page_markdown` appends the abbreviations of the page's language (includes/abbreviations.md
  or includes/abbreviations.<lang>.md) for the tooltips; one file per language because Markdown
  lets the last definition of an abbreviation win, so a global auto_append of the English file
  would override the Spanish expansions;
- `on_page_content`, on a page that is not English: every link that lands on an English page of
  the site gets `hreflang="en"` and, after it, the table's note (" (en inglés)"), so the reader
  knows before following it (decisions.md: a page without a twin is linked at its English
  address and says so); the titles of heading permalinks and footnote back-links (Markdown's
  English) are translated. The reference texts stay in their original language.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from i18n import DEFAULT, LANGUAGES, load_strings, page_lang

ABBREVIATIONS = "includes/abbreviations{}.md"
LINK = re.compile(r'<a\s([^>]*?)href="([^"#]*)(#[^"]*)?"([^>]*)>(.*?)</a>', re.S)
PERMALINK_TITLE = 'title="Link to this section"'
BACKLINK_TITLE = re.compile(r'title="Jump back to footnote (\d+) in the text"')

_strings: dict[str, dict] = {}


def abbreviations_file(lang: str) -> str:
    return ABBREVIATIONS.format("" if lang == DEFAULT else f".{lang}")


def target_url(href: str, page_url: str) -> str | None:
    """The site URL a relative link from `page_url` lands on, or None for other addresses."""
    if not href or re.match(r"^[a-z][a-z0-9+.-]*:", href) or href.startswith("/"):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_url), href))


def mark_english_links(html: str, page_url: str, url_lang: dict[str, str], note: str) -> str:
    """Each link to a page whose language is English gets hreflang="en" and `note` after it
    (once: a note already written after the link is kept, not doubled)."""
    def mark(m: re.Match) -> str:
        url = target_url(m.group(2), page_url)
        if url is None or url_lang.get(url) != DEFAULT:
            return m.group(0)
        after = html[m.end():m.end() + len(note)]
        attrs = m.group(1) + ('hreflang="en" ' if "hreflang" not in m.group(0) else "")
        tag = f'<a {attrs}href="{m.group(2)}{m.group(3) or ""}"{m.group(4)}>{m.group(5)}</a>'
        return tag if after == note else tag + note
    return LINK.sub(mark, html)


def on_config(config):
    _strings.clear()
    root = Path(config.config_file_path).parent
    for lang in LANGUAGES:
        _strings[lang] = load_strings(lang, root)
        if not (root / abbreviations_file(lang)).is_file():
            raise PluginError(f"{abbreviations_file(lang)} is missing: each language has its abbreviations")


def on_page_markdown(markdown, page, config, files):
    lang = page_lang(page.file.src_uri)
    return markdown.rstrip("\n") + f'\n\n--8<-- "{abbreviations_file(lang)}"\n'


def on_page_content(html, page, config, files):
    lang = page_lang(page.file.src_uri)
    if lang == DEFAULT:
        return html
    words = _strings[lang]["language"]
    url_lang = {f.url: page_lang(f.src_uri) for f in files.documentation_pages()}
    html = mark_english_links(html, page.url, url_lang, words["english_page"])
    html = BACKLINK_TITLE.sub(lambda m: 'title="{}"'.format(words["footnote_backlink"].format(n=m.group(1))), html)
    return html.replace(PERMALINK_TITLE, f'title="{words["permalink_title"]}"')
