"""The build lists pages whose regulatory "as of" month is more than 6 months older than the page's
`reviewed` date (issue 13, review clock), beside page_frame.py's list of overdue pages.

A page's "as of" months are the `as_of` months of the data/regulatory.yml rows its
`<!-- regulatory: ... -->` markers show, and every "as of <Month> <year>" written in its text.
A page reviewed in December 2026 whose status sentence still says "as of March 2026" was reviewed
without its status being re-checked: the list says so. Like the overdue list it is information
only and never fails the build, so that a build of an old commit still passes. Pure functions
below are imported by the tests.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import regulatory  # noqa: E402  the table of record and its marker syntax, read the same way

log = logging.getLogger("mkdocs.hooks.status_age")

LIMIT = 6  # months
AS_OF = re.compile(r"\bas of (" + "|".join(regulatory.MONTHS) + r") (\d{4})\b", re.I)
_pages: dict[str, tuple[dt.date, list[str]]] = {}  # src_uri -> (reviewed, "as of" months)
_rows: list[dict] = []


def as_of_months(markdown: str, rows: list[dict]) -> list[str]:
    """Every "as of" month (YYYY-MM) the page states: from its markers' rows and from its text.
    An unknown group is left to regulatory.py, which fails the build on it."""
    months = set()
    for m in regulatory.BLOCK.finditer(markdown):
        _, *groups = m.group(1).split()
        months |= {r["as_of"] for r in regulatory.rows_of(rows, groups)}
    for name, year in AS_OF.findall(markdown):
        months.add(f"{year}-{[n.lower() for n in regulatory.MONTHS].index(name.lower()) + 1:02d}")
    return sorted(months)


def stale(reviewed: dt.date, months: list[str], limit: int = LIMIT) -> list[tuple[str, int]]:
    """(month, months older) for each "as of" month more than `limit` months before `reviewed`."""
    here = f"{reviewed.year}-{reviewed.month:02d}"
    return [(m, regulatory.months_apart(m, here)) for m in months
            if m < here and regulatory.months_apart(m, here) > limit]


def stale_lines(pages: dict[str, tuple[dt.date, list[str]]], limit: int = LIMIT) -> list[str]:
    """One log line per page with an old "as of", oldest month first, pages in path order."""
    lines = []
    for src, (reviewed, months) in sorted(pages.items()):
        old = stale(reviewed, months, limit)
        if old:
            said = ", ".join(f"{regulatory.month_name(m)} ({gap} months older)" for m, gap in old)
            lines.append(f"{src}: reviewed {reviewed.isoformat()}; as of {said}")
    return lines


def on_page_markdown(markdown, page, config, files):
    if not _rows:
        _rows.extend(regulatory.load())
    reviewed = page.meta.get("reviewed")
    if isinstance(reviewed, dt.date):  # page_frame.py fails the build on a missing or bad date
        _pages[page.file.src_uri] = (reviewed, as_of_months(markdown, _rows))
    return markdown


def on_post_build(config):
    for line in stale_lines(_pages):
        log.info("Regulatory 'as of' more than %d months before the review date: %s", LIMIT, line)
    _pages.clear()  # `mkdocs serve` rebuilds in the same process
    _rows.clear()
