"""The calculator's pure functions (docs/assets/calculator/homa.js), run in Chromium, against the
shared test vectors; an independent Python reading of the limits of record (data/calculator.yml)
that re-derives every vector's question or error; a property test that every answer is a finite
number, a named error or a named question; and the build hook's pure functions."""
from __future__ import annotations

import json
import math
import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
HOMA_JS = ROOT / "docs/assets/calculator/homa.js"
VECTORS = json.loads((ROOT / "tests/calculator_vectors.json").read_text(encoding="utf-8"))
LIMITS = yaml.safe_load((ROOT / "data/calculator.yml").read_text(encoding="utf-8"))

PARSE_ERRORS = {"empty", "not-a-number", "not-finite", "comparison", "unit-typed", "flag", "ambiguous"}
FIELD_ERRORS = (PARSE_ERRORS - {"ambiguous"}) | {"zero", "negative", "implausible", "unknown-unit"}
QUESTIONS = {"unit", "separator"}
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
INVALID = [v for v in VECTORS["vectors"] if "errors" in v or "questions" in v]
TYPED = [v for v in VECTORS["vectors"] if "typed" in v]
OTHER = {"mg/dL": "mmol/L", "mmol/L": "mg/dL", "uIU/mL": "pmol/L", "pmol/L": "uIU/mL"}
PER = {"glucose": {"mmol/L": 1, "mg/dL": Fraction(18)}, "insulin": {"uIU/mL": 1, "pmol/L": Fraction(6)},
       "tg": {"mmol/L": 1, "mg/dL": Fraction(8857, 100)}}


def python_outcome(field: str, text: str, unit: str, chosen: bool) -> tuple[str, object]:
    """('value', warning or None) | ('error', name) | ('question', {...}), from the rules in
    decisions.md and the limits in data/calculator.yml: an independent reading, not homa.js."""
    s = text.strip()
    if not s:
        return "error", "empty"
    if re.match(r"[<>\u2264\u2265]=?\s*[+-]?[\d.,]", s):
        return "error", "comparison"
    if re.fullmatch(r"[1-9]\d{0,2}[.,]\d{3}", s):
        return "question", {"question": "separator",
                            "readings": [float(s.replace(",", ".")), float(re.sub("[.,]", "", s))]}
    m = re.fullmatch(r"([\d.,]+)\s*(.+)", s)
    if m and re.fullmatch(r"(mg/dl|mmol/l|pmol/l|[uµ]iu/ml)", m.group(2).lower().replace(" ", "")):
        return "error", "unit-typed"
    if m and re.fullmatch(r"\(?[hl]\)?", m.group(2).lower()):
        return "error", "flag"
    if re.fullmatch(r"[+-]?(infinity|\u221e)", s, re.I):
        return "error", "not-finite"
    try:
        x = Fraction(s.replace(",", "."))
    except ValueError:
        return "error", "not-a-number"
    if abs(x) > Fraction(1.7976931348623157e308):        # beyond the largest double: JS reads Infinity
        return "error", "not-finite"
    if x == 0:
        return "error", "zero"
    if x < 0:
        return "error", "negative"
    low, high = LIMITS["plausible"][field][unit]
    alt_low, alt_high = LIMITS["plausible"][field][OTHER[unit]]
    if not low <= x <= high:
        side = "low" if x < low else "high"
        if alt_low <= x <= alt_high:
            return "question", {"question": "unit", "unit": OTHER[unit], "why": "implausible", "side": side}
        return "error", "implausible"
    if field in ("glucose", "insulin"):
        h = LIMITS["homa2_range"][field]
        lo, hi = h["range"]
        base = x / PER[field][unit] * PER[field][h["unit"]]
        alt = x / PER[field][OTHER[unit]] * PER[field][h["unit"]]
        if not lo <= base <= hi:
            if not chosen and alt_low <= x <= alt_high and lo <= alt <= hi:
                return "question", {"question": "unit", "unit": OTHER[unit], "why": "homa2-range",
                                    "side": "low" if base < lo else "high"}
            return "value", "below-homa2-range" if base < lo else "above-homa2-range"
    return "value", None


def vector_outcome(v: dict) -> dict:
    i = v["inputs"]
    out = {"errors": {}, "questions": {}, "warnings": {}}
    for f in ("glucose", "insulin", "tg"):
        if f == "tg" and not i["tg"].strip():
            continue
        kind, what = python_outcome(f, i[f], i[f + "Unit"], i[f + "Chosen"])
        if kind == "value":
            if what:
                out["warnings"][f] = what
        else:
            out[kind + "s"][f] = what
    return out


def test_vector_file_is_consistent_with_an_independent_computation():
    assert len(VALID) >= 20 and len(INVALID) >= 25 and len(TYPED) >= 2
    for v in VALID:
        assert v["source"], v["id"]
        assert python_expected(v) == v["expected"], v["id"]
    for v in VALID + [v for v in INVALID if v["inputs"]["glucose"] or v["inputs"]["insulin"]]:
        got = vector_outcome(v)
        want = {"errors": v.get("errors", {}), "questions": v.get("questions", {}), "warnings": v.get("warnings", {})}
        assert got == want, (v["id"], got, want)


