"""Printed pages, on real output: Chromium prints a sample of pages of both builds (the default
one, over loopback http, and the SITE_URL one) to PDF; the text pypdfium2 reads from the PDF, a
rendering of its first page (the QR code, decoded by zxing-cpp) and the page's print layout are
checked. Plus the pure helpers of hooks/print_block.py and hooks/print_links.py."""
from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
from pathlib import Path

import pytest

from conftest import PUBLIC_URL, QuietHandler
from support import soup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import print_block  # noqa: E402
import print_links  # noqa: E402

# Links to other pages, glossary terms, external links, 11 references (lifestyle); 14 references
# and wide tables (lab markers); the calculator's controls and one-page handout; the References
# page (118 numbered works: three-digit numbers, each web address once).
SAMPLE = ["fundamentals/lifestyle.html", "intermediate/lab-markers.html", "tools/homa-ir.html", "references.html"]
LOCAL = ("file:", "127.0.0.1", "localhost", "[::1]")
NO_ADDRESS = "This copy of the site has no public web address."
# Words of controls that must never print (besides every button's and select's own text, read
# from the page): the heading control's symbol and name, Material's chrome.
CONTROL_WORDS = ["Copy link", "\u00b6", "Skip to content", "Back to top", "Color scheme", "Link copied"]


@pytest.fixture(scope="module")
def public_http(public_site):
    """The SITE_URL build over loopback http (OS-chosen port)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(public_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(params=["default", "public"])
def build(request, site_dir, site_http):
    """(name, built folder, its loopback address, its public address or '')."""
    if request.param == "default":
        return "default", site_dir, site_http, ""
    public = request.getfixturevalue("public_site")
    return "public", public, request.getfixturevalue("public_http"), PUBLIC_URL


def spaced(text: str) -> str:
    """PDF text with line ends as spaces (pdfium marks a hyphen it broke a line at with U+FFFE)."""
    return " ".join(text.replace("\ufffe", "-").split())


def compact(text: str) -> str:
    """PDF text without any white space: addresses broken over lines become whole again."""
    return re.sub(r"\s+", "", text.replace("\ufffe", "-"))


def count_address(text: str, address: str) -> int:
    """How often `address` prints, not counting longer addresses that start with it."""
    return len(re.findall(re.escape(address) + r"(?![#?/&=%~_])", compact(text)))


def printed(browser, address: str) -> dict:
    """Print one page to A4 PDF; also measure its print layout (reference-number markers)."""
    import pypdfium2 as pdfium
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(address)
        page.locator("article h1").wait_for()
        page.emulate_media(media="print")
        # A list marker sits left of its item: "103. " is that wide in the item's font. Material's
        # rule left numbers of 2+ digits past the page's left edge (x < 0), cut on paper.
        markers = page.evaluate("""() => {
            const ctx = document.createElement('canvas').getContext('2d'), out = [];
            document.querySelectorAll('.footnote > ol > li, .bibliography > ol > li').forEach((li, i) => {
                const cs = getComputedStyle(li);
                ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
                const left = li.getBoundingClientRect().left - ctx.measureText(`${i + 1}. `).width;
                out.push([i + 1, Math.round(left * 10) / 10]);
            });
            return out; }""")
        links = page.evaluate("""() => [...document.querySelectorAll('article a[href]')]
            .filter(a => a.checkVisibility() && !a.matches('.headerlink, .footnote-ref, .footnote-backref'))
            .map(a => [a.getAttribute('href'), a.textContent, !!a.closest('.footnote, .bibliography')])""")
        pdf = page.pdf(format="A4")
    finally:
        context.close()
    doc = pdfium.PdfDocument(pdf)
    pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    bitmap = doc[0].render(scale=2, grayscale=True)   # 144 dpi: about 3 px per QR module
    return {"pdf": pdf, "pages": pages, "text": "\n".join(pages), "markers": markers, "links": links,
            "bitmap": bitmap, "doc": doc}


def decode_qr(bitmap) -> list[str]:
    import zxingcpp
    view = zxingcpp.ImageView(memoryview(bitmap.buffer), bitmap.width, bitmap.height,
                              zxingcpp.ImageFormat.Lum, bitmap.stride, 1)
    return [r.text for r in zxingcpp.read_barcodes(view, formats=zxingcpp.BarcodeFormat.QRCode)]


def control_words(site: Path, rel: str) -> list[str]:
    """Texts of the page's controls (buttons, selects' option lists), and the fixed list."""
    doc = soup(site / rel)
    words = [" ".join(b.get_text(" ", strip=True).split()) for b in doc.select("article button")]
    words += [" ".join(o.get_text(strip=True) for o in s.select("option")) for s in doc.select("article select")]
    return [w for w in dict.fromkeys(words + CONTROL_WORDS) if w]


def prose(site: Path, rel: str) -> str:
    """The page's article text without its controls (what may print)."""
    doc = soup(site / rel)
    article = doc.select_one("article").__copy__()
    for el in article.select("button, select, .headerlink, script, style"):
        el.decompose()
    return " ".join(article.get_text(" ").split())


