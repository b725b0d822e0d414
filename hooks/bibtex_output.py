"""Tidy the reference text that mkdocs-bibtex gets from pandoc, before Markdown renders it.

In CSL mode pandoc writes braced (case-protected) BibTeX spans as `[text]{.nocase}` and keeps
TeX dashes (`---`), which Markdown would print literally. Only footnote definitions (the lines the
plugin adds) are touched. Runs after the plugin (negative priority); drop it with the plugin.
"""
import re

from mkdocs.plugins import event_priority

NOCASE = re.compile(r"\[([^\[\]]*)\]\{\.nocase\}")


def tidy(line: str) -> str:
    if not line.startswith("[^"):
        return line
    line = NOCASE.sub(r"\1", line)
    return line.replace("---", "—").replace("--", "–")


@event_priority(-50)
def on_page_markdown(markdown, page, config, files):
    return "\n".join(tidy(line) for line in markdown.split("\n"))
