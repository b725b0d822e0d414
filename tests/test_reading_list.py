"""The anchor registry (data/anchors.yml) against the built site, the hook that embeds it, and the
reading-list tool in Chromium: a round trip over http and from file://, the public address,
hostile and unknown ids, keyboard and touch, print, axe in both schemes, and the script budget."""
from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data

from conftest import PUBLIC_URL, ROOT
from support import content_pages, ids, soup, until

sys.path.insert(0, str(ROOT / "hooks"))
import reading_list  # noqa: E402

PAGE = "tools/reading-list.html"
ENTRIES = yaml.safe_load((ROOT / "data/anchors.yml").read_text(encoding="utf-8"))
STRINGS = yaml.safe_load((ROOT / "data/strings.en.yml").read_text(encoding="utf-8"))["reading_list"]
SEED_TOOL = Path("/work/shared/tools/seed_overlap.py")
TIER_LABEL = STRINGS["script"]["tiers"]


def heading_text(el) -> str:
    return " ".join(el.get_text().replace("¶", "").split())


def front_matter(page: str) -> dict:
    md = ROOT / "docs" / page.replace(".html", ".md")
    return get_data(md.read_text(encoding="utf-8"))[1]


# --- the registry ---------------------------------------------------------------------------------

def test_every_entry_is_a_heading_of_its_page_with_that_title(site_dir):
    from test_pages import landing                 # a moved page: the page its redirect shows
    problems = []
    for e in ENTRIES:
        path = landing(site_dir, e["page"])
        if not path.is_file():
            problems.append((e["page"], e["id"], "no such page"))
            continue
        el = soup(path).find(id=e["id"])
        if e.get("legacy"):
            if e["id"] not in ids(path):
                problems.append((e["page"], e["id"], "legacy id missing"))
        elif el is None or el.name not in ("h2", "h3") or el.find_parent("article") is None:
            problems.append((e["page"], e["id"], "not an article heading"))
        elif heading_text(el) != e["title"]:
            problems.append((e["page"], e["id"], f"title {heading_text(el)!r} != {e['title']!r}"))
    assert problems == []


def test_every_heading_of_the_built_site_is_registered(site_dir):
    listed = {(e["page"], e["id"]) for e in ENTRIES}
    unlisted = [(page, h["id"]) for page in content_pages(site_dir)
                for h in soup(site_dir / page).select("article h2[id], article h3[id]")
                if (page, h["id"]) not in listed and not h["id"].startswith("__")]
    assert unlisted == [], "add each new heading to data/anchors.yml"
    assert len(ENTRIES) >= 300


def test_summaries_are_short_and_tiers_match_the_front_matter():
    problems = []
    for e in ENTRIES:
        words = len(str(e.get("summary", "")).split())
        if not 3 <= words <= 20:
            problems.append((e["page"], e["id"], f"{words} words"))
        if e["tier"] != front_matter(e["page"]).get("tier"):
            problems.append((e["page"], e["id"], f"tier {e['tier']}"))
    assert problems == []
    assert reading_list.check_registry(ENTRIES) == []
    assert len({(e["page"], e["id"]) for e in ENTRIES}) == len(ENTRIES)


