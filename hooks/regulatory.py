"""Regulatory status: every table cell that states an FDA or EMA status comes from data/regulatory.yml.

A page places the statuses of one or more groups of rows between two markers:

    <!-- regulatory: cell semaglutide -->FDA, checked ...<!-- /regulatory -->     (inside a table cell)
    <!-- regulatory: table semaglutide tirzepatide -->                          (a whole table)
    | Product | ... |
    <!-- /regulatory -->

The text between the markers is written into the page source by `python3 hooks/regulatory.py
--write` and kept there, rather than substituted at build time, because hooks/references.py reads
citations from the page sources: a `[@key]` that only appeared at build time would be missing from
the References page's "Cited on" links and from the test that every bib entry is cited.
`on_page_markdown` makes the source and the data unable to disagree: an unknown kind, group or
marker, an unclosed marker, or text that differs from what the data renders fails the build,
naming the page. Pure functions below are imported by the tests.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data/regulatory.yml"
BLOCK = re.compile(r"<!--\s*regulatory:\s*(.*?)\s*-->(.*?)<!--\s*/regulatory\s*-->", re.S)
OPEN = re.compile(r"<!--\s*regulatory:")
CLOSE = re.compile(r"<!--\s*/regulatory\s*-->")
AGENCIES = ("FDA", "EMA")
STATUSES = {"approved", "approved-accelerated", "authorised", "recommended", "not-approved",
            "withdrawn", "compounding-list", "labeling-change", "notice"}
REQUIRED = ("id", "group", "agency", "product", "ingredient", "indication", "status", "decision",
            "as_of", "record_date", "source")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MONTHS = ("January February March April May June July August September October November "
          "December").split()
# Words a reader sees beside an indication, by status (approved and authorised need none).
STATUS_WORDS = {
    "approved": "", "authorised": "", "compounding-list": "",
    "approved-accelerated": "accelerated approval",
    "recommended": "recommended by the EMA's medicines committee",
    "not-approved": "not approved",
    "withdrawn": "application withdrawn",
    "labeling-change": "label change",
    "notice": "notice; approves nothing",
}

_rows: list[dict] | None = None


# --- pure functions ---------------------------------------------------------------------------

def load(path: Path = DATA) -> list[dict]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [{k: (str(v) if v is not None and k not in ("status",) else v) for k, v in r.items()}
            for r in rows]


def row_problems(rows: list[dict], bib_keys: set[str]) -> list[str]:
    """Everything wrong with the table of record, one line each."""
    problems, seen = [], set()
    for r in rows:
        rid = r.get("id", "?")
        problems += [f"{rid}: missing field '{f}'" for f in REQUIRED if f not in r]
        if rid in seen:
            problems.append(f"{rid}: duplicate id")
        seen.add(rid)
        if r.get("agency") not in AGENCIES:
            problems.append(f"{rid}: agency must be FDA or EMA, not {r.get('agency')!r}")
        if r.get("status") not in STATUSES:
            problems.append(f"{rid}: unknown status {r.get('status')!r}")
        if not re.fullmatch(r"\d{4}-\d{2}", str(r.get("as_of", ""))):
            problems.append(f"{rid}: as_of must be YYYY-MM")
        for f in ("decision", "record_date"):
            if r.get(f) is not None and not DATE.match(r[f]):
                problems.append(f"{rid}: {f} must be YYYY, YYYY-MM or YYYY-MM-DD")
        if r.get("source") not in bib_keys:
            problems.append(f"{rid}: source '{r.get('source')}' is not in references.bib")
    return problems


def month_name(yyyy_mm: str) -> str:
    year, month = yyyy_mm.split("-")[:2]
    return f"{MONTHS[int(month) - 1]} {year}"


def plain_date(value: str | None) -> str:
    """2025-01-28 -> 'January 28, 2025'; 2025-01 -> 'January 2025'; 2025 -> '2025'."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    name = MONTHS[int(parts[1]) - 1]
    return f"{name} {int(parts[2])}, {parts[0]}" if len(parts) == 3 else f"{name} {parts[0]}"


def months_apart(a: str, b: str) -> int:
    ya, ma = int(a[:4]), int(a[5:7]) if len(a) >= 7 else 1
    yb, mb = int(b[:4]), int(b[5:7]) if len(b) >= 7 else 1
    return abs((ya * 12 + ma) - (yb * 12 + mb))


def needs_checked(row: dict) -> bool:
    """True when the record cannot carry an "as of" on its own (issue 13): undated, more than
    three months older than the month it was opened, or an absence."""
    return (row["record_date"] is None or row["status"] == "not-approved"
            or months_apart(row["record_date"], row["as_of"]) > 3)


def when(row: dict) -> str:
    """What the reader sees after a month: 'checked December 2026' or 'as of December 2026'."""
    return ("checked " if needs_checked(row) else "as of ") + month_name(row["as_of"])


def item(row: dict) -> str:
    words = STATUS_WORDS[row["status"]]
    date = plain_date(row["decision"])
    extra = "; ".join(x for x in (words, date) if x)
    if row["status"] == "not-approved":
        text = f"not approved for {row['indication']}"
    else:
        text = row["indication"] + (f" ({extra})" if extra else "")
    if row.get("unconfirmed"):
        text += f"; {row['unconfirmed']}"
    return text


