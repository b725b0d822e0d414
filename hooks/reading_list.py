"""The public anchor registry (data/anchors.yml) and the reading-list tool built from it.

data/anchors.yml lists every public section of the site: its `id` (the heading's anchor), `page`
(the built page's path, .html as the offline build publishes it), `title` (the heading's text),
`tier` (the page's front matter) and a hand-written `summary` of at most 20 words. Optional flags:
`legacy: true` for an old id kept as an empty `<a id>` so that old links still land (never
delete a line), `picker: false` for a section that is registered but not offered in the tool
(the glossary's letter headings). tests/test_reading_list.py checks it against the built site.

Events:
- `on_files` reads every page's front matter (title, tier) and checks the registry against it:
  malformed data, an unknown page or a tier that differs from the page fails the build, naming
  data/anchors.yml and the entry;
- `on_page_markdown` checks every `<!-- reading-list -->` marker (an argument, or a marker not
  on a line of its own, fails the build naming the page) and swaps it for a slot comment;
- `on_post_page` puts the tool into the slot, with the registry and the script's strings
  (data/strings.<lang>.yml, section reading_list) as one JSON data block, the stylesheet inlined
  and the two classic scripts, all relative to the page so that file:// works;
- `on_post_build` minifies the two scripts in the built site (rjsmin), as the calculator does.
The tool is added after the search index is built, so search does not list its labels.

A section's key in a reading-list link is its page without `.html`, a colon and its id
(`fundamentals/lab-results:ranges`): only characters that need no escaping in a fragment.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import rjsmin
import yaml
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

# hooks/ is on sys.path while MkDocs loads a hook (and in the tests).
from calculator import attach_tool, replace_tool_marker

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = "data/anchors.yml"
MARKER = re.compile(r"<!--\s*reading-list\b(.*?)-->", re.S)
SLOT = "<!-- reading-list-slot -->"
ASSETS = "assets/reading-list/"
SCRIPTS = ("reading-list.js", "reading-list-ui.js")
TIERS = ("fundamentals", "intermediate", "academic", "general")
FIELDS = {"id", "page", "title", "tier", "summary"}
FLAGS = {"legacy", "picker"}
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
PAGE = re.compile(r"^[a-z0-9][a-z0-9/_-]*\.html$")
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
MAX_WORDS = 20

_pages: dict[str, dict] = {}      # built page path -> {"title", "tier"} from its front matter
_moved: dict[str, str] = {}       # old page path -> new, from mkdocs-redirects' redirect_maps
_registry: list[dict] = []
_marked: set[str] = set()         # src_uri of pages that carry the marker


def load_registry(root: Path = ROOT) -> list[dict]:
    data = yaml.safe_load((root / REGISTRY).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise PluginError(f"{REGISTRY}: expected a list of sections")
    return data


def words(text: str) -> int:
    return len(text.split())


def check_registry(entries: list, pages: dict[str, dict] | None = None,
                   moved: dict[str, str] | None = None) -> list[str]:
    """Every problem with the registry; with `pages` (path -> front matter), also unknown pages
    and tiers that differ from the page's own. A moved page (`moved`: old -> new path, its
    redirect) is checked as the page it now is."""
    problems, seen, moved = [], set(), moved or {}
    for n, e in enumerate(entries, 1):
        where = f"{REGISTRY} entry {n}"
        if not isinstance(e, dict):
            problems.append(f"{where}: not a mapping")
            continue
        where += f" ({e.get('page')}#{e.get('id')})"
        missing, unknown = FIELDS - set(e), set(e) - FIELDS - FLAGS
        if missing or unknown:
            problems.append(f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)}")
            continue
        if not all(isinstance(e[k], str) and e[k].strip() for k in FIELDS):
            problems.append(f"{where}: every field must be a non-empty string")
            continue
        if any(not isinstance(e.get(f, True), bool) for f in FLAGS):
            problems.append(f"{where}: legacy and picker must be true or false")
        if not ID.match(e["id"]):
            problems.append(f"{where}: id must be letters, digits, '-' or '_'")
        if not PAGE.match(e["page"]):
            problems.append(f"{where}: page must be a built path such as fundamentals/lab-results.html")
        if e["tier"] not in TIERS:
            problems.append(f"{where}: tier must be one of {', '.join(TIERS)}")
        if words(e["summary"]) > MAX_WORDS:
            problems.append(f"{where}: summary has {words(e['summary'])} words (at most {MAX_WORDS})")
        if (e["page"], e["id"]) in seen:
            problems.append(f"{where}: listed twice")
        seen.add((e["page"], e["id"]))
        if pages is not None:
            page = moved.get(e["page"], e["page"])
            if page not in pages:
                problems.append(f"{where}: no such page in the site (nor a redirect to one)")
            elif pages[page].get("tier") != e["tier"]:
                problems.append(f"{where}: tier {e['tier']} but the page's front matter says "
                                f"{pages[page].get('tier')}")
    return problems


def key(entry: dict) -> str:
    """The section's name in a reading-list link: page without .html, ':', id."""
    return entry["page"][: -len(".html")] + ":" + entry["id"]