def test_vectors_cover_every_rule():
    ids = {v["id"] for v in VECTORS["vectors"]}
    questions = [(f, q.get("why"), q.get("side")) for v in INVALID for f, q in v.get("questions", {}).items()]
    for f in ("glucose", "insulin", "tg"):            # a wrong unit on the low and the high side of each field
        assert (f, "implausible", "low") in questions or (f, "homa2-range", "low") in questions, f
        assert (f, "implausible", "high") in questions or (f, "homa2-range", "high") in questions, f
    assert any(q.get("question") == "separator" for v in INVALID for q in v.get("questions", {}).values())
    assert {"worked-example-units-not-chosen", "typed-homa-ir-only", "unit-typed-in-value", "lab-flag-in-value",
            "limit-in-value", "wrong-unit-insulin-high-homa2-range", "wrong-unit-glucose-low"} <= ids


# --- the vectors, against HomaCalc in Chromium --------------------------------------------------

COMPUTE = """([inputs, limits]) => inputs.map(i => {
  const r = HomaCalc.compute(i, limits), out = {ok: r.ok, typed: r.typed, homaIr: r.homaIr, fields: r.fields, printed: {}};
  if (r.results) for (const k in r.results)
    out.printed[k] = r.results[k].error ? {error: r.results[k].error} : HomaCalc.format(k, r.results[k].value);
  return out;
})"""


def test_valid_vectors(calc):
    answers = calc.evaluate(COMPUTE, [[v["inputs"] for v in VALID], LIMITS])
    for v, a in zip(VALID, answers):
        assert a["ok"], (v["id"], a)
        assert a["printed"] == v["expected"], v["id"]
        for field, res in a["fields"].items():
            assert res.get("warning") == v["warnings"].get(field), (v["id"], field, res)


def test_invalid_vectors_ask_or_fail_and_show_no_number(calc):
    answers = calc.evaluate(COMPUTE, [[v["inputs"] for v in INVALID], LIMITS])
    for v, a in zip(INVALID, answers):
        assert not a["ok"] and a["printed"] == {} and a.get("homaIr") is None, v["id"]
        errors = {f: r["error"] for f, r in a["fields"].items() if "error" in r}
        questions = {f: {k: r[k] for k in r if k != "side" or r["question"] == "unit"}
                     for f, r in a["fields"].items() if "question" in r}
        assert errors == v.get("errors", {}), (v["id"], a["fields"])
        assert questions == v.get("questions", {}), (v["id"], a["fields"])


def test_typed_homa_ir_vectors(calc):
    answers = calc.evaluate(COMPUTE, [[v["inputs"] for v in TYPED], LIMITS])
    for v, a in zip(TYPED, answers):
        assert a["ok"] and a["typed"] and a["homaIr"] == pytest.approx(v["typed"]) and a["printed"] == {}, v["id"]


def test_parse_vectors(calc):
    cases = VECTORS["parse"]
    answers = calc.evaluate("texts => texts.map(t => HomaCalc.parse(t))", [c["text"] for c in cases])
    for c, a in zip(cases, answers):
        if "error" in c:
            assert a.get("error") == c["error"] and "value" not in a, (c, a)
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


def test_place_is_a_position_among_the_population_values(calc):
    values = LIMITS["population"]["values"]
    assert values == [1.85, 2.05, 3.46]               # Gayoso-Diz 2013's own three findings
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    for key in [LIMITS["population"]["source"], LIMITS["homa2_range"]["source"]] + [
            LIMITS["plausible"][f][k] for f in ("glucose", "insulin", "tg") for k in ("low_source", "high_source")]:
        assert re.search(r"@\w+\{" + re.escape(key) + ",", bib), f"{key} is not in references.bib"
    got = calc.evaluate("""vs => [1.2, 1.85, 1.9, 2.22, 2.0499, 3.461, 3.47, 9].map(x => HomaCalc.place(x, vs))""", values)
    assert got == [{"position": "less", "upper": 1.85}, {"position": "equal", "lower": 1.85},
                   {"position": "between", "lower": 1.85, "upper": 2.05}, {"position": "between", "lower": 2.05, "upper": 3.46},
                   {"position": "equal", "lower": 2.05},              # 2.0499 prints as 2.05: words agree with the number
                   {"position": "equal", "lower": 3.46}, {"position": "more", "lower": 3.46},
                   {"position": "more", "lower": 3.46}]


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
    "glucose": numberish, "glucoseUnit": unit["glucose"], "glucoseChosen": st.booleans(),
    "insulin": numberish, "insulinUnit": unit["insulin"], "insulinChosen": st.booleans(),
    "tg": numberish, "tgUnit": unit["tg"], "tgChosen": st.booleans(),
    "homaIrValue": st.one_of(st.just(""), numberish),
})

