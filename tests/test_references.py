"""The bibliography against its rules, the Markdown against the bibliography, and the rendered
citations against the built site. Each rule has a negative test on a small fixture."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from pybtex.database import parse_string

from conftest import ROOT, build_site
from support import content_pages, soup

sys.path.insert(0, str(ROOT / "hooks"))
import references as hook  # noqa: E402  the build hook's own parser of [@key]

BIB = ROOT / "references.bib"
KEY_PATTERN = re.compile(r"^[a-z][a-z-]*[0-9]{4}[a-z0-9-]*$")
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
REQUIRED = {"article": ("author", "title", "journal", "year", "volume", "pages", "doi"),
            "misc": ("title", "year", "url")}
# An identifier (or a web record's year) that no record confirmed is left out, never guessed: the
# entry then carries a note saying so ("Identifier not confirmed: ..."), which the References page
# shows (hooks/references.py). Only these fields may be replaced by that flag.
FLAGGABLE = {"article": ("doi",), "misc": ("year",)}


# --- rules as functions, so each can be shown to fail -------------------------------------------

def cited_keys(docs: Path) -> dict[str, list[str]]:
    cited: dict[str, list[str]] = {}
    for md in sorted(docs.rglob("*.md")):
        for key in hook.citations(md.read_text(encoding="utf-8"))[0]:
            cited.setdefault(key, []).append(md.relative_to(docs).as_posix())
    return cited


def raw_keys(bib_text: str) -> list[str]:
    return re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", bib_text, re.M)


def duplicate_keys(bib_text: str) -> list[str]:
    keys = [k.lower() for k in raw_keys(bib_text)]
    return sorted({k for k in keys if keys.count(k) > 1})


def bad_keys(bib_text: str) -> list[str]:
    return [k for k in raw_keys(bib_text) if not KEY_PATTERN.match(k)]


def missing_fields(bib_text: str) -> list[str]:
    problems = []
    for key, entry in parse_string(bib_text, "bibtex").entries.items():
        fields = set(entry.fields) | set(entry.persons)
        flagged = bool(hook.unconfirmed_note(entry))
        for name in REQUIRED.get(entry.type, ("title", "year")):
            if name not in fields and not (name in FLAGGABLE.get(entry.type, ()) and flagged):
                problems.append(f"{key}: no {name}")
        if entry.type == "misc" and not {"author", "publisher", "howpublished"} & fields:
            problems.append(f"{key}: no author or publisher")
        problems += [f"{key}: empty {n}" for n, v in entry.fields.items() if not str(v).strip()]
    return problems


def unsafe_titles(bib_text: str) -> list[str]:
    """Titles that pandoc's CSL mode corrupts (measured: `\\%` and `\\&`; a bare % ends the field)."""
    entries = parse_string(bib_text, "bibtex").entries.items()
    return [key for key, e in entries if "%" in e.fields.get("title", "") or "\\&" in e.fields.get("title", "")]


def doi_problems(bib_text: str) -> list[str]:
    dois = {}
    problems = []
    for key, entry in parse_string(bib_text, "bibtex").entries.items():
        doi = entry.fields.get("doi")
        if doi is None:
            continue
        if not DOI_PATTERN.match(doi):
            problems.append(f"{key}: DOI '{doi}' is not a bare 10.xxxx/... DOI")
        if doi.lower() in dois:
            problems.append(f"{key}: DOI {doi} also in {dois[doi.lower()]}")
        dois[doi.lower()] = key
    return problems


