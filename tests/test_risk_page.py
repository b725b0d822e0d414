"""End-to-end tests of the prediabetes risk test on the BUILT page, in Chromium: the interface
contract, typing every shared vector as a reader would, the gestational question asked only of
women, bad input, linking and copying (file://, http and SITE_URL), markup in the fragment, no
request, plain words, the printed handout, and axe in both schemes."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
import textstat
from pypdf import PdfReader

from support import axe_violations, until

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
VECTORS = json.loads((ROOT / "tests/risk_vectors.json").read_text(encoding="utf-8"))["vectors"]
PAGE = "tools/risk-test.html"
QUESTIONS = {"sex": "Are you a man or a woman?", "gdm": "Have you ever been told you had gestational diabetes?",
             "family": "Do you have a mother, father, sister or brother with diabetes?",
             "bp": "Have you ever been told you have high blood pressure?", "active": "Are you physically active?",
             "units": "Units for your height and weight"}
ANSWER = {"yes": "Yes", "no": "No", "man": "Man", "woman": "Woman", "us": "Feet, inches and pounds",
          "metric": "Centimeters and kilograms"}
BOX = {"age": "How old are you", "heightCm": "Height in centimeters", "heightFt": "Height, feet",
       "heightIn": "Height, inches", "weightKg": "Weight in kilograms", "weightLb": "Weight in pounds"}
CONTROL = {"age": "age", "height": {"us": "height-ft", "metric": "height-cm"},
           "weight": {"us": "weight-lb", "metric": "weight-kg"}}
FULL = "#age=52&sex=man&family=yes&bp=yes&active=yes&units=metric&height-cm=170&weight-kg=60"


@pytest.fixture
def url(site_dir) -> str:
    path = site_dir / PAGE
    assert path.is_file(), f"{PAGE} is missing from the built site"
    return path.as_uri()


def group(p, name):
    return p.get_by_role("radiogroup", name=QUESTIONS[name])


def choose(p, name, value):
    group(p, name).get_by_role("radio", name=ANSWER[value], exact=True).check()


def box(p, key):
    return p.get_by_role("textbox", name=BOX[key])


def score(p) -> str:
    return p.locator('output[name="risk-score"]').text_content()


def enter(p, i: dict) -> None:
    """Answer as a reader would: a gestational answer is given as a woman (the only one asked),
    then the vector's own sex is chosen."""
    choose(p, "units", i["units"])
    if i["gdm"]:
        choose(p, "sex", "woman")
        choose(p, "gdm", i["gdm"])
    for name in ("sex", "family", "bp", "active"):
        if i[name]:
            choose(p, name, i[name])
    keys = ("heightFt", "heightIn", "weightLb") if i["units"] == "us" else ("heightCm", "weightKg")
    for key in ("age",) + keys:
        box(p, key).fill(i[key])
    p.get_by_role("textbox", name=BOX["age"]).press("Enter")   # shows every error; never reloads


# --- the interface contract ---------------------------------------------------------------------

def test_contract_names_output_and_live_region(page, url):
    page.goto(url)
    for key in ("age", "heightFt", "heightIn", "weightLb"):
        b = box(page, key)
        assert b.count() == 1 and b.evaluate("e => e.labels[0].textContent").startswith(BOX[key])
    for name in ("sex", "family", "bp", "active", "units"):
        assert group(page, name).count() == 1
    assert page.locator('output[name="risk-score"]').count() == 1
    assert page.locator('[aria-live="polite"]:has(output[name="risk-score"])').count() == 1
    assert score(page) == ""
    # Metric boxes appear when chosen, with names that begin with the question words.
    choose(page, "units", "metric")
    assert box(page, "heightCm").is_visible() and box(page, "weightKg").is_visible()
    assert not box(page, "heightFt").is_visible()
    text = page.locator("article").inner_text()
    assert "Adapted from the CDC Prediabetes Risk Test" in text and "does not imply endorsement by the CDC" in text
    assert page.locator("article img").count() == 0              # no logos
    assert page.script_errors == []