@pytest.mark.skipif(not SEED_TOOL.is_file(), reason="the seed-overlap tool lives outside the repository")
def test_summaries_are_our_own_words():
    done = subprocess.run([sys.executable, str(SEED_TOOL), str(ROOT / "data/anchors.yml")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


# --- the hook's pure functions --------------------------------------------------------------------

GOOD = {"id": "ranges", "page": "fundamentals/lab-results.html", "title": "T", "tier": "fundamentals",
        "summary": "Some words."}


def test_check_registry_names_each_problem():
    pages = {"fundamentals/lab-results.html": {"tier": "fundamentals", "title": "Lab"}}
    assert reading_list.check_registry([GOOD], pages) == []
    bad = [dict(GOOD, summary=" ".join(["word"] * 21)), dict(GOOD, id="bad id!", tier="expert"),
           dict(GOOD, page="nowhere.html"), {k: v for k, v in GOOD.items() if k != "title"},
           dict(GOOD, colour="red"), dict(GOOD, id="other", tier="general"), dict(GOOD, legacy="yes", id="x")]
    problems = reading_list.check_registry([GOOD] + bad, pages)
    text = "\n".join(problems)
    for words in ("summary has 21 words", "id must be", "tier must be one of", "no such page in the site",
                  "missing ['title']", "unknown ['colour']", "front matter says fundamentals",
                  "legacy and picker must be true or false"):
        assert words in text, words
    assert reading_list.check_registry([GOOD, GOOD])[-1].endswith("listed twice")
    moved = dict(GOOD, page="old/lab-results.html")                   # a redirect keeps it valid
    assert reading_list.check_registry([moved], pages, {"old/lab-results.html": GOOD["page"]}) == []


def test_keys_urls_and_the_data_block():
    assert reading_list.key(GOOD) == "fundamentals/lab-results:ranges"
    letter = dict(GOOD, id="a", picker=False)
    groups = reading_list.registry_data([GOOD, letter], {"fundamentals/lab-results.html": {"title": "Lab"}},
                                        "tools/reading-list.html")
    assert groups == [{"title": "Lab", "tier": "fundamentals", "url": "../fundamentals/lab-results.html",
                       "sections": [["fundamentals/lab-results:ranges", "ranges", "T", "Some words."],
                                    ["fundamentals/lab-results:a", "a", "T", "Some words.", 0]]}]
    old = dict(GOOD, page="old.html")
    moved = reading_list.registry_data([old], {GOOD["page"]: {"title": "Lab"}}, "tools/reading-list.html",
                                       {"old.html": GOOD["page"]})
    assert moved[0]["url"] == "../fundamentals/lab-results.html" and moved[0]["sections"][0][0] == "old:ranges"
    block = reading_list.json_block({"s": "</script><!-- <img>"})
    assert "<" not in block and json.loads(block) == {"s": "</script><!-- <img>"}


def test_markers_are_checked():
    text, found = reading_list.replace_markers("Intro\n\n<!-- reading-list -->\n\nMore", "x.md")
    assert found and reading_list.SLOT in text
    for bad, words in (("<!-- reading-list: other -->", "unknown reading-list marker"),
                       ("Text <!-- reading-list -->", "on a line of its own"),
                       ("<!-- reading-list -->\n<!-- reading-list -->", "once")):
        with pytest.raises(PluginError, match=words):
            reading_list.replace_markers(bad, "x.md")
    with pytest.raises(PluginError, match="did not survive Markdown"):
        reading_list.fill_slot("<html><head></head><body></body></html>", "x.md", "", "", PAGE)


def test_the_built_page_embeds_the_registry_and_its_scripts(site_dir):
    doc = soup(site_dir / PAGE)
    data = json.loads(doc.find("script", id="rl-data").string)
    rows = [(g, s) for g in data["pages"] for s in g["sections"]]
    assert len(rows) == len(ENTRIES)
    for group, section in rows:
        target = (site_dir / PAGE).parent / group["url"]
        assert target.resolve().is_file() and section[1] in ids(target.resolve()), section
    assert data["strings"] == STRINGS["script"]
    srcs = [s["src"] for s in doc.find_all("script", src=True)]
    assert srcs[-2:] == ["../assets/reading-list/reading-list.js", "../assets/reading-list/reading-list-ui.js"]
    assert doc.select("article h2[id]") and not doc.select("#rl h2[id], #rl h3[id]")   # tool headings are not sections
    assert "rl-data" not in (site_dir / "tools/homa-ir.html").read_text(encoding="utf-8")


def test_the_scripts_stay_within_budget(site_dir):
    js = b"".join((site_dir / reading_list.ASSETS / n).read_bytes() for n in reading_list.SCRIPTS)
    size = len(gzip.compress(js, 9))
    data = soup(site_dir / PAGE).find("script", id="rl-data").string.encode()
    print(f"reading list: JS {len(js)} B raw, {size} B gzip; registry JSON {len(data)} B raw, "
          f"{len(gzip.compress(data, 9))} B gzip")
    assert size <= 6144


# --- Chromium -----------------------------------------------------------------------------------

def axe_violations(p):
    from test_calculator_page import axe_violations as run
    return run(p)


def base(scheme: str, site_dir: Path, site_http: str) -> str:
    return site_http if scheme == "http" else site_dir.as_uri() + "/"


def open_tool(p, address: str) -> None:
    p.goto(address)
    until(p, "document.getElementById('rl-count').textContent !== ''")


def pick(p, query: str, title: str) -> None:
    p.get_by_role("searchbox", name="Search sections by title").fill(query)
    p.get_by_role("checkbox", name=title, exact=True).check()


def sheet_items(p) -> list[dict]:
    return p.evaluate("""() => [...document.querySelectorAll('#rl-items li')].map(li => ({
        title: li.querySelector('a').textContent, href: li.querySelector('a').href,
        meta: li.querySelector('.rl-meta').textContent, summary: li.querySelector('.rl-summary').textContent}))""")


def entry(page: str, anchor: str) -> dict:
    return next(e for e in ENTRIES if e["page"] == page and e["id"] == anchor)


CHOICE = [("fundamentals/lab-results.html", "ranges", "ranges at a glance"),
          ("intermediate/metformin.html", "side-effects", "common side effects"),
          ("glossary.html", "homa-ir", "homa-ir (homeostatic")]
ORDER = [CHOICE[0], CHOICE[2], CHOICE[1]]            # the third is moved up once


def build_list(p) -> None:
    for page, anchor, query in CHOICE:
        pick(p, query, entry(page, anchor)["title"])
    p.get_by_role("button", name="Move up: " + entry(*CHOICE[2][:2])["title"]).click()


def check_sheet(p, site_root: str) -> None:
    assert p.locator("#rl-sheet").is_visible() and not p.locator("#rl-build").is_visible()
    items = sheet_items(p)
    assert [i["title"] for i in items] == [entry(*c[:2])["title"] for c in ORDER]
    for item, (page, anchor, _) in zip(items, ORDER):
        e = entry(page, anchor)
        assert item["summary"] == e["summary"]
        assert item["meta"].startswith(TIER_LABEL[e["tier"]]) and front_matter(page)["title"] in item["meta"]
        assert item["href"] == site_root + page + "#" + anchor
    assert p.locator("#rl-unknown").is_hidden()
    assert p.get_by_text("This tool is for clinicians").is_hidden()    # the clinicians' intro steps aside


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["http", "file"])
def test_round_trip_pick_three_copy_and_open(browser, site_dir, site_http, scheme):
    root = base(scheme, site_dir, site_http)
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        p = context.new_page()
        errors = []
        p.on("pageerror", lambda e: errors.append(str(e)))
        open_tool(p, root + PAGE)
        assert p.get_by_text("This tool is for clinicians").is_visible()
        build_list(p)
        p.get_by_role("button", name="Copy link").click()
        keys = ",".join(reading_list.key(entry(*c[:2])) for c in ORDER)
        if scheme == "http":
            until(p, "document.getElementById('rl-status').textContent === 'Link copied.'")
            link = p.evaluate("navigator.clipboard.readText()")
            assert link == root + PAGE + "#list=" + keys
        else:   # a copy on disk has no public address: the box offers the path, selected
            until(p, "document.getElementById('rl-status').textContent.includes('no public web address')")
            link = p.get_by_role("textbox", name="Link to this list").input_value()
            assert link == PAGE + "#list=" + keys
            assert p.evaluate("document.activeElement.id === 'rl-link' && document.activeElement.selectionEnd > 0")
            link = root + link
        fresh = browser.new_context().new_page()
        fresh.goto(link)
        until(fresh, "!document.getElementById('rl-sheet').hidden")
        check_sheet(fresh, root)
        for item in sheet_items(fresh):                       # each link lands on its section
            fresh.goto(item["href"])
            assert fresh.evaluate(f"!!document.getElementById({json.dumps(item['href'].split('#')[1])})")
        fresh.context.close()
        assert errors == []
    finally:
        context.close()


@pytest.mark.browser
def test_with_site_url_the_link_is_the_public_address(browser, public_site):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        p = context.new_page()
        open_tool(p, (public_site / PAGE).as_uri())
        build_list(p)
        keys = ",".join(reading_list.key(entry(*c[:2])) for c in ORDER)
        assert p.get_by_role("textbox", name="Link to this list").input_value() == PUBLIC_URL + PAGE + "#list=" + keys
        p.get_by_role("button", name="Copy link").click()
        until(p, "document.getElementById('rl-status').textContent === 'Link copied.'")
        assert p.evaluate("navigator.clipboard.readText()") == PUBLIC_URL + PAGE + "#list=" + keys
    finally:
        context.close()


@pytest.mark.browser
def test_the_clipboard_refusing_shows_the_link_selected(page, site_http):
    page.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new Error('denied'))")
    open_tool(page, site_http + PAGE)
    pick(page, "ranges at", "The ranges at a glance")
    page.get_by_role("button", name="Copy link").click()
    until(page, "document.getElementById('rl-status').textContent.includes('copy it from there')")
    assert page.evaluate("document.activeElement.id") == "rl-link"
    assert page.get_by_role("button", name="Copy link").count() == 1 and page.script_errors == []


