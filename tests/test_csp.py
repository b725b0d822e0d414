"""The Content-Security-Policy (hooks/csp.py): its pure functions one by one, the policy in every
built page against the page's real inline blocks, and Chromium proving the policy neither blocks
anything the site does (over http and from file://, search and the calculator included) nor lets
an unhashed inline script run."""
from __future__ import annotations

import base64
import hashlib
import re
import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from mkdocs.exceptions import PluginError
from mkdocs_redirects.plugin import HTML_TEMPLATE, write_html

from conftest import ROOT
from support import until

sys.path.insert(0, str(ROOT / "hooks"))
import csp  # noqa: E402

SHIM = "assets/vendor/iframe-worker/shim.js"
CALC_LINK = "tools/homa-ir.html#glucose=90&glucose-unit=mg/dL&insulin=10&insulin-unit=uIU/mL"
PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>t</title>{head}</head><body>{body}</body></html>'


def b64(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def shim_source(site_dir: Path) -> str:
    return (site_dir / SHIM).read_text(encoding="utf-8")


# --- pure functions -----------------------------------------------------------------------------

def test_source_hash_is_the_csp_sha256_of_the_text():
    assert csp.source_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    assert csp.source_hash("a=1") == f"'sha256-{b64('a=1')}'"
    # The HTML parser turns CR LF into LF before the browser hashes the text.
    assert csp.source_hash("a\r\nb\rc") == csp.source_hash("a\nb\nc")


def test_inline_blocks_finds_scripts_and_styles_in_order_including_noscript():
    html = PAGE.format(
        head='<script>one()</script><style>p{}</style><script src="x.js">ignored</script>',
        body='<noscript><style>#f{display:none}</style></noscript><script type="module">two()</script>'
             '<script type="application/json" id="__config">{"a": 1}</script>'
             '<script type="application/ld+json">{}</script><script type="text/x-other">three</script>'
             '<!-- <script>commented()</script> -->')
    scripts, styles = csp.inline_blocks(html)
    assert scripts == ["one()", "two()", "three"]  # data blocks never run; an unknown type is hashed
    assert styles == ["p{}", "#f{display:none}"]


def test_inline_blocks_keeps_script_text_raw():
    scripts, _ = csp.inline_blocks(PAGE.format(head="<script>a&&b&amp;<x></script>", body=""))
    assert scripts == ["a&&b&amp;<x>"]


def test_unhashable_names_style_attributes_handlers_and_javascript_urls():
    html = PAGE.format(head="", body='<p style="color:red">x</p><button onclick="f()">b</button>'
                                     '<a href=" JavaScript:go()">a</a><a href="javascript.html">ok</a>')
    found = csp.unhashable(html)
    assert len(found) == 3
    assert 'style="color:red"' in found[0] and "onclick" in found[1] and "JavaScript:go()" in found[2]
    assert csp.unhashable(PAGE.format(head="<script>x()</script>", body="<p class=a>b</p>")) == []


def test_function_source_matches_braces_outside_strings():
    js = 'var a=1;function f(x){if(x){return "}{"+`{`}return 0}function g(){}'
    assert csp.function_source(js, "f") == 'function f(x){if(x){return "}{"+`{`}return 0}'
    assert csp.function_source(js, "g") == "function g(){}"
    with pytest.raises(ValueError):
        csp.function_source(js, "h")


def test_shim_script_fills_the_template_of_a_minimal_shim():
    shim = ('function c(s){parent.postMessage(s)}function d(...s){return 1}'
            'this.w.document.write(`<html><body><script>postMessage=${c};importScripts=${d};'
            'f("${e}")<\\/script><script src=${e}?${+Date.now()}><\\/script></body></html>`)')
    assert csp.shim_script(shim, "w/s.js") == (
        'postMessage=function c(s){parent.postMessage(s)};importScripts=function d(...s){return 1};'
        'f("w/s.js")')


@pytest.mark.parametrize("shim", [
    "no template here",
    "document.write(`<html><body></body></html>`)",
    "function c(){}document.write(`<script>${c};${x};${y}<\\/script>`)",
    "document.write(`<script>a\\nb${e}<\\/script>`)",
])
def test_shim_script_refuses_a_shim_of_another_shape(shim):
    with pytest.raises(ValueError):
        csp.shim_script(shim, "w.js")


def test_shim_script_of_the_vendored_shim(site_dir):
    text = csp.shim_script(shim_source(site_dir), "../w/search.js")
    assert text.startswith('postMessage=function c(s,n){parent.postMessage(s,n||"*")};importScripts=function d(')
    assert text.endswith('filename:"../w/search.js",error}))})')
    assert "${" not in text and "<\\/script" not in text


def test_worker_url_reads_materials_config():
    html = PAGE.format(head="", body='<script id="__config" type="application/json">'
                                     '{"base": "..", "search": "../assets/w.js"}</script>')
    assert csp.worker_url(html) == "../assets/w.js"
    assert csp.worker_url(PAGE.format(head="", body="")) is None


def test_policy_lists_fixed_directives_and_each_hash_once():
    text = csp.policy(["'sha256-a'", "'sha256-b'", "'sha256-a'"], ["'sha256-c'"])
    assert text == ("default-src 'self'; script-src 'self' 'sha256-a' 'sha256-b'; "
                    "style-src 'self' 'sha256-c'; img-src 'self' data:; connect-src 'self'; "
                    "object-src 'none'; base-uri 'self'; form-action 'none'")
    assert "unsafe" not in csp.policy([], [])


def test_insert_meta_goes_right_after_charset_once():
    html = PAGE.format(head="<script>x()</script>", body="")
    out = csp.insert_meta(html, "default-src 'self'", "p.html")
    assert ('<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
            "content=\"default-src 'self'\"><title>") in out
    # Idempotent: a page a dirty build did not rewrite gets its policy replaced, not doubled.
    again = csp.insert_meta(out, "default-src 'none'", "p.html")
    assert again == out.replace("default-src 'self'", "default-src 'none'")


@pytest.mark.parametrize("html, reason", [
    ("<html><head><title>t</title></head></html>", "no <meta charset>"),
    ('<html><head><script>x()</script><meta charset="utf-8"></head></html>', "no <meta charset>"),
    ('<html><head><meta charset="utf-8"><meta http-equiv="content-security-policy" content="x">'
     "</head></html>", "already has"),
])
def test_insert_meta_fails_naming_the_page(html, reason):
    with pytest.raises(PluginError, match=rf"p/q\.html.*{re.escape(reason)}"):
        csp.insert_meta(html, "x", "p/q.html")


def test_secure_page_hashes_blocks_and_the_shims_script():
    shim = 'function c(){}document.write(`<script>${c};"${e}"<\\/script>`)'
    html = PAGE.format(head='<script src="../assets/vendor/iframe-worker/shim.js"></script><style>a{}</style>',
                       body='<script>go()</script><script id="__config" type="application/json">'
                            '{"search": "../w.js"}</script>')
    seen = []
    out = csp.secure_page(html, "t/p.html", lambda src: seen.append(src) or shim)
    assert seen == ["../assets/vendor/iframe-worker/shim.js"]
    meta = re.search(r'content="([^"]*)"', out).group(1)
    shim_text = 'function c(){};"../w.js"'
    assert f"script-src 'self' 'sha256-{b64('go()')}' 'sha256-{b64(shim_text)}';" in meta
    assert f"style-src 'self' 'sha256-{b64('a{}')}';" in meta


def test_secure_page_without_the_shim_adds_no_shim_hash():
    html = PAGE.format(head="", body='<script id="__config" type="application/json">{"search": "w.js"}</script>')
    meta = re.search(r'content="([^"]*)"', csp.secure_page(html, "p.html", None)).group(1)
    assert "script-src 'self';" in meta


def test_secure_page_fails_loudly_on_what_it_cannot_hash():
    with pytest.raises(PluginError, match=r"about/x\.html.*style="):
        csp.secure_page(PAGE.format(head="", body='<p style="x">a</p>'), "about/x.html", None)
    bad_shim = PAGE.format(head='<script src="shim/iframe-worker/shim.js"></script>',
                           body='<script id="__config" type="application/json">{"search": "w.js"}</script>')
    with pytest.raises(PluginError, match=r"p\.html.*shim"):
        csp.secure_page(bad_shim, "p.html", lambda src: "a changed shim")


def test_secure_page_handles_a_redirect_stub():
    stub = HTML_TEMPLATE.format(url="../new/page.html")
    out = csp.secure_page(stub, "old/page.html", None)
    script = re.search(r"<script>(.*?)</script>", stub).group(1)
    assert f"'sha256-{b64(script)}'" in out
    assert out.index("Content-Security-Policy") < out.index("<script>")


def test_read_shim_resolves_relative_and_sub_path_sources(tmp_path):
    shim = tmp_path / SHIM
    shim.parent.mkdir(parents=True)
    shim.write_text("SHIM")
    shims = {SHIM: shim}
    assert csp.read_shim(shims, "tools/homa-ir.html", "../" + SHIM) == "SHIM"
    assert csp.read_shim(shims, "404.html", "/ir/" + SHIM) == "SHIM"
    with pytest.raises(PluginError, match="index.html"):
        csp.read_shim(shims, "index.html", "elsewhere/shim.js")


def test_hook_runs_after_every_plugin_that_writes_html():
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    post_build = [config.plugins._event_origins.get(m) for m in config.plugins.events["post_build"]]
    assert post_build[-1] == "hooks/csp.py", post_build
    assert "redirects" in post_build  # its stubs are written before the policy pass
    assert "hooks/csp.py" not in [config.plugins._event_origins.get(m)
                                  for m in config.plugins.events["post_page"]]


def test_on_post_build_writes_files_fails_on_unhashable_markup_and_skips_under_serve(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/p.html").write_text(PAGE.format(head="", body="<script>x()</script>"))
    try:
        csp.on_startup(command="serve", dirty=False)
        csp.on_post_build({"site_dir": str(tmp_path)})
        assert "Content-Security-Policy" not in (tmp_path / "a/p.html").read_text()
        csp.on_startup(command="build", dirty=False)
        csp.on_post_build({"site_dir": str(tmp_path)})
        assert f"'sha256-{b64('x()')}'" in (tmp_path / "a/p.html").read_text()
        (tmp_path / "a/bad.html").write_text(PAGE.format(head="", body='<p style="color:red">x</p>'))
        with pytest.raises(PluginError, match=r"a/bad\.html"):
            csp.on_post_build({"site_dir": str(tmp_path)})
    finally:
        csp.on_startup(command="build", dirty=False)


# --- the built site -----------------------------------------------------------------------------

def html_files(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_every_page_has_one_policy_right_after_charset_with_exactly_its_hashes(site_dir):
    """Blocks found by lxml (not the hook's parser); the shim's script for the page's worker path."""
    counts = {}
    for rel in html_files(site_dir):
        doc = BeautifulSoup((site_dir / rel).read_text(encoding="utf-8"), "lxml")
        metas = doc.find_all("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
        assert len(metas) == 1, f"{rel}: {len(metas)} policy metas"
        charset = doc.find("meta", charset=True)
        assert charset is not None and charset.find_next_sibling() is metas[0], f"{rel}: not right after charset"
        found = directives(metas[0]["content"])
        scripts = [s.string or "" for s in doc.find_all("script")
                   if not s.get("src") and s.get("type") not in ("application/json", "application/ld+json")]
        styles = [s.string or "" for s in doc.find_all("style")]
        config = doc.find("script", id="__config")
        if doc.find("script", src=re.compile(r"iframe-worker/shim\.js$")) and config:
            worker = re.search(r'"search": "([^"]+)"', config.string).group(1)
            scripts.append(csp.shim_script(shim_source(site_dir), worker))
        assert set(found["script-src"]) == {"'self'"} | {csp.source_hash(s) for s in scripts}, rel
        assert set(found["style-src"]) == {"'self'"} | {csp.source_hash(s) for s in styles}, rel
        for name, value in csp.FIXED.items():
            if name not in ("script-src", "style-src"):
                assert found[name] == value, f"{rel}: {name}"
        assert "unsafe" not in metas[0]["content"], rel
        counts[rel] = len(found["script-src"]) + len(found["style-src"]) - 2
    assert len(counts) >= 30 and "404.html" in counts
    print("inline hashes per page:", min(counts.values()), "to", max(counts.values()),
          "most on", max(counts, key=counts.get))


# --- Chromium -----------------------------------------------------------------------------------

# Records the event in the page too, and routes it to the console, which Playwright reports for
# every frame (the shim's iframe has its listeners erased by document.open, its console does not).
LISTEN = """addEventListener("securitypolicyviolation", e => console.error(
  "securitypolicyviolation " + e.violatedDirective + " " + (e.blockedURI || "inline")), true);"""


def watch(page) -> list[str]:
    """Every CSP report from any frame of the page, as console text."""
    seen: list[str] = []
    page.context.add_init_script(LISTEN)
    page.on("console", lambda m: ("Content Security Policy" in m.text or "securitypolicyviolation" in m.text)
            and seen.append(m.text[:300]))
    return seen


def visit_all(page, seen: list[str], base: str, site_dir: Path) -> list[tuple[str, list[str]]]:
    """Every built page and the prefilled calculator link; (page, reports) where any came. `seen`
    is never cleared, so a report that arrives late still fails the test's final check."""
    failures = []
    for rel in html_files(site_dir) + [CALC_LINK]:
        start = len(seen)
        page.goto(base + rel, wait_until="load")
        if rel == CALC_LINK:
            until(page, "/\\d/.test(document.querySelector('output#homa-ir').textContent)", timeout=15)
            page.locator("#homa-glucose").press("Enter")  # the form never submits (form-action 'none')
        page.wait_for_timeout(60)  # late work (the search worker starting over http)
        if seen[start:]:
            failures.append((rel, seen[start:]))
    return failures


def search(page, rel_url: str) -> int:
    page.goto(rel_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("insulin", delay=20)
    results = page.locator(".md-search-result__item")
    try:
        results.first.wait_for(timeout=15000)
    except PlaywrightTimeout:
        return 0
    count = results.count()
    page.keyboard.press("Enter")  # opens the first result (Material's script, not a form submit)
    page.wait_for_url("**?h=insulin*", timeout=15000)
    return count


@pytest.mark.browser
def test_no_violation_on_any_page_over_http(site_http, site_dir, page):
    seen = watch(page)
    failures = visit_all(page, seen, site_http, site_dir)
    found = search(page, site_http + "index.html")
    assert failures == [] and seen == [], failures or seen
    assert found > 0
    assert page.script_errors == []


@pytest.mark.browser
def test_no_violation_on_any_page_from_file_with_offline_search(site_dir, page):
    base = site_dir.as_uri() + "/"
    seen = watch(page)
    failures = visit_all(page, seen, base, site_dir)
    # On file:// every page starts the shim's iframe at load, so the visits above already check its
    # hash on each page (it names the page's relative worker path). Results prove the iframe ran.
    found = {rel: search(page, base + rel) for rel in ("index.html", "tools/homa-ir.html")}
    assert failures == [] and seen == [], failures or seen
    assert all(found.values()), found
    assert len(page.frames) > 1  # the shim's iframe is there


@pytest.mark.browser
def test_the_shim_writes_the_script_the_hook_hashes(site_http, site_dir, page):
    """Oracle for `shim_script`: the shim's real iframe script, read in Chromium."""
    page.goto(site_http + "index.html")
    written = page.evaluate("""url => { const w = new IFrameWorker(url);
        const text = w.iframe.contentDocument.scripts[0].textContent; w.terminate(); return text; }""",
                            "../assets/javascripts/workers/search.js")
    assert written == csp.shim_script(shim_source(site_dir), "../assets/javascripts/workers/search.js")


@pytest.fixture
def copy_dir(site_dir, tmp_path) -> Path:
    """A folder holding copies of the home page, with the site's assets reachable by symlink."""
    for name in ("assets", "search"):
        (tmp_path / name).symlink_to(site_dir / name, target_is_directory=True)
    shutil.copy(site_dir / "index.html", tmp_path / "index.html")
    return tmp_path


@pytest.mark.browser
def test_a_planted_inline_script_without_a_hash_is_blocked(copy_dir, page):
    html = (copy_dir / "index.html").read_text(encoding="utf-8")
    planted = html.replace("</body>", "<script>window.__planted=1</script></body>", 1)
    assert planted != html
    (copy_dir / "planted.html").write_text(planted, encoding="utf-8")
    seen = watch(page)
    page.goto((copy_dir / "planted.html").as_uri(), wait_until="load")
    page.wait_for_timeout(60)
    assert page.evaluate("window.__planted") is None
    assert any("script-src" in s for s in seen), seen
    # The page's own inline scripts still ran (Material's palette script sets this).
    assert page.evaluate("typeof __md_get") == "function"


@pytest.mark.browser
def test_a_redirect_stub_redirects_under_its_policy(copy_dir, page):
    write_html(str(copy_dir), "moved.html", "index.html")
    stub = copy_dir / "moved.html"
    stub.write_text(csp.secure_page(stub.read_text(encoding="utf-8"), "moved.html", None), encoding="utf-8")
    seen = watch(page)
    page.goto(stub.as_uri() + "#why-it-matters")
    # Only the stub's script keeps the fragment (its meta refresh drops it): the script ran.
    page.wait_for_url("**/index.html#why-it-matters", timeout=5000)
    page.wait_for_load_state("load")
    assert seen == []