def test_gestational_question_is_asked_only_of_women(page, url):
    page.goto(url)
    assert not group(page, "gdm").is_visible()
    choose(page, "sex", "woman")
    assert group(page, "gdm").is_visible()
    choose(page, "sex", "man")
    assert not group(page, "gdm").is_visible()


# Typed end to end: one vector of each kind (risk.js scores all of them in test_risk_unit.py; a
# page load per vector made typing them all 140 s on a loaded machine).
TYPED = ["age-39", "age-40", "age-59", "age-60", "bmi-metric-63.99", "bmi-metric-64", "bmi-metric-102.4",
         "bmi-us-5ft10-174.23lb", "bmi-us-5ft10-174.24lb", "bmi-us-6ft0-221.21lb", "gdm-woman-yes",
         "gdm-man-yes-ignored", "total-4", "total-5", "total-10", "bad-age-17", "bad-heightCm-1.75",
         "bad-weightKg-70kg", "bad-us-inches-12", "bad-us-weight-662lb", "gdm-woman-unanswered"]


def test_typed_vectors_give_the_expected_scores(page, url):
    wrong = []
    by_id = {v["id"]: v for v in VECTORS}
    for v in (by_id[i] for i in TYPED):
        page.goto(url)                              # a fresh load: nothing answered yet
        i, want = v["inputs"], v["expected"]
        enter(page, i)
        got = score(page)
        if "total" in want:
            items = page.locator("#risk-points li").all_text_contents()
            points = [int(re.search(r"(\d+) points?$", t).group(1)) for t in items]
            if got != str(want["total"]) or points != [want["points"][k] for k in
                                                      ("age", "sex", "gdm", "family", "bp", "active", "weight")]:
                wrong.append((v["id"], got, items))
        else:
            invalid = []
            for field, error in want["errors"].items():
                control = CONTROL.get(field, field)
                control = control[i["units"]] if isinstance(control, dict) else control
                if field == "height" and error == "inches":
                    control = "height-in"                     # the box that holds the mistake
                invalid.append(page.locator(f"#risk-{control}").get_attribute("aria-invalid") == "true"
                               and page.locator(f"#risk-{control}-msg").text_content() != "")
            if got != "" or not all(invalid) or page.locator("#risk-verdict").text_content():
                wrong.append((v["id"], got, want["errors"], invalid))
    assert wrong == []
    assert page.script_errors == []


@pytest.mark.parametrize("text, words", [("", "Enter your age"), ("forty", "Enter a number"),
                                         ("17", "for adults aged 18"), ("130", "above what the test uses (120 years)")])
def test_bad_age_marks_the_field_and_shows_no_total(page, url, text, words):
    page.goto(url + FULL)
    until(page, "document.getElementById('risk-score').textContent === '5'")
    box(page, "age").fill(text)
    box(page, "age").blur()
    assert score(page) == "" and page.locator("#risk-verdict").text_content() == ""
    assert box(page, "age").get_attribute("aria-invalid") == "true"
    assert words in page.locator("#risk-age-msg").text_content()
    assert "check the age" in page.locator("#risk-status").text_content()


def test_impossible_height_and_weight_in_both_units(page, url):
    page.goto(url + FULL)
    until(page, "document.getElementById('risk-score').textContent === '5'")
    box(page, "heightCm").fill("1.75")
    assert score(page) == "" and "120 cm" in page.locator("#risk-height-cm-msg").text_content()
    box(page, "heightCm").fill("175")
    box(page, "weightKg").fill("3000")
    assert score(page) == "" and "300 kg" in page.locator("#risk-weight-kg-msg").text_content()
    choose(page, "units", "us")
    box(page, "heightFt").fill("5")
    box(page, "heightIn").fill("13")
    box(page, "weightLb").fill("150")
    assert score(page) == "" and "0 to 11" in page.locator("#risk-height-in-msg").text_content()
    box(page, "heightIn").fill("7")
    assert score(page) == "5"
    box(page, "weightLb").fill("40")
    assert "67 lb" in page.locator("#risk-weight-lb-msg").text_content() and score(page) == ""