def unknown_and_dead(bib_text: str, cited: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    known = set(raw_keys(bib_text))
    unknown = [f"{k} (on {', '.join(pages)})" for k, pages in sorted(cited.items()) if k not in known]
    dead = sorted(known - set(cited))
    return unknown, dead


# --- the real bibliography and pages -------------------------------------------------------------

BIB_TEXT = BIB.read_text(encoding="utf-8")


def test_bib_keys_unique():
    assert duplicate_keys(BIB_TEXT) == []


def test_bib_keys_follow_the_pattern():
    assert bad_keys(BIB_TEXT) == []


def test_bib_entries_have_required_fields():
    assert missing_fields(BIB_TEXT) == []


def test_bib_titles_survive_csl_mode():
    assert unsafe_titles(BIB_TEXT) == []


def test_bib_dois_valid_and_unique():
    assert doi_problems(BIB_TEXT) == []


def test_every_cited_key_exists_and_every_entry_is_cited():
    unknown, dead = unknown_and_dead(BIB_TEXT, cited_keys(ROOT / "docs"))
    assert unknown == [], "cited but not in references.bib"
    assert dead == [], "in references.bib but cited nowhere"


def test_article_entries_carry_pmid_where_known():
    entries = parse_string(BIB_TEXT, "bibtex").entries
    with_pmid = [k for k, e in entries.items() if e.type == "article" and "pmid" in e.fields]
    articles = [k for k, e in entries.items() if e.type == "article"]
    assert len(with_pmid) >= 0.8 * len(articles)


# --- negative tests: each rule fails on a fixture ------------------------------------------------

GOOD_BIB = """
@article{smith2000alpha,
  author = {Smith, A.}, title = {Alpha}, journal = {J}, year = {2000}, volume = {1},
  pages = {1--2}, doi = {10.1000/abc}
}
"""
FIXTURE_BIB = GOOD_BIB + """
@article{smith2000alpha,
  author = {Smith, A.}, title = {Alpha again}, journal = {J}, year = {2000}, volume = {1},
  pages = {1--2}, doi = {https://doi.org/10.1000/abc}
}
@article{Jones_2001:beta,
  author = {Jones, B.}, title = {Beta}, journal = {J}, year = {2001}, volume = {},
  doi = {10.1000/abc}
}
@misc{who2020label, title = {A label}, year = {2020}}
"""


FLAG_BIB = """
@article{lee2001delta,
  author = {Lee, C.}, title = {Delta}, journal = {J}, year = {2001}, volume = {2}, pages = {3--4},
  note = {Identifier not confirmed: no DOI was found in the records searched}
}
@article{lee2002eps,
  author = {Lee, C.}, title = {Epsilon}, journal = {J}, year = {2002}, volume = {2}, pages = {3--4},
  note = {Mice only}
}
@article{lee2003zeta,
  author = {Lee, C.}, title = {Zeta}, journal = {J}, volume = {2}, pages = {3--4},
  note = {Identifier not confirmed}
}
@misc{oxford2013tool, author = {Oxford}, title = {A tool}, url = {https://example.org/},
  note = {Year not confirmed: none found}}
"""


def test_an_unconfirmed_identifier_may_be_left_out_only_with_a_flag():
    """A missing DOI (or web record year) passes only with a "not confirmed" note; a missing
    volume, pages or a journal article's year never does, and an unflagged note does not count."""
    assert missing_fields(FLAG_BIB) == ["lee2002eps: no doi", "lee2003zeta: no year"]


def test_references_page_renders_a_flag_and_only_a_flag():
    bib = parse_string(FLAG_BIB, "bibtex")
    texts = {k: f"{k} text." for k in bib.entries}
    body = hook.render_bibliography(bib, texts, {}, "references.md")
    item = {line.split('id="')[1].split('"')[0]: line for line in body.split("\n1. ")[1:]}
    assert '<span class="unconfirmed">Identifier not confirmed: no DOI was found' in item["lee2001delta"]
    assert "Year not confirmed: none found." in item["oxford2013tool"]
    assert "unconfirmed" not in item["lee2002eps"] and "Mice only" not in item["lee2002eps"]


def test_flagged_entries_show_their_flag_on_the_references_page(site_dir):
    entries = parse_string(BIB_TEXT, "bibtex").entries
    flagged = {k: hook.unconfirmed_note(e) for k, e in entries.items() if hook.unconfirmed_note(e)}
    assert flagged, "no flagged entry: this test would prove nothing"
    doc = soup(site_dir / "references.html")
    for key, note in flagged.items():
        li = doc.find("span", id=key).find_parent("li")
        shown = li.select_one(".unconfirmed")
        assert shown is not None and " ".join(note.split())[:60] in " ".join(shown.get_text().split()), key


def test_rules_fail_on_a_bad_fixture():
    assert duplicate_keys(FIXTURE_BIB) == ["smith2000alpha"]
    assert bad_keys(FIXTURE_BIB) == ["Jones_2001:beta"]
    text = FIXTURE_BIB.replace("smith2000alpha,\n  author = {Smith, A.}, title = {Alpha again}",
                               "smith2000gamma,\n  author = {Smith, A.}, title = {Alpha again}")
    fields = missing_fields(text)
    assert "Jones_2001:beta: no pages" in fields and "Jones_2001:beta: empty volume" in fields
    assert "who2020label: no url" in fields and "who2020label: no author or publisher" in fields
    assert unsafe_titles(text + "@misc{x2001y,\n  title = {Rates of 5\\% and A \\& B}, year = {2001}\n}\n") == ["x2001y"]
    dois = doi_problems(text)
    assert any("not a bare" in p for p in dois) and any("also in" in p for p in dois)
    unknown, dead = unknown_and_dead(text, {"smith2000alpha": ["a.md"], "nobody1999x": ["b.md"]})
    assert unknown == ["nobody1999x (on b.md)"]
    assert "who2020label" in dead


def test_citation_parser_rejects_forms_the_plugin_mangles():
    keys, problems = hook.citations("A [@a2000x] B [@b2001y; @c2002z] C [see @d2003w] D [x@y.org]\n"
                                    "```\n[@e2004v]\n```\n")
    assert keys[:1] == ["a2000x"]
    assert len(problems) == 4


def _fixture_site(tmp_path: Path, page_text: str) -> Path:
    docs = tmp_path / "docs"
    (docs).mkdir()
    (docs / "index.md").write_text("# Home\n\nNothing cited.\n")
    (docs / "topic.md").write_text(page_text)
    (tmp_path / "references.bib").write_text(GOOD_BIB)
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: Fixture\ndocs_dir: {docs}\nhooks:\n  - {ROOT / 'hooks' / 'references.py'}\n"
                      "plugins:\n  - bibtex:\n      bib_file: references.bib\n"
                      "      enable_inline_citations: false\nmarkdown_extensions: [footnotes]\n")
    return config


