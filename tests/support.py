"""Helpers over the built site: which pages exist, what they link to, what ids they hold."""
from __future__ import annotations

import posixpath
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

EXTERNAL = ("http:", "https:", "mailto:", "tel:", "data:", "javascript:")


def content_pages(site: Path) -> list[str]:
    """Site-relative paths of every HTML page a reader can open (not search, not 404, not assets)."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/")) or rel == "404.html":
            continue
        pages.append(rel)
    return pages


@lru_cache(maxsize=None)
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def ids(path: Path) -> set[str]:
    doc = soup(path)
    return {el["id"] for el in doc.find_all(id=True)} | {el["name"] for el in doc.find_all("a", attrs={"name": True})}


def links(path: Path) -> list[str]:
    """Every address the page links to or loads (a, link, script, img, source, iframe)."""
    doc = soup(path)
    out = []
    for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
                      ("source", "src"), ("iframe", "src")):
        out += [el[attr] for el in doc.find_all(tag) if el.get(attr)]
    return out


def resolve(site: Path, page: str, href: str) -> tuple[Path | None, str]:
    """(target file, fragment) of an internal address, or (None, '') for an external one."""
    if href.startswith(EXTERNAL) or href.startswith("//"):
        return None, ""
    parts = urlsplit(href)
    target = page if not parts.path else posixpath.normpath(
        posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    path = site / target
    if href.split("#")[0].endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, unquote(parts.fragment)


def assets(site: Path, page: str) -> list[Path]:
    """The stylesheets and scripts the page's HTML references (what its page weight counts)."""
    out = []
    for href in links(site / page):
        target, _ = resolve(site, page, href)
        if target is not None and target.suffix in (".css", ".js") and target.is_file():
            out.append(target)
    return out


def broken_links(site: Path) -> list[str]:
    """Every internal link or #anchor in the built site that does not resolve."""
    problems = []
    for page in content_pages(site):
        for href in links(site / page):
            target, fragment = resolve(site, page, href)
            if target is None:
                continue
            if not target.is_file():
                problems.append(f"{page}: {href} -> missing file")
            elif fragment and "=" not in fragment and target.suffix == ".html" and fragment not in ids(target):
                # Fragments holding '=' are calculator values, not anchors.
                problems.append(f"{page}: {href} -> missing anchor #{fragment}")
    return problems


def file_url(site: Path, page: str) -> str:
    return (site / page).as_uri()


def until(page, expression: str, timeout: float = 15.0, interval: float = 0.05) -> None:
    """Wait until a JavaScript expression is true in the page. Playwright's wait_for_function polls
    with eval() inside the page, which the site's Content-Security-Policy (rightly) forbids;
    page.evaluate goes through the DevTools protocol, which the policy does not govern."""
    import time
    from playwright.sync_api import Error

    end = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(expression):
                return
            problem = "false"
        except Error as error:          # mid-navigation, or the element is not there yet
            problem = str(error).splitlines()[0]
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout} s waiting for: {expression} ({problem})")
        time.sleep(interval)


# --- accessibility -------------------------------------------------------------------------------

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def show_skipped_content(page) -> int:
    """Lay out what the browser skips until it nears the screen (content-visibility: auto: the
    notes list in site.css, the reading list's groups), as a reader sees it on scrolling there.
    Left skipped, axe measures those boxes as empty and takes the wrong background for their text.
    Returns how many elements it showed."""
    return page.evaluate("""() => { let n = 0;
        for (const e of document.querySelectorAll('body *'))
            if (getComputedStyle(e).contentVisibility === 'auto') { e.style.contentVisibility = 'visible'; n++; }
        return n; }""")


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.2 A/AA violations on the page, one line per element, with everything laid
    out."""
    from axe_playwright_python.sync_playwright import Axe
    show_skipped_content(page)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]})
    return [f"{v['id']}: {n['target']} {n.get('failureSummary', '')[:160]}"
            for v in results.response["violations"] for n in v["nodes"]]

