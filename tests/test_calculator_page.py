"""End-to-end tests of the HOMA-IR calculator on the BUILT page, opened from file:// in Chromium:
typing the shared vectors, the unit question, the ambiguous separator, a typed HOMA-IR, plain
words without alarm, bad input, the %B limit, linking, markup in the fragment, privacy (no
request), Enter, keyboard use, a 390 px phone, the printed handout, and axe in both schemes."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import io

import pytest

from conftest import PUBLIC_URL
from support import axe_violations, until
import textstat
from pypdf import PdfReader

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
VECTORS = json.loads((ROOT / "tests/calculator_vectors.json").read_text(encoding="utf-8"))
PAGE = "tools/homa-ir.html"
INDICES = ("homa-ir", "homa-b", "quicki", "tyg")
LABEL = {"uIU/mL": "µIU/mL"}
DIGIT = re.compile(r"\d")


@pytest.fixture
def url(site_dir) -> str:
    path = site_dir / PAGE
    assert path.is_file(), f"{PAGE} is missing from the built site"
    return path.as_uri()


@pytest.fixture
def calc(page, url):
    """The calculator page, loaded, with its form shown (so the scripts ran)."""
    page.goto(url)
    page.locator("#homa-form").wait_for(state="visible")
    yield page
    assert page.script_errors == []


# Controls by their accessible names (the interface contract).
def glucose(p): return p.get_by_role("textbox", name="Fasting glucose")
def insulin(p): return p.get_by_role("textbox", name="Fasting insulin")
def tg(p): return p.get_by_role("textbox", name="Triglycerides")
def typed(p): return p.get_by_role("textbox", name="Your HOMA-IR result")
def unit(p, field): return p.get_by_role("combobox", name={"glucose": "Glucose unit", "insulin": "Insulin unit",
                                                           "tg": "Triglycerides unit"}[field])


def enter(p, v: dict) -> None:
    """Choose the units the vector says the reader chose, and type its values, as a person would
    (an unchosen unit is left at the page's default, which the vectors use)."""
    i = v["inputs"]
    for field in ("glucose", "insulin", "tg"):
        if i[field + "Chosen"]:
            unit(p, field).select_option(label=LABEL.get(i[field + "Unit"], i[field + "Unit"]))
        else:
            assert unit(p, field).input_value() == i[field + "Unit"], v["id"]
    for box, text in ((glucose(p), i["glucose"]), (insulin(p), i["insulin"])):
        box.fill("1")                               # a first input, so that an empty value counts
        box.fill(text)
    tg(p).fill(i["tg"])
    typed(p).fill(i["homaIrValue"])


def outputs(p) -> dict[str, str]:
    return {n: p.locator(f'output[name="{n}"]').text_content() for n in INDICES}


def expected_text(name: str, want) -> str:
    if isinstance(want, dict):
        return "" if want["error"] == "no-triglycerides" else "Not defined"
    return want + "%" if name == "homa-b" else want


def message(p, field: str) -> str:
    """The text of every element the field's aria-describedby points to."""
    ids = p.locator(f"#homa-{field}").get_attribute("aria-describedby").split()
    return " ".join(p.locator(f"#{i}").text_content() for i in ids)


# --- the interface contract ---------------------------------------------------------------------

def test_contract_names_options_and_outputs(calc):
    p = calc
    for name in ("Fasting glucose", "Fasting insulin", "Triglycerides", "Your HOMA-IR result"):
        box = p.get_by_role("textbox", name=name)
        assert box.count() == 1
        assert box.evaluate("e => e.labels[0].textContent").startswith(name)
    for field, options in (("glucose", ["mg/dL", "mmol/L"]), ("insulin", ["µIU/mL", "pmol/L"]),
                           ("tg", ["mg/dL", "mmol/L"])):
        assert unit(p, field).evaluate("s => [...s.options].map(o => o.textContent)") == options
    for name in INDICES:
        assert p.locator(f'output[name="{name}"]#{name}').count() == 1
    live = p.locator('[aria-live="polite"]:has(output[name="homa-ir"])')
    assert live.count() == 1


FIELDS = ("glucose", "insulin", "tg", "homa-ir-value")


def test_typed_vectors_give_the_expected_results(page, url):
    p, wrong = page, []
    for v in VECTORS["vectors"]:
        p.goto("about:blank")                       # a fresh page: no unit chosen yet
        p.goto(url)
        enter(p, v)
        got = outputs(p)
        asked = p.locator("#homa-questions .homa-question").count()
        invalid = {f for f in FIELDS if p.locator(f"#homa-{f}").get_attribute("aria-invalid") == "true"}
        if "expected" in v:
            want = {n: expected_text(n, v["expected"][n]) for n in INDICES}
            warned = {f for f in FIELDS if "homa-msg--warning" in p.locator(f"#homa-{f}-msg").get_attribute("class")}
            if got != want or invalid or asked or warned != set(v["warnings"]):
                wrong.append((v["id"], got, want, invalid, warned, asked))
        elif "typed" in v:
            place = p.locator("#homa-place").text_content()
            if any(got.values()) or f"{v['typed']:.2f}" not in place or p.locator("#homa-typed-caveat").is_hidden():
                wrong.append((v["id"], got, place))
        else:
            numbers = any(DIGIT.search(t) for t in got.values()) or p.locator("#homa-place").text_content()
            errors_ok = set(v.get("errors", {})) <= invalid
            if numbers or not errors_ok or asked != len(v.get("questions", {})):
                wrong.append((v["id"], got, invalid, asked))
    assert wrong == []
    assert page.script_errors == []


# --- input handling -----------------------------------------------------------------------------

def type_mmol(p, glucose_text: str) -> None:
    """Glucose in mmol/L and insulin 12 µIU/mL: HOMA-IR 5.4 * 12 / 22.5 = 2.88."""
    unit(p, "glucose").select_option(label="mmol/L")
    glucose(p).fill(glucose_text)
    insulin(p).fill("12")
    assert outputs(p)["homa-ir"] == "2.88"


def test_decimal_comma(calc):
    p = calc
    type_mmol(p, "5,4")
    insulin(p).fill("1,5")
    assert outputs(p)["homa-ir"] == "0.36"          # 5.4 * 1.5 / 22.5 = 0.36


def question(p):
    return p.locator("#homa-results #homa-questions .homa-question")


def no_number(p) -> bool:
    return not any(DIGIT.search(t) for t in outputs(p).values()) and p.locator("#homa-place").text_content() == ""


def test_wrong_unit_glucose_is_asked_in_the_result_area_not_computed(calc):
    p = calc
    glucose(p).fill("5.4")                          # left on mg/dL (the review's case: it gave 0.13)
    insulin(p).fill("10")
    assert question(p).count() == 1 and no_number(p)
    q = question(p).inner_text()
    assert "5.4 mg/dL would be far too low for your fasting glucose. Is it 5.4 mmol/L?" in q
    assert "Check the question under the results" in message(p, "glucose")
    assert p.locator('#homa-results [aria-live="polite"]').count() == 1
    question(p).get_by_role("button", name="It is mmol/L").click()    # one tap
    assert unit(p, "glucose").input_value() == "mmol/L" and glucose(p).input_value() == "5.4"
    assert outputs(p)["homa-ir"] == "2.40" and question(p).count() == 0     # 5.4 * 10 / 22.5
    assert p.evaluate("document.activeElement.id") == "homa-glucose"
    unit(p, "glucose").select_option(label="mg/dL")  # chosen now, still impossible: asked again
    assert question(p).count() == 1 and no_number(p)


def test_insulin_outside_the_homa2_range_asks_until_the_unit_is_chosen(calc):
    p = calc
    unit(p, "glucose").select_option(label="mmol/L")
    glucose(p).fill("5.0")
    insulin(p).fill("84")                           # the review's case: 84 pmol/L left on µIU/mL
    assert question(p).count() == 1 and no_number(p)
    buttons = question(p).get_by_role("button").all_text_contents()
    assert buttons == ["It is pmol/L", "It is µIU/mL"]    # the suggested answer first
    question(p).get_by_role("button", name="It is pmol/L").click()
    assert unit(p, "insulin").input_value() == "pmol/L" and outputs(p)["homa-ir"] == "3.11"  # 5 * 14 / 22.5
    p.reload()
    unit(p, "glucose").select_option(label="mmol/L")
    glucose(p).fill("5.0")
    insulin(p).fill("84")
    question(p).get_by_role("button", name="It is µIU/mL").click()
    assert outputs(p)["homa-ir"] == "18.67" and "above the range" in message(p, "insulin")


def test_changing_the_unit_keeps_the_number_and_counts_as_a_choice(calc):
    p = calc
    insulin(p).fill("12")
    glucose(p).fill("95")
    assert outputs(p)["homa-ir"] == "2.81"          # 95 / 18 * 12 / 22.5
    unit(p, "glucose").select_option(label="mmol/L")   # 95 mmol/L is impossible, 95 mg/dL is not
    assert glucose(p).input_value() == "95" and no_number(p)
    assert "95 mmol/L would be far too high" in question(p).inner_text()
    unit(p, "glucose").select_option(label="mg/dL")
    assert outputs(p)["homa-ir"] == "2.81"
    unit(p, "insulin").select_option(label="pmol/L")   # 12 pmol/L = 2 µIU/mL: chosen, so computed with a note
    assert insulin(p).input_value() == "12" and outputs(p)["homa-ir"] == "0.47"
    assert "below the range" in message(p, "insulin")


def test_ambiguous_separator_asks_which_was_meant(calc):
    p = calc
    unit(p, "glucose").select_option(label="mmol/L")
    glucose(p).fill("5.0")
    insulin(p).fill("1,200")
    assert no_number(p) and "Does your report mean 1.2" in question(p).inner_text()
    question(p).get_by_role("button", name="1.2", exact=True).click()
    assert insulin(p).input_value() == "1.2" and outputs(p)["homa-ir"] == "0.27"   # 5 * 1.2 / 22.5


@pytest.mark.parametrize("text, words", [("97 mg/dL", "Type only the number"), ("14 H", "Leave out letters"),
                                         ("<2", "not an exact value")])
def test_units_flags_and_limits_typed_in_the_box_get_a_message(calc, text, words):
    p = calc
    glucose(p).fill("90")
    insulin(p).fill(text)
    assert insulin(p).get_attribute("aria-invalid") == "true" and words in message(p, "insulin") and no_number(p)


def test_a_typed_homa_ir_is_read_with_the_homa2_caveat(calc):
    p = calc
    typed(p).fill("2,4")
    assert all(t == "" for t in outputs(p).values())        # <output> holds computed results only
    assert p.locator("#homa-place").text_content() == "Your 2.40 lies between 2.05 and 3.46."
    caveat = p.locator("#homa-typed-caveat")
    assert caveat.is_visible() and "HOMA2" in caveat.text_content()
    glucose(p).fill("90")
    insulin(p).fill("10")
    assert outputs(p)["homa-ir"] == "2.22" and caveat.is_hidden()
    assert "is not used" in p.locator("#homa-status").text_content()


ALARM = re.compile(r"\b(high|abnormal|elevated|at risk|insulin resistant|above normal|at or above)\b", re.I)


def test_the_worked_example_is_told_in_plain_words_without_alarm(calc):
    p = calc
    glucose(p).fill("90")
    insulin(p).fill("10")
    assert outputs(p)["homa-ir"] == "2.22"
    results = p.locator("#homa-results").inner_text()
    assert ALARM.findall(results) == [], ALARM.findall(results)
    plain = p.locator("#homa-plain")
    assert plain.evaluate("e => e.previousElementSibling.querySelector('output#homa-ir') !== null")  # first under the number
    assert "not a diagnosis" in plain.text_content()
    assert p.locator("#homa-place").text_content() == "Your 2.22 lies between 2.05 and 3.46."
    assert "men without diabetes" in results and "some of them with diabetes" in results
    for link in ("lab-results.html#ranges", "lifestyle.html"):
        assert p.locator(f'#homa-results a[href$="{link}"]').count() == 1


def test_result_sentences_and_next_steps_read_at_grade_8_or_below(calc):
    p = calc
    glucose(p).fill("90")
    insulin(p).fill("10")
    shown = p.locator("#homa-plain, .homa-line, .homa-compare, .homa-next").all_inner_texts()
    glucose(p).fill("5.4")
    shown += question(p).locator("p").all_inner_texts()
    text = "\n".join(" ".join(t.split()) for t in shown)
    assert len(text.split()) > 100
    assert textstat.flesch_kincaid_grade(text) <= 8, textstat.flesch_kincaid_grade(text)


@pytest.mark.parametrize("text, expected_words", [
    ("abc", "Enter a number"), ("1.2.3", "Enter a number"), ("Infinity", "far too large"),
    ("1e400", "far too large"), ("NaN", "Enter a number"), ("0", "above zero"), ("-4", "cannot be negative"),
    ("7000", "above the highest fasting insulin"),
])
def test_every_kind_of_bad_input(calc, text, expected_words):
    p = calc
    glucose(p).fill("100")
    insulin(p).fill(text)
    box = insulin(p)
    assert box.get_attribute("aria-invalid") == "true"
    described = box.get_attribute("aria-describedby").split()
    assert "homa-insulin-msg" in described
    assert expected_words in p.locator("#homa-insulin-msg").text_content()
    assert all(not DIGIT.search(t) for t in outputs(p).values())
    assert "No results" in p.locator("#homa-status").text_content()
    assert p.locator("#homa-place").text_content() == ""
    insulin(p).fill("10")                           # fixing it clears the error and shows results
    assert box.get_attribute("aria-invalid") is None and p.locator("#homa-insulin-msg").text_content() == ""
    assert outputs(p)["homa-ir"] == "2.47"          # 100 / 18 * 10 / 22.5 = 2.469


def test_empty_after_input_is_an_error_but_untouched_is_not(calc):
    p = calc
    assert p.locator('[aria-invalid="true"]').count() == 0        # nothing typed yet: no error
    assert "Enter your fasting glucose" in p.locator("#homa-status").text_content()
    glucose(p).fill("5")
    glucose(p).fill("")
    assert glucose(p).get_attribute("aria-invalid") == "true"
    assert "Enter your fasting glucose" in message(p, "glucose")
    assert insulin(p).get_attribute("aria-invalid") is None       # still untouched
    glucose(p).fill("90")
    insulin(p).fill("10")
    tg(p).fill("150")
    tg(p).fill("")                                                # optional: empty is never an error
    assert tg(p).get_attribute("aria-invalid") is None
    assert outputs(p) == {"homa-ir": "2.22", "homa-b": "133%", "quicki": "0.338", "tyg": ""}


def test_homa_b_limit(calc):
    p = calc
    unit(p, "glucose").select_option(label="mmol/L")
    insulin(p).fill("10")
    for g in ("3.5", "3,5", "2.9"):
        glucose(p).fill(g)
        assert outputs(p)["homa-b"] == "Not defined"
        assert "3.5 mmol/L" in p.locator("#homa-b-note").text_content()
        assert outputs(p)["homa-ir"] != ""                        # the other results still show
    glucose(p).fill("3.6")
    assert outputs(p)["homa-b"] == "2000%"


# --- linking ------------------------------------------------------------------------------------

ISSUE_FRAGMENT = "#glucose=5.4&glucose-unit=mmol/L&insulin=12&insulin-unit=uIU/mL&tg=1.7&tg-unit=mmol/L"


def test_fragment_prefill(page, url):
    page.goto(url + ISSUE_FRAGMENT)
    page.locator("#homa-form").wait_for(state="visible")
    assert glucose(page).input_value() == "5.4" and unit(page, "glucose").input_value() == "mmol/L"
    assert insulin(page).input_value() == "12" and unit(page, "insulin").input_value() == "uIU/mL"
    assert tg(page).input_value() == "1.7" and unit(page, "tg").input_value() == "mmol/L"
    assert outputs(page) == {"homa-ir": "2.88", "homa-b": "126%", "quicki": "0.326", "tyg": "8.90"}
    page.evaluate("location.hash = '#glucose=90&glucose-unit=mg/dL&insulin=60&insulin-unit=pmol/L'")
    until(page, "document.getElementById('homa-ir').textContent === '2.22'")
    assert page.script_errors == []


def test_copy_link_with_clipboard(page, site_http):
    # Over http without SITE_URL the link starts with the current address (decisions.md).
    url = site_http + PAGE
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(url)
    unit(page, "glucose").select_option(label="mmol/L")
    glucose(page).fill("5,4")
    insulin(page).fill("12")
    tg(page).fill("1.7")
    unit(page, "tg").select_option(label="mmol/L")
    page.get_by_role("button", name="Copy link with these values").click()
    until(page, "document.getElementById('homa-copy-status').textContent.includes('copied')")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == url + "#glucose=5,4&glucose-unit=mmol/L&insulin=12&insulin-unit=uIU/mL&tg=1.7&tg-unit=mmol/L"
    other = page.context.new_page()                 # the link restores the same results
    other.goto(link)
    until(other, "document.getElementById('homa-ir').textContent === '2.88'")
    assert outputs(other) == outputs(page)
    assert page.script_errors == []


def test_copy_link_fallback_shows_the_link(page, site_http):
    # A browser that refuses clipboard access: the link is shown, selected, in a read-only field.
    url = site_http + PAGE
    page.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new Error('denied'))")
    page.goto(url + "#glucose=97&insulin=10")
    page.get_by_role("button", name="Copy link with these values").click()
    field = page.get_by_role("textbox", name="Link with these values")
    field.wait_for(state="visible")
    assert field.input_value() == url + "#glucose=97&glucose-unit=mg/dL&insulin=10&insulin-unit=uIU/mL"
    assert field.get_attribute("readonly") is not None
    assert field.evaluate("e => document.activeElement === e && e.selectionEnd === e.value.length")
    assert "copy it from there" in page.locator("#homa-copy-status").text_content()
    insulin(page).fill("12")                        # the shown link follows later edits
    assert field.input_value().endswith("insulin=12&insulin-unit=uIU/mL")


