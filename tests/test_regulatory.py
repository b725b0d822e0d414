"""Every FDA or EMA status a reader sees agrees with data/regulatory.yml, the table of record.

In the manner of Pydantic's test_docs.py, the data file is the source of truth and the pages are
checked against it. For every block of text in every built page (paragraphs, list items, table
cells, glossary entries), each sentence that names an agency or an approval and a product from the
table must:
- say something the table holds: "not approved" / "withdrawn" needs such a row for that product
  (and agency, if the sentence names one), "approved" / "authorized" needs an approval row;
- carry an "as of <month>" or "checked <month>" (in the sentence, its block, its table's header
  or the heading above it) equal to the rows' as_of month.
A sentence that names a medicine the table does not know fails with page and sentence.
Spanish pages are read with Spanish words (SPANISH: "aprobada", "no está aprobada", "revisado en
diciembre de 2026", "metformina"), so a translated status is checked like its English twin.
The hook's own checks (rendered cells equal the data) are tested here on fixtures too.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from support import content_pages, soup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
import regulatory  # noqa: E402  (the hook, imported for its pure functions)
from i18n import page_lang  # noqa: E402

ROWS = regulatory.load()
MONTHS = "|".join(regulatory.MONTHS)
TRIGGER = re.compile(r"\b(FDA|EMA|approv\w*|authori[sz]\w*)\b", re.I)
NEGATED = re.compile(r"\b(?:not|no|neither|nor|never|none)\b[^.;:]{0,80}?\b(?:approv|authori[sz])\w*"
                     r"|\bwithdr[ae]wn?\b", re.I)
POSITIVE = re.compile(r"\b(?:approv|authori[sz])\w*", re.I)
WHEN = re.compile(rf"\b(as of|checked)\b[^.]{{0,60}}?\b({MONTHS}) (\d{{4}})", re.I)
FDA_WORDS = re.compile(r"\b(FDA|US|U\.S\.|United States)\b")
EMA_WORDS = re.compile(r"\b(EMA|EU|European)\b")
# Medicines the table does not hold; a sentence naming one with an approval word must fail.
DRUG_SHAPED = re.compile(r"\b[A-Za-z]+(?:glutide|glitazone|gliflozin|gliptin|formin|morelin|relin)\b")
OTHER_BRANDS = ("Victoza", "Trulicity", "Actos", "Jardiance", "Januvia", "Foundayo", "Kayshild",
                "Glumetza", "Serostim")
# Names a reader meets for a group beyond the words in its rows.
EXTRA_NAMES = {"mht": ["hormone therapy", "MHT", "estrogen"]}
STOP = {"and", "the", "for", "with", "tablets", "tablet", "injection", "products", "product",
        "medicines", "renamed", "in", "most", "other", "authorized", "by", "each", "country's",
        "agency", "oral", "is", "if", "a", "uterus", "present", "menopausal", "hormone", "therapy",
        "estrogens", "progestogens", "conjugated", "plus", "progestogen", "estrogen"}
APPROVED = {"approved", "approved-accelerated", "authorised", "recommended"}
NEGATIVE = {"not-approved", "withdrawn"}
BLOCKS = "p, li, td, th, dd, dt, figcaption"

# The same checks in Spanish. A Spanish medicine name is the English one with -a ("metformina",
# "tesamorelina") or -e turned to -a ("semaglutida"); months are written "diciembre de 2026";
# "a partir de <mes>" is the Spanish "as of", "revisado/comprobado/consultado en" is "checked".
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
             "octubre", "noviembre", "diciembre"]
SPANISH = {
    "trigger": re.compile(r"\b(FDA|EMA|aprob\w*|autoriz\w*)\b", re.I),
    "negated": re.compile(r"\b(?:no|ni|nunca|ningún|ninguna)\b[^.;:]{0,80}?\b(?:aprob|autoriz)\w*"
                          r"|\bretirad[oa]s?\b", re.I),
    "positive": re.compile(r"\b(?:aprob|autoriz)\w*", re.I),
    "when": re.compile(rf"\b(a partir de|revisad[oa]s?|comprobad[oa]s?|consultad[oa]s?|verificad[oa]s?)\b"
                       rf"[^.]{{0,60}}?\b({'|'.join(MONTHS_ES)}) de (\d{{4}})", re.I),
    "fda": re.compile(r"\b(FDA|EE\. ?UU\.|Estados Unidos)"),
    "ema": re.compile(r"\b(EMA|UE|Unión Europea|europe[oa])\b"),
    "clauses": r";|, y |, pero ",
}


def spanish_names(names_: dict[str, set[str]]) -> dict[str, set[str]]:
    return {g: ws | {w[:-1] + "a" if w.endswith("e") else w + "a" for w in ws if w[:1].islower()}
            for g, ws in names_.items()}


def names(rows: list[dict]) -> dict[str, set[str]]:
    """Group -> the words that name it on a page (ingredient and brand words from its rows)."""
    out: dict[str, set[str]] = {}
    for r in rows:
        words = re.split(r"[,;()/]|\s+", f"{r['ingredient']} {r['product']}")
        out.setdefault(r["group"], set()).update(
            w for w in words if len(w) > 3 and w.lower() not in STOP and not w.isdigit())
    for group, extra in EXTRA_NAMES.items():
        out.setdefault(group, set()).update(extra)
    return out


NAMES = names(ROWS)


def mentions(sentence: str, names_: dict[str, set[str]]) -> list[str]:
    return sorted(g for g, ws in names_.items()
                  if any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", sentence, re.I) for w in ws))


def unknown_medicines(sentence: str, names_: dict[str, set[str]]) -> list[str]:
    known = {w.lower() for ws in names_.values() for w in ws}
    found = {m.group(0) for m in DRUG_SHAPED.finditer(sentence)}
    found |= {b for b in OTHER_BRANDS if re.search(rf"\b{b}\b", sentence)}
    return sorted(f for f in found if f.lower() not in known)


def sentence_problems(sentence: str, context: str, rows: list[dict],
                      names_: dict[str, set[str]], lang: str = "en") -> list[str]:
    """What is wrong with one sentence, given the text around it (block, table header, heading)."""
    es = lang == "es"
    trigger, negated, positive_re = ((SPANISH["trigger"], SPANISH["negated"], SPANISH["positive"]) if es
                                     else (TRIGGER, NEGATED, POSITIVE))
    when, fda, ema = (SPANISH["when"], SPANISH["fda"], SPANISH["ema"]) if es else (WHEN, FDA_WORDS, EMA_WORDS)
    names_ = spanish_names(names_) if es else names_
    if not trigger.search(sentence):
        return []
    problems = [f"names {m}, which data/regulatory.yml does not hold"
                for m in unknown_medicines(sentence, names_)]
    groups = mentions(sentence, names_)
    if not groups:
        return problems
    agencies = [a for a, words in (("FDA", fda), ("EMA", ema)) if words.search(sentence)]
    found = when.findall(f"{sentence} {context}")
    month_names = [m.lower() for m in (MONTHS_ES if es else regulatory.MONTHS)]
    months = {f"{y}-{month_names.index(m.lower()) + 1:02d}" for _, m, y in found}
    says_as_of = any(kind.lower() in ("as of", "a partir de") for kind, _, _ in found)
    for group in groups:
        mine = [r for r in rows if r["group"] == group]
        # A brand named in the sentence narrows the rows to that product (Zepbound is not Mounjaro).
        branded = [r for r in mine if any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", sentence)
                                          for w in re.findall(r"[A-Z][\w-]{3,}", r["product"])
                                          if w.lower() not in STOP)]
        mine = [r for r in (branded or mine) if not agencies or r["agency"] in agencies]
        if not mine:
            problems.append(f"{group}: no row for {', '.join(agencies)}")
            continue
        statuses = {r["status"] for r in mine}
        # Status words are read clause by clause: "X is approved; we found no approval of Y".
        split = SPANISH["clauses"] if es else r";|, and |, but "
        clauses = [c for c in re.split(split, sentence) if group in mentions(c, names_)] or [sentence]
        negative = any(negated.search(c) for c in clauses)
        positive = any(positive_re.search(negated.sub(" ", c)) for c in clauses)
        if negative and not statuses & NEGATIVE:
            problems.append(f"{group}: says not approved/withdrawn, but the table holds no such row")
        if positive and not statuses & APPROVED:
            problems.append(f"{group}: says approved/authorized, but the table holds no approval")
        if says_as_of and any(regulatory.needs_checked(r) for r in mine):
            problems.append(f"{group}: says 'as of', but its record is more than 3 months older than "
                            "the month it was checked (or states an absence): say 'checked <month>'")
        if not months:
            problems.append(f"{group}: no 'as of <month>' or 'checked <month>' beside this status")
        elif not months <= {r["as_of"] for r in mine}:
            problems.append(f"{group}: month {sorted(months)} differs from the table's as_of "
                            f"{sorted({r['as_of'] for r in mine})}")
    return problems


# Sentences that name an approval word and a product without stating a status (reason given).
NOT_A_STATUS = {
    "Metformin : how it works, what it is approved for": "a link's description of a page",
    "Your clinician can explain them, and whether metformin is approved": "sends the reader to a clinician; states no status",
    "También le puede decir si la metformina está aprobada": "the Spanish twin of the sentence above",
}
# Pages whose status sentences are being rewritten in another branch this round (issue 13,
# Fundamentals); listed so the debt is visible, and removed when that branch lands.
PENDING: dict[str, str] = {}

SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ¿¡(\"“])")


def page_sentences(html: Path) -> list[tuple[str, str]]:
    """(sentence, context) for every sentence a reader sees in the page's article."""
    doc = soup(html)
    article = doc.select_one("article")
    if article is None:
        return []
    out = []
    for block in article.select(BLOCKS):
        if block.find_parent(class_="footnote") or block.find(BLOCKS.split(", ")[:2]):
            continue  # footnotes are records, not claims; a list item holding a list is split below
        text = " ".join(block.get_text(" ", strip=True).split())
        heading = block.find_previous(re.compile(r"^h[1-6]$"))
        context = text + " " + (heading.get_text(" ", strip=True) if heading else "")
        table = block.find_parent("table")
        if table is not None:
            context += " " + " ".join(th.get_text(" ", strip=True) for th in table.select("thead th"))
        out += [(s, context) for s in SPLIT.split(text) if s]
    return out