def test_unknown_key_fails_the_build_naming_key_and_page(tmp_path):
    config = _fixture_site(tmp_path, "# Topic\n\nA claim [@smith2000alpha]. Another [@nobody1999x].\n")
    result = build_site(tmp_path / "out", config)
    assert result.returncode != 0
    assert "topic.md: unknown citation key 'nobody1999x'" in result.stderr


def test_known_key_builds(tmp_path):
    config = _fixture_site(tmp_path, "# Topic\n\nA claim [@smith2000alpha].\n")
    result = build_site(tmp_path / "out", config)
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'href="#fn:smith2000alpha"' in (tmp_path / "out" / "topic" / "index.html").read_text()


# --- the built site ------------------------------------------------------------------------------

def footnote_problems(html_path: Path) -> list[str]:
    doc = soup(html_path)
    ids = {el["id"] for el in doc.find_all(id=True)}
    problems = []
    for a in doc.select("a.footnote-ref"):
        if a["href"].lstrip("#") not in ids:
            problems.append(f"citation {a['href']} has no footnote")
    for a in doc.select("a.footnote-backref"):
        if a["href"].lstrip("#") not in ids:
            problems.append(f"footnote back-link {a['href']} has no citation")
    text = doc.get_text()
    if "[@" in text or "[?]" in text:
        problems.append("an unrendered citation")
    return problems


def test_every_citation_and_back_link_lands(site_dir):
    problems = {p: footnote_problems(site_dir / p) for p in content_pages(site_dir)}
    assert {p: v for p, v in problems.items() if v} == {}
    assert sum(len(soup(site_dir / p).select("a.footnote-ref")) for p in content_pages(site_dir)) > 0


def test_footnote_check_fails_on_a_broken_fixture(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">1</a></sup>'
                    '<sup><a class="footnote-ref" href="#fn:b">2</a></sup> [@c]'
                    '<div class="footnote"><ol><li id="fn:a">A <a class="footnote-backref" href="#fnref:a">↩</a>'
                    '<a class="footnote-backref" href="#fnref:z">↩</a></li></ol></div>')
    assert footnote_problems(page) == ["citation #fn:b has no footnote",
                                       "footnote back-link #fnref:z has no citation",
                                       "an unrendered citation"]