def expected_link_addresses(links: list[list[str]], rel: str, public: str) -> tuple[list[str], list[str]]:
    """(addresses of other pages the article links to, external addresses), as they should
    print, from the links the print layout shows ([href, text, in a reference list]): worked
    out here from the hrefs, independently of the hook."""
    internal, external = [], []
    for href, text, in_references in links:
        if in_references:
            continue
        if href.startswith(("http://", "https://")):
            text = text.strip().rstrip("/")
            if text not in (href.rstrip("/"), re.sub(r"^https?://", "", href).rstrip("/")):
                external.append(href)
            continue
        if href.startswith("#") or ":" in href.split("/")[0]:
            continue
        path = print_links.site_path(href, rel)
        if not path or path.startswith("glossary.html#") or path.split("#")[0] == rel:
            continue
        internal.append(public + path if public else path)
    return list(dict.fromkeys(internal)), list(dict.fromkeys(external))


@pytest.mark.browser
@pytest.mark.parametrize("rel", SAMPLE)
def test_a_printed_page_leads_back_to_the_site(browser, build, rel, capsys):
    name, site, base, public = build
    out = printed(browser, base + rel)
    text, problems = out["text"], []
    title = soup(site / rel).select_one("article h1").get_text(" ", strip=True).replace("\u00b6", "").strip()

    # The address (or, without one, how to find the page) prints once, with the site's name.
    assert "Understanding insulin resistance" in out["pages"][0]
    if public:
        own = public + rel
        if count_address(text, own) != 1:
            problems.append(f"own address printed {count_address(text, own)} times")
        codes = decode_qr(out["bitmap"])
        if codes != [own]:
            problems.append(f"QR codes on page 1 decode to {codes}")
        if NO_ADDRESS in spaced(text):
            problems.append("says it has no address")
    else:
        said = spaced(text).count(f'{NO_ADDRESS} This page is "{title}", at {rel} within the site.')
        if said != 1:
            problems.append(f"the no-address sentence printed {said} times")
        if decode_qr(out["bitmap"]):
            problems.append("a QR code without a public address")
    if "Last reviewed:" not in spaced(out["pages"][0]) or "changes must be marked; keep the disclaimer" not in spaced(text):
        problems.append("review date or licence line missing")

    # Never a file: or loopback address; no control's words.
    for local in LOCAL:
        if local in text:
            problems.append(f"prints {local}")
    allowed = prose(site, rel)
    for words in control_words(site, rel):
        if spaced(text).count(words) > allowed.count(words):
            problems.append(f"control text prints: {words!r}")

    # Links: other pages with their address, other sites' addresses once.
    internal, external = expected_link_addresses(out["links"], rel, public)
    for address in internal:
        if count_address(text, address) < 1:
            problems.append(f"link to {address} prints no address")
    for address in external:                        # once, besides its reference's own text
        cited = sum(1 for href, shown, ref in out["links"] if ref and href == address and shown.strip() == href)
        if count_address(text, address) != 1 + cited:
            problems.append(f"{address} printed {count_address(text, address)} times ({cited} in references)")
    if rel == "references.html":
        for a in soup(site / rel).select(".bibliography a[href^='http']"):
            href, shown = a["href"], a.get_text(strip=True)
            if shown == href and count_address(text, href) != 1:
                problems.append(f"References: {href} printed {count_address(text, href)} times")
            if "doi.org/" in href and count_address(text, href):
                problems.append(f"References: the DOI {shown} also prints as {href}")

    # Reference numbers print whole: the widest marker starts inside the page.
    cut = [(n, left) for n, left in out["markers"] if left < 0]
    if cut:
        problems.append(f"reference numbers cut at the page's edge: {cut[:5]}")
    wanted = {"fundamentals/lifestyle.html": 10, "intermediate/lab-markers.html": 10, "references.html": 100}.get(rel)
    if wanted and not any(n >= wanted for n, _ in out["markers"]):
        problems.append(f"the sample page has no reference numbered {wanted} or more")

    with capsys.disabled():
        print(f"\n  print {name:7} {rel:32} {len(out['pages']):2} PDF pages, {len(out['pdf']):7,} bytes")
    assert problems == [], f"{name} build, {rel}: {problems}"