def test_copy_link_from_a_downloaded_copy_with_a_public_address(page, public_site):
    # The SITE_URL build: every copied address is SITE_URL + the page's path, even from file://.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto((public_site / PAGE).as_uri() + "#glucose=97&insulin=10")
    page.get_by_role("button", name="Copy link with these values").click()
    until(page, "document.getElementById('homa-copy-status').textContent.includes('copied')")
    assert page.evaluate("navigator.clipboard.readText()") == \
        PUBLIC_URL + PAGE + "#glucose=97&glucose-unit=mg/dL&insulin=10&insulin-unit=uIU/mL"
    assert page.script_errors == []


def test_copy_link_without_a_public_address_offers_the_page_path(page, url):
    # From file:// without SITE_URL there is no address to share: no file: link is copied; the
    # box offers the page's path within the site, with the values, and says why.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(url + "#glucose=97&insulin=10")
    page.evaluate("navigator.clipboard.writeText('untouched')")
    page.get_by_role("button", name="Copy link with these values").click()
    field = page.get_by_role("textbox", name="Link with these values")
    field.wait_for(state="visible")
    assert field.input_value() == PAGE + "#glucose=97&glucose-unit=mg/dL&insulin=10&insulin-unit=uIU/mL"
    assert field.evaluate("e => document.activeElement === e && e.selectionEnd === e.value.length")
    assert "no public web address" in page.locator("#homa-copy-status").text_content()
    assert page.evaluate("navigator.clipboard.readText()") == "untouched"
    assert page.script_errors == []