HOSTILE = ["<img src=x onerror=window.__pwned=1>", "<script>window.__pwned=1</script>",
           "javascript:window.__pwned=1", "\"><svg onload=window.__pwned=1>", "x" * 100_000,
           "fundamentals/lab-results:no-such-section", "__proto__", "constructor", "toString"]


@pytest.mark.browser
@pytest.mark.parametrize("name", HOSTILE, ids=lambda n: n[:24])
@pytest.mark.parametrize("encode", [True, False], ids=["encoded", "raw"])
def test_hostile_and_unknown_ids_are_inert_and_reported(page, site_dir, name, encode):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    good = reading_list.key(entry("fundamentals/lab-results.html", "ranges"))
    text = quote(name, safe="") if encode else name
    page.goto("about:blank")
    page.goto((site_dir / PAGE).as_uri() + f"#list={good},{text},{text}x")
    until(page, "!document.getElementById('rl-sheet').hidden")
    page.wait_for_timeout(100)
    assert page.evaluate("window.__pwned") is None and dialogs == []
    assert page.locator("#rl img, #rl svg, #rl script, #rl a[href^='javascript']").count() == 0
    assert [i["title"] for i in sheet_items(page)] == ["The ranges at a glance"]
    assert page.locator("#rl-unknown").text_content() == \
        "2 sections in this link are not on this site and were left out."
    assert page.script_errors == []


