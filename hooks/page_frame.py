"""Frame every page from its front matter: tier links at the top, review dates and disclaimer below.

Written as a hook so that no page can forget them, and in the page body (not only the theme's
footer) so that they survive printing. Front matter drives it:
  tier: fundamentals | intermediate | academic | general
  reviewed: 2026-12-01           (the date the page's sources were last checked)
  review_due: 2027-06-01         (optional: sooner than 12 months after `reviewed`)
  simpler: / deeper: page.md     (the same topic one tier up or down)
A bad value fails the build naming the page.

Language-aware (hooks/i18n.py): a Spanish page gets the words of data/strings.es.yml `frame`, the
Spanish disclaimer (includes/disclaimer.es.md), and links to the Spanish twin of each target
page where one exists, else to the English page (marked lang="en"; hooks/page_language.py adds
" (en inglés)").

The review clock: every page says when it was last reviewed and when the next review is due. A
hidden notice under the title carries the due date; site.js shows it once the reader's own date
passes it, so a downloaded copy ages correctly. The build lists overdue pages (by BUILD_DATE,
default today) but never fails on them: an old commit must still build.
"""
from __future__ import annotations

import calendar
import datetime as dt
import logging
import os
import posixpath
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data

from i18n import DEFAULT, LANGUAGES, load_strings, localized, page_lang

log = logging.getLogger("mkdocs.hooks.page_frame")

TIERS = ("fundamentals", "intermediate", "academic")
DISCLAIMER_FILE = "includes/disclaimer{}.md"
DISCLAIMER_LINK = "ABOUT_DISCLAIMER_URL"

_disclaimer: dict[str, str] = {}   # lang -> the short disclaimer's Markdown
_strings: dict[str, dict] = {}     # lang -> data/strings.<lang>.yml `frame`
_titles: dict[str, str] = {}  # src_uri -> front-matter title, for link text
_due: dict[str, dt.date] = {}  # src_uri -> next review due, for the build's overdue list


def check_meta(meta: dict, src: str) -> list[str]:
    """Problems with one page's front matter (schema: title, description, tier, reviewed)."""
    problems = [f"{src}: front matter lacks '{k}'" for k in ("title", "description", "tier") if not meta.get(k)]
    tier = meta.get("tier")
    if tier and tier not in TIERS + ("general",):
        problems.append(f"{src}: tier '{tier}' is not one of {', '.join(TIERS + ('general',))}")
    if not isinstance(meta.get("reviewed"), dt.date):
        problems.append(f"{src}: front matter needs 'reviewed' as an ISO date (YYYY-MM-DD)")
    due = meta.get("review_due")
    if due is not None and not (isinstance(due, dt.date) and isinstance(meta.get("reviewed"), dt.date)
                                and meta["reviewed"] < due):
        problems.append(f"{src}: 'review_due' must be an ISO date after 'reviewed'")
    return problems


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of the month when it has fewer days)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due(meta: dict) -> dt.date:
    return meta.get("review_due") or add_months(meta["reviewed"], 12)


def overdue(due: dict, today: dt.date) -> list:
    """Pages whose next review was due before `today`, as log lines, oldest first."""
    return [f"{src}: review due {day.isoformat()}" for src, day in sorted(due.items(), key=lambda x: (x[1], x[0]))
            if day < today]


def long_date(day: dt.date, strings: dict) -> str:
    return strings["date"].format(day=day.day, month=strings["months"][day.month - 1], year=day.year)


def overdue_notice(meta: dict, strings: dict) -> str:
    """The hidden notice site.js shows after the due date (calm, and it says what to do)."""
    due = review_due(meta)
    text = strings["overdue"].format(due=long_date(due, strings), reviewed=long_date(meta["reviewed"], strings))
    return f'<p class="review-overdue" data-review-due="{due.isoformat()}" data-search-exclude hidden>{text}</p>' + "\n"


def rel(target: str, src: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(src) or ".")


def link_to(target: str, src: str, pages, text: str) -> str:
    """A Markdown link from page `src` to the English page `target` or, where it exists, its twin
    in the language of `src`; a link into another language says so (lang attribute)."""
    dest = localized(target, page_lang(src), set(pages))
    mark = "" if page_lang(dest) == page_lang(src) else f'{{: lang="{page_lang(dest)}" }}'
    return f"[{text}]({rel(dest, src)}){mark}"


