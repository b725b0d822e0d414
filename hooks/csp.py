"""Write a Content-Security-Policy into every built HTML page, so the browser itself refuses any
request to another host and any inline code this build did not ship.

One event does the work: `on_post_build`, at priority -100, rewrites every `*.html` file in the
site directory. Running on the written files (not in `on_post_page`) means it also sees what
plugins write after the pages: the mkdocs-redirects stubs (written in that plugin's
`on_post_build`), 404.html, and the inline <style> and scripts hooks/calculator.py adds in
`on_post_page`. Hooks run after all plugins at the same priority, so this must stay the last
hook in mkdocs.yml; a later hook that reads the final HTML (a precache list) needs a lower priority.

The policy is `'self'` plus the SHA-256 hash of each inline <script>/<style> the page really has
(those inside <noscript> too), plus the hash of the inline script the iframe-worker shim writes
into its iframe from file:// (see `shim_script`). Markup that no hash can allow (a `style=`
attribute, an `on*=` handler, a `javascript:` address) fails the build naming the page.

Under `mkdocs serve` no policy is written (`on_startup`): its live-reload script is injected inline
with a per-request id, so no build-time hash can allow it.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import html as htmllib
import json
import logging
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.csp")

# Directive order as written. 'self' covers the search worker over http (worker-src falls back to
# script-src) and the shim's about:blank iframe; no frame-src/worker-src/child-src is needed.
FIXED = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # Material's icons are data: SVGs in its stylesheet
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'none'"],  # no form on the site submits anywhere
}
# <script type> values the browser never runs: data blocks need no hash. Any other type is hashed.
DATA_TYPES = {"application/json", "application/ld+json"}
SHIM_NAME = "iframe-worker/shim.js"
CHARSET = re.compile(r"<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>", re.I)
OURS = '<meta http-equiv="Content-Security-Policy" content='
CSP_META = re.compile(r"<meta\s[^>]*http-equiv\s*=\s*[\"']?content-security-policy", re.I)

_serving = False


class _Blocks(HTMLParser):
    """Collects inline <script>/<style> text, script srcs, and markup no hash can allow."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, dict]] = []  # (tag, text, attributes)
        self.srcs: list[str] = []
        self.unhashable: list[str] = []
        self._open: tuple[str, dict, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        for name, value in attributes.items():
            if name == "style":
                self.unhashable.append(f'<{tag} style="{value}">')
            elif name.startswith("on"):
                self.unhashable.append(f"<{tag} {name}=...> (inline event handler)")
            elif name in ("href", "src", "action", "formaction") and \
                    value.strip().lower().startswith("javascript:"):
                self.unhashable.append(f"<{tag} {name}=\"{value}\">")
        if tag == "script" and attributes.get("src"):
            self.srcs.append(attributes["src"])
        if tag in ("script", "style"):
            self._open = (tag, attributes, [])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self._open = None

    def handle_data(self, data):
        if self._open:
            self._open[2].append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            name, attributes, parts = self._open
            if "src" not in attributes:  # a script with src runs the file, not its text
                self.blocks.append((name, "".join(parts), attributes))
            self._open = None


@functools.lru_cache(maxsize=4)  # secure_page asks several questions of the same page
def parse(html: str) -> _Blocks:
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser


def inline_blocks(html: str) -> tuple[list[str], list[str]]:
    """(inline script texts the browser would run, inline style texts), in page order."""
    scripts, styles = [], []
    for tag, text, attributes in parse(html).blocks:
        if tag == "style":
            styles.append(text)
        elif attributes.get("type", "").strip().lower() not in DATA_TYPES:
            scripts.append(text)
    return scripts, styles


def unhashable(html: str) -> list[str]:
    """Inline code a page carries that no script/style hash can allow."""
    return parse(html).unhashable


def source_hash(text: str) -> str:
    """The CSP source for one inline block. The HTML parser turns CR LF into LF before the
    browser hashes the element's text, so we do the same."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def function_source(js: str, name: str) -> str:
    """The text of `function NAME(...){...}` in minified JS: what `${NAME}` in a template
    literal turns into (Function.prototype.toString returns the source text)."""
    start = js.find(f"function {name}(")
    if start < 0:
        raise ValueError(f"no 'function {name}(' in the shim")
    depth, i, quote = 0, js.index("{", start), ""
    while i < len(js):
        ch = js[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'`":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return js[start:i + 1]
        i += 1
    raise ValueError(f"unbalanced braces in function {name} of the shim")


def shim_script(shim_js: str, worker_url: str) -> str:
    """The inline script iframe-worker (1.0.x) writes into its iframe for `new Worker(worker_url)`.

    The shim builds it with `document.write(`<html><body><script>postMessage=${c};importScripts=
    ${d};...filename:"${e}"...<\\/script><script src=${e}?...>`)`: `c` and `d` are functions of the
    shim (their source text), `e` is the worker address exactly as Material passes it (the
    `search` value of the page's __config, unresolved). The iframe inherits the page's policy, so
    the page must allow this script's hash. A shim of another shape raises ValueError."""
    written = re.search(r"document\.write\(`(.*?)`\)", shim_js, re.S)
    if not written:
        raise ValueError("the shim has no document.write(`...`) template")
    first = re.search(r"<script>(.*?)<\\/script>", written.group(1), re.S)
    if not first:
        raise ValueError("the shim's template has no inline <script>")
    template = first.group(1)
    if re.search(r"\\[^/\\`$]", template):
        raise ValueError("the shim's inline script has an escape this hook does not decode")
    names = set(re.findall(r"\$\{(\w+)\}", template))
    functions = {n for n in names if f"function {n}(" in shim_js}
    if len(names - functions) != 1 or re.search(r"\$\{(?!\w+\})", template):
        raise ValueError(f"the shim's inline script has unexpected placeholders {sorted(names)}")
    values = {n: function_source(shim_js, n) for n in functions}
    values.update({n: worker_url for n in names - functions})
    text = re.sub(r"\\([/\\`$])", r"\1", template)
    return re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)], text)


