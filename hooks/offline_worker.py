"""Offline after one visit: the service worker (sw.js at the site root) with this build's precache
list and version, and the update notice its page script shows.

One event does the work: `on_post_build` at priority -90, after every plugin and hook that writes
files at the default priority (the search index, the redirect stubs) and before hooks/csp.py
(-100), which stays the last hook and rewrites every HTML file with its policy. The worker checks
each file it precaches against a SHA-256 from the list, so the list must hold the hash of the
bytes the site will serve: for each HTML file the hook computes the final text with the CSP
hook's own function (`csp.secure_page`, pure: the same page gives the same policy), hashes that,
and leaves the writing to csp.py. tests/test_offline_worker.py checks every listed hash against
the built files. The version is a hash of the list and the worker's code, so any change to any
precached byte makes a new worker, and the browser offers it.

The same pass writes the hidden update notice into every page that has Material's header (not
404.html: it is served at any address, where its worker address would be wrong). The notice
carries the worker's address relative to the page; site.js registers the worker only where that
notice is, and only over http(s). Strings: data/strings.<lang>.yml, `offline`.

Under `mkdocs serve` (`on_startup`) nothing is written: no notice, so no worker is registered
and a developer never reads pages from a cache.
"""
from __future__ import annotations

import gzip
import hashlib
import html as htmllib
import importlib.util
import json
import logging
import posixpath
import re
from pathlib import Path
from urllib.parse import quote

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import i18n  # hooks/ is on sys.path while MkDocs loads a hook (and in the tests)

log = logging.getLogger("mkdocs.hooks.offline_worker")

WORKER = "sw.js"
TEMPLATE = Path(__file__).with_name("service_worker.js")
BUILD_LINE = 'var BUILD = {"version": "unbuilt", "files": []};  // replaced by the build'
# Never precached: source maps (developer tools only), the file:// copy of the search index (the
# worker serves search/search_index.json), the worker itself, and what only crawlers read.
SKIP = {"search/search_index.js", WORKER, "sitemap.xml", "sitemap.xml.gz", "robots.txt"}
LUNR = "assets/javascripts/lunr/"
HEADER = '<header class="md-header'
NOTICE = re.compile(r'<div class="update-notice"[^>]*>.*?</p></div>', re.S)

_serving = False


def lunr_files(langs: list[str]) -> set[str]:
    """The lunr language files Material's search worker imports for the index's languages (its
    setupSearchLanguages: ja tinyseg, hi/th wordcut, lunr.<lang> for each non-English language,
    multi for several, stemmer support when any). English needs none."""
    names = set()
    for lang in langs:
        if lang == "ja":
            names.add("tinyseg.js")
        if lang in ("hi", "th"):
            names.add("wordcut.js")
        if lang != "en":
            names.add(f"min/lunr.{lang}.min.js")
    if len(langs) > 1:
        names.add("min/lunr.multi.min.js")
    if names:
        names.add("min/lunr.stemmer.support.min.js")
    return {LUNR + n for n in names}


def precached(rel: str, lunr: set[str]) -> bool:
    """Whether a built file (site-relative path) belongs in the precache."""
    # Each language's folder has its own search_index.js (file:// only) and sitemap.
    if rel.endswith(".map") or rel in SKIP or rel.endswith("/search/search_index.js") \
            or rel.rsplit("/", 1)[-1] in ("sitemap.xml", "sitemap.xml.gz"):
        return False
    return rel in lunr if rel.startswith(LUNR) else True


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def version(template: str, files: list[list[str]]) -> str:
    """The build's version: its precache list (every file's hash) and the worker's code."""
    return sha256((template + json.dumps(files)).encode("utf-8"))[:16]


def worker_script(template: str, files: list[list[str]]) -> str:
    if template.count(BUILD_LINE) != 1:
        raise PluginError(f"offline_worker: {TEMPLATE.name} must hold the line {BUILD_LINE!r} once")
    build = json.dumps({"version": version(template, files), "files": files}, separators=(",", ":"))
    return template.replace(BUILD_LINE, f"var BUILD = {build};")


def read_build(worker: str) -> dict:
    """{'version', 'files'} from a built sw.js (for tests and `make bench`)."""
    found = re.search(r"^var BUILD = (\{.*\});$", worker, re.M)
    if not found:
        raise ValueError("no BUILD line in the worker")
    return json.loads(found.group(1))