def depth_block(meta: dict, src: str, titles: dict[str, str], strings: dict | None = None) -> str:
    """'Read this at another depth' admonition, or '' for pages without tier links. Targets are
    written as English paths (`deeper: intermediate/x.md`) on every language's page."""
    strings = strings or load_strings(page_lang(src))["frame"]
    rows = []
    for field in ("simpler", "deeper"):
        target = meta.get(field)
        if not target:
            continue
        if target not in titles:
            raise PluginError(f"{src}: '{field}: {target}' is not a page of this site")
        tier = strings["tiers"][target.split("/")[0]]
        dest = localized(target, page_lang(src), set(titles))
        rows.append(f"    - {strings[field]} ({tier}): {link_to(target, src, titles, titles[dest])}")
    if not rows:
        return ""
    return f'!!! abstract "{strings["depth_title"]}"\n\n' + "\n".join(rows) + "\n"


def footer_block(meta: dict, src: str, disclaimer: str, strings: dict, pages=()) -> str:
    """Review dates (linked to what they mean) and the short disclaimer, for the end of the body."""
    out = []
    pages = set(pages) or {"about/index.md", "about/disclaimer.md"}
    reviewed = meta.get("reviewed")
    if isinstance(reviewed, dt.date):
        about = rel(localized("about/index.md", page_lang(src), pages), src).replace(".md", ".html") + "#reviewed-date"
        due = review_due(meta)
        out.append(f'<p class="page-reviewed"><a href="{about}">{strings["last_reviewed"]}</a>: '
                   f'<time datetime="{reviewed.isoformat()}">{long_date(reviewed, strings)}</time>. '
                   f'{strings["next_due"]}: <time class="review-due" datetime="{due.isoformat()}">'
                   f'{long_date(due, strings)}</time>.</p>')
    text = disclaimer.replace(DISCLAIMER_LINK, rel(localized("about/disclaimer.md", page_lang(src), pages), src))
    body = "\n".join("    " + line if line else "" for line in text.strip().splitlines())
    out.append(f'!!! warning "{strings["disclaimer_title"]}"\n\n{body}')
    return "\n\n".join(out) + "\n"


def insert_after_h1(markdown: str, block: str) -> str:
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join(lines[: i + 1] + ["", block] + lines[i + 1:])
    return block + "\n" + markdown


def disclaimer_file(lang: str) -> str:
    return DISCLAIMER_FILE.format("" if lang == DEFAULT else f".{lang}")


def on_config(config):
    root = Path(config.config_file_path).parent
    _disclaimer.clear()
    _strings.clear()
    _due.clear()
    for lang in LANGUAGES:
        _disclaimer[lang] = (root / disclaimer_file(lang)).read_text(encoding="utf-8")
        _strings[lang] = load_strings(lang, root)["frame"]
        if DISCLAIMER_LINK not in _disclaimer[lang]:
            raise PluginError(f"{disclaimer_file(lang)} must link to the full disclaimer as ({DISCLAIMER_LINK})")


def on_files(files, config):
    _titles.clear()
    for f in files.documentation_pages():
        _, meta = get_data(Path(f.abs_src_path).read_text(encoding="utf-8"))
        _titles[f.src_uri] = meta.get("title", f.src_uri)
    return files


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    lang = page_lang(src)
    problems = check_meta(page.meta, src)
    if problems:
        raise PluginError("Front matter errors:\n  " + "\n  ".join(problems))
    if page.meta.get("simpler") or page.meta.get("deeper"):
        markdown = insert_after_h1(markdown, depth_block(page.meta, src, _titles, _strings[lang]))
    markdown = insert_after_h1(markdown, overdue_notice(page.meta, _strings[lang]))
    _due[src] = review_due(page.meta)
    return markdown.rstrip() + "\n\n" + footer_block(page.meta, src, _disclaimer[lang], _strings[lang], _titles)


def on_post_build(config):
    """List the pages overdue for review (information: the build never fails on a date)."""
    today = dt.date.fromisoformat(os.environ.get("BUILD_DATE") or dt.date.today().isoformat())
    for line in overdue(_due, today):
        log.info("Overdue for review (BUILD_DATE %s): %s", today.isoformat(), line)
