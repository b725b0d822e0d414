"""Embed the prediabetes risk test where a page says `<!-- risk-test -->`.

The same plan as hooks/calculator.py, whose helpers it imports (one concern per file):
- `on_page_markdown` checks the marker (it must stand on a line of its own; `<!-- risk-test: x -->`
  or any other variant fails the build naming the page) and swaps it for a slot comment;
- `on_post_page` fills the slot with the form, inlines the stylesheet, embeds the point table of
  record (data/risk-test.yml) and the script's strings (data/strings.<lang>.yml, `risk_test`) as
  one JSON data block, and adds the two scripts on that page only, relative to the page;
- `on_post_build` minifies the two scripts in the built site (rjsmin), as the calculator does.
Pure functions below are imported by the tests.
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

from calculator import attach_tool, inline, public_address, replace_tool_marker

MARKER = re.compile(r"<!--\s*risk-test\b(.*?)-->", re.S)
SLOT = "<!-- risk-test-slot -->"
ASSETS = "assets/risk-test/"
SCRIPTS = ("risk.js", "risk-form.js")
ROOT = Path(__file__).resolve().parent.parent
YES_NO = ("yes", "no")

_pages: set[str] = set()   # src_uri of the pages that hold the test


def load_data(root: Path = ROOT, lang: str = "en") -> tuple[dict, dict]:
    """(point table of record, the risk test's strings for one language), from data/."""
    table = yaml.safe_load((root / "data/risk-test.yml").read_text(encoding="utf-8"))
    strings = yaml.safe_load((root / f"data/strings.{lang}.yml").read_text(encoding="utf-8"))
    return table, strings["risk_test"]


def check_table(table: dict) -> list[str]:
    """Problems with the point table: bands must rise, every row needs points and a source."""
    problems = []
    for name in ("age", "bmi"):
        rows = table.get(name) or []
        starts = [r.get("from") for r in rows]
        if not rows or starts != sorted(starts) or len(set(starts)) != len(starts):
            problems.append(f"{name}: bands must start in rising order")
        problems += [f"{name} {r.get('from')}: no points or no source" for r in rows
                     if not isinstance(r.get("points"), int) or not r.get("source")]
        problems += [f"{name} {r.get('from')}: a band must start on a tenth" for r in rows
                     if round(r.get("from", 0) * 10) != r.get("from", 0) * 10]
    for item, options in (table.get("answers") or {}).items():
        problems += [f"{item} {k}: no points or no source" for k, v in options.items()
                     if not isinstance(v.get("points"), int) or not v.get("source")]
    return problems


def replace_marker(markdown: str, src: str) -> tuple[str, bool]:
    """Swap the marker for the slot; fail on a variant or a marker inside a line."""
    return replace_tool_marker(markdown, src, MARKER, SLOT, "risk-test")


def esc(text: str) -> str:
    return html.escape(str(text))


def msg(name: str) -> str:
    return f'<p class="risk-msg" id="risk-{name}-msg"></p>'


def text_box(name: str, label: str, hint: str = "", mode: str = "decimal", box_class: str = "") -> str:
    """A labelled text input with its hint and message (linked by aria-describedby)."""
    described = (f"risk-{name}-hint " if hint else "") + f"risk-{name}-msg"
    hidden = " hidden" if box_class == " risk-metric" else ""   # feet and pounds come first
    return (f'<div class="risk-box{box_class}"{hidden}><label for="risk-{name}">{esc(label)}</label>'
            f'<input id="risk-{name}" name="{name}" type="text" inputmode="{mode}" autocomplete="off"'
            f' spellcheck="false" aria-describedby="{described}">'
            + (f'<p class="risk-hint" id="risk-{name}-hint">{esc(hint)}</p>' if hint else "")
            + msg(name) + "</div>")


def choices(name: str, legend: str, options: list[tuple[str, str]], hint: str = "", hidden: bool = False,
            checked: str = "") -> str:
    """A radio group: a fieldset named by its legend (the question words), its message linked."""
    described = (f"risk-{name}-hint " if hint else "") + f"risk-{name}-msg"
    radios = "".join(f'<label class="risk-choice"><input type="radio" name="{name}" value="{v}"'
                     f' id="risk-{name}-{v}"{" checked" if v == checked else ""}> {esc(label)}</label>'
                     for v, label in options)
    return (f'<fieldset class="risk-group" id="risk-{name}" role="radiogroup"'
            f' aria-describedby="{described}"{" hidden" if hidden else ""}>'
            f'<legend>{esc(legend)}</legend>'
            + (f'<p class="risk-hint" id="risk-{name}-hint">{esc(hint)}</p>' if hint else "")
            + f'<div class="risk-options">{radios}</div>{msg(name)}</fieldset>')


def form_html(strings: dict, table: dict, page_url: str, public_url: str) -> str:
    """The test. Laid out from the first paint; without JavaScript a noscript style hides it. The
    data block is JSON (not run as script), escaped so that no string can close the element."""
    f, q = strings["form"], strings["form"]["questions"]
    yes_no = [(v, f["answers"][v]) for v in YES_NO]
    data = json.dumps({"table": table, "strings": strings["script"], "publicUrl": public_url,
                       "path": page_url}, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    items = "".join(f"<li>{inline(r, page_url)}</li>" for r in f["next"])
    return (
        f'<noscript><style>#risk-test {{ display: none; }}</style>'
        f'<p class="risk-noscript">{inline(f["noscript"], page_url)}</p></noscript>'
        f'<script type="application/json" id="risk-data">{data}</script>'
        '<div class="risk-test" id="risk-test">'
        f'<form id="risk-form" novalidate autocomplete="off" aria-label="{esc(f["label"])}">'
        f'<p class="risk-intro">{esc(f["intro"])}</p>'
        '<div class="risk-questions">'
        + text_box("age", q["age"]["label"], q["age"]["hint"], "numeric")
        + choices("sex", q["sex"]["legend"], [("man", f["answers"]["man"]), ("woman", f["answers"]["woman"])])
        + choices("gdm", q["gdm"]["legend"], yes_no, q["gdm"]["hint"], hidden=True)
        + choices("family", q["family"]["legend"], yes_no)
        + choices("bp", q["bp"]["legend"], yes_no, q["bp"]["hint"])
        + choices("active", q["active"]["legend"], yes_no, q["active"]["hint"])
        + choices("units", q["units"]["legend"], [("us", f["answers"]["us"]), ("metric", f["answers"]["metric"])],
                  checked="us")
        + '<div class="risk-body">'
        + text_box("height-cm", q["height_cm"], box_class=" risk-metric")
        + text_box("height-ft", q["height_ft"], mode="numeric", box_class=" risk-us")
        + text_box("height-in", q["height_in"], q["height_in_hint"], box_class=" risk-us")
        + text_box("weight-kg", q["weight_kg"], box_class=" risk-metric")
        + text_box("weight-lb", q["weight_lb"], box_class=" risk-us")
        + "</div></div>"
        '<section class="risk-results" id="risk-results" aria-labelledby="score">'
        f'<h2 class="risk-results-title" id="score" tabindex="-1">{esc(f["results_heading"])}</h2>'
        '<div class="risk-live" id="risk-live" aria-live="polite">'
        f'<p class="risk-status" id="risk-status">{esc(strings["script"]["status"]["empty"])}</p>'
        f'<p class="risk-total"><span id="risk-score-label">{esc(f["total_label"])}</span> '
        '<output name="risk-score" id="risk-score" aria-labelledby="risk-score-label"></output> '
        f'<span id="risk-out-of">{esc(f["out_of"])}</span></p>'
        '<p class="risk-verdict" id="risk-verdict"></p>'
        '<ul class="risk-points" id="risk-points"></ul>'
        "</div>"
        f'<p class="risk-not-diagnosis">{esc(f["not_diagnosis"])}</p>'
        f'<p class="risk-subtitle">{esc(f["next_heading"])}</p><ul class="risk-next">{items}</ul>'
        '<div class="risk-print" id="risk-print">'
        f'<p>{esc(f["print_date"])} <span id="risk-print-date"></span></p>'
        f'<p>{esc(f["print_address"])} <span id="risk-print-address"></span></p>'
        "</div></section>"
        '<div class="risk-share">'
        f'<button type="button" class="risk-button" id="risk-copy">{esc(f["copy_button"])}</button>'
        '<p class="risk-copy-status" id="risk-copy-status" role="status"></p>'
        '<p class="risk-link" id="risk-link-row" hidden><label for="risk-link" id="risk-link-label">'
        f'{esc(f["link_label"])}</label><input id="risk-link" type="text" readonly></p>'
        "</div></form></div>"
    )


def attach(html_text: str, page_url: str, src: str, css: str, form: str) -> str:
    """Put the form into the slot, the stylesheet into the head and the scripts at the end of the
    body (relative to the page; `defer` keeps their order: the form layer needs RiskTest)."""
    scripts = [get_relative_url(ASSETS + n, page_url) for n in SCRIPTS]
    return attach_tool(html_text, src, SLOT, form, css, scripts, "risk-test")


def on_page_markdown(markdown, page, **kwargs):
    markdown, found = replace_marker(markdown, page.file.src_uri)
    (_pages.add if found else _pages.discard)(page.file.src_uri)
    return markdown


def on_post_page(output, page, config, **kwargs):
    if page.file.src_uri not in _pages:
        return output
    table, strings = load_data(Path(config.config_file_path).parent, config["theme"]["language"])
    problems = check_table(table)
    if problems:
        raise PluginError(f"{page.file.src_uri}: data/risk-test.yml: " + "; ".join(problems))
    css = (Path(config["docs_dir"]) / ASSETS / "risk.css").read_text(encoding="utf-8")
    form = form_html(strings, table, page.url, public_address(config.get("site_url"), page.url))
    return attach(output, page.url, page.file.src_uri, css, form)


def on_post_build(config, **kwargs):
    for name in SCRIPTS:
        path = Path(config["site_dir"]) / ASSETS / name
        path.write_text(rjsmin.jsmin(path.read_text(encoding="utf-8")), encoding="utf-8")