@pytest.mark.parametrize("payload", [
    "<img src=x onerror=window.__pwned=1>",
    "\"><img src=x onerror=window.__pwned=1>",
    "<script>window.__pwned=1</script>",
    "<svg onload=window.__pwned=1>",
])
def test_markup_in_the_fragment_is_never_run(page, url, payload):
    for fragment in ("#glucose=" + quote(payload, safe="") + "&insulin=" + quote(payload, safe=""),
                     "#glucose=" + payload + "&insulin=10"):
        page.goto("about:blank")
        page.goto(url + fragment)
        page.locator("#homa-form").wait_for(state="visible")
        page.wait_for_timeout(100)
        assert page.evaluate("window.__pwned") is None
        assert page.locator("img[src='x'], #homa-calc img, #homa-calc svg, #homa-calc script").count() == 0
        value = glucose(page).input_value()
        assert value.startswith(("<", '"')) and glucose(page).get_attribute("aria-invalid") == "true"
        assert page.locator("#homa-glucose-msg").text_content().startswith("Enter a number")
    assert page.script_errors == []


# --- privacy, Enter, keyboard -------------------------------------------------------------------

def test_no_request_leaves_the_page_while_computing(page, url):
    page.goto(url, wait_until="networkidle")
    requests: list[str] = []
    # Two local fetches that are not the calculator's may come late on a loaded machine: the
    # browser's favicon, and the theme's own search index and worker (loaded once at start-up).
    theirs = re.compile(r"(favicon\.png|site-mark\.svg|/search/search_index\.js(on)?|/workers/search\.[0-9a-f]+\.min\.js|/lunr/)")
    page.on("request", lambda r: theirs.search(r.url) or requests.append(r.url))
    for g, i, t in (("5,4", "12", "1.7"), ("90", "60", "150"), ("abc", "", "")):
        glucose(page).fill(g)
        insulin(page).fill(i)
        tg(page).fill(t)
        glucose(page).press("Enter")
    page.wait_for_timeout(200)
    assert requests == []                           # none at all, not even to file://
    assert page.requests_outside == []              # and none to another host since loading


