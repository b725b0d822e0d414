"""An independent Python scorer for the prediabetes risk test (not the code under test): exact
fractions from the rules in decisions.md ("Risk test") and the table in data/risk-test.yml. The
unit tests compare risk.js with it, and it wrote the expected values in tests/risk_vectors.json
(the tests re-derive them, so a hand edit of the JSON cannot hide a wrong expectation)."""
from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TABLE = yaml.safe_load((ROOT / "data/risk-test.yml").read_text(encoding="utf-8"))
KG_PER_LB = Fraction("0.45359237")
M_PER_IN = Fraction("0.0254")
# What JavaScript's String.prototype.trim removes (Python's strip also removes \x1c-\x1f and \x85).
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
ITEMS = ("age", "sex", "gdm", "family", "bp", "active", "weight")


def number(text: str | None) -> tuple[str, Fraction | None]:
    s = (text or "").strip(JS_SPACE)
    if not s:
        return "empty", None
    if re.match(r"[-\u2212]\s*[0-9]", s):
        return "negative", None
    m = re.fullmatch(r"([0-9]+)(?:[.,]([0-9]+))?", s)   # ASCII digits, as in JS
    if not m:
        return "not-a-number", None
    if m.group(2) and len(m.group(2)) > TABLE["limits"]["decimals"]:
        return "decimals", None
    if len(m.group(1)) > 9:
        return "too-high", None
    return "", Fraction(s.replace(",", "."))


def banded(rows: list[dict], x: Fraction) -> int:
    return [r["points"] for r in rows if x >= Fraction(str(r["from"]))][-1]


def expected(i: dict) -> dict:
    """{"total", "points", "bmi_tenths"} or {"errors": {field: name}}."""
    lim, errors, points = TABLE["limits"], {}, {}
    err, age = number(i.get("age"))
    if err:
        errors["age"] = err
    elif age < lim["age"][0]:
        errors["age"] = "under-age"
    elif age > lim["age"][1]:
        errors["age"] = "too-high"
    else:
        points["age"] = banded(TABLE["age"], age)
    for item in ("sex", "family", "bp", "active"):
        answer = TABLE["answers"][item].get(i.get(item) or "")
        if answer is None:
            errors[item] = "unanswered"
        else:
            points[item] = answer["points"]
    if i.get("sex") == "woman":
        answer = TABLE["answers"]["gdm"].get(i.get("gdm") or "")
        if answer is None:
            errors["gdm"] = "unanswered"
        else:
            points["gdm"] = answer["points"]
    else:
        points["gdm"] = 0                          # asked only of women, from any source

    if i["units"] == "us":
        e_ft, ft = number(i.get("heightFt"))
        e_in, inch = number(i.get("heightIn")) if (i.get("heightIn") or "").strip(JS_SPACE) else ("", Fraction(0))
        if e_ft or e_in:
            errors["height"] = e_ft or e_in
        elif inch >= lim["inches_below"]:
            errors["height"] = "inches"
        e_w, lb = number(i.get("weightLb"))
        metres = (ft * 12 + inch) * M_PER_IN if "height" not in errors else None
        kg = lb * KG_PER_LB if not e_w else None
    else:
        e_h, cm = number(i.get("heightCm"))
        e_w, kg = number(i.get("weightKg"))
        if e_h:
            errors["height"] = e_h
        metres = cm / 100 if not e_h else None
    if e_w:
        errors["weight"] = e_w
    if metres is not None and "height" not in errors:
        if metres * 100 < lim["height_cm"][0]:
            errors["height"] = "too-low"
        elif metres * 100 > lim["height_cm"][1]:
            errors["height"] = "too-high"
    if kg is not None and "weight" not in errors:
        if kg < lim["weight_kg"][0]:
            errors["weight"] = "too-low"
        elif kg > lim["weight_kg"][1]:
            errors["weight"] = "too-high"
    if errors:
        return {"errors": errors}
    bmi = kg / (metres * metres)                   # exact, unrounded
    points["weight"] = banded(TABLE["bmi"], bmi)
    total = sum(points.values())
    return {"total": total, "points": points, "bmi_tenths": int(bmi * 10 // 1),
            "higher": total >= TABLE["cut"]}