def registry_data(entries: list[dict], pages: dict[str, dict], page_url: str,
                  moved: dict[str, str] | None = None) -> list[dict]:
    """The registry grouped by page, in file order, with addresses relative to the tool's page
    (a moved page's new address). A section is [key, anchor, title, summary], plus 0 when the
    picker does not offer it. The key keeps the registered page, so old links still resolve."""
    groups: dict[str, dict] = {}
    for e in entries:
        page = (moved or {}).get(e["page"], e["page"])
        group = groups.setdefault(e["page"], {
            "title": pages.get(page, {}).get("title", page), "tier": e["tier"],
            "url": get_relative_url(page, page_url), "sections": []})
        row = [key(e), e["id"], e["title"], e["summary"]]
        if e.get("legacy") or e.get("picker") is False:
            row.append(0)
        group["sections"].append(row)
    return list(groups.values())


def json_block(data: dict) -> str:
    """JSON that no string can break out of: '</' and '<!--' cannot appear in it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c")


def inline(text: str, page_url: str) -> str:
    """Escape a string; turn its [text](path/from/docs.md#id) links into links from the page."""
    def link(m: re.Match) -> str:
        path, _, frag = m.group(2).partition("#")
        target = get_relative_url(path.replace(".md", ".html"), page_url) + (f"#{frag}" if frag else "")
        return f'<a href="{html.escape(target)}">{m.group(1)}</a>'
    return LINK.sub(link, html.escape(text, quote=False))


def tool_html(text: dict, data: str, site_name: str, page_url: str) -> str:
    """The tool's skeleton. Headings carry no id: they are parts of the tool, not public sections.
    The sheet (the list as a patient sees and prints it) stays hidden until a list exists."""
    t = {k: html.escape(v) for k, v in text.items() if isinstance(v, str)}
    intro = html.escape(text["view_intro"].replace("{site}", site_name))
    return (
        # Laid out from the first paint (no jump when the script runs); without JavaScript a
        # noscript style hides the dead controls and the note says what to do instead.
        f'<noscript><style>#rl {{ display: none; }}</style>'
        f'<p class="rl-noscript">{inline(text["noscript"], page_url)}</p></noscript>'
        f'<script type="application/json" id="rl-data">{data}</script>'
        '<div class="rl" id="rl">'
        # The sheet: what a patient sees when opening a link, and what prints.
        f'<section class="rl-sheet" id="rl-sheet" aria-label="{t["view_heading"]}" tabindex="-1" hidden>'
        f'<h2 class="rl-heading">{t["view_heading"]}</h2>'
        f'<p class="rl-intro">{intro}</p>'
        '<p class="rl-notice" id="rl-unknown" hidden></p>'
        '<ol class="rl-items" id="rl-items"></ol>'
        f'<p class="rl-address"><span class="rl-address-label" id="rl-address-label">'
        f'{t["sheet_address"]}</span> <span class="rl-address-text" id="rl-address"></span></p>'
        f'<p class="rl-actions"><button type="button" class="rl-button" id="rl-edit">{t["edit_button"]}</button> '
        f'<button type="button" class="rl-button" id="rl-print-view">{t["print_button"]}</button></p>'
        "</section>"
        # The builder: search, tick, order, share.
        f'<section class="rl-build" id="rl-build" aria-label="{t["label"]}">'
        f'<h2 class="rl-heading">{t["build_heading"]}</h2>'
        f'<p class="rl-search"><label for="rl-search">{t["search_label"]}</label>'
        '<input type="search" id="rl-search" autocomplete="off" spellcheck="false" aria-describedby="rl-search-hint">'
        f'<span class="rl-hint" id="rl-search-hint">{t["search_hint"]}</span></p>'
        '<p class="rl-count" id="rl-count" aria-live="polite"></p>'
        '<div class="rl-results" id="rl-results"></div>'
        f'<h2 class="rl-heading">{t["list_heading"]}</h2>'
        f'<p class="rl-empty" id="rl-empty">{t["empty"]}</p>'
        '<ol class="rl-chosen" id="rl-chosen"></ol>'
        f'<p class="rl-link"><label for="rl-link" id="rl-link-label">{t["link_label"]}</label>'
        '<input type="text" id="rl-link" readonly aria-describedby="rl-link-note"></p>'
        '<p class="rl-hint" id="rl-link-note" hidden></p>'
        f'<p class="rl-actions"><button type="button" class="rl-button" id="rl-copy">{t["copy_button"]}</button> '
        f'<button type="button" class="rl-button" id="rl-print">{t["print_button"]}</button></p>'
        "</section>"
        '<p class="rl-status" id="rl-status" role="status"></p>'
        "</div>"
    )


def replace_markers(markdown: str, src: str) -> tuple[str, bool]:
    return replace_tool_marker(markdown, src, MARKER, SLOT, "reading-list")


def fill_slot(html_text: str, src: str, tool: str, css: str, page_url: str) -> str:
    scripts = [get_relative_url(ASSETS + n, page_url) for n in SCRIPTS]
    return attach_tool(html_text, src, SLOT, tool, css, scripts, "reading-list")


def on_files(files, config, **kwargs):
    global _registry
    _pages.clear()
    for f in files.documentation_pages():
        meta = get_data(Path(f.abs_src_path).read_text(encoding="utf-8"))[1]
        _pages[f.dest_uri] = {"title": meta.get("title", ""), "tier": meta.get("tier")}
    _moved.clear()
    redirects = config["plugins"].get("redirects")
    for old, new in (redirects.config.get("redirect_maps", {}) if redirects else {}).items():
        if not new.startswith(("http:", "https:")):
            _moved[old.replace(".md", ".html")] = new.split("#")[0].replace(".md", ".html")
    _registry = load_registry(Path(config.config_file_path).parent)
    problems = check_registry(_registry, _pages, _moved)
    if problems:
        raise PluginError("the anchor registry is wrong:\n  " + "\n  ".join(problems[:20]))
    return files


def on_page_markdown(markdown, page, **kwargs):
    markdown, found = replace_markers(markdown, page.file.src_uri)
    (_marked.add if found else _marked.discard)(page.file.src_uri)
    return markdown


def on_post_page(output, page, config, **kwargs):
    if page.file.src_uri not in _marked:
        return output
    root = Path(config.config_file_path).parent
    lang = config["theme"]["language"]
    strings = yaml.safe_load((root / f"data/strings.{lang}.yml").read_text(encoding="utf-8"))["reading_list"]
    data = json_block({"strings": strings["script"], "pages": registry_data(_registry, _pages, page.url, _moved)})
    css = (Path(config["docs_dir"]) / ASSETS / "reading-list.css").read_text(encoding="utf-8")
    tool = tool_html(strings["page"], data, config["site_name"], page.url)
    return fill_slot(output, page.file.src_uri, tool, css, page.url)


def on_post_build(config, **kwargs):
    for name in SCRIPTS:
        path = Path(config["site_dir"]) / ASSETS / name
        path.write_text(rjsmin.jsmin(path.read_text(encoding="utf-8")), encoding="utf-8")
