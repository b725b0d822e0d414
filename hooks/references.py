"""Citations: check every `[@key]` against references.bib, and render the References page.

mkdocs-bibtex silently drops a citation whose key is unknown (only a warning without the page
name), and its `\\full_bibliography` leaves dangling back-links. This hook runs before it:
- `on_files` reads every Markdown page once (every language), fails the build on an unknown key
  or a citation form the plugin would mangle (naming key and page), and remembers which English
  pages cite what (a Spanish twin cites the same keys: tests/test_spanish.py);
- `on_page_markdown` replaces `<!-- bibliography -->` on the References page with every entry
  of the bib file, sorted by first author, each with its DOI link and the pages citing it.
Pure functions below are imported by the tests.
"""
from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils.meta import get_data
from pybtex.database import BibliographyData, parse_file
from pybtex.richtext import Text

from i18n import DEFAULT, page_lang

MARKER = "<!-- bibliography -->"
KEY = re.compile(r"^[A-Za-z0-9-]+$")
# Any square-bracket group holding an @, the way mkdocs-bibtex finds citation blocks.
BRACKET = re.compile(r"\[([^\[\]]*@[^\[\]]*)\]")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)

_bib: BibliographyData | None = None
_cited_by: dict[str, list[tuple[str, str]]] = {}  # key -> [(src_uri, title)]


# --- pure functions ---------------------------------------------------------------------------

def citations(markdown: str) -> tuple[list[str], list[str]]:
    """Return (keys cited, problems) for one page. Only `[@key]` is supported."""
    keys, problems = [], []
    for fence in FENCE.finditer(markdown):
        if "[@" in fence.group(0):
            problems.append("a citation inside a code block (mkdocs-bibtex would still convert it)")
    for match in BRACKET.finditer(markdown):
        body = match.group(1)
        if body.startswith("@") and KEY.match(body[1:]):
            keys.append(body[1:])
        else:
            problems.append(f"unsupported citation form [{body}]: write one [@key] per bracket")
    return keys, problems


def unknown_keys(keys: list[str], known: set[str]) -> list[str]:
    return sorted({k for k in keys if k not in known})


def plain(latex: str) -> str:
    """BibTeX field text (braces, escapes) as plain text."""
    return Text.from_latex(latex).render_as("text").strip()


def rendered(registry, keys: list[str]) -> dict[str, str]:
    """Each entry's reference text from mkdocs-bibtex's own pandoc/CSL registry: the one renderer
    the footnotes use too (so the References page and the pages' notes never differ)."""
    from mkdocs_bibtex.citation import Citation, CitationBlock
    registry.validate_citation_blocks([CitationBlock(citations=[Citation(key=k)]) for k in keys])
    return {k: registry.reference_text(Citation(key=k)) for k in keys}


def sort_key(item) -> tuple:
    key, entry = item
    people = entry.persons.get("author", [])
    first = plain(" ".join(people[0].last_names)).lower() if people else key
    return (first, entry.fields.get("year", ""), key)


# A bib `note` that says an identifier (or the year) is "not confirmed" is shown to readers on the
# References page: AMA's CSL style prints no note, and a reader must see why a DOI or PMID is missing.
UNCONFIRMED = re.compile(r"\bnot confirmed\b", re.I)


def unconfirmed_note(entry) -> str:
    """The entry's note as plain text when it flags an unconfirmed identifier, else ''."""
    note = entry.fields.get("note", "")
    return plain(note) if UNCONFIRMED.search(note) else ""


def render_bibliography(bib: BibliographyData, texts: dict[str, str], cited_by: dict, page_src: str) -> str:
    """The References page body: every bib entry, sorted by first author, as the renderer wrote
    it, with its PMID (AMA's style omits it), any "not confirmed" note and the pages that cite it."""
    here = posixpath.dirname(page_src)
    lines = []
    for key, entry in sorted(bib.entries.items(), key=sort_key):
        pages = sorted(set(cited_by.get(key, [])), key=lambda p: p[0])
        links = ", ".join(f"[{title}]({posixpath.relpath(src, here or '.')})" for src, title in pages)
        pmid = f" PMID: {entry.fields['pmid']}" if "pmid" in entry.fields else ""
        flag = unconfirmed_note(entry)
        flag = f'  \n   <span class="unconfirmed">{flag}.</span>' if flag else ""
        lines.append(f'1. <span id="{key}" class="reference"></span>{texts[key]}{pmid}{flag}  \n'
                     f'   Cited on: {links or "—"}')
    return '<div class="bibliography" markdown>\n\n' + "\n".join(lines) + "\n\n</div>"


# --- MkDocs events ----------------------------------------------------------------------------

@event_priority(100)  # before mkdocs-bibtex rewrites the citations
def on_files(files, config):
    global _bib, _cited_by
    bib_path = Path(config.config_file_path).parent / "references.bib"
    _bib = parse_file(str(bib_path))
    known = set(_bib.entries)
    _cited_by = defaultdict(list)
    errors = []
    for file in files.documentation_pages():
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        keys, problems = citations(text)
        errors += [f"{file.src_uri}: {p}" for p in problems]
        errors += [f"{file.src_uri}: unknown citation key '{k}' (not in references.bib)"
                   for k in unknown_keys(keys, known)]
        title = get_data(text)[1].get("title", file.src_uri)
        if page_lang(file.src_uri) != DEFAULT:
            continue  # the References page (English) lists the English pages; twins cite the same keys
        for k in keys:
            _cited_by[k].append((file.src_uri, title))
    if errors:
        raise PluginError("Citation errors:\n  " + "\n  ".join(errors))
    return files


@event_priority(100)
def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    texts = rendered(config.plugins["bibtex"].registry, list(_bib.entries))
    return markdown.replace(MARKER, render_bibliography(_bib, texts, _cited_by, page.file.src_uri))