@pytest.mark.browser
def test_the_calculator_handout_keeps_to_one_page_with_the_print_block(browser, public_http, capsys):
    """The print block sits under the title; the calculator's one-page handout (values, results,
    meaning, next steps) still ends on the first page, with the 10 % margin decisions.md keeps."""
    import pypdfium2 as pdfium
    context = browser.new_context(viewport={"width": 688, "height": 1017})   # A4 less 14 mm margins
    try:
        page = context.new_page()
        page.goto(public_http + "tools/homa-ir.html#glucose=90&glucose-unit=mg/dL&insulin=10&insulin-unit=uIU/mL")
        page.emulate_media(media="print")
        share = page.evaluate("""() => (document.querySelector('#homa-results').getBoundingClientRect().bottom -
            document.querySelector('article').getBoundingClientRect().top) / innerHeight""")
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
    finally:
        context.close()
    doc = pdfium.PdfDocument(pdf)
    first = spaced(doc[0].get_textpage().get_text_range())
    with capsys.disabled():
        print(f"\n  calculator handout: {share:.0%} of the first page, {len(doc)} PDF pages")
    assert share <= 0.9, f"the handout fills {share:.0%} of the page"
    assert first.count(PUBLIC_URL + "tools/homa-ir.html") == 1 and "What to do next" in first


def contrast_problems(page) -> list:
    """Every visible element with its own text whose colour, composited over its background,
    is below 4.5:1 against that background or against white paper (Chromium prints no
    backgrounds by default)."""
    return page.evaluate("""() => {
        const parse = c => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
        const over = (top, base) => [0, 1, 2].map(i => top[i] * top[3] + base[i] * (1 - top[3])).concat([1]);
        const lum = c => { const l = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                           return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]; };
        const ratio = (a, b) => { const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };
        const background = el => { const layers = [];
            for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c[3] > 0) layers.push(c); if (c[3] === 1) break; }
            return layers.reverse().reduce((base, c) => over(c, base), [255, 255, 255, 1]); };
        const out = [];
        for (const el of document.body.querySelectorAll('*')) {
            const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
            const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
            if (!own || r.width < 2 || r.height < 2 || cs.visibility !== 'visible' || !el.checkVisibility({opacityProperty: true})) continue;
            const bg = background(el), fg = over(parse(cs.color), bg);
            const worst = Math.min(ratio(fg, bg), ratio(over(parse(cs.color), [255, 255, 255, 1]), [255, 255, 255, 1]));
            if (worst < 4.5) out.push([el.tagName + '.' + el.className, el.textContent.trim().slice(0, 40), cs.color, Math.round(worst * 100) / 100]);
        }
        return out; }""")


@pytest.mark.browser
def test_printing_from_the_dark_scheme_gives_dark_text_on_white(browser, site_http):
    context = browser.new_context()
    page = context.new_page()
    problems = {}
    try:
        page.emulate_media(color_scheme="dark")
        for rel in SAMPLE:
            page.goto(site_http + rel + "#glucose=90&glucose-unit=mg/dL&insulin=10&insulin-unit=uIU/mL")
            page.emulate_media(media="screen", color_scheme="dark")
            assert page.get_attribute("body", "data-md-color-scheme") == "slate"
            page.emulate_media(media="print", color_scheme="dark")
            # Material fades link colours (125 ms): measure the colours the change ends at.
            page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => 0)))")
            found = contrast_problems(page)
            if found:
                problems[rel] = found[:8]
    finally:
        context.close()
    assert problems == {}, problems


# --- pure helpers ----------------------------------------------------------------------------