def site_problems(site: Path) -> list[str]:
    out = []
    for page in content_pages(site):
        if page in ("references.html", "about/corrections.html") or page in PENDING:
            continue  # the bibliography lists records, the Corrections page quotes old wording

        for sentence, context in page_sentences(site / page):
            if sentence.startswith(tuple(NOT_A_STATUS)):
                continue
            out += [f"{page}: {p}: “{sentence[:160]}”"
                    for p in sentence_problems(sentence, context, ROWS, NAMES, page_lang(page))]
    return out


# --- the table of record itself ---------------------------------------------------------------

def test_table_of_record_is_well_formed():
    assert regulatory.row_problems(ROWS, regulatory.bib_keys()) == []


def test_table_names_the_products_the_review_asked_for():
    products = " ".join(r["product"] for r in ROWS)
    for name in ("Rybelsus", "Ozempic", "Wegovy tablets", "Mounjaro", "Zepbound", "Saxenda", "Byetta",
                 "Glucophage", "Egrifta", "CJC-1295", "ipamorelin", "testosterone", "hormone therapy"):
        assert name in products, name
    assert {r["agency"] for r in ROWS} == {"FDA", "EMA"}


def test_absences_are_stated_as_checks():
    for r in ROWS:
        if r["status"] == "not-approved":
            assert regulatory.when(r).startswith("checked "), r["id"]