CHECK_ALL = """([cases, limits]) => cases.map(c => {
  const r = HomaCalc.compute(c, limits), printed = {};
  if (r.results) for (const k in r.results) if (!r.results[k].error) printed[k] = HomaCalc.format(k, r.results[k].value);
  return {r, printed, parse: HomaCalc.parse(c.glucose),
          place: r.homaIr === undefined ? null : HomaCalc.place(r.homaIr, limits.population.values)};
})"""


def assert_finite_or_named(obj: dict, names: set[str], where) -> None:
    if "question" in obj:
        assert obj["question"] in QUESTIONS and "value" not in obj and "error" not in obj, where
    elif "error" in obj:
        assert obj["error"] in names and "value" not in obj, where
    else:
        assert isinstance(obj["value"], (int, float)) and math.isfinite(obj["value"]), where


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(case, min_size=1, max_size=40))
def test_property_every_answer_is_finite_or_a_named_error(calc, cases):
    for c, a in zip(cases, calc.evaluate(CHECK_ALL, [cases, LIMITS])):
        assert_finite_or_named(a["parse"], PARSE_ERRORS | {"ambiguous"}, (c, a))
        r = a["r"]
        for field, res in r["fields"].items():
            assert_finite_or_named(res, FIELD_ERRORS, (c, field, res))
            if "value" in res and field != "homa-ir-value":
                assert math.isfinite(res["base"]) and res["value"] > 0, (c, res)
                assert res.get("warning", "below-homa2-range") in WARNINGS
        assert r["ok"] == all("value" in res for res in r["fields"].values())
        if not r["ok"]:
            assert "results" not in r and a["place"] is None
            continue
        if r["typed"]:
            assert "results" not in r and math.isfinite(r["homaIr"]) and r["homaIr"] > 0
            continue
        assert set(r["results"]) == set(INDICES)
        for name, res in r["results"].items():
            assert_finite_or_named(res, RESULT_ERRORS, (c, name, res))
        for name, text in a["printed"].items():
            assert re.fullmatch(r"-?\d+(\.\d+)?", text), (c, name, text)
        assert a["place"]["position"] in {"less", "between", "equal", "more"}


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
                           ["homa-ir"], "tools/homa-ir.html", "tools/homa-ir.md", ".homa{}", lambda name: "<form></form>")
    assert "<style>.homa{}</style></head>" in html
    assert html.endswith('homa-form.js" defer></script></body></html>')


def test_hook_fill_slots_fails_when_markdown_ate_the_slot():
    with pytest.raises(PluginError, match="did not survive"):
        hook.fill_slots("<html><head></head><body><pre>&lt;!-- calculator-slot</pre></body></html>",
                        ["homa-ir"], "x.html", "x.md", "", lambda name: "<form></form>")


def form_html(public: str = "") -> str:
    limits, strings = hook.load_data()
    return hook.homa_ir_html(strings, limits, "tools/homa-ir.html", public)


def test_hook_form_contract():
    html = form_html()
    for name in INDICES:
        assert f'<output name="{name}" id="{name}"' in html
    for label in ("Fasting glucose", "Fasting insulin", "Triglycerides (optional)", "Your HOMA-IR result",
                  "Glucose unit", "Insulin unit", "Triglycerides unit", "µIU/mL", "pmol/L", "mg/dL", "mmol/L"):
        assert f">{label}<" in html, label
    assert 'aria-live="polite"' in html and 'type="button"' in html
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/json" id="homa-data">']


def test_hook_data_block_cannot_close_its_element_and_carries_the_public_address():
    html = form_html("https://example.org/ir/tools/homa-ir.html")
    block = html.split('id="homa-data">', 1)[1].split("</script>", 1)[0]
    data = json.loads(block)
    assert data["limits"] == LIMITS and data["publicUrl"] == "https://example.org/ir/tools/homa-ir.html"
    assert "</" not in block
    assert hook.public_address("https://example.org/ir/", "tools/homa-ir.html") == "https://example.org/ir/tools/homa-ir.html"
    assert hook.public_address("", "tools/homa-ir.html") == ""


def test_hook_links_in_strings_are_relative_to_the_page():
    assert hook.inline("See [A](intermediate/lab-markers.md#x) & [B](#formulas).", "tools/homa-ir.html") == (
        'See <a href="../intermediate/lab-markers.html#x">A</a> &amp; <a href="#formulas">B</a>.')


def test_scripts_stay_within_the_6_kb_gzip_budget_as_served():
    """The budget counts the minified scripts (what the build serves), plus 3 KB per language's
    strings. The built files themselves are checked in test_quality."""
    import gzip
    import rjsmin
    sizes = {name: len(gzip.compress(rjsmin.jsmin((ROOT / "docs/assets/calculator" / name).read_text()).encode(), 9, mtime=0))
             for name in ("homa.js", "homa-form.js")}
    assert sum(sizes.values()) <= 6 * 1024, sizes
    for table in (ROOT / "data").glob("strings.*.yml"):
        text = json.dumps(yaml.safe_load(table.read_text(encoding="utf-8"))["script"], ensure_ascii=False)
        assert len(gzip.compress(text.encode(), 9, mtime=0)) <= 3 * 1024, table.name