def notice(strings: dict, worker_url: str) -> str:
    """The update notice, hidden until site.js shows it. The outer box is a live region that is
    always there, so a screen reader announces the text when it appears."""
    e = lambda key: htmllib.escape(strings[key])  # noqa: E731
    return (f'<div class="update-notice" role="status" data-update-notice data-worker="{htmllib.escape(worker_url)}">'
            f'<p class="update-notice__inner md-grid" hidden><span>{e("updated")}</span> '
            f'<button type="button" class="update-notice__reload">{e("reload")}</button> '
            f'<button type="button" class="update-notice__dismiss">{e("dismiss")}</button></p></div>')


def add_notice(html: str, rel: str, strings: dict) -> str:
    """The page with the notice right before Material's header (replacing one a `--dirty` build
    left); a page without that header (a redirect stub), and 404.html, unchanged."""
    html = NOTICE.sub("", html)
    if rel == "404.html" or HEADER not in html:
        return html
    worker_url = posixpath.relpath(WORKER, posixpath.dirname(rel) or ".")
    return html.replace(HEADER, notice(strings, worker_url) + HEADER, 1)


def load_strings(root: Path, lang: str) -> dict:
    table = root / f"data/strings.{lang}.yml"
    strings = (yaml.safe_load(table.read_text(encoding="utf-8")) or {}).get("offline") or {}
    missing = [k for k in ("updated", "reload", "dismiss") if not strings.get(k)]
    if missing:
        raise PluginError(f"offline_worker: {table.name} lacks offline.{', offline.'.join(missing)}")
    return strings


def _csp_module():
    """hooks/csp.py as a module of its own: only its pure functions are called."""
    spec = importlib.util.spec_from_file_location("offline_worker_csp", Path(__file__).with_name("csp.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def final_pages(site: Path, pages: dict[str, str], with_csp: bool) -> dict[str, bytes]:
    """Each HTML file as the site will serve it: after hooks/csp.py, when the build runs it."""
    if not with_csp:
        return {rel: text.encode("utf-8") for rel, text in pages.items()}
    csp = _csp_module()
    shims = {p.relative_to(site).as_posix(): p for p in site.rglob("shim.js")
             if p.as_posix().endswith(csp.SHIM_NAME)}
    return {rel: csp.secure_page(text, rel, lambda src, rel=rel: csp.read_shim(shims, rel, src)).encode("utf-8")
            for rel, text in pages.items()}


def on_startup(command, dirty, **kwargs):
    global _serving
    _serving = command == "serve"


@event_priority(-90)
def on_post_build(config, **kwargs):
    if _serving:
        log.info("offline_worker: no service worker under `mkdocs serve`; `mkdocs build` writes it")
        return
    site = Path(config["site_dir"])
    root = Path(config.config_file_path).parent
    # The notice speaks the page's language (hooks/i18n.py: "es/..." pages are Spanish).
    strings = {lang: load_strings(root, lang) for lang in i18n.LANGUAGES}
    # Every language's index (search/, es/search/) loads its own lunr files in the search worker.
    indexes = sorted(site.rglob("search/search_index.json"))
    lunr = set().union(*(lunr_files(json.loads(i.read_text(encoding="utf-8"))["config"]["lang"])
                         for i in indexes)) if indexes else set()

    pages = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        text = add_notice(path.read_text(encoding="utf-8"), rel, strings[i18n.page_lang(rel)])
        path.write_text(text, encoding="utf-8")
        pages[rel] = text
    with_csp = any(Path(str(h)).name == "csp.py" for h in config["hooks"])
    served = final_pages(site, pages, with_csp)

    files, raw = [], 0
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if precached(rel, lunr):
            data = served[rel] if rel in served else path.read_bytes()
            files.append([quote(rel), sha256(data)])
            raw += len(data)
    template = TEMPLATE.read_text(encoding="utf-8")
    (site / WORKER).write_text(worker_script(template, files), encoding="utf-8")
    log.info(f"offline_worker: {WORKER} precaches {len(files)} files ({raw / 1024:.0f} KiB), "
             f"version {version(template, files)}")


def precache_sizes(site: Path) -> tuple[int, int, int]:
    """(files, raw bytes, gzip bytes) of a built site's precache, as listed in its sw.js."""
    from urllib.parse import unquote
    files = read_build((site / WORKER).read_text(encoding="utf-8"))["files"]
    raw = zipped = 0
    for path, _ in files:
        data = (site / unquote(path)).read_bytes()
        raw += len(data)
        zipped += len(gzip.compress(data, 6))
    return len(files), raw, zipped
