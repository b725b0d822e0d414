"""Tidy the reference text that pandoc returns through mkdocs-bibtex, before Markdown renders it.

In CSL mode pandoc writes braced (case-protected) BibTeX spans as `[text]{.nocase}`, keeps TeX
dashes (`---`) and, because pybtex hands it `_` as `\\_`, writes underscores in addresses and
titles as `\\_` or `\\\\\\_` (a broken link and a stray backslash for the reader); a braced group
can leave a `\\ ` (escaped space); and pandoc 3.9 writes the AMA style's editors of a chapter as
"In, eds.Wang J, Harris C." instead of "In: Wang J, Harris C, eds." Only reference lines are touched: footnote definitions (the
lines the plugin adds) and the References page's entries (`1. <span ... class="reference">`).
Runs after the plugin (negative priority); drop it with the plugin.
"""
import re

from mkdocs.plugins import event_priority

NOCASE = re.compile(r"\[([^\[\]]*)\]\{\.nocase\}")
UNDERSCORE = re.compile(r"(\\\\)?\\_")
EDITORS_IN = re.compile(r"\bIn, (eds?)\.([^.]*)\.")        # a chapter's book editors
EDITORS_OF = re.compile(r"\(, (eds?)\.([^)]*)\)")           # a book's editors after its title
REFERENCE = re.compile(r'^(\[\^|1\. <span id="[^"]+" class="reference">)')


def tidy_text(text: str) -> str:
    text = NOCASE.sub(r"\1", text)
    text = UNDERSCORE.sub("_", text).replace("\\ ", " ")
    text = EDITORS_OF.sub(r"(\2, \1.)", EDITORS_IN.sub(r"In: \2, \1.", text))
    return text.replace("---", "—").replace("--", "–")


def tidy(line: str) -> str:
    return tidy_text(line) if REFERENCE.match(line) else line


@event_priority(-50)
def on_page_markdown(markdown, page, config, files):
    return "\n".join(tidy(line) for line in markdown.split("\n"))
