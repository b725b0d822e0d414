"""Frame every page from its front matter: tier links at the top, review date and disclaimer below.

Written as a hook so that no page can forget them, and in the page body (not only the theme's
footer) so that they survive printing. Front matter drives it:
  tier: fundamentals | intermediate | academic | general
  reviewed: 2026-12-01           (the date the page's sources were last checked)
  simpler: / deeper: page.md     (the same topic one tier up or down)
A bad value fails the build naming the page.
"""
from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data

TIERS = ("fundamentals", "intermediate", "academic")
DISCLAIMER_FILE = "includes/disclaimer.md"
DISCLAIMER_LINK = "ABOUT_DISCLAIMER_URL"

_disclaimer = ""
_titles: dict[str, str] = {}  # src_uri -> front-matter title, for link text


def check_meta(meta: dict, src: str) -> list[str]:
    """Problems with one page's front matter (schema: title, description, tier, reviewed)."""
    problems = [f"{src}: front matter lacks '{k}'" for k in ("title", "description", "tier") if not meta.get(k)]
    tier = meta.get("tier")
    if tier and tier not in TIERS + ("general",):
        problems.append(f"{src}: tier '{tier}' is not one of {', '.join(TIERS + ('general',))}")
    if not isinstance(meta.get("reviewed"), dt.date):
        problems.append(f"{src}: front matter needs 'reviewed' as an ISO date (YYYY-MM-DD)")
    return problems


def rel(target: str, src: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(src) or ".")


def depth_block(meta: dict, src: str, titles: dict[str, str]) -> str:
    """'Read this at another depth' admonition, or '' for pages without tier links."""
    rows = []
    for field, label in (("simpler", "Simpler"), ("deeper", "Deeper")):
        target = meta.get(field)
        if not target:
            continue
        if target not in titles:
            raise PluginError(f"{src}: '{field}: {target}' is not a page of this site")
        tier = target.split("/")[0].capitalize()
        rows.append(f"    - {label} ({tier}): [{titles[target]}]({rel(target, src)})")
    if not rows:
        return ""
    return '!!! abstract "Read this at another depth"\n\n' + "\n".join(rows) + "\n"


def footer_block(meta: dict, src: str, disclaimer: str) -> str:
    """Review date and the short disclaimer, for the end of the page body."""
    out = []
    reviewed = meta.get("reviewed")
    if isinstance(reviewed, dt.date):
        out.append(f'<p class="page-reviewed">Last reviewed: <time datetime="{reviewed.isoformat()}">'
                   f'{reviewed.day} {reviewed:%B %Y}</time></p>')
    text = disclaimer.replace(DISCLAIMER_LINK, rel("about/disclaimer.md", src))
    body = "\n".join("    " + line if line else "" for line in text.strip().splitlines())
    out.append(f'!!! warning "Medical disclaimer"\n\n{body}')
    return "\n\n".join(out) + "\n"


def insert_after_h1(markdown: str, block: str) -> str:
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join(lines[: i + 1] + ["", block] + lines[i + 1:])
    return block + "\n" + markdown


def on_config(config):
    global _disclaimer
    path = Path(config.config_file_path).parent / DISCLAIMER_FILE
    _disclaimer = path.read_text(encoding="utf-8")
    if DISCLAIMER_LINK not in _disclaimer:
        raise PluginError(f"{DISCLAIMER_FILE} must link to the full disclaimer as ({DISCLAIMER_LINK})")


def on_files(files, config):
    _titles.clear()
    for f in files.documentation_pages():
        _, meta = get_data(Path(f.abs_src_path).read_text(encoding="utf-8"))
        _titles[f.src_uri] = meta.get("title", f.src_uri)
    return files


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    problems = check_meta(page.meta, src)
    if problems:
        raise PluginError("Front matter errors:\n  " + "\n  ".join(problems))
    if page.meta.get("simpler") or page.meta.get("deeper"):
        markdown = insert_after_h1(markdown, depth_block(page.meta, src, _titles))
    return markdown.rstrip() + "\n\n" + footer_block(page.meta, src, _disclaimer)