def test_unanswered_question_is_named_on_enter(page, url):
    page.goto(url)
    box(page, "age").fill("50")
    box(page, "age").press("Enter")
    assert score(page) == ""
    assert group(page, "sex").get_attribute("aria-invalid") == "true"
    assert page.locator("#risk-sex-msg").text_content() == "Choose an answer."


# --- meaning in plain words ---------------------------------------------------------------------

def test_totals_4_and_5_are_told_in_plain_words(page, url):
    page.goto(url + FULL.replace("bp=yes", "bp=no"))
    until(page, "document.getElementById('risk-score').textContent === '4'")
    lower = page.locator("#risk-verdict").text_content()
    assert "lower chance" in lower and "not a clean bill of health" in lower
    page.evaluate("location.hash = '" + FULL + "'")
    until(page, "document.getElementById('risk-score').textContent === '5'")
    higher = page.locator("#risk-verdict").text_content()
    assert "higher chance" in higher and "blood test" in higher and "HbA1c" in higher
    assert page.locator("#risk-status").text_content() == "Your score is 5 out of 10."
    for text in (lower, higher, page.locator(".risk-not-diagnosis").text_content()):
        assert textstat.flesch_kincaid_grade(text) <= 8, (textstat.flesch_kincaid_grade(text), text)
    assert "not a diagnosis" in page.locator(".risk-not-diagnosis").text_content()
    hrefs = page.locator(".risk-next a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert hrefs == ["../fundamentals/lab-results.html", "../fundamentals/lifestyle.html"]


# --- links, copying and privacy -----------------------------------------------------------------

def test_fragment_prefill_and_the_copied_link_round_trip(page, url, site_http):
    page.goto(site_http + PAGE + FULL)
    until(page, "document.getElementById('risk-score').textContent === '5'")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy link with these answers").click()
    until(page, "document.getElementById('risk-copy-status').textContent.includes('copied')")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == site_http + PAGE + "#age=52&height-cm=170&weight-kg=60&sex=man&family=yes&bp=yes&active=yes&units=metric"
    other = page.context.new_page()
    other.goto(link)
    until(other, "document.getElementById('risk-score').textContent === '5'")


def test_from_file_the_copy_control_offers_the_path(page, url):
    page.goto(url + FULL)
    until(page, "document.getElementById('risk-score').textContent === '5'")
    page.get_by_role("button", name="Copy link with these answers").click()
    field = page.get_by_role("textbox", name="This copy has no public web address")
    field.wait_for(state="visible")
    assert field.input_value().startswith(PAGE + "#age=52") and "file:" not in field.input_value()


def test_with_site_url_the_copied_link_is_public(page, public_site):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto((public_site / PAGE).as_uri() + FULL)
    until(page, "document.getElementById('risk-score').textContent === '5'")
    page.get_by_role("button", name="Copy link with these answers").click()
    until(page, "document.getElementById('risk-copy-status').textContent.includes('copied')")
    assert page.evaluate("navigator.clipboard.readText()").startswith("https://example.org/ir/tools/risk-test.html#age=52")


@pytest.mark.parametrize("payload", ["<img src=x onerror=window.__pwned=1>", "<script>window.__pwned=1</script>",
                                     "\"><svg onload=window.__pwned=1>"])
def test_markup_in_the_fragment_is_never_run(page, url, payload):
    for fragment in ("#age=" + quote(payload, safe="") + "&sex=" + quote(payload, safe=""), "#age=" + payload):
        page.goto("about:blank")
        page.goto(url + fragment)
        page.wait_for_timeout(100)
        assert page.evaluate("window.__pwned") is None
        assert page.locator("#risk-test img, #risk-test svg, #risk-test script").count() == 0
        assert box(page, "age").input_value().startswith(("<", '"'))
        assert box(page, "age").get_attribute("aria-invalid") == "true"
    assert page.script_errors == []


STORED = "JSON.stringify([document.cookie, Object.entries(localStorage), Object.entries(sessionStorage)])"


def test_no_request_leaves_the_page_while_answering(page, url):
    page.goto(url, wait_until="networkidle")
    before = page.evaluate(STORED)                  # the theme's own keys, if any
    requests: list[str] = []
    page.on("request", lambda r: r.url.endswith("favicon.png") or requests.append(r.url))
    enter(page, VECTORS[0]["inputs"])
    page.get_by_role("button", name="Copy link with these answers").click()
    page.wait_for_timeout(200)
    assert requests == [] and page.requests_outside == []
    assert page.evaluate(STORED) == before          # the test stores nothing


def test_assets_only_on_the_risk_test_page(site_dir):
    with_assets = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
                         if "assets/risk-test/risk.js" in p.read_text(encoding="utf-8"))
    assert with_assets == [PAGE]
    html = (site_dir / PAGE).read_text(encoding="utf-8")
    assert '"../assets/risk-test/risk.js" defer' in html and '"../assets/risk-test/risk-form.js" defer' in html
    assert "<!-- risk-test" not in html


