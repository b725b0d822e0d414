"""The risk test's pure functions (docs/assets/risk-test/risk.js), run in Chromium as the site loads
them, against the shared vectors; the vectors' expected values re-derived by the independent
Python scorer (tests/risk_scorer.py); a property test that every input gives a total from 0 to 10
or named errors; the point table's sources; the build hook's pure functions; the script budget."""
from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import PluginError

from risk_scorer import ITEMS, TABLE, expected

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
import risk_test  # noqa: E402

RISK_JS = ROOT / "docs/assets/risk-test/risk.js"
VECTORS = json.loads((ROOT / "tests/risk_vectors.json").read_text(encoding="utf-8"))["vectors"]
ERRORS = {"empty", "unanswered", "not-a-number", "negative", "decimals", "inches", "under-age",
          "too-low", "too-high"}
BIB = (ROOT / "references.bib").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def risk(browser):
    """One blank page with risk.js loaded as a classic script (as the site loads it)."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_content("<!doctype html><title>RiskTest</title>")
    page.add_script_tag(path=str(RISK_JS))
    assert page.evaluate("typeof window.RiskTest") == "object"
    yield page
    assert errors == []
    context.close()


def js_score(page, inputs: dict) -> dict:
    return page.evaluate("([i, t]) => RiskTest.score(i, t)", [inputs, TABLE])


def as_expected(r: dict) -> dict:
    """risk.js's answer in the scorer's shape."""
    if not r["ok"]:
        return {"errors": {k: v["error"] for k, v in r["errors"].items()}}
    return {"total": r["total"], "points": r["points"], "bmi_tenths": r["bmiTenths"], "higher": r["higher"]}


# --- the vectors ------------------------------------------------------------------------------

@pytest.mark.parametrize("v", VECTORS, ids=lambda v: v["id"])
def test_vector_expectations_are_what_the_independent_scorer_says(v):
    assert v["expected"] == json.loads(json.dumps(expected(v["inputs"])))


@pytest.mark.browser
def test_risk_js_scores_every_vector_as_the_python_scorer_does(risk):
    wrong = [(v["id"], as_expected(js_score(risk, v["inputs"])), v["expected"]) for v in VECTORS
             if as_expected(js_score(risk, v["inputs"])) != v["expected"]]
    assert wrong == []


def test_vectors_cover_every_boundary_the_issue_names():
    ids = {v["id"] for v in VECTORS}
    for age in ("39", "40", "49", "50", "59", "60"):
        assert f"age-{age}" in ids
    by_id = {v["id"]: v for v in VECTORS}
    # BMI at each cut in both unit systems, with the floating-point trap: 64 / 1.6² < 25 in floats.
    for kg, below, points in (("64", "63.99", 1), ("76.8", "76.79", 2), ("102.4", "102.39", 3)):
        assert by_id[f"bmi-metric-{kg}"]["expected"]["points"]["weight"] == points
        assert by_id[f"bmi-metric-{below}"]["expected"]["points"]["weight"] == points - 1
    assert 64 / 1.6 ** 2 < 25 and 76.8 / 1.6 ** 2 < 30 and 129.6 / 1.8 ** 2 < 40
    us = [v for v in VECTORS if v["id"].startswith("bmi-us-")]
    assert {v["expected"]["points"]["weight"] for v in us} == {0, 1, 2, 3}
    totals = {v["expected"].get("total") for v in VECTORS}
    assert {0, 4, 5, 10} <= totals
    assert by_id["total-4"]["expected"]["higher"] is False and by_id["total-5"]["expected"]["higher"] is True
    assert by_id["gdm-woman-yes"]["expected"]["points"]["gdm"] == 1
    assert by_id["gdm-man-yes-ignored"]["expected"]["points"]["gdm"] == 0


# --- properties -------------------------------------------------------------------------------

TEXT = st.one_of(st.sampled_from(["", " ", "0", "17", "18", "39.99", "40", "120", "121", "1,5", "-3",
                                  "abc", "1e3", "5.123", "12", "230", "300", "661", "1" * 12, "<b>x</b>"]),
                 st.from_regex(r"\A\d{1,4}([.,]\d{1,3})?\Z"), st.text(max_size=8))
CHOICE = st.sampled_from(["", "yes", "no", "man", "woman", "maybe", "__proto__"])
INPUTS = st.fixed_dictionaries({
    "age": TEXT, "sex": CHOICE, "gdm": CHOICE, "family": CHOICE, "bp": CHOICE, "active": CHOICE,
    "units": st.sampled_from(["us", "metric"]), "heightCm": TEXT, "weightKg": TEXT,
    "heightFt": TEXT, "heightIn": TEXT, "weightLb": TEXT})


@pytest.mark.browser
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(inputs=INPUTS)
def test_every_input_gives_a_total_from_0_to_10_or_named_errors(risk, inputs):
    r = js_score(risk, inputs)
    if r["ok"]:
        assert isinstance(r["total"], int) and 0 <= r["total"] <= TABLE["max_total"]
        assert set(r["points"]) == set(ITEMS) and r["errors"] == {}
    else:
        assert r["total"] is None and r["errors"]
        assert {e["error"] for e in r["errors"].values()} <= ERRORS
    assert as_expected(r) == json.loads(json.dumps(expected(inputs)))


@pytest.mark.browser
def test_floor_div_is_exact_near_integers(risk):
    cases = [(81 * 10**7, 18000 * 18000), (10**15, 3), (3 * 10**15 - 1, 10**12), (7, 7), (0, 5)]
    got = risk.evaluate("cs => cs.map(([n, d]) => RiskTest.floorDiv(n, d))", cases)
    assert got == [n // d for n, d in cases]


# --- the table of record ----------------------------------------------------------------------

def test_every_row_of_the_point_table_names_a_source_in_the_bib():
    keys = set(re.findall(r"^@\w+\{([^,]+),", BIB, re.M))
    rows = TABLE["age"] + TABLE["bmi"] + [a for item in TABLE["answers"].values() for a in item.values()]
    for row in rows:
        assert row["source"] and set(row["source"]) <= keys, row
    assert set(TABLE["cut_source"]) <= keys
    # Bang 2009 validated six items: the gestational item is the publishers' and says so.
    assert all("bang2009risk" not in a["source"] and a["validated"] is False
               for a in TABLE["answers"]["gdm"].values())
    assert risk_test.check_table(TABLE) == []
    # A man cannot score the gestational point, so man (1) and gestational diabetes (1) give 1.
    A = TABLE["answers"]
    sex_and_gdm = max(A["sex"]["man"]["points"], A["sex"]["woman"]["points"] + max(a["points"] for a in A["gdm"].values()))
    highest = (max(r["points"] for r in TABLE["age"]) + max(r["points"] for r in TABLE["bmi"]) + sex_and_gdm
               + sum(max(a["points"] for a in A[k].values()) for k in ("family", "bp", "active")))
    assert highest == TABLE["max_total"] == 10


def test_check_table_names_bad_rows():
    bad = {"age": [{"from": 40, "points": 1, "source": ["x"]}, {"from": 18, "points": 0, "source": []}],
           "bmi": [{"from": 25.05, "points": 1, "source": ["x"]}],
           "answers": {"sex": {"man": {"points": "1", "source": ["x"]}}}}
    problems = risk_test.check_table(bad)
    assert "age: bands must start in rising order" in problems
    assert "age 18: no points or no source" in problems
    assert "bmi 25.05: a band must start on a tenth" in problems
    assert "sex man: no points or no source" in problems


# --- the hook's pure functions ----------------------------------------------------------------

def test_marker_is_replaced_once_and_variants_fail_naming_the_page():
    out, found = risk_test.replace_marker("Intro\n\n<!-- risk-test -->\n\nMore", "tools/x.md")
    assert found and risk_test.SLOT in out and "<!-- risk-test -->" not in out
    assert risk_test.replace_marker("No marker here", "a.md") == ("No marker here", False)
    with pytest.raises(PluginError, match="tools/x.md: unknown risk-test marker"):
        risk_test.replace_marker("<!-- risk-test: adult -->\n", "tools/x.md")
    with pytest.raises(PluginError, match="must stand on a line of its own"):
        risk_test.replace_marker("Text <!-- risk-test --> text\n", "tools/x.md")
    with pytest.raises(PluginError, match="once per page"):
        risk_test.replace_marker("<!-- risk-test -->\n\n<!-- risk-test -->\n", "tools/x.md")


def test_attach_fails_when_the_slot_was_lost():
    with pytest.raises(PluginError, match="did not survive Markdown"):
        risk_test.attach("<html><head></head><body></body></html>", "tools/r.html", "tools/r.md", "", "<form>")


def test_form_data_block_cannot_close_its_element():
    table, strings = risk_test.load_data()
    strings = json.loads(json.dumps(strings))
    strings["script"]["status"]["done"] = "</script><script>alert(1)</script>"
    out = risk_test.form_html(strings, table, "tools/risk-test.html", "")
    block = out.split('id="risk-data">', 1)[1].split("</script>", 1)[0]
    assert "<\\/script>" in block and json.loads(block)["strings"]["status"]["done"].startswith("</script>")


# --- the budget -------------------------------------------------------------------------------

def test_risk_scripts_are_minified_and_within_6_kb_gzip(site_dir):
    total = 0
    for name in risk_test.SCRIPTS:
        built = (site_dir / "assets/risk-test" / name).read_bytes()
        source = (ROOT / "docs/assets/risk-test" / name).read_bytes()
        assert len(built) < len(source), f"{name} is not minified"
        total += len(gzip.compress(built, 6))
    assert total <= 6 * 1024, f"risk test scripts: {total} bytes gzip"