def test_enter_never_reloads(calc):
    p = calc
    p.evaluate("window.__marker = 1")
    before = p.url
    for box in (glucose(p), insulin(p), tg(p)):
        box.fill("5")
        box.press("Enter")
    unit(p, "glucose").press("Enter")
    p.wait_for_timeout(200)
    assert p.evaluate("window.__marker") == 1 and p.url == before


CONTROLS = ["homa-glucose", "homa-glucose-unit", "homa-insulin", "homa-insulin-unit", "homa-tg", "homa-tg-unit",
            "homa-homa-ir-value", "homa-copy"]


def test_keyboard_only_use(calc):
    p = calc
    p.locator("#homa-glucose").focus()             # start just above the form, then only keys
    p.keyboard.press("Shift+Tab")
    reached, rings = [], {}
    for _ in range(40):
        p.keyboard.press("Tab")
        focus = p.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
            return {id: e.id, ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                                     || s.boxShadow !== 'none'}; }""")
        if focus["id"] in CONTROLS and focus["id"] not in reached:
            reached.append(focus["id"])
            rings[focus["id"]] = focus["ring"]
        if focus["id"] == "homa-copy":
            break
    assert reached == CONTROLS                      # every control, in reading order
    assert all(rings.values()), rings               # a visible focus ring on each
    # Use it with keys only: type, change a unit with the arrow keys, press the button.
    p.locator("#homa-glucose").focus()
    p.keyboard.type("5,4")
    p.keyboard.press("Tab")
    p.keyboard.press("ArrowDown")                   # mg/dL -> mmol/L
    p.keyboard.press("Tab")
    p.keyboard.type("12")
    assert unit(p, "glucose").input_value() == "mmol/L"
    assert outputs(p)["homa-ir"] == "2.88"
    p.locator("#homa-copy").focus()
    p.keyboard.press("Enter")
    until(p, "document.getElementById('homa-copy-status').textContent !== ''")


def test_page_never_shows_nan_infinity_or_undefined(calc):
    p = calc
    texts = []
    for g, i, t in (("1e400", "Infinity", "NaN"), ("1e300", "1e-300", "1e-300"), ("3.5", "1e-12", "1e-12"),
                    ("0.0000001", "0.0000001", "0.0000001"), ("-0", "-1e-320", ""), ("", "", ""),
                    ("900", "1000", "4400"), ("1e-5", "1e5", "1e-5")):
        glucose(p).fill(g)
        insulin(p).fill(i)
        tg(p).fill(t)
        texts.append(p.locator("body").inner_text())
    for text in texts:
        assert not re.search(r"NaN|Infinity|undefined|null", text)


def test_form_reflows_on_a_360px_phone(page, url):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(url + ISSUE_FRAGMENT)
    page.locator("#homa-form").wait_for(state="visible")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for sel in ("#homa-glucose", "#homa-glucose-unit", "#homa-copy", "#homa-place", "#homa-plain"):
        box = page.locator(sel).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, sel


def test_without_javascript_the_formulas_remain(browser, url):
    context = browser.new_context(java_script_enabled=False)
    try:
        p = context.new_page()
        p.goto(url)
        assert p.locator("#homa-calc").is_hidden()                     # no dead form
        assert p.locator("#formulas").is_visible()
        body = p.locator("article").inner_text()
        assert "÷ 22.5" in body and "÷ 405" in body and "3.5" in body and "18.016" in body and "6.945" in body
    finally:
        context.close()


def test_assets_only_on_pages_with_a_calculator(site_dir):
    with_assets = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
                         if "assets/calculator/homa.js" in p.read_text(encoding="utf-8"))
    assert with_assets == sorted([PAGE, "es/" + PAGE])    # the Spanish twin shares the scripts
    html = (site_dir / PAGE).read_text(encoding="utf-8")
    for name in ("homa.js", "homa-form.js"):
        assert f'"../assets/calculator/{name}"' in html and (site_dir / "assets/calculator" / name).is_file()
    css = (site_dir / "assets/calculator/homa.css").read_text(encoding="utf-8")
    assert f"<style>{css}</style>" in html.split("</head>")[0]      # inlined: no render-blocking request
    assert "calculator:" not in html.split("<article", 1)[1].split("</article>")[0].replace("calculator-slot", "")


# --- accessibility ------------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(page, url, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(url + "#glucose=30&glucose-unit=mmol/L&insulin=12&tg=1.7&tg-unit=mmol/L")
    page.locator("#homa-form").wait_for(state="visible")
    assert page.get_attribute("body", "data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
    # State 1: results, the plain words, the comparison and a warning message.
    assert page.locator(".homa-msg--warning").count() == 1 and outputs(page)["homa-ir"] != ""
    found = axe_violations(page)
    # State 1b: a unit question with its buttons, and a typed HOMA-IR with its caveat.
    glucose(page).fill("5.4")
    unit(page, "glucose").select_option(label="mg/dL")
    assert question(page).count() == 1
    found += axe_violations(page)
    for box in (glucose(page), insulin(page), tg(page)):
        box.fill("")
    typed(page).fill("2.4")
    page.wait_for_timeout(300)
    found += axe_violations(page)
    glucose(page).fill("5.4")
    unit(page, "glucose").select_option(label="mmol/L")
    typed(page).fill("")
    # State 2: an invalid field, its error message and no results; the copy-link fallback shown.
    insulin(page).fill("abc")
    page.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); }")
    page.get_by_role("button", name="Copy link with these values").click()
    page.get_by_role("textbox", name="Link with these values").wait_for(state="visible")
    page.locator("#homa-glucose").focus()
    page.wait_for_timeout(600)                      # let the theme's fade-in transitions finish
    found += axe_violations(page)
    assert found == []


# --- phone and handout --------------------------------------------------------------------------

PHONE = {"width": 390, "height": 844}


def in_view(p, selector: str) -> bool:
    return p.locator(selector).evaluate("""e => { const r = e.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight && getComputedStyle(e).visibility !== 'hidden'; }""")


def test_on_a_phone_the_result_and_its_plain_sentence_stay_in_view(browser, url):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        p = context.new_page()
        p.goto(url)
        glucose(p).fill("90")
        insulin(p).fill("10")                       # the last field: triglycerides stay empty
        p.wait_for_timeout(200)                     # the summary follows an IntersectionObserver
        plain = p.locator("#homa-plain").text_content()
        if in_view(p, "#homa-ir") and in_view(p, "#homa-plain"):
            pass                                    # the results themselves are on screen
        else:
            assert in_view(p, "#homa-summary"), "neither the results nor the summary are in view"
            summary = p.locator("#homa-summary").inner_text()
            assert "2.22" in summary and plain in summary
            focused = p.locator("#homa-insulin").bounding_box()
            assert focused["y"] + focused["height"] <= p.locator("#homa-summary").bounding_box()["y"], \
                "the summary hides the field being typed in"
        p.locator("#homa-summary a").click() if p.locator("#homa-summary").is_visible() else None
        p.wait_for_timeout(300)
        assert in_view(p, "#homa-ir")
    finally:
        context.close()


def test_a_prefilled_link_opens_at_the_results_on_a_phone(browser, url):
    context = browser.new_context(viewport=PHONE)
    try:
        p = context.new_page()
        p.goto(url + "#glucose=90&glucose-unit=mg/dL&insulin=10&insulin-unit=uIU/mL")
        until(p, "document.getElementById('homa-ir').textContent === '2.22'")
        p.wait_for_timeout(300)
        assert in_view(p, "#results") and in_view(p, "#homa-ir")
    finally:
        context.close()


# A4 at 96 px per inch, less the 14 mm margins of homa.css's @page rule.
A4_CONTENT = {"width": round((210 - 28) / 25.4 * 96), "height": round((297 - 28) / 25.4 * 96)}


def printed_pages(browser, address: str) -> tuple[list[str], float]:
    """(text of each printed page, height of the handout as a share of one page's content box)."""
    context = browser.new_context(viewport=A4_CONTENT)
    try:
        p = context.new_page()
        p.goto(address + "#glucose=90&glucose-unit=mg/dL&insulin=10&insulin-unit=uIU/mL")
        until(p, "document.getElementById('homa-ir').textContent === '2.22'")
        p.locator("#homa-glucose").focus()          # a focus ring must not print
        p.emulate_media(media="print")
        share = p.evaluate("""() => (document.querySelector('#homa-results').getBoundingClientRect().bottom -
            document.querySelector('article').getBoundingClientRect().top) / innerHeight""")
        pdf = p.pdf(format="A4", prefer_css_page_size=True)
    finally:
        context.close()
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages], share


