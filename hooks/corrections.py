"""The Corrections page: `<!-- corrections -->` becomes the list in data/corrections.yml.

One event, before mkdocs-bibtex (so that each row's `[@key]` becomes a footnote). Each row names
a date, the page corrected, what changed, why, and the source that shows the right answer. A row
naming a page that does not exist, or lacking a field, fails the build; a page with an unknown
marker of this kind fails too. Newest first, so the latest corrections are read first.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils.meta import get_data

MARKER = re.compile(r"<!--\s*corrections(?::\s*(.*?))?\s*-->")
FIELDS = ("date", "page", "changed", "why", "source")


def load(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def problems(rows: list[dict], pages: set[str]) -> list[str]:
    out = []
    for n, row in enumerate(rows, 1):
        missing = [f for f in FIELDS if not row.get(f)]
        if missing:
            out.append(f"correction {n}: no {', '.join(missing)}")
        if row.get("page") and row["page"] not in pages:
            out.append(f"correction {n}: page '{row['page']}' is not a page of this site")
        if row.get("date") and not isinstance(row["date"], dt.date):
            out.append(f"correction {n}: date must be YYYY-MM-DD")
    return out


def render(rows: list[dict], titles: dict[str, str], here: str) -> str:
    """Markdown: one section per date, one item per correction, newest first."""
    out = []
    for day in sorted({r["date"] for r in rows}, reverse=True):
        out.append(f"### {day:%B} {day.day}, {day.year} {{#corrections-{day.isoformat()}}}\n")
        for r in sorted((r for r in rows if r["date"] == day), key=lambda r: r["page"]):
            link = posixpath.relpath(r["page"], here or ".")
            out.append(f"- **[{titles.get(r['page'], r['page'])}]({link}).** {r['changed'].strip()} "
                       f"*Why:* {r['why'].strip()} [@{r['source']}]")
        out.append("")
    return "\n".join(out)


@event_priority(100)  # before mkdocs-bibtex turns the citations into footnotes
def on_page_markdown(markdown, page, config, files):
    found = MARKER.search(markdown)
    if not found:
        return markdown
    if found.group(1):
        raise PluginError(f"{page.file.src_uri}: unknown marker '{found.group(0)}' (use <!-- corrections -->)")
    rows = load(Path(config.config_file_path).parent / "data/corrections.yml")
    pages = {f.src_uri: f for f in files.documentation_pages()}
    errors = problems(rows, set(pages))
    if errors:
        raise PluginError("data/corrections.yml:\n  " + "\n  ".join(errors))
    titles = {src: get_data(Path(pages[src].abs_src_path).read_text(encoding="utf-8"))[1].get("title", src)
              for src in {r["page"] for r in rows}}
    return MARKER.sub(lambda m: render(rows, titles, posixpath.dirname(page.file.src_uri)), markdown, count=1)