@pytest.mark.browser
def test_unknown_ids_alone_say_so(page, site_dir):
    page.goto((site_dir / PAGE).as_uri() + "#list=nope:one")
    until(page, "!document.getElementById('rl-sheet').hidden")
    assert page.locator("#rl-unknown").text_content() == ("None of the sections in this link is on this site. "
                                                          "1 section in this link is not on this site and was left out.")
    assert sheet_items(page) == []


@pytest.mark.browser
def test_pure_functions_one_by_one(page, site_dir):
    open_tool(page, (site_dir / PAGE).as_uri())
    out = page.evaluate("""() => { const R = ReadingList, by = {a: {key: 'a'}, b: {key: 'b'}};
        return {
          parse: [R.parse('#list=a,%20b,,c&x=1'), R.parse('#x=1'), R.parse('#list=%E0%A4%A'), R.parse('')],
          resolve: R.resolve(['b', 'a', 'b', 'zz', '__proto__'], by),
          cap: R.resolve(Array(60).fill('a').map((x, i) => i === 55 ? 'b' : 'a'), by).unknown,
          fragment: [R.fragment(['a', 'b']), R.fragment([])],
          move: [R.move(['a', 'b', 'c'], 2, -1), R.move(['a', 'b'], 0, -1), R.move(['a', 'b'], 1, 1)],
          format: R.format('{n} of {total} {x}', {n: 1, total: 2}),
          fold: R.fold('HOMA-%B Évaluation'),
          filter: R.filter([{title: 'HbA1c', pageTitle: 'Lab markers', pick: true},
                            {title: 'A', pageTitle: 'Glossary', pick: false},
                            {title: 'Metformin in plain words', pageTitle: 'When lifestyle', pick: true}],
                           'hba1c lab').length,
          unknown: [R.unknownText(0, {}), R.unknownText(3, {unknown_one: 'one', unknown_many: '{n} left'})] }; }""")
    assert out["parse"] == [["a", "b", "c"], [], ["%E0%A4%A"], []]
    assert [e["key"] for e in out["resolve"]["found"]] == ["b", "a"] and out["resolve"]["unknown"] == 2
    assert out["cap"] == 10                             # names after the 50th count as left out
    assert out["fragment"] == ["list=a,b", ""]
    assert out["move"] == [["a", "c", "b"], ["a", "b"], ["a", "b"]]
    assert out["format"] == "1 of 2 {x}" and out["fold"] == "homa %b evaluation"
    assert out["filter"] == 1 and out["unknown"] == ["", "3 left"]