def worker_url(html: str) -> str | None:
    """The search worker address in Material's `<script id="__config">` JSON, if any."""
    for tag, text, attributes in parse(html).blocks:
        if tag == "script" and attributes.get("id") == "__config":
            return json.loads(text).get("search")
    return None


def policy(script_hashes: list[str], style_hashes: list[str]) -> str:
    """The policy text: fixed directives plus the hashes (each once, in page order)."""
    directives = {k: list(v) for k, v in FIXED.items()}
    directives["script-src"] += list(dict.fromkeys(script_hashes))
    directives["style-src"] += list(dict.fromkeys(style_hashes))
    return "; ".join(f"{k} {' '.join(v)}" for k, v in directives.items())


def insert_meta(html: str, text: str, page: str) -> str:
    """The policy as a <meta> right after <meta charset> (a meta policy only covers what follows).
    A policy this hook wrote before (a page `mkdocs build --dirty` did not rewrite) is replaced;
    any other policy meta fails the build."""
    charset = CHARSET.search(html)
    if charset and html.startswith(OURS, charset.end()):
        html = html[: charset.end()] + html[html.index(">", charset.end()) + 1:]
    if CSP_META.search(html):
        raise PluginError(f"csp: {page} already has a Content-Security-Policy meta")
    charset = CHARSET.search(html)
    if not charset or "<script" in html[: charset.start()].lower():
        raise PluginError(f"csp: {page} has no <meta charset> ahead of its scripts to put the policy after")
    content = htmllib.escape(text, quote=False).replace('"', "&quot;")
    meta = f'{OURS}"{content}">'
    return html[: charset.end()] + meta + html[charset.end():]


def secure_page(html: str, page: str, read_shim) -> str:
    """The page with its policy. `read_shim(src)` returns the shim's source for a script src
    ending in iframe-worker/shim.js (the built copy, what the browser runs)."""
    bad = unhashable(html)
    if bad:
        raise PluginError(f"csp: {page} has inline code no hash can allow (move it to a class or a "
                          f"script file): {'; '.join(bad[:5])}")
    scripts, styles = inline_blocks(html)
    hashes = [source_hash(s) for s in scripts]
    shims = [src for src in parse(html).srcs if src.split("?")[0].endswith(SHIM_NAME)]
    worker = worker_url(html)
    if shims and worker:
        try:
            hashes.append(source_hash(shim_script(read_shim(shims[0]), worker)))
        except ValueError as e:
            raise PluginError(f"csp: {page}: cannot hash the iframe-worker shim's script: {e}") from e
    return insert_meta(html, policy(hashes, [source_hash(s) for s in styles]), page)


def on_startup(command, dirty, **kwargs):
    global _serving
    _serving = command == "serve"


@event_priority(-100)
def on_post_build(config, **kwargs):
    if _serving:
        log.info("csp: no policy under `mkdocs serve` (its live-reload script is inline); "
                 "`mkdocs build` writes it")
        return
    site = Path(config["site_dir"])
    shims = {p.relative_to(site).as_posix(): p for p in site.rglob("shim.js")
             if p.as_posix().endswith(SHIM_NAME)}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        html = path.read_text(encoding="utf-8")
        path.write_text(secure_page(html, rel, lambda src, rel=rel: read_shim(shims, rel, src)),
                        encoding="utf-8")


def read_shim(shims: dict[str, Path], page: str, src: str) -> str:
    """The built shim a page's script src points at. An absolute src ('/ir/assets/...' on the
    404 page of a sub-path site) matches the copy whose site path ends it."""
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), src.split("?")[0]))
    for rel, file in shims.items():
        if path == rel or path.endswith("/" + rel):
            return file.read_text(encoding="utf-8")
    raise PluginError(f"csp: {page} loads {src}, which is not in the built site")