# --- accessibility and print --------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(page, url, scheme):
    page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
    page.goto(url)
    assert page.get_attribute("body", "data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
    page.wait_for_timeout(300)
    found = axe_violations(page)                                  # empty state
    page.goto(url + FULL.replace("sex=man", "sex=woman&gdm=yes"))
    until(page, "document.getElementById('risk-score').textContent === '5'")
    found += axe_violations(page)                                 # a score, its points and meaning
    box(page, "weightKg").fill("abc")
    choose(page, "units", "us")
    box(page, "heightFt").fill("9")
    page.get_by_role("button", name="Copy link with these answers").click()
    page.wait_for_timeout(300)
    found += axe_violations(page)                                 # errors and the no-address field
    assert found == []


A4_CONTENT = {"width": round((210 - 28) / 25.4 * 96), "height": round((297 - 28) / 25.4 * 96)}


@pytest.mark.parametrize("where", ["file", "public"])
def test_print_shows_answers_total_and_meaning_on_one_page(browser, site_dir, public_site, where):
    address = ((public_site if where == "public" else site_dir) / PAGE).as_uri()
    context = browser.new_context(viewport=A4_CONTENT)
    try:
        p = context.new_page()
        p.goto(address + FULL)
        until(p, "document.getElementById('risk-score').textContent === '5'")
        p.emulate_media(media="print")
        share = p.evaluate("""() => (document.querySelector('#risk-results').getBoundingClientRect().bottom -
            document.querySelector('article').getBoundingClientRect().top) / innerHeight""")
        pdf = p.pdf(format="A4", prefer_css_page_size=True)
    finally:
        context.close()
    pages = [" ".join(pg.extract_text().split()) for pg in PdfReader(io.BytesIO(pdf)).pages]
    first = pages[0]
    assert share <= 0.9, f"the handout fills {share:.0%} of the page (10% margin kept)"
    for words in ("Prediabetes risk test", "How old are you: 52 — 2 points", "Man or woman: Man — 1 point",
                  "Weight for your height: BMI 20.7 — 0 points", "Your total 5 out of 10",
                  "A score of 5 or more means a higher chance", "not a diagnosis", "Printed on:"):
        assert words in first, words
    for control in ("Copy link with these answers", "Height in centimeters", "Feet, inches and pounds"):
        assert control not in first, control
    if where == "public":
        assert "https://example.org/ir/tools/risk-test.html" in first
    else:
        assert "This copy has no public web address" in first and "file:" not in " ".join(pages)