def test_printed_handout_fits_one_page_with_address_and_date(browser, site_dir, public_site):
    pages, share = printed_pages(browser, (public_site / PAGE).as_uri())
    first = pages[0]
    assert share <= 0.9, f"the handout fills {share:.0%} of the page (10% margin kept)"
    for words in ("HOMA-IR calculator", "Fasting glucose: 90 mg/dL", "Fasting insulin: 10 µIU/mL",
                  "Triglycerides (optional): not given", "HOMA-IR 2.22", "HOMA-%B 133%", "QUICKI 0.338",
                  "It is not a diagnosis", "Your 2.22 lies between 2.05 and 3.46", "What to do next",
                  "Printed on:", "https://example.org/ir/tools/homa-ir.html"):
        assert words in first, words
    assert re.search(r"Printed on: \w+ \d{1,2}, 20\d\d", first), first
    for control in ("Copy link", "Glucose unit", "mg/dL mmol/L", "µIU/mL pmol/L", "See your results", "It is pmol/L"):
        assert control not in first, control        # (the privacy section, later, names the button in prose)
    assert all(o not in " ".join(pages) for o in ("mg/dL mmol/L", "µIU/mL pmol/L"))   # no option list anywhere
    assert pages[1].startswith("How it is calculated"), pages[1][:80]
    # Without SITE_URL and from file://, no file: address prints: the print block says there is
    # none (hooks/print_block.py, under the title).
    pages, _ = printed_pages(browser, (site_dir / PAGE).as_uri())
    assert "This copy of the site has no public web address" in pages[0] and "file:" not in " ".join(pages)