def test_row_rules_fail_on_a_bad_fixture():
    bad = [{"id": "x", "group": "g", "agency": "MHRA", "product": "P", "ingredient": "i",
            "indication": "u", "status": "maybe", "decision": "2025/01", "as_of": "2026",
            "record_date": None, "source": "nokey"}]
    problems = regulatory.row_problems(bad + bad, {"somekey"})
    assert any("agency must be FDA or EMA" in p for p in problems)
    assert any("unknown status" in p for p in problems)
    assert any("as_of must be YYYY-MM" in p for p in problems)
    assert any("decision must be" in p for p in problems)
    assert any("not in references.bib" in p for p in problems)
    assert any("duplicate id" in p for p in problems)


# --- the hook: the pages' regulatory blocks equal the data --------------------------------------

def test_every_block_in_the_sources_matches_the_data():
    problems = []
    for md in sorted((ROOT / "docs").rglob("*.md")):
        problems += [f"{md.relative_to(ROOT)}: {p}" for p in regulatory.check(md.read_text(encoding="utf-8"), ROWS)]
    assert problems == []


def test_the_three_tables_are_rendered_from_the_data():
    pages = {"compare/interventions.md": ["semaglutide", "tirzepatide", "tesamorelin"],
             "compare/standard-vs-advanced.md": ["semaglutide", "tirzepatide", "tesamorelin", "peptides"],
             "academic/advanced-therapies.md": ["semaglutide", "tirzepatide", "tesamorelin", "peptides"]}
    for page, groups in pages.items():
        specs = " ".join(m.group(1) for m in regulatory.BLOCK.finditer((ROOT / "docs" / page).read_text()))
        for g in groups:
            assert g in specs.split(), f"{page} does not render {g} from data/regulatory.yml"