@pytest.mark.browser
def test_search_groups_by_page_and_tier_and_hides_registered_extras(page, site_dir):
    open_tool(page, (site_dir / PAGE).as_uri())
    offered = [e for e in ENTRIES if e.get("picker", True) and not e.get("legacy")]
    assert page.locator("#rl-count").text_content() == f"{len(offered)} sections match."
    page.get_by_role("searchbox", name="Search sections by title").fill("metformin")
    groups = page.evaluate("""() => [...document.querySelectorAll('.rl-group')].filter(g => !g.hidden)
        .map(g => g.querySelector('legend').textContent)""")
    assert "Metformin Intermediate" in groups and "When lifestyle is not enough Fundamentals" in groups
    page.get_by_role("searchbox", name="Search sections by title").fill("zzzz")
    assert page.locator("#rl-count").text_content() == STRINGS["script"]["matches_none"]
    page.get_by_role("searchbox", name="Search sections by title").fill("A")
    assert page.get_by_role("checkbox", name="A", exact=True).count() == 0     # glossary letters
    assert page.script_errors == []


@pytest.mark.browser
def test_keyboard_only(page, site_dir):
    open_tool(page, (site_dir / PAGE).as_uri())
    search = page.get_by_role("searchbox", name="Search sections by title")
    search.focus()
    for query, title in (("ranges at", "The ranges at a glance"), ("vitamin b12", "Vitamin B12")):
        search.fill(query)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.type") == "checkbox"
        page.keyboard.press("Space")
        search.focus()
    down = page.get_by_role("button", name="Move down: The ranges at a glance")
    down.focus()
    page.keyboard.press("Enter")
    chosen = page.locator("#rl-chosen .rl-choice-title").all_text_contents()
    assert chosen == ["Vitamin B12", "The ranges at a glance"]
    # Focus follows the moved section; at the end its button is marked, not removed.
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Move down: The ranges at a glance"
    assert page.evaluate("document.activeElement.getAttribute('aria-disabled')") == "true"
    # The status is written a moment later (so a screen reader hears it after the move).
    until(page, "document.getElementById('rl-status').textContent === 'The ranges at a glance is now number 2 of 2.'")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")                          # Remove
    assert page.locator("#rl-chosen .rl-choice-title").all_text_contents() == ["Vitamin B12"]
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Remove: Vitamin B12"
    assert not page.locator('#rl-results input[value="fundamentals/lab-results:ranges"]').is_checked()
    assert page.script_errors == []


@pytest.mark.browser
def test_touch_on_a_phone(browser, site_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        p = context.new_page()
        open_tool(p, (site_dir / PAGE).as_uri())
        for query, title in (("ranges at", "The ranges at a glance"), ("sleep", "Sleep")):
            p.get_by_role("searchbox", name="Search sections by title").fill(query)
            p.get_by_role("checkbox", name=title, exact=True).tap()
        p.get_by_role("button", name="Move up: Sleep").tap()
        assert p.locator("#rl-chosen .rl-choice-title").all_text_contents() == ["Sleep", "The ranges at a glance"]
        sizes = p.evaluate("""() => [...document.querySelectorAll(
            '#rl-chosen button, #rl-copy, #rl-print, .rl-option input')].filter(e => e.offsetParent)
            .map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])""")
        assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes
        assert p.evaluate("document.documentElement.scrollWidth <= innerWidth")
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["http", "file"])
@pytest.mark.parametrize("color", ["light", "dark"])
def test_axe_finds_no_violation(page, site_dir, site_http, scheme, color):
    root = base(scheme, site_dir, site_http)
    page.emulate_media(color_scheme=color)
    open_tool(page, root + PAGE)
    assert page.get_attribute("body", "data-md-color-scheme") == ("slate" if color == "dark" else "default")
    build_list(page)
    page.get_by_role("button", name="Copy link").click()          # a status message shown
    page.get_by_role("searchbox", name="Search sections by title").fill("lab")
    page.wait_for_timeout(600)                                    # the theme's transitions
    found = axe_violations(page)
    keys = ",".join(reading_list.key(entry(*c[:2])) for c in ORDER)
    page.goto("about:blank")
    page.goto(root + PAGE + f"#list={keys},nope:x")                # the patient's view, with a notice
    until(page, "!document.getElementById('rl-sheet').hidden")
    page.wait_for_timeout(600)
    found += axe_violations(page)
    assert found == []


