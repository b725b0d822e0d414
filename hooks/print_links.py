"""Links that still lead somewhere on paper: each link in a page's article gets the address to
print after it, as `data-print-href`, which site.css shows in print only (`attr()`).

- A link to another page of the site prints its public address (SITE_URL + path + #fragment)
  when the build has one, otherwise its path within the site ("fundamentals/lifestyle.html"):
  the relative href ("../fundamentals/lifestyle.html") means nothing on paper, and a file: or
  loopback address would lead nowhere.
- A link to another site prints its address, unless the link's own text already is that
  address (a bare URL, or a DOI written out): printing it again is how the References page
  came to show each web address twice.
- Each address prints once per page: later links to the same place print nothing more.
- Glossary terms (links to an entry of the glossary) print nothing: a Fundamentals page links a
  dozen, and a dozen addresses would break up the plain text a patient reads. The print block
  (hooks/print_block.py) says once where the glossary is, on each page that links terms to it.
- Not annotated: links within the page (#id, or to this page itself), the heading controls, footnote markers and
  back-links, and the reference lists (footnotes and the References page's bibliography),
  which already print each work's DOI or address as text.

One event, `on_post_page`, after hooks/calculator.py has put its form (with links) into the page
and before hooks/csp.py; the search index never sees the attribute.
"""
from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import urlsplit

ARTICLE = re.compile(r"(<article\b[^>]*>)(.*)(</article>)", re.S)
LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
HREF = re.compile(r'\shref="([^"]*)"')
CLASS = re.compile(r'\sclass="([^"]*)"')
TAG = re.compile(r"<[^>]+>")
# Blocks whose links print nothing more: the page's reference list and the References page's.
QUIET = re.compile(r'<div class="(?:footnote|bibliography)">.*?</div>', re.S)
SKIP_CLASSES = {"headerlink", "footnote-ref", "footnote-backref"}
OTHER_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "file:")
GLOSSARY = "glossary.html"


def site_path(href: str, page_url: str) -> str | None:
    """The site path of an internal href as seen from page_url ("a/b.html#x"), or None."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), parts.path))
    if path.startswith("../") or path == "..":
        return None
    if parts.path.endswith("/"):
        path += "/index.html"
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def glossary_term(path: str | None) -> bool:
    """Whether a site path is an entry of a glossary ("glossary.html#hba1c", or a language's own,
    "es/glossary.html#a1c")."""
    return bool(path) and (path.startswith(GLOSSARY + "#") or path.split("/", 1)[-1].startswith(GLOSSARY + "#"))


def links_terms(article: str, page_url: str) -> bool:
    """Whether the article links any term to its glossary entry."""
    return any(glossary_term(site_path(html.unescape(h), page_url))
               for h in re.findall(r'<a\b[^>]*\shref="([^"#][^"]*)"', article))


def shown(text: str) -> str:
    """A link's text as a reader sees it, for comparing with its address."""
    return html.unescape(TAG.sub("", text)).strip().rstrip("/").lower()


def print_address(href: str, text: str, page_url: str, site_url: str | None) -> str | None:
    """What prints after one link, or None."""
    href = html.unescape(href)
    if not href or href.startswith("#") or href.lower().startswith(OTHER_SCHEMES):
        return None
    if href.startswith(("http://", "https://", "//")):
        seen = shown(text)
        bare = re.sub(r"^https?:", "", href).lstrip("/").rstrip("/").lower()
        doi = re.sub(r"^(https?:)?//(dx\.)?doi\.org/", "", href, flags=re.I).lower()
        if seen in (href.lower().rstrip("/"), bare, doi, "doi:" + doi):
            return None
        return href
    path = site_path(href, page_url)
    if path is None or glossary_term(path) or path.split("#")[0] == page_url:
        return None
    return site_url.rstrip("/") + "/" + path if site_url else path


def annotate(article: str, page_url: str, site_url: str | None) -> str:
    """The article with `data-print-href` on each link whose address should print."""
    quiet = [m.span() for m in QUIET.finditer(article)]
    printed: set[str] = set()

    def one(m: re.Match) -> str:
        attrs, text = m.group(1), m.group(2)
        if any(a <= m.start() < b for a, b in quiet) or "data-print-href" in attrs:
            return m.group(0)
        cls, href = CLASS.search(attrs), HREF.search(attrs)
        classes = set(cls.group(1).split()) if cls else set()
        if classes & SKIP_CLASSES or not href:
            return m.group(0)
        address = print_address(href.group(1), text, page_url, site_url)
        if address is None or address in printed:
            return m.group(0)
        printed.add(address)
        return f'<a{attrs} data-print-href="{html.escape(address)}">{text}</a>'

    return LINK.sub(one, article)


def on_post_page(output, page, config):
    m = ARTICLE.search(output)
    if not m:
        return output
    body = annotate(m.group(2), page.url, config.get("site_url"))
    return output[:m.start(2)] + body + output[m.end(2):]
