"""The calculator's pure functions (docs/assets/calculator/homa.js), run in Chromium, against the
shared test vectors; a property test that every answer is a finite number or a named error; and
the build hook's pure functions (hooks/calculator.py)."""
from __future__ import annotations

import json
import math
import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
HOMA_JS = ROOT / "docs/assets/calculator/homa.js"
VECTORS = json.loads((ROOT / "tests/calculator_vectors.json").read_text(encoding="utf-8"))

PARSE_ERRORS = {"empty", "not-a-number", "not-finite"}
FIELD_ERRORS = PARSE_ERRORS | {"zero", "negative", "impossible", "unknown-unit"}
RESULT_ERRORS = {"not-defined", "no-triglycerides"}
WARNINGS = {"below-homa2-range", "above-homa2-range"}
UNITS = {"glucose": ["mg/dL", "mmol/L"], "insulin": ["uIU/mL", "pmol/L"], "tg": ["mg/dL", "mmol/L"]}
INDICES = ("homa-ir", "homa-b", "quicki", "tyg")


@pytest.fixture(scope="module")
def calc(browser):
    """One blank page with homa.js loaded as a classic script (as the site loads it)."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_content("<!doctype html><title>HomaCalc</title>")
    page.add_script_tag(path=str(HOMA_JS))
    assert page.evaluate("typeof window.HomaCalc") == "object"
    page.errors = errors
    yield page
    assert errors == []
    context.close()


# --- an independent re-computation of the expected values (not the code under test) ----------

def python_expected(v: dict) -> dict:
    """The vector's expected printed values, from exact fractions (Python, not homa.js)."""
    i = v["inputs"]
    per = {"mmol/L": 1, "mg/dL": Fraction(18), "uIU/mL": 1, "pmol/L": Fraction(6)}
    g = Fraction(i["glucose"].replace(",", ".")) / per[i["glucoseUnit"]]
    ins = Fraction(i["insulin"].replace(",", ".")) / per[i["insulinUnit"]]

    def fmt(x, places):
        return str(Decimal(float(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))

    out = {"homa-ir": fmt(g * ins / Fraction(45, 2), 2),
           "homa-b": fmt(20 * ins / (g - Fraction(7, 2)), 0) if g > Fraction(7, 2) else {"error": "not-defined"},
           "quicki": fmt(1 / (math.log10(ins) + math.log10(g * 18)), 3),
           "tyg": {"error": "no-triglycerides"}}
    if i["tg"]:
        t = Fraction(i["tg"].replace(",", "."))
        t_mg = t if i["tgUnit"] == "mg/dL" else t * Fraction(8857, 100)
        out["tyg"] = fmt(math.log(t_mg * g * 18 / 2), 2)
    return out


VALID = [v for v in VECTORS["vectors"] if "expected" in v]
INVALID = [v for v in VECTORS["vectors"] if "errors" in v]


def test_vector_file_is_consistent_with_an_independent_computation():
    assert len(VALID) >= 20 and len(INVALID) >= 15
    for v in VALID:
        assert v["source"], v["id"]
        assert python_expected(v) == v["expected"], v["id"]


# --- the vectors, against HomaCalc in Chromium --------------------------------------------------

COMPUTE = """inputs => inputs.map(i => {
  const r = HomaCalc.compute(i), out = {ok: r.ok, fields: r.fields, printed: {}};
  if (r.results) for (const k in r.results)
    out.printed[k] = r.results[k].error ? {error: r.results[k].error} : HomaCalc.format(k, r.results[k].value);
  return out;
})"""


def test_valid_vectors(calc):
    answers = calc.evaluate(COMPUTE, [v["inputs"] for v in VALID])
    for v, a in zip(VALID, answers):
        assert a["ok"], (v["id"], a)
        assert a["printed"] == v["expected"], v["id"]
        for field, res in a["fields"].items():
            want = v["warnings"].get(field)
            got = [res["warning"], res.get("otherUnit")] if "warning" in res else None
            assert got == want, (v["id"], field, res)


def test_invalid_vectors(calc):
    answers = calc.evaluate(COMPUTE, [v["inputs"] for v in INVALID])
    for v, a in zip(INVALID, answers):
        assert not a["ok"] and a["printed"] == {}, v["id"]
        errors = {f: [r["error"], r.get("otherUnit")] for f, r in a["fields"].items() if "error" in r}
        assert errors == v["errors"], (v["id"], a["fields"])


def test_parse_vectors(calc):
    cases = VECTORS["parse"]
    answers = calc.evaluate("texts => texts.map(t => HomaCalc.parse(t))", [c["text"] for c in cases])
    for c, a in zip(cases, answers):
        if "error" in c:
            assert a == {"error": c["error"]}, c
        else:
            assert a["value"] == pytest.approx(c["value"], rel=1e-12, abs=0), c
            assert "error" not in a


def test_negative_zero_is_plain_zero(calc):
    assert calc.evaluate("Object.is(HomaCalc.parse('-0').value, 0)")


def test_conversion_vectors(calc):
    for c in VECTORS["conversions"]:
        base = calc.evaluate("c => HomaCalc.toBase(c.field, c.unit, c.value)", c)
        assert base == pytest.approx(c["base"], rel=1e-12), c
        back = calc.evaluate("c => HomaCalc.fromBase(c.field, c.unit, HomaCalc.toBase(c.field, c.unit, c.value))", c)
        assert back == pytest.approx(c["value"], rel=1e-12), c


def test_mg_and_mmol_forms_agree_exactly(calc):
    """With 18.0, glucose in mg/dL with /405 and in mmol/L with /22.5 give the same printed HOMA-IR."""
    pairs = [(g, i) for g in range(54, 451, 7) for i in (2, 5, 9.5, 14, 33)]
    answers = calc.evaluate("""ps => ps.map(([g, i]) => [
        HomaCalc.format('homa-ir', HomaCalc.homaIR(HomaCalc.toBase('glucose', 'mg/dL', g), i).value),
        HomaCalc.format('homa-ir', HomaCalc.homaIR(g / 18, i).value),
        HomaCalc.format('homa-ir', g * i / 405)])""", pairs)
    for (g, i), (a, b, c) in zip(pairs, answers):
        assert a == b == c, (g, i)


def test_format_always_uses_a_decimal_point(calc):
    got = calc.evaluate("""[HomaCalc.format('homa-ir', 2), HomaCalc.format('homa-b', 133.3),
        HomaCalc.format('quicki', 0.33849), HomaCalc.format('tyg', 8.8173), HomaCalc.format('homa-ir', -0.001),
        HomaCalc.format('homa-ir', NaN), HomaCalc.format('homa-ir', Infinity), HomaCalc.format('homa-b', 1e22)]""")
    assert got == ["2.00", "133", "0.338", "8.82", "0.00", "", "", ""]


def test_interpretation_names_population_and_source(calc):
    cutoffs = calc.evaluate("HomaCalc.CUTOFFS")
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    assert {c["index"] for c in cutoffs} == {"homa-ir", "quicki"}  # no TyG: its cut-off is on another scale
    for c in cutoffs:
        assert c["population"] and re.search(r"\b(19|20)\d\d$", c["source"]), c
        assert re.search(r"@\w+\{" + re.escape(c["key"]) + ",", bib), f"{c['key']} is not in references.bib"
    marks = calc.evaluate("""[2.22, 2.6, 3.9].map(x => HomaCalc.interpret({'homa-ir': {value: x}, quicki: {value: 0.33}})
        .map(o => [o.index, o.value, o.beyond]))""")
    at = {x: {(i, v): b for i, v, b in m} for x, m in zip((2.22, 2.6, 3.9), marks)}
    assert at[2.22][("homa-ir", 2.6)] is False and at[2.22][("homa-ir", 2.05)] is True
    assert at[2.6][("homa-ir", 2.6)] is True          # "at or above" the cut-off
    assert at[3.9][("homa-ir", 3.46)] is True
    assert at[2.22][("quicki", 0.33)] is True         # QUICKI: low is the resistant side
    # A printed 2.60 (from 2.599) is compared as printed, so the words agree with the number shown.
    assert calc.evaluate("HomaCalc.interpret({'homa-ir': {value: 2.5999}}).find(o => o.value === 2.6).beyond")


# --- property test: every answer is a finite number or a named error ----------------------------

numberish = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(min_value=-1e6, max_value=1e6).map(lambda x: f"{x:.6g}".replace(".", ",")),
    st.integers(min_value=-10**30, max_value=10**30).map(str),
    st.sampled_from(["", " ", "1e400", "-1e400", "1e-400", "NaN", "Infinity", "\u221e", "1.2.3", "3,5",
                     "63", "3.5", "0", "-0", "<b>1</b>", "5\u00a0", "\u22125", "1_000", "0x1f", "١٢"]),
    st.text(max_size=12),
)
unit = {f: st.one_of(st.sampled_from(u), st.text(max_size=6)) for f, u in UNITS.items()}
case = st.fixed_dictionaries({
    "glucose": numberish, "glucoseUnit": unit["glucose"],
    "insulin": numberish, "insulinUnit": unit["insulin"],
    "tg": numberish, "tgUnit": unit["tg"],
})