def test_references_page_lists_exactly_the_bib(site_dir):
    doc = soup(site_dir / "references.html")
    listed = [span["id"] for span in doc.select("article li > span[id]")]
    assert sorted(listed) == sorted(raw_keys(BIB_TEXT))
    assert len(listed) == len(set(listed))
    for li in doc.select("article li"):
        # An entry whose identifier was not confirmed has no link to give; it shows its flag instead.
        if li.find("span", id=True) and not li.select_one(".unconfirmed"):
            assert li.select_one('a[href^="https://doi.org/"], a[href^="http"]'), li.get_text()[:80]


def test_cited_pages_show_dois(site_dir):
    doc = soup(site_dir / "intermediate" / "lab-markers.html")
    assert doc.select('.footnote a[href^="https://doi.org/10."]')


# --- the renderer: one pandoc/CSL call (mkdocs-bibtex's registry) plus the tidy hook ---------------

import bibtex_output  # noqa: E402  (hooks/ is on sys.path above)
from bs4 import BeautifulSoup  # noqa: E402

RENDER_BIB = r"""
@incollection{kuo2015x,
    author = "Kuo, T. and Chen, T.-C.",
    editor = "Wang, J.-C. and Harris, C.",
    title = "Regulation of glucose homeostasis",
    booktitle = "Glucocorticoid Signaling",
    series = "{Advances in Experimental Medicine and Biology}",
    volume = "872", pages = "99--126", publisher = "Springer", year = "2015"
}
@book{smith2010y,
    author = "Smith, J. and Jones, A. and others",
    editor = "Brown, B.",
    title = "A book", series = "{Great Series}", volume = "3", publisher = "Wiley", year = "2010"
}
@article{thompson2020z,
    author = "Thompson, Jr., I. M. and Lee, M.-E.",
    title = "A \& B", journal = "Work \& Health", year = "2020",
    url = "https://example.org/drugsatfda_docs/a_b.pdf"
}
"""


@pytest.fixture(scope="module")
def fixture_references(tmp_path_factory):
    from mkdocs_bibtex.registry import PandocRegistry
    bib = tmp_path_factory.mktemp("bib") / "f.bib"
    bib.write_text(RENDER_BIB, encoding="utf-8")
    csl = ROOT / "build/csl/american-medical-association.csl"
    texts = hook.rendered(PandocRegistry([str(bib)], str(csl), None), ["kuo2015x", "smith2010y", "thompson2020z"])
    return {k: bibtex_output.tidy_text(v) for k, v in texts.items()}


def test_incollection_prints_editors_book_volume_series_publisher_in_ama_order(fixture_references):
    assert fixture_references["kuo2015x"].startswith(
        "Kuo T, Chen T-C. Regulation of glucose homeostasis. In: Wang J-C, Harris C, eds. *Glucocorticoid Signaling*. "
        "Vol 872. Advances in Experimental Medicine and Biology. Springer; 2015:99-126")


def test_book_prints_et_al_editors_series_and_publisher(fixture_references):
    text = fixture_references["smith2010y"]
    assert text.startswith("Smith J, Jones A, et al. *A Book*. Vol 3.") and "others" not in text
    assert "Brown B, ed." in text and "Wiley; 2010" in text


def test_suffixes_hyphenated_initials_and_tex_escapes_survive(fixture_references):
    text = fixture_references["thompson2020z"]
    assert text.startswith("Thompson IM Jr., Lee M-E. A & b. *Work & Health*.")
    assert "\\" not in text and "](https://example.org/drugsatfda_docs/a_b.pdf)" in text


TEX = re.compile(r"\\[A-Za-z]+|\\[&%_$#{} ]|\{\.nocase\}|[\w./-]+\.md\b")


def test_no_text_a_reader_sees_names_a_markdown_file_or_a_tex_command(site_dir):
    found = {}
    for rel in content_pages(site_dir) + ["404.html"]:
        body = BeautifulSoup(str(soup(site_dir / rel).select_one("body")), "lxml")  # a copy to cut up
        for el in body.select("script, style, code, pre"):
            el.decompose()
        hits = TEX.findall(body.get_text(" ")) + [a["href"] for a in body.select("a[href]") if "\\" in a["href"]]
        if hits:
            found[rel] = hits[:5]
    assert found == {}


def test_tex_check_fails_on_a_fixture():
    assert TEX.findall(r"Work\ & Health, see facts-2.md, A \& B, [x]{.nocase}") == ["\\ ", "facts-2.md", "\\&", "{.nocase}"]