def record(row: dict) -> str:
    dated = f"record dated {plain_date(row['record_date'])}" if row["record_date"] else "record undated"
    return f"[@{row['source']}] ({dated})"


def rows_of(rows: list[dict], groups: list[str]) -> list[dict]:
    return [r for g in groups for r in rows if r["group"] == g]


def render_cell(rows: list[dict]) -> str:
    """One line for a table cell: per agency, per product, its uses, each record once."""
    out = []
    for agency in AGENCIES:
        mine = [r for r in rows if r["agency"] == agency]
        if not mine:
            continue
        whens = sorted({when(r) for r in mine})
        products: dict[str, list[dict]] = {}
        for r in mine:
            products.setdefault(r["product"], []).append(r)
        parts = []
        for product, prs in products.items():
            # Each record follows the uses it supports: consecutive rows citing one record share it.
            runs: list[tuple[str, list[str]]] = []
            for r in prs:
                if runs and runs[-1][0] == record(r):
                    runs[-1][1].append(item(r))
                else:
                    runs.append((record(r), [item(r)]))
            parts.append(f"{product}: " + "; ".join(f"{'; '.join(uses)} {rec}" for rec, uses in runs))
        out.append(f"**{agency}** ({', '.join(whens)}): " + ". ".join(parts) + ".")
    return " ".join(out)


def render_table(rows: list[dict]) -> str:
    """The table of record for a page: one row per status, with dates and the record."""
    lines = ["| Product | Agency | Use | Status | Decision | Record | Checked |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        status = {"approved": "approved", "authorised": "authorized",
                  "compounding-list": "compounding history, not an approval"}.get(
            r["status"], STATUS_WORDS[r["status"]])
        use = r["indication"] + (f"; {r['unconfirmed']}" if r.get("unconfirmed") else "")
        lines.append(f"| {r['product']} | {r['agency']} | {use} | {status} | "
                     f"{plain_date(r['decision']) or '—'} | {record(r)} | {when(r)} |")
    return "\n".join(lines)


def render(spec: str, rows: list[dict]) -> str:
    """Text for one marker; ValueError names what is wrong with the spec."""
    kind, *groups = spec.split()
    known = {r["group"] for r in rows}
    if kind not in ("cell", "table"):
        raise ValueError(f"unknown kind '{kind}' (cell or table)")
    if not groups:
        raise ValueError("no group named")
    unknown = [g for g in groups if g not in known]
    if unknown:
        raise ValueError(f"unknown group(s) {', '.join(unknown)} (not in data/regulatory.yml)")
    body = rows_of(rows, groups)
    return render_cell(body) if kind == "cell" else "\n" + render_table(body) + "\n"


def check(markdown: str, rows: list[dict]) -> list[str]:
    """Problems with the page's markers: bad spec, unclosed marker, stale text."""
    problems = []
    if len(OPEN.findall(markdown)) != len(BLOCK.findall(markdown)) or \
            len(CLOSE.findall(markdown)) != len(BLOCK.findall(markdown)):
        problems.append("a regulatory marker without its <!-- /regulatory --> partner")
    for m in BLOCK.finditer(markdown):
        try:
            want = render(m.group(1), rows)
        except ValueError as err:
            problems.append(f"<!-- regulatory: {m.group(1)} -->: {err}")
            continue
        if m.group(2) != want:
            problems.append(f"<!-- regulatory: {m.group(1)} --> differs from data/regulatory.yml "
                            "(run: python3 hooks/regulatory.py --write)")
    return problems


def rewrite(markdown: str, rows: list[dict]) -> str:
    return BLOCK.sub(lambda m: f"<!-- regulatory: {m.group(1)} -->{render(m.group(1), rows)}"
                               "<!-- /regulatory -->", markdown)


def bib_keys(root: Path = ROOT) -> set[str]:
    return set(re.findall(r"^@\w+\{([^,\s]+),", (root / "references.bib").read_text(encoding="utf-8"), re.M))


# --- MkDocs events ----------------------------------------------------------------------------

def on_config(config):
    global _rows
    from mkdocs.exceptions import PluginError
    rows = load()
    problems = row_problems(rows, bib_keys())
    if problems:
        raise PluginError("data/regulatory.yml:\n  " + "\n  ".join(problems))
    _rows = rows
    return config


@event_priority(100)  # before mkdocs-bibtex turns the [@key] citations into footnotes
def on_page_markdown(markdown, page, config, files):
    from mkdocs.exceptions import PluginError
    if "regulatory" not in markdown:
        return markdown
    problems = check(markdown, _rows)
    if problems:
        raise PluginError(f"{page.file.src_uri}:\n  " + "\n  ".join(problems))
    return markdown


if __name__ == "__main__":  # python3 hooks/regulatory.py --write
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python3 hooks/regulatory.py --write")
    data = load()
    for md in sorted((ROOT / "docs").rglob("*.md")):
        text = md.read_text(encoding="utf-8")
        if BLOCK.search(text):
            new = rewrite(text, data)
            if new != text:
                md.write_text(new, encoding="utf-8")
                print(f"rewrote {md.relative_to(ROOT)}")