CHECK_ALL = """cases => cases.map(c => {
  const r = HomaCalc.compute(c), printed = {};
  if (r.results) for (const k in r.results) if (!r.results[k].error) printed[k] = HomaCalc.format(k, r.results[k].value);
  return {r, printed, parse: HomaCalc.parse(c.glucose), interpret: r.results ? HomaCalc.interpret(r.results) : []};
})"""


def assert_finite_or_named(obj: dict, names: set[str], where) -> None:
    if "error" in obj:
        assert obj["error"] in names and "value" not in obj, where
    else:
        assert isinstance(obj["value"], (int, float)) and math.isfinite(obj["value"]), where


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(case, min_size=1, max_size=40))
def test_property_every_answer_is_finite_or_a_named_error(calc, cases):
    for c, a in zip(cases, calc.evaluate(CHECK_ALL, cases)):
        assert_finite_or_named(a["parse"], PARSE_ERRORS, (c, a))
        r = a["r"]
        for field, res in r["fields"].items():
            assert_finite_or_named(res, FIELD_ERRORS, (c, field, res))
            if "value" in res:
                assert math.isfinite(res["base"]) and res["value"] > 0, (c, res)
                assert res.get("warning", "below-homa2-range") in WARNINGS
        assert r["ok"] == all("error" not in res for res in r["fields"].values())
        if not r["ok"]:
            assert "results" not in r
            continue
        assert set(r["results"]) == set(INDICES)
        for name, res in r["results"].items():
            assert_finite_or_named(res, RESULT_ERRORS, (c, name, res))
        for name, text in a["printed"].items():
            assert re.fullmatch(r"-?\d+(\.\d+)?", text), (c, name, text)
        for o in a["interpret"]:
            assert isinstance(o["beyond"], bool) and math.isfinite(o["shown"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.floats(), st.floats(), st.floats()), min_size=1, max_size=40))
