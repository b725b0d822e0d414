"""Embed the HOMA-IR calculator where a page says `<!-- calculator: homa-ir -->`.

Events, in the manner of Material's own hooks:
- `on_page_markdown` checks every `<!-- calculator: NAME -->` marker (an unknown name, or a marker
  that does not stand on a line of its own, fails the build naming the page) and swaps it for a
  slot comment, which Markdown passes through untouched;
- `on_post_page` puts the form's HTML into the slot, inlines the stylesheet, embeds the limits of
  record (data/calculator.yml) and the script's strings (data/strings.<lang>.yml, the page's
  language) as one JSON data
  block, and adds the two scripts on that page only, relative to the page (so file:// works);
- `on_post_build` minifies the two scripts in the built site (rjsmin): the budget counts what is
  served, and the sources stay readable.
The form is added after Markdown and after the search index is built, so neither can mangle it
and search results do not list form labels. Pure functions below are imported by the tests.
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

from i18n import page_lang

MARKER = re.compile(r"<!--\s*calculator:\s*(.*?)\s*-->", re.S)
SLOT = "<!-- calculator-slot: {} -->"
ASSETS = "assets/calculator/"
SCRIPTS = ("homa.js", "homa-form.js")
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
ROOT = Path(__file__).resolve().parent.parent

_expected: dict[str, list[str]] = {}  # src_uri -> calculator names placed on that page


def load_data(root: Path = ROOT, lang: str = "en") -> tuple[dict, dict]:
    """(limits of record, strings for one language), from data/."""
    limits = yaml.safe_load((root / "data/calculator.yml").read_text(encoding="utf-8"))
    strings = yaml.safe_load((root / f"data/strings.{lang}.yml").read_text(encoding="utf-8"))
    return limits, strings


def inline(text: str, page_url: str) -> str:
    """Escape a string for HTML; turn its [text](path/from/docs.md#id) links into links relative
    to the page."""
    def link(m: re.Match) -> str:
        target = m.group(2)
        if not target.startswith("#"):
            path, _, frag = target.partition("#")
            target = get_relative_url(path.replace(".md", ".html"), page_url) + (f"#{frag}" if frag else "")
        return f'<a href="{html.escape(target)}">{m.group(1)}</a>'
    return LINK.sub(link, html.escape(text, quote=False))


def field(name: str, text: dict, units: list[tuple[str, str]]) -> str:
    """One input with its unit selector and its message element (linked by aria-describedby)."""
    options = "".join(f'<option value="{v}">{label}</option>' for v, label in units)
    return (
        f'<div class="homa-field">'
        f'<div class="homa-value"><label for="homa-{name}">{html.escape(text["label"])}</label>'
        f'<input id="homa-{name}" name="{name}" type="text" inputmode="decimal" autocomplete="off"'
        f' spellcheck="false" aria-describedby="homa-{name}-hint homa-{name}-msg"></div>'
        f'<div class="homa-unit"><label for="homa-{name}-unit">{html.escape(text["unit_label"])}</label>'
        f'<select id="homa-{name}-unit" name="{name}-unit">{options}</select></div>'
        f'<p class="homa-hint" id="homa-{name}-hint">{html.escape(text["hint"])}</p>'
        f'<p class="homa-msg" id="homa-{name}-msg"></p>'
        f"</div>"
    )


def result(name: str, label: str, line: str = "") -> str:
    """One result: the <output> holds the number only (or nothing); the note explains a missing
    value; the line says in plain words what the index estimates."""
    out = (f'<p class="homa-result"><span class="homa-name" id="{name}-label">{html.escape(label)}</span> '
           f'<output name="{name}" id="{name}" aria-labelledby="{name}-label"></output> '
           f'<span class="homa-note" id="{name}-note"></span></p>')
    return out + (f'<p class="homa-line">{html.escape(line)}</p>' if line else "")


def homa_ir_html(strings: dict, limits: dict, page_url: str, public_url: str) -> str:
    """The calculator. It is laid out from the first paint (hiding it until the script ran made
    the page jump); without JavaScript a noscript style hides the dead form. The data block is
    JSON (not run as script), escaped so that no string can close the element."""
    f = strings["form"]
    u = strings["script"]["units"]   # the option labels in the page's language ("µUI/mL")
    mass, molar = ("mg/dL", u["mg/dL"]), ("mmol/L", u["mmol/L"])
    names = f["names"]
    data = json.dumps({"limits": limits, "strings": strings["script"], "publicUrl": public_url,
                       "path": page_url}, ensure_ascii=False, separators=(",", ":"))
    data = data.replace("</", "<\\/")
    items = lambda rows: "".join(f"<li>{inline(r, page_url)}</li>" for r in rows)  # noqa: E731
    return (
        f'<noscript><style>#homa-calc {{ display: none; }}</style>'
        f'<p class="homa-noscript">{inline(f["noscript"], page_url)}</p></noscript>'
        f'<script type="application/json" id="homa-data">{data}</script>'
        '<div class="homa-calc" id="homa-calc">'
        f'<form id="homa-form" novalidate autocomplete="off" aria-label="{html.escape(f["label"])}">'
        f'<p class="homa-intro">{html.escape(f["intro"])}</p>'
        + field("glucose", f["fields"]["glucose"], [mass, molar])
        + field("insulin", f["fields"]["insulin"], [("uIU/mL", u["uIU/mL"]), ("pmol/L", u["pmol/L"])])
        + field("tg", f["fields"]["tg"], [mass, molar])
        + f'<p class="homa-unit-note">{html.escape(f["unit_note"])}</p>'
        '<fieldset class="homa-typed">'
        f'<legend>{html.escape(f["typed"]["legend"])}</legend>'
        f'<div class="homa-value"><label for="homa-homa-ir-value">{html.escape(f["typed"]["label"])}</label>'
        '<input id="homa-homa-ir-value" name="homa-ir-value" type="text" inputmode="decimal" autocomplete="off"'
        ' spellcheck="false" aria-describedby="homa-homa-ir-value-hint homa-homa-ir-value-msg"></div>'
        f'<p class="homa-hint" id="homa-homa-ir-value-hint">{html.escape(f["typed"]["hint"])}</p>'
        '<p class="homa-msg" id="homa-homa-ir-value-msg"></p>'
        "</fieldset>"
        '<div class="homa-print" id="homa-print">'
        f'<p class="homa-print-title">{html.escape(f["print_heading"])}</p>'
        '<ul id="homa-print-values"></ul>'
        f'<p>{html.escape(f["print_date"])} <span id="homa-print-date"></span></p>'
        "</div>"
        '<section class="homa-results" id="homa-results" aria-labelledby="results">'
        f'<h2 class="homa-results-title" id="results" tabindex="-1">{html.escape(f["results_heading"])}</h2>'
        '<div class="homa-live" id="homa-live" aria-live="polite">'
        f'<p class="homa-status" id="homa-status">{html.escape(strings["script"]["status"]["empty"])}</p>'
        '<div class="homa-questions" id="homa-questions"></div>'
        + result("homa-ir", names["homa-ir"])
        + f'<p class="homa-plain" id="homa-plain">{html.escape(f["plain"])}</p>'
        + result("homa-b", names["homa-b"], f["lines"]["homa-b"])
        + result("quicki", names["quicki"], f["lines"]["quicki"])
        + result("tyg", names["tyg"], f["lines"]["tyg"])
        + '<div class="homa-compare">'
        f'<p class="homa-subtitle">{html.escape(f["compare_heading"])}</p>'
        f'<p>{html.escape(f["population"])}</p><ul>{items(f["statements"])}</ul>'
        '<p class="homa-place" id="homa-place"></p>'
        '<p class="homa-caveat" id="homa-typed-caveat" hidden></p>'
        "</div></div>"
        f'<p class="homa-subtitle">{html.escape(f["next_heading"])}</p>'
        f'<ul class="homa-next">{items(f["next"])}</ul>'
        f'<p class="homa-more">{inline(f["more"], page_url)}</p>'
        "</section>"
        '<div class="homa-share">'
        f'<button type="button" class="homa-button" id="homa-copy">{html.escape(f["copy_button"])}</button>'
        '<p class="homa-copy-status" id="homa-copy-status" role="status"></p>'
        f'<p class="homa-link" id="homa-link-row" hidden><label for="homa-link">{html.escape(f["link_label"])}'
        '</label><input id="homa-link" type="text" readonly></p>'
        "</div>"
        '<p class="homa-summary" id="homa-summary" hidden><span id="homa-summary-text"></span> '
        f'<a href="#results">{html.escape(strings["script"]["summary_link"])}</a></p>'
        "</form></div>"
    )


CALCULATORS = {"homa-ir": homa_ir_html}


def replace_markers(markdown: str, src: str) -> tuple[str, list[str]]:
    """Swap each marker for its slot; fail on an unknown name or a marker inside a line."""
    names: list[str] = []

    def swap(m: re.Match) -> str:
        name = m.group(1)
        if name not in CALCULATORS:
            raise PluginError(f"{src}: unknown calculator marker '{m.group(0)}' "
                              f"(known: {', '.join(sorted(CALCULATORS))})")
        start = markdown.rfind("\n", 0, m.start()) + 1
        end = markdown.find("\n", m.end())
        line = markdown[start:] if end < 0 else markdown[start:end]
        if line.strip() != m.group(0):
            raise PluginError(f"{src}: the marker '{m.group(0)}' must stand on a line of its own")
        names.append(name)
        return SLOT.format(name)

    return MARKER.sub(swap, markdown), names


def asset_tags(page_url: str, css: str) -> tuple[str, str]:
    """(for the head, for the end of the body). The stylesheet is inlined: it is small, and a
    separate render-blocking request delayed the first paint under Lighthouse's mobile throttling.
    The two classic scripts go at the end of the body, relative to the page; `defer` keeps their
    order (the form layer needs HomaCalc)."""
    url = lambda name: get_relative_url(ASSETS + name, page_url)  # noqa: E731
    return (f"<style>{css}</style>", "".join(f'<script src="{url(n)}" defer></script>' for n in SCRIPTS))


def fill_slots(html_text: str, names: list[str], page_url: str, src: str, css: str, render) -> str:
    """Put render(name) into each calculator's slot and attach the stylesheet and scripts."""
    for name in names:
        slot = SLOT.format(name)
        if slot not in html_text:
            raise PluginError(f"{src}: the calculator marker for '{name}' did not survive Markdown "
                              "(is it indented or inside a list or code block?)")
        html_text = html_text.replace(slot, render(name), 1)
    if "</head>" not in html_text or "</body>" not in html_text:
        raise PluginError(f"{src}: no </head> or </body> to attach the calculator's assets to")
    head, body = asset_tags(page_url, css)
    html_text = html_text.replace("</head>", head + "</head>", 1)
    end = html_text.rindex("</body>")
    return html_text[:end] + body + html_text[end:]


def replace_tool_marker(markdown: str, src: str, marker: re.Pattern, slot: str, name: str) -> tuple[str, bool]:
    """A one-per-page tool's marker (the risk test, the reading list) swapped for its slot. The
    marker's group 1 must be empty (a variant is unknown), and it must stand on a line of its own,
    once. Returns (markdown, whether the marker was there)."""
    found = False

    def swap(m: re.Match) -> str:
        nonlocal found
        if m.group(1).strip():
            raise PluginError(f"{src}: unknown {name} marker '{m.group(0)}' (write <!-- {name} -->)")
        start = markdown.rfind("\n", 0, m.start()) + 1
        end = markdown.find("\n", m.end())
        line = markdown[start:] if end < 0 else markdown[start:end]
        if line.strip() != m.group(0):
            raise PluginError(f"{src}: the marker '{m.group(0)}' must stand on a line of its own")
        if found:
            raise PluginError(f"{src}: the {name} marker can be placed once per page")
        found = True
        return slot

    return marker.sub(swap, markdown), found


def attach_tool(html_text: str, src: str, slot: str, tool: str, css: str, scripts: list[str],
                what: str) -> str:
    """A client-side tool's finished page (the risk test and the reading list use this too): its
    HTML in the slot its marker left, its stylesheet inlined in the head, its classic scripts
    (addresses relative to the page; `defer` keeps their order) at the end of the body."""
    if slot not in html_text:
        raise PluginError(f"{src}: the {what} marker did not survive Markdown "
                          "(is it indented or inside a list or code block?)")
    if "</head>" not in html_text or "</body>" not in html_text:
        raise PluginError(f"{src}: no </head> or </body> to attach the {what} assets to")
    html_text = html_text.replace(slot, tool, 1).replace("</head>", f"<style>{css}</style></head>", 1)
    tags = "".join(f'<script src="{url}" defer></script>' for url in scripts)
    end = html_text.rindex("</body>")
    return html_text[:end] + tags + html_text[end:]


def public_address(site_url: str | None, page_url: str) -> str:
    """The page's public address when the build knows one (SITE_URL), else ''."""
    return (site_url.rstrip("/") + "/" + page_url) if site_url else ""


def on_page_markdown(markdown, page, **kwargs):
    markdown, names = replace_markers(markdown, page.file.src_uri)
    if names:
        _expected[page.file.src_uri] = names
    else:
        _expected.pop(page.file.src_uri, None)
    return markdown


def on_post_page(output, page, config, **kwargs):
    names = _expected.get(page.file.src_uri)
    if not names:
        return output
    css = (Path(config["docs_dir"]) / ASSETS / "homa.css").read_text(encoding="utf-8")
    # The page's own language: the Spanish page shares homa.js and homa-form.js, only the table differs.
    limits, strings = load_data(Path(config.config_file_path).parent, page_lang(page.file.src_uri))
    public = public_address(config.get("site_url"), page.url)
    render = lambda name: CALCULATORS[name](strings, limits, page.url, public)  # noqa: E731
    return fill_slots(output, names, page.url, page.file.src_uri, css, render)


def on_post_build(config, **kwargs):
    for name in SCRIPTS:
        path = Path(config["site_dir"]) / ASSETS / name
        path.write_text(rjsmin.jsmin(path.read_text(encoding="utf-8")), encoding="utf-8")