def printed(browser, address: str, build: bool = False, scheme: str = "light") -> tuple[str, dict]:
    from pypdf import PdfReader
    context = browser.new_context(color_scheme=scheme)
    try:
        p = context.new_page()
        open_tool(p, address)
        if build:
            build_list(p)
            p.get_by_role("button", name="Copy link").focus()    # a focus ring must not print
        p.emulate_media(media="print")
        facts = p.evaluate("""() => ({
            controls: [...document.querySelectorAll('article button, article input, article select')]
                .filter(e => e.offsetParent !== null).length,
            address: getComputedStyle(document.getElementById('rl-address')).fontSize,
            body: getComputedStyle(document.querySelector('.rl-summary')).fontSize,
            shown: !!document.getElementById('rl-sheet').offsetParent,
            colors: [...new Set([...document.querySelectorAll('#rl-sheet, #rl-sheet *')]
                .filter(e => e.offsetParent !== null).map(e => getComputedStyle(e).color))] })""")
        pdf = p.pdf(format="A4")
    finally:
        context.close()
    return " ".join(" ".join(pg.extract_text().split()) for pg in PdfReader(io.BytesIO(pdf)).pages), facts


@pytest.mark.browser
def test_print_shows_the_list_and_its_link_in_large_type_without_controls(browser, site_dir, public_site):
    keys = ",".join(reading_list.key(entry(*c[:2])) for c in ORDER)
    link = PUBLIC_URL + PAGE + "#list=" + keys
    for address, build, scheme in (((public_site / PAGE).as_uri() + "#list=" + keys, False, "dark"),
                                   ((public_site / PAGE).as_uri(), True, "light")):
        text, facts = printed(browser, address, build, scheme)
        assert facts["shown"] and facts["controls"] == 0, facts
        assert facts["colors"] == ["rgb(0, 0, 0)"], facts        # black on white from either scheme
        assert float(facts["address"][:-2]) >= 24 and float(facts["address"][:-2]) >= 1.4 * float(facts["body"][:-2])
        for e in ORDER:
            assert entry(*e[:2])["title"] in text and entry(*e[:2])["summary"][:40] in text
        assert "Open this list at:" in text and link in text.replace(" ", ""), text[-600:]
        assert "Medical disclaimer" in text
        for control in ("Copy link", "Print the list", "Change this list", "Search sections by title",
                        "Move up", "Remove", "Choose sections", "How the link works"):
            assert control not in text, control
    # From a copy on disk without SITE_URL: no file: address prints, the list's place does.
    text, _ = printed(browser, (site_dir / PAGE).as_uri() + "#list=" + keys)
    assert "This copy has no public web address" in text and "file:" not in text
    assert "tools/reading-list.html#list=" in text.replace(" ", "")


@pytest.mark.browser
def test_change_this_list_loads_the_link_into_the_builder(page, site_dir):
    keys = [reading_list.key(entry(*c[:2])) for c in ORDER]
    page.goto((site_dir / PAGE).as_uri() + "#list=" + ",".join(keys))
    until(page, "!document.getElementById('rl-sheet').hidden")
    page.get_by_role("button", name="Change this list").click()
    assert page.locator("#rl-build").is_visible() and not page.locator("#rl-sheet").is_visible()
    assert page.evaluate("document.activeElement.id") == "rl-search"
    assert page.locator("#rl-chosen .rl-choice-title").all_text_contents() == [entry(*c[:2])["title"] for c in ORDER]
    assert all(page.locator(f'#rl-results input[value="{k}"]').is_checked() for k in keys)
    assert page.get_by_text("This tool is for clinicians").is_visible()
    assert page.get_by_role("textbox", name="Link to this list").input_value() == PAGE + "#list=" + ",".join(keys)
    assert page.script_errors == []
