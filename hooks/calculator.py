"""Embed the HOMA-IR calculator where a page says `<!-- calculator: homa-ir -->`.

Two events, in the manner of Material's own hooks:
- `on_page_markdown` checks every `<!-- calculator: NAME -->` marker (an unknown name, or a marker
  that does not stand on a line of its own, fails the build naming the page) and swaps it for a
  slot comment, which Markdown passes through untouched;
- `on_post_page` puts the form's HTML into the slot, inlines the stylesheet and adds the two
  scripts on that page only, with URLs relative to the page (so the offline build works from file://).
The form is added after Markdown and after the search index is built, so neither can mangle it
and search results do not list form labels. Pure functions below are imported by the tests.
"""
from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

MARKER = re.compile(r"<!--\s*calculator:\s*(.*?)\s*-->", re.S)
SLOT = "<!-- calculator-slot: {} -->"
ASSETS = "assets/calculator/"

_expected: dict[str, list[str]] = {}  # src_uri -> calculator names placed on that page


def field(name: str, label: str, units: list[tuple[str, str]], unit_label: str, hint: str) -> str:
    """One input with its unit selector and its message element (linked by aria-describedby)."""
    options = "".join(f'<option value="{v}">{text}</option>' for v, text in units)
    return (
        f'<div class="homa-field">'
        f'<div class="homa-value"><label for="homa-{name}">{label}</label>'
        f'<input id="homa-{name}" name="{name}" type="text" inputmode="decimal" autocomplete="off"'
        f' spellcheck="false" aria-describedby="homa-{name}-hint homa-{name}-msg"></div>'
        f'<div class="homa-unit"><label for="homa-{name}-unit">{unit_label}</label>'
        f'<select id="homa-{name}-unit" name="{name}-unit">{options}</select></div>'
        f'<p class="homa-hint" id="homa-{name}-hint">{hint}</p>'
        f'<p class="homa-msg" id="homa-{name}-msg"></p>'
        f"</div>"
    )


def result(name: str, label: str) -> str:
    """One result line: the <output> holds the number only (or nothing); the note explains."""
    return (
        f'<p class="homa-result"><span class="homa-name" id="{name}-label">{label}</span> '
        f'<output name="{name}" id="{name}" aria-labelledby="{name}-label"></output> '
        f'<span class="homa-note" id="{name}-note"></span></p>'
    )


def homa_ir_html() -> str:
    """The calculator's form. It is laid out from the first paint (hiding it until the script
    ran made the page jump: layout shift 0.33 in Lighthouse); without JavaScript a noscript
    style hides the dead form and the text points to the formulas, which the page always shows."""
    mass, molar = ("mg/dL", "mg/dL"), ("mmol/L", "mmol/L")
    return (
        '<noscript><style>#homa-calc { display: none; }</style>'
        '<p class="homa-noscript">The calculator needs JavaScript. You can still work the '
        'numbers out by hand with the formulas in <a href="#formulas">How it is calculated</a>.</p>'
        "</noscript>"
        '<div class="homa-calc" id="homa-calc">'
        '<form id="homa-form" novalidate autocomplete="off" aria-label="HOMA-IR calculator">'
        '<p class="homa-intro">Type the values from one fasting blood test. The results update as '
        "you type. Nothing you type leaves this page.</p>"
        + field("glucose", "Fasting glucose", [mass, molar], "Glucose unit",
                "From your lab report, for example 97 mg/dL or 5.4 mmol/L.")
        + field("insulin", "Fasting insulin", [("uIU/mL", "µIU/mL"), ("pmol/L", "pmol/L")],
                "Insulin unit", "For example 10 µIU/mL (the same as mU/L) or 60 pmol/L.")
        + field("tg", "Triglycerides (optional)", [mass, molar], "Triglycerides unit",
                "Fasting value, for example 150 mg/dL or 1.7 mmol/L. Needed only for the TyG index.")
        + '<p class="homa-unit-note">Changing a unit does not convert the number you typed: '
        "choose the unit printed on your lab report.</p>"
        '<div class="homa-results" aria-live="polite">'
        '<p class="homa-status" id="homa-status">Enter your fasting glucose and fasting insulin to '
        "see the results.</p>"
        + result("homa-ir", "HOMA-IR")
        + result("homa-b", "HOMA-%B")
        + result("quicki", "QUICKI")
        + result("tyg", "TyG index")
        + '<ul class="homa-interpretation" id="homa-interpretation"></ul>'
        "</div>"
        '<p class="homa-caveat">There is no universal cut-off, and a result is not a diagnosis. '
        'See <a href="#interpretation">What your result means</a>.</p>'
        '<div class="homa-share">'
        '<button type="button" class="homa-button" id="homa-copy">Copy link with these values</button>'
        '<p class="homa-copy-status" id="homa-copy-status" role="status"></p>'
        '<p class="homa-link" id="homa-link-row" hidden><label for="homa-link">Link with these values'
        '</label><input id="homa-link" type="text" readonly></p>'
        "</div>"
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
    return (f"<style>{css}</style>",
            f'<script src="{url("homa.js")}" defer></script>'
            f'<script src="{url("homa-form.js")}" defer></script>')


def fill_slots(html: str, names: list[str], page_url: str, src: str, css: str = "") -> str:
    for name in names:
        slot = SLOT.format(name)
        if slot not in html:
            raise PluginError(f"{src}: the calculator marker for '{name}' did not survive Markdown "
                              "(is it indented or inside a list or code block?)")
        html = html.replace(slot, CALCULATORS[name](), 1)
    if "</head>" not in html or "</body>" not in html:
        raise PluginError(f"{src}: no </head> or </body> to attach the calculator's assets to")
    head, body = asset_tags(page_url, css)
    html = html.replace("</head>", head + "</head>", 1)
    return html[: html.rindex("</body>")] + body + html[html.rindex("</body>"):]


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
    return fill_slots(output, names, page.url, page.file.src_uri, css)
