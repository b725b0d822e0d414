"""The glossary is the source of truth for terms; the abbreviations file must agree with it, and
the tier pages must use its anchors and show abbreviation tooltips. Each language has its own
glossary and abbreviations (docs/es/glossary.md, includes/abbreviations.es.md): a page is
checked against those of its language."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT
from support import soup
from test_pages import DOCS, html_of, page_lang, src, tier_pages

GLOSSARY = DOCS / "glossary.md"
ABBREVIATIONS = ROOT / "includes" / "abbreviations.md"
LANGS = ["en"] + (["es"] if (DOCS / "es/glossary.md").is_file() else [])
GLOSSARIES = {"en": GLOSSARY, "es": DOCS / "es/glossary.md"}
ABBREVIATION_FILES = {"en": ABBREVIATIONS, "es": ROOT / "includes" / "abbreviations.es.md"}


def glossary_text(lang: str) -> str:
    return GLOSSARIES[lang].read_text(encoding="utf-8")


def abbr_text(lang: str) -> str:
    return ABBREVIATION_FILES[lang].read_text(encoding="utf-8")
ENTRY = re.compile(r"^### (.+?) \{#([a-z0-9-]+)\}\s*$", re.M)


def entries(text: str) -> list[tuple[str, str, str]]:
    """(heading text, id, body) of every glossary entry."""
    found = list(ENTRY.finditer(text))
    out = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        body = re.split(r"^## ", text[m.end():end], flags=re.M)[0]
        out.append((m.group(1), m.group(2), body.strip()))
    return out


def abbreviations(text: str) -> dict[str, str]:
    return dict(re.findall(r"^\*\[([^\]]+)\]:\s*(.+)$", text, re.M))


def names(heading: str) -> list[str]:
    """The words a term goes by: 'HbA1c (hemoglobin A1c)' -> ['HbA1c', 'hemoglobin A1c']."""
    m = re.match(r"^(.+?) \((.+)\)$", heading)
    return [m.group(1), m.group(2)] if m else [heading]


def consistency_problems(glossary: str, abbrevs: str) -> list[str]:
    problems = []
    found = entries(glossary)
    ids = [i for _, i, _ in found]
    problems += [f"duplicate glossary id #{i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    problems += [f"empty glossary entry #{i}" for _, i, body in found
                 if len(re.sub(r"Read more:.*", "", body).split()) < 5]
    # The abbreviation is a word of an entry's heading: "ADA (American Diabetes Association)",
    # "Asociación Americana de la Diabetes (ADA)".
    headings = [re.findall(r"[\w%-]+", h) for h, _, _ in found]
    for abbr in abbreviations(abbrevs):
        if not any(abbr in words for words in headings):
            problems.append(f"abbreviation {abbr} has no glossary entry")
    return problems


GLOSSARY_TEXT = GLOSSARY.read_text(encoding="utf-8")
ABBR_TEXT = ABBREVIATIONS.read_text(encoding="utf-8")


def test_glossary_size():
    assert len(entries(GLOSSARY_TEXT)) >= 40


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_and_abbreviations_agree(lang):
    assert consistency_problems(glossary_text(lang), abbr_text(lang)) == []


def test_consistency_check_fails_on_a_bad_fixture():
    glossary = ("## A {#a}\n\n### ADA (American Diabetes Association) {#ada}\n\nA group of US clinicians and patients.\n\n"
                "### Apple {#ada}\n\n\n### Beta {#beta}\n\nToo short.\n")
    problems = consistency_problems(glossary, "*[ADA]: x\n*[BMI]: Body mass index\n")
    assert problems == ["duplicate glossary id #ada", "empty glossary entry #ada",
                        "empty glossary entry #beta", "abbreviation BMI has no glossary entry"]


def tier_text(lang: str = "en") -> str:
    """The tier pages' text; for a translation, every page of it but the glossary (its glossary
    holds the terms its pages use, the calculator's included)."""
    pages = tier_pages() if lang == "en" else [p for p in (DOCS / lang).rglob("*.md") if p != GLOSSARIES[lang]]
    return "\n".join(p.read_text(encoding="utf-8") for p in pages if page_lang(src(p)) == lang)


@pytest.mark.parametrize("lang", LANGS)
def test_every_glossary_term_is_used_in_the_tiers(lang):
    text = tier_text(lang).lower()
    unused = [i for h, i, _ in entries(glossary_text(lang))
              if not any(n.lower() in text for n in names(h)) and f"glossary.md#{i}" not in text]
    assert unused == []


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_entries_link_to_pages(site_dir, lang):
    doc = soup(site_dir / src(GLOSSARIES[lang]).replace(".md", ".html"))
    for _, i, _ in entries(glossary_text(lang)):
        heading = doc.find(id=i)
        assert heading is not None and heading.name == "h3"
    lone = [i for _, i, body in entries(glossary_text(lang)) if "](" not in body]
    assert lone == [], "each entry links to where the site explains it"
    homa = next(body for _, i, body in entries(glossary_text(lang)) if i == "homa-ir")
    assert "tools/homa-ir.md" in homa


@pytest.mark.parametrize("md", tier_pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_abbreviation_tooltips_on_tier_pages(site_dir, md):
    """Every abbreviation used in the page's text is marked up with its expansion (in the
    page's language)."""
    expansions = abbreviations(abbr_text(page_lang(src(md))))
    article = soup(html_of(site_dir, md)).select_one("article")
    marked = {a.get_text(): a.get("title") for a in article.find_all("abbr")}
    text = article.get_text(" ")
    for abbr, expansion in expansions.items():
        if re.search(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])", text):
            assert marked.get(abbr) == expansion.strip(), f"{abbr} has no tooltip"


def first_use_problems(html: Path, glossary_entries) -> list[str]:
    """Terms whose first use in body text comes before any link to their glossary entry."""
    article = soup(html).select_one("article")
    body = [el for el in article.find_all(["p", "li"])
            if not el.find_parent(class_=["admonition", "footnote", "md-typeset__table"])
            and not el.find_parent("details")]
    problems = []
    for heading, ident, _ in glossary_entries:
        pattern = re.compile("|".join(rf"(?<![\w-]){re.escape(n)}(?![\w-])" for n in names(heading)),
                             re.I)
        for el in body:
            link = el.find("a", href=re.compile(rf"glossary\.html#{re.escape(ident)}$"))
            plain = "".join(t for t in el.find_all(string=True) if not t.find_parent("a"))
            if link is not None:
                break
            if pattern.search(plain):
                problems.append(f"'{heading}' used before it links to glossary #{ident}")
                break
    return problems


@pytest.mark.parametrize("md", tier_pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_first_use_of_a_term_links_to_the_glossary(site_dir, md):
    assert first_use_problems(html_of(site_dir, md), entries(glossary_text(page_lang(src(md))))) == []
