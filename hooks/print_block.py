"""The print block: what a printed page needs to lead back to the site, once, under the title.

A handout is read away from the screen, so every page carries (shown only in print, site.css):
the site's name; the page's address, which is SITE_URL + the page's path when the build has a
public address (the same rule as the copy-link controls), and otherwise a sentence saying how to
find the page (its title and its path within the site), never a file: or loopback address; a QR
code of that public address, made here at build time by segno as inline SVG (only when SITE_URL
is set: a code of a path leads nowhere); the review dates; where the glossary is, on pages that
link terms to it; and the licence line from mkdocs.yml `copyright`, which must say "changes
must be marked; keep the disclaimer".

One event, `on_post_page`: the block is added to the finished HTML right after the article's
`<h1>`, after the search plugin has indexed the page (so search never shows it), and before
hooks/csp.py writes the policy. Words come from `frame:` in data/strings.<lang>.yml for the page's
language (hooks/i18n.py); a Spanish page also takes the site name and licence line from that
table's `theme:`, whose licence must carry the same words in Spanish. A page without an `<h1>` in
its article fails the build naming the page.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import segno
from mkdocs.exceptions import PluginError

# hooks/ is on sys.path while MkDocs loads a hook (and in the tests): the dates are written
# exactly as the page frame writes them.
from i18n import DEFAULT, LANGUAGES, load_strings, page_lang
from page_frame import long_date, review_due
from print_links import GLOSSARY, links_terms

LICENCE_WORDS = {"en": "changes must be marked; keep the disclaimer",
                 "es": "los cambios deben indicarse; conserve el aviso"}
FRAME_KEYS = ("print_address", "print_no_address", "print_glossary", "last_reviewed", "next_due")
TITLE_END = re.compile(r"</h1>")
ARTICLE = re.compile(r"<article\b")

_languages: dict = {}   # lang -> {"frame": the frame strings, "site_name": ..., "copyright": ...}


def public_address(site_url: str | None, page_url: str) -> str:
    """SITE_URL + the page's path, or '' when the build has no public address."""
    return site_url.rstrip("/") + "/" + page_url if site_url else ""


def qr_svg(address: str) -> str:
    """The address as a QR code: inline SVG, one path, sized by the stylesheet (no width or
    height, no style attribute: the page's CSP allows none). Error correction at least M (15 %),
    raised by segno when that needs no bigger symbol; the 4-module quiet zone is kept."""
    qr = segno.make(address, error="m", micro=False)
    svg = qr.svg_inline(scale=1, border=4, omitsize=True, svgclass="print-qr", lineclass=None)
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def print_block(site_name: str, title: str, page_url: str, site_url: str | None, meta: dict,
                copyright_html: str, strings: dict, terms: bool = False, glossary_page: str = GLOSSARY) -> str:
    """The block's HTML; `terms`: the page links words to the glossary (print_links.py prints
    no address after those links, so the block says where the glossary is). Its lines are
    <div>s, not <p>s: the block is not body text, and the checks of body text (readability,
    a term's first use, the sentences about approvals) read the article's paragraphs."""
    s, esc = strings, lambda t: html.escape(t, quote=False)  # noqa: E731
    address = public_address(site_url, page_url)
    if address:
        where = (f'<div class="print-address">{esc(s["print_address"])} '
                 f'<span class="print-url">{esc(address)}</span></div>')
        code = qr_svg(address)
    else:
        where = '<div class="print-address">' + esc(s["print_no_address"].format(
            title=title, path=page_url, site=site_name)) + "</div>"
        code = ""
    reviewed = meta["reviewed"]
    dates = (f'<div class="print-dates">{esc(s["last_reviewed"])}: {long_date(reviewed, s)}. '
             f'{esc(s["next_due"])}: {long_date(review_due(meta), s)}.</div>')
    glossary = (f'<div class="print-glossary">{esc(s["print_glossary"])} '
                f'{esc(public_address(site_url, glossary_page) or glossary_page)}</div>') if terms else ""
    text = (f'<div class="print-site">{esc(site_name)}</div>{where}{dates}{glossary}'
            f'<div class="print-licence">{copyright_html}</div>')
    return f'<div class="print-frame"><div class="print-text">{text}</div>{code}</div>'


def title_end(page_html: str, src: str) -> int:
    """Where the article's <h1> ends; a page without one fails the build."""
    start = ARTICLE.search(page_html)
    end = TITLE_END.search(page_html, start.end()) if start else None
    if not end:
        raise PluginError(f"{src}: no <h1> in the page's article to put the print block under")
    return end.end()


def check_copyright(text: str | None, lang: str = DEFAULT, where: str = "mkdocs.yml: `copyright`") -> str:
    words = LICENCE_WORDS[lang]
    if not text or words not in text:
        raise PluginError(f"{where} must carry the CC BY line with '{words}' "
                          "(the print block repeats it on every printed page)")
    return text


def language_words(lang: str, config, root: Path) -> dict:
    """The frame strings, site name and licence line a page in `lang` prints."""
    table = load_strings(lang, root)
    frame = table.get("frame", {})
    missing = [k for k in FRAME_KEYS if k not in frame]
    if missing:
        raise PluginError(f"data/strings.{lang}.yml: `frame:` lacks {', '.join(missing)}")
    if lang == DEFAULT:
        return {"frame": frame, "site_name": config["site_name"],
                "copyright": check_copyright(config.get("copyright"))}
    theme = table.get("theme", {})
    return {"frame": frame, "site_name": theme.get("site_name") or config["site_name"],
            "copyright": check_copyright(theme.get("copyright"), lang, f"data/strings.{lang}.yml: `theme.copyright`")}


def on_config(config):
    root = Path(config.config_file_path).parent
    _languages.clear()
    _languages.update({lang: language_words(lang, config, root) for lang in LANGUAGES})


def on_post_page(output, page, config):
    at = title_end(output, page.file.src_uri)
    lang = page_lang(page.file.src_uri)
    words = _languages[lang]
    glossary_page = GLOSSARY if lang == DEFAULT else f"{lang}/{GLOSSARY}"
    block = print_block(words["site_name"], page.meta.get("title") or page.title, page.url,
                        config.get("site_url"), page.meta, words["copyright"], words["frame"],
                        terms=links_terms(output[at:output.find("</article>", at)], page.url),
                        glossary_page=glossary_page)
    return output[:at] + "\n" + block + output[at:]