def test_hook_check_fails_on_bad_fixtures():
    good = f"<!-- regulatory: cell tesamorelin -->{regulatory.render('cell tesamorelin', ROWS)}<!-- /regulatory -->"
    assert regulatory.check(good, ROWS) == []
    stale = good.replace("lipodystrophy", "obesity", 1)
    assert "differs from data/regulatory.yml" in regulatory.check(stale, ROWS)[0]
    assert "unknown group" in regulatory.check("<!-- regulatory: cell nosuch --><!-- /regulatory -->", ROWS)[0]
    assert "unknown kind" in regulatory.check("<!-- regulatory: row tesamorelin --><!-- /regulatory -->", ROWS)[0]
    assert "without its" in regulatory.check("<!-- regulatory: cell tesamorelin -->", ROWS)[0]


def test_hook_fails_the_build_naming_the_page(tmp_path):
    import subprocess
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n<!-- regulatory: cell nosuch --><!-- /regulatory -->\n")
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\nhooks:\n  - {ROOT / 'hooks/regulatory.py'}\n")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "s")],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode != 0
    assert "index.md" in run.stderr and "unknown group" in run.stderr


def test_rendered_cell_shows_record_dates_and_check_month():
    cell = regulatory.render("cell semaglutide", ROWS)
    assert "checked December 2026" in cell
    assert "record dated" in cell
    assert "European Commission decision" in cell  # the EU oral Wegovy decision is unconfirmed: say so


# --- every sentence on every page ---------------------------------------------------------------

def test_every_status_sentence_agrees_with_the_table(site_dir):
    assert site_problems(site_dir) == []


def test_pending_pages_are_real_and_still_pending(site_dir):
    """A page leaves PENDING once its sentences pass: this fails when the entry is stale."""
    for page in PENDING:
        assert (site_dir / page).is_file(), page
        sentences = page_sentences(site_dir / page)
        assert any(sentence_problems(s, c, ROWS, NAMES) for s, c in sentences), f"{page}: remove from PENDING"


@pytest.mark.parametrize("sentence, context, expect", [
    ("The FDA has approved Victoza for weight loss.", "", "does not hold"),
    ("Tesamorelin is approved by the FDA for belly fat in HIV.", "", "no 'as of"),
    ("Tesamorelin is approved by the FDA for belly fat in HIV (checked March 2025).", "", "differs"),
    ("CJC-1295 is approved by the FDA (checked December 2026).", "", "holds no approval"),
    ("Ozempic is not approved by the EMA (checked December 2026).", "", None),  # prevention row
    ("Byetta is not approved by the FDA (checked December 2026).", "", "holds no such row"),
    ("Zepbound is authorized by the EMA (checked December 2026).", "", "no row for EMA"),
    ("Tesamorelin is approved by the FDA only for HIV lipodystrophy.", "Regulatory status (checked December 2026)", None),
    ("Tesamorelin lowers visceral fat.", "", None),
    ("As of December 2026, Egrifta is approved by the FDA.", "", "say 'checked <month>'"),
    ("Semaglutide is approved; we found no approval of ipamorelin (checked December 2026).", "", None),
])
def test_sentence_check_fails_on_fixtures(sentence, context, expect):
    problems = sentence_problems(sentence, context, ROWS, NAMES)
    if expect is None:
        assert problems == []
    else:
        assert any(expect in p for p in problems), problems


def test_page_check_fails_on_a_fixture_page(tmp_path):
    (tmp_path / "index.html").write_text("<html><body></body></html>")
    (tmp_path / "p.html").write_text(
        "<article><h2>Status</h2><p>Egrifta is approved by the FDA. It lowers belly fat.</p>"
        "<table><thead><tr><th>Approval (checked December 2026)</th></tr></thead>"
        "<tbody><tr><td>Egrifta: approved by the FDA</td></tr></tbody></table></article>")
    problems = site_problems(tmp_path)
    assert len(problems) == 1 and "p.html" in problems[0] and "Egrifta is approved" in problems[0]


@pytest.mark.parametrize("sentence, context, expect", [
    ("La tesamorelina está aprobada por la FDA para la grasa abdominal en el VIH.", "", "sin fecha"),
    ("La tesamorelina está aprobada por la FDA (etiqueta revisada en marzo de 2025).", "", "differs"),
    ("La CJC-1295 está aprobada por la FDA (revisado en diciembre de 2026).", "", "holds no approval"),
    ("La metformina no está aprobada por la FDA para la prediabetes (dato revisado en diciembre de 2026).", "", None),
    ("La tesamorelina baja la grasa visceral.", "", None),
])
def test_spanish_sentence_check_fails_on_fixtures(sentence, context, expect):
    problems = sentence_problems(sentence, context, ROWS, NAMES, "es")
    if expect is None:
        assert problems == []
    else:
        expect = "no 'as of" if expect == "sin fecha" else expect
        assert any(expect in p for p in problems), problems
