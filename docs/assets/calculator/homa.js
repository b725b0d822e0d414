/* HomaCalc: the calculator's pure functions; no DOM, no network, no text for readers (the form
 * layer words every answer from the page's string table). A classic script, because Chromium
 * runs no ES module from a file:// page. Every answer is a finite number, a named error or a
 * named question, never NaN or Infinity. The limits of record live in data/calculator.yml and
 * are passed in: `limits` = {plausible, homa2_range, typed_homa_ir_max, population}. */
(function (root) {
  "use strict";

  // Units per base unit (mmol/L, uIU/mL, mmol/L). Glucose 18.0, not the molar 18.016, so that
  // G*I/405 (mg/dL) equals G*I/22.5 (mmol/L); insulin 6.00, not 6.945. We divide by these, never
  // multiply by a reciprocal, so 63 mg/dL is exactly 3.5 mmol/L.
  var PER = {
    glucose: { "mmol/L": 1, "mg/dL": 18.0 },
    insulin: { "uIU/mL": 1, "pmol/L": 6.0 },
    tg: { "mmol/L": 1, "mg/dL": 88.57 }
  };

  var NUMBER = /^[+-]?(\d+[.,]?\d*|[.,]\d+)(e[+-]?\d+)?$/i;
  // "1,200" or "1.200": a thousands mark or a decimal mark? We ask instead of guessing.
  var SEPARATOR = /^[1-9]\d{0,2}[.,]\d{3}$/;
  var COMPARISON = /^(<|>|\u2264|\u2265)=?\s*[+-]?[\d.,]/;    // "<2", "> 300", "≤ 5"
  var LEADING = /^[+-]?(\d+[.,]?\d*|[.,]\d+)\s*(\S.*)$/;     // a number, then something else
  var UNIT_WORD = /^(mg\/dl|mmol\/l|pmol\/l|[u\u00b5\u03bcm]i?u\/ml|m?u\/l|miu\/l)$/i;
  var FLAG = /^(\(?(h|l|hh|ll|high|low)\)?\*?|\*+)$/i;       // lab report flags

  function parse(text) {
    if (typeof text !== "string") return { error: "not-a-number" };
    var s = text.trim().replace(/\u2212/g, "-"), m;        // a typographic minus is a minus
    if (!s) return { error: "empty" };
    if (/^[+-]?(infinity|\u221e)$/i.test(s)) return { error: "not-finite" };
    if (COMPARISON.test(s)) return { error: "comparison" };
    if (SEPARATOR.test(s)) {
      return { error: "ambiguous", readings: [Number(s.replace(",", ".")), Number(s.replace(/[.,]/, ""))] };
    }
    if (!NUMBER.test(s)) {
      m = LEADING.exec(s);
      if (m && UNIT_WORD.test(m[2].replace(/\s+/g, ""))) return { error: "unit-typed" };
      if (m && FLAG.test(m[2])) return { error: "flag" };
      return { error: "not-a-number" };
    }
    var x = Number(s.replace(",", "."));
    if (!isFinite(x)) return { error: "not-finite" };      // "1e400" overflows
    return { value: x || 0 };                               // no -0
  }

  function toBase(field, unit, x) { return x / PER[field][unit]; }
  function fromBase(field, unit, x) { return x * PER[field][unit]; }
  // x from one unit to another, exact when they are the same (20 pmol/L is inside 20 to 400).
  function convert(field, from, to, x) { return from === to ? x : x / PER[field][from] * PER[field][to]; }
  function other(field, unit) {
    var u = Object.keys(PER[field]);
    return u[0] === unit ? u[1] : u[0];
  }
  // An ambiguous separator is a question for the reader, not an error.
  function asked(p) { return p.error === "ambiguous" ? { question: "separator", readings: p.readings } : p; }
  function inside(range, x) { return x >= range[0] && x <= range[1]; }

  // One field. Returns one of:
  //   { error, side? }                      no result (side: "low" | "high" for "implausible")
  //   { question: "separator", readings }   "1,200": 1.2 or 1200?
  //   { question: "unit", unit, why, side } which unit is on the report? (why: "implausible" |
  //                                         "homa2-range"); the suggested answer is `unit`
  //   { value, base, warning? }             usable; warning: "below-homa2-range" | "above-..."
  // `chosen`: the reader set this unit (select, question or link). Only an unchosen unit is
  // questioned for a value outside the HOMA2 range; an impossible value is questioned always.
  function validate(field, text, unit, chosen, limits) {
    if (!PER[field] || !PER[field].hasOwnProperty(unit)) return { error: "unknown-unit" };
    var p = parse(text), alt = other(field, unit), bounds = limits.plausible[field];
    if (p.error) return asked(p);
    var x = p.value;
    if (x === 0) return { error: "zero" };
    if (x < 0) return { error: "negative" };
    var side = x < bounds[unit][0] ? "low" : "high";
    if (!inside(bounds[unit], x)) {
      return inside(bounds[alt], x) ? { question: "unit", unit: alt, why: "implausible", side: side }
                                    : { error: "implausible", side: side };
    }
    var r = { value: x, base: toBase(field, unit, x) }, h = limits.homa2_range[field];
    var here = h && convert(field, unit, h.unit, x);
    if (h && !inside(h.range, here)) {
      r.warning = here < h.range[0] ? "below-homa2-range" : "above-homa2-range";
      if (!chosen && inside(bounds[alt], x) && inside(h.range, convert(field, alt, h.unit, x))) {
        return { question: "unit", unit: alt, why: "homa2-range", side: here < h.range[0] ? "low" : "high" };
      }
    }
    return r;
  }

  // A HOMA-IR number the reader was given (typed, not computed).
  function validateTyped(text, limits) {
    var p = parse(text);
    if (p.error) return asked(p);
    if (p.value === 0) return { error: "zero" };
    if (p.value < 0) return { error: "negative" };
    if (p.value > limits.typed_homa_ir_max) return { error: "implausible", side: "high" };
    return { value: p.value };
  }

  function finite(x) { return isFinite(x) ? { value: x } : { error: "not-defined" }; }
  function log10(x) { return Math.log(x) / Math.LN10; }

  // The indices, from base units: g glucose mmol/L, i insulin uIU/mL, t triglycerides mmol/L.
  function homaIR(g, i) { return finite(g * i / 22.5); }                 // Matthews 1985
  function homaB(g, i) {                                                 // Matthews 1985
    return g > 3.5 ? finite(20 * i / (g - 3.5)) : { error: "not-defined" };  // 0 or negative divisor
  }
  function quicki(g, i) {                                                // Katz 2000
    var s = log10(i) + log10(g * 18.0);
    return s > 0 ? finite(1 / s) : { error: "not-defined" };
  }
  function tyg(g, t) {                                                   // Simental-Mendia 2008
    var v = Math.log(t * 88.57 * g * 18.0 / 2);
    return v > 0 ? finite(v) : { error: "not-defined" };
  }

  function blank(text) { return typeof text !== "string" || !text.trim(); }

  // inputs: {glucose, glucoseUnit, glucoseChosen, insulin, insulinUnit, insulinChosen, tg, tgUnit,
  // tgChosen, homaIrValue} as typed. Lab values win over a typed HOMA-IR; with no lab value at
  // all, a typed HOMA-IR is read on its own. An empty tg is no error (optional); any field that
  // is not usable means no result at all.
  function compute(inputs, limits) {
    var f = {}, r;
    if (blank(inputs.glucose) && blank(inputs.insulin) && blank(inputs.tg) && !blank(inputs.homaIrValue)) {
      f["homa-ir-value"] = validateTyped(inputs.homaIrValue, limits);
      r = { fields: f, typed: true, ok: "value" in f["homa-ir-value"] };
      if (r.ok) r.homaIr = f["homa-ir-value"].value;
      return r;
    }
    ["glucose", "insulin", "tg"].forEach(function (k) {
      if (k !== "tg" || !blank(inputs.tg)) {
        f[k] = validate(k, inputs[k], inputs[k + "Unit"], !!inputs[k + "Chosen"], limits);
      }
    });
    r = { fields: f, typed: false, typedIgnored: !blank(inputs.homaIrValue) };
    r.ok = Object.keys(f).every(function (k) { return "value" in f[k]; });
    if (!r.ok) return r;
    var g = f.glucose.base, i = f.insulin.base;
    r.results = { "homa-ir": homaIR(g, i), "homa-b": homaB(g, i), "quicki": quicki(g, i),
                  "tyg": f.tg ? tyg(g, f.tg.base) : { error: "no-triglycerides" } };
    if (!r.results["homa-ir"].error) r.homaIr = r.results["homa-ir"].value;
    return r;
  }

  // toFixed always writes a point, never a locale comma; from 1e21 it writes an exponent.
  var DECIMALS = { "homa-ir": 2, "homa-b": 0, "quicki": 3, "tyg": 2 };
  function format(name, x) {
    if (typeof x !== "number" || !isFinite(x) || Math.abs(x) >= 1e21) return "";
    var s = x.toFixed(DECIMALS[name]);
    return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
  }

  // Where a HOMA-IR lies among the population values (sorted), compared as printed, so that the
  // words agree with the number on screen: { position: "less" | "between" | "equal" | "more",
  // lower?, upper? }. A position, never a verdict.
  function place(homaIr, values) {
    var shown = Number(format("homa-ir", homaIr)), v = values.slice().sort(function (a, b) { return a - b; });
    for (var k = 0; k < v.length; k++) {
      if (shown === v[k]) return { position: "equal", lower: v[k] };
      if (shown < v[k]) return k === 0 ? { position: "less", upper: v[0] }
                                       : { position: "between", lower: v[k - 1], upper: v[k] };
    }
    return { position: "more", lower: v[v.length - 1] };
  }

  var api = {
    PER: PER, parse: parse, validate: validate, validateTyped: validateTyped,
    toBase: toBase, fromBase: fromBase, convert: convert, other: other,
    homaIR: homaIR, homaB: homaB, quicki: quicki, tyg: tyg,
    compute: compute, format: format, place: place
  };
  root.HomaCalc = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : this);