def test_print_links_address_rule():
    site = "https://example.org/ir/"
    pa = print_links.print_address
    assert pa("../fundamentals/lifestyle.html", "What helps", "intermediate/x.html", site) == \
        "https://example.org/ir/fundamentals/lifestyle.html"
    assert pa("../fundamentals/lifestyle.html#sleep", "sleep", "intermediate/x.html", None) == "fundamentals/lifestyle.html#sleep"
    assert pa("../about/", "About", "fundamentals/a.html", None) == "about/index.html"
    assert pa("../glossary.html#hba1c", "HbA1c", "fundamentals/a.html", site) is None      # a term
    assert pa("../glossary.html", "Glossary", "fundamentals/a.html", None) == "glossary.html"  # the page
    assert pa("#ranges", "the ranges", "fundamentals/a.html", site) is None
    assert pa("a.html#ranges", "the ranges", "fundamentals/a.html", site) is None           # this page
    assert pa("https://www.cdc.gov/x", "CDC", "a.html", site) == "https://www.cdc.gov/x"
    assert pa("https://www.cdc.gov/x", "https://www.cdc.gov/x", "a.html", site) is None     # text is it
    assert pa("https://doi.org/10.1/ab", "10.1/AB", "a.html", site) is None                 # a DOI
    assert pa("mailto:x@example.org", "write", "a.html", site) is None
    assert pa("../../outside.html", "x", "a/b.html", site) is None


def test_print_links_prints_each_address_once_and_leaves_references_alone():
    article = ('<p><a href="b.html">B</a> <a href="b.html">B again</a> <a href="https://x.org/">X</a>'
               ' <a class="headerlink" href="#h">¶</a> <a href="https://x.org/">X</a></p>'
               '<div class="footnote"><ol><li><a href="https://doi.org/10.1/a">10.1/a</a>'
               '<a href="c.html">c</a></li></ol></div>')
    out = print_links.annotate(article, "a.html", None)
    assert out.count('data-print-href="b.html"') == 1 and out.count('data-print-href="https://x.org/"') == 1
    assert out.count("data-print-href") == 2


def test_print_block_without_and_with_a_public_address():
    import datetime as dt
    import yaml
    strings = yaml.safe_load((ROOT / "data/strings.en.yml").read_text(encoding="utf-8"))["frame"]
    meta = {"reviewed": dt.date(2026, 12, 1)}
    licence = "Text CC BY 4.0: changes must be marked; keep the disclaimer."
    plain = print_block.print_block("Site", "Metformin", "intermediate/metformin.html", "", meta, licence, strings)
    assert "<svg" not in plain and "intermediate/metformin.html within the site" in plain
    assert "December 1, 2026" in plain and "December 1, 2027" in plain and licence in plain
    public = print_block.print_block("Site", "Metformin", "intermediate/metformin.html", PUBLIC_URL, meta,
                                     licence, strings, terms=True)
    assert public.count(PUBLIC_URL + "intermediate/metformin.html") == 1 and public.count("<svg") == 1
    assert PUBLIC_URL + "glossary.html" in public and "style=" not in public
    with pytest.raises(Exception, match="changes must be marked"):
        print_block.check_copyright("CC BY 4.0")
    with pytest.raises(Exception, match="no <h1>"):
        print_block.title_end("<article><h2>x</h2></article>", "a.md")


def test_every_page_has_one_print_block_and_a_qr_code_only_with_site_url(site_dir, public_site, capsys):
    from support import content_pages
    sizes = {}
    for site, public in ((site_dir, False), (public_site, True)):
        for rel in content_pages(site):
            text = (site / rel).read_text(encoding="utf-8")
            if 'http-equiv="refresh"' in text:
                continue                            # a redirect stub, not a page
            article = text[text.index("<article"):text.index("</article>")]
            assert article.count('<div class="print-frame">') == 1 and text.count("print-frame") == 1, (rel, public)
            svg = re.findall(r"<svg [^>]*class=\"print-qr\".*?</svg>", article, re.S)
            assert len(svg) == (1 if public else 0), (rel, public)
            if public:
                sizes[rel] = len(svg[0].encode())
    with capsys.disabled():
        print(f"\n  QR SVG bytes per page: {min(sizes.values())} to {max(sizes.values())}")