def test_property_index_functions_on_any_float(calc, triples):
    answers = calc.evaluate("""ts => ts.map(([g, i, t]) =>
        [HomaCalc.homaIR(g, i), HomaCalc.homaB(g, i), HomaCalc.quicki(g, i), HomaCalc.tyg(g, t)])""",
                            [[float(x) for x in t] for t in triples])
    for t, results in zip(triples, answers):
        for res in results:
            assert_finite_or_named(res, RESULT_ERRORS, (t, res))


# --- the build hook's pure functions --------------------------------------------------------------

sys.path.insert(0, str(ROOT / "hooks"))
import calculator as hook  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402


def test_hook_replaces_a_known_marker_with_a_slot():
    md, names = hook.replace_markers("# T\n\n<!-- calculator: homa-ir -->\n\nText.\n", "tools/homa-ir.md")
    assert names == ["homa-ir"] and "<!-- calculator-slot: homa-ir -->" in md and "calculator: homa" not in md


@pytest.mark.parametrize("marker", ["<!-- calculator: bmi -->", "<!-- calculator: -->", "<!--calculator:HOMA-IR-->"])
def test_hook_unknown_marker_fails_naming_marker_and_page(marker):
    with pytest.raises(PluginError) as err:
        hook.replace_markers(f"# T\n\n{marker}\n", "about/other.md")
    assert marker in str(err.value) and "about/other.md" in str(err.value)


def test_hook_marker_inside_a_line_fails():
    with pytest.raises(PluginError, match="line of its own"):
        hook.replace_markers("Text <!-- calculator: homa-ir --> here.\n", "x.md")


def test_hook_asset_urls_are_relative_to_the_page():
    assert hook.asset_tags("tools/homa-ir.html", ".x{}")[0] == "<style>.x{}</style>"
    assert 'src="../../assets/calculator/homa.js"' in hook.asset_tags("tools/homa-ir/", "")[1]
    tags = hook.asset_tags("index.html", "")[1]
    assert tags.index("homa.js") < tags.index("homa-form.js") and tags.count("defer") == 2


def test_hook_puts_style_in_head_and_scripts_at_the_end_of_body():
    html = hook.fill_slots("<html><head></head><body><!-- calculator-slot: homa-ir --></body></html>",
                           ["homa-ir"], "tools/homa-ir.html", "tools/homa-ir.md", ".homa{}")
    assert "<style>.homa{}</style></head>" in html
    assert html.endswith('homa-form.js" defer></script></body></html>')


def test_hook_fill_slots_fails_when_markdown_ate_the_slot():
    with pytest.raises(PluginError, match="did not survive"):
        hook.fill_slots("<html><head></head><body><pre>&lt;!-- calculator-slot</pre></body></html>",
                        ["homa-ir"], "x.html", "x.md")


def test_hook_form_contract():
    html = hook.homa_ir_html()
    for name in INDICES:
        assert f'<output name="{name}" id="{name}"' in html
    for label in ("Fasting glucose", "Fasting insulin", "Triglycerides (optional)",
                  "Glucose unit", "Insulin unit", "Triglycerides unit", "µIU/mL", "pmol/L", "mg/dL", "mmol/L"):
        assert f">{label}<" in html, label
    assert 'aria-live="polite"' in html and 'type="button"' in html and "<script" not in html


def test_scripts_stay_within_the_6_kb_gzip_budget():
    import gzip
    sizes = {name: len(gzip.compress((ROOT / "docs/assets/calculator" / name).read_bytes(), 9, mtime=0))
             for name in ("homa.js", "homa-form.js")}
    assert sum(sizes.values()) <= 6 * 1024, sizes
