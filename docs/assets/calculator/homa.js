/* HomaCalc: the calculator's pure functions; no DOM, no network. A classic script, because
 * Chromium runs no ES module from a file:// page (the offline build). Every answer is a finite
 * number or a named error, never NaN or Infinity. Factors and sources: tools/homa-ir.md. */
(function (root) {
  "use strict";

  // Units per base unit (mmol/L, uIU/mL, mmol/L). Glucose 18.0, not the molar 18.016, so that
  // G*I/405 (mg/dL) equals G*I/22.5 (mmol/L); insulin 6.00, not 6.945. We divide by these, never
  // multiply by a reciprocal, so 63 mg/dL is exactly 3.5 mmol/L and 400 pmol/L exactly a bound.
  var PER = {
    glucose: { "mmol/L": 1, "mg/dL": 18.0 },
    insulin: { "uIU/mL": 1, "pmol/L": 6.0 },
    tg: { "mmol/L": 1, "mg/dL": 88.57 }
  };
  // Above these no human lab result is possible (project decision), per unit.
  var MAX = {
    glucose: { "mmol/L": 50, "mg/dL": 900 },
    insulin: { "uIU/mL": 1000, "pmol/L": 6000 },
    tg: { "mmol/L": 50, "mg/dL": 4400 }
  };
  // Inputs the HOMA2 authors' calculator accepts: we warn outside them, but still compute.
  var HOMA2_RANGE = { glucose: [3.0, 25.0], insulin: [20 / 6, 400 / 6] };

  // Published cut-offs, each from one population (none is universal). lower: for QUICKI a
  // low value is the insulin-resistant side. No TyG entry: its published cut-off (4.65) is on
  // another scale than ln(TG*G/2).
  var SP = " Spanish adults";
  var CUTOFFS = [
    { index: "homa-ir", value: 1.85, key: "gayoso-diz2013homa", source: "Gayoso-Diz 2013",
      population: "the level that best picked out metabolic syndrome in Spanish men without diabetes" },
    { index: "homa-ir", value: 2.05, key: "gayoso-diz2013homa", source: "Gayoso-Diz 2013",
      population: "the level that best picked out metabolic syndrome in 2,459" + SP + " aged 20 to 92" },
    { index: "homa-ir", value: 2.6, key: "ascaso2003homa", source: "Ascaso 2003",
      population: "the 75th percentile in 65" + SP + " aged 30 to 60 with normal glucose tolerance" },
    { index: "homa-ir", value: 3.46, key: "gayoso-diz2013homa", source: "Gayoso-Diz 2013",
      population: "the 90th percentile in the same 2,459" + SP },
    { index: "quicki", value: 0.33, lower: true, key: "ascaso2003homa", source: "Ascaso 2003",
      population: "the cut-off in the same 65" + SP + " with normal glucose tolerance" }
  ];

  // A comma is always the decimal mark ("1,234" is 1.234, never 1234). One sign, digits, one
  // mark, an optional exponent; anything else ("1.2.3", "abc", "NaN") is not a number.
  var NUMBER = /^[+-]?(\d+[.,]?\d*|[.,]\d+)(e[+-]?\d+)?$/i;

  function parse(text) {
    if (typeof text !== "string") return { error: "not-a-number" };
    var s = text.trim().replace(/\u2212/g, "-");          // a typographic minus is a minus
    if (!s) return { error: "empty" };
    if (/^[+-]?(infinity|\u221e)$/i.test(s)) return { error: "not-finite" };
    if (!NUMBER.test(s)) return { error: "not-a-number" };
    var x = Number(s.replace(",", "."));
    if (!isFinite(x)) return { error: "not-finite" };      // "1e400" overflows
    return { value: x || 0 };                               // no -0
  }

  function toBase(field, unit, x) { return x / PER[field][unit]; }
  function fromBase(field, unit, x) { return x * PER[field][unit]; }
  function other(field, unit) {
    var u = Object.keys(PER[field]);
    return u[0] === unit ? u[1] : u[0];
  }

  // One field: { error, otherUnit? } (show no result), or { value, base, warning?, otherUnit? }.
  // otherUnit names the unit in which the number would make sense ("did you mean ...?").
  function validate(field, text, unit) {
    if (!PER[field] || !PER[field].hasOwnProperty(unit)) return { error: "unknown-unit" };
    var p = parse(text), alt;
    if (p.error) return p;
    var x = p.value;
    if (x === 0) return { error: "zero" };
    if (x < 0) return { error: "negative" };
    alt = other(field, unit);
    if (x > MAX[field][unit]) return x <= MAX[field][alt] ? { error: "impossible", otherUnit: alt } : { error: "impossible" };
    var r = { value: x, base: toBase(field, unit, x) }, range = HOMA2_RANGE[field];
    var out = function (b) { return b < range[0] || b > range[1]; };
    if (range && out(r.base)) {
      r.warning = r.base < range[0] ? "below-homa2-range" : "above-homa2-range";
      if (!out(toBase(field, alt, x))) r.otherUnit = alt;
    }
    return r;
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
    return s > 0 ? finite(1 / s) : { error: "not-defined" };            // only for absurdly low inputs
  }
  function tyg(g, t) {                                                   // Simental-Mendia 2008
    var v = Math.log(t * 88.57 * g * 18.0 / 2);
    return v > 0 ? finite(v) : { error: "not-defined" };
  }

  // inputs: {glucose, glucoseUnit, insulin, insulinUnit, tg, tgUnit} as typed. An empty tg is
  // no error (optional); any invalid field means no result at all.
  function compute(inputs) {
    var f = {
      glucose: validate("glucose", inputs.glucose, inputs.glucoseUnit),
      insulin: validate("insulin", inputs.insulin, inputs.insulinUnit)
    };
    if (typeof inputs.tg === "string" && inputs.tg.trim()) f.tg = validate("tg", inputs.tg, inputs.tgUnit);
    var r = { fields: f, ok: !(f.glucose.error || f.insulin.error || (f.tg && f.tg.error)) };
    if (!r.ok) return r;
    var g = f.glucose.base, i = f.insulin.base;
    r.results = { "homa-ir": homaIR(g, i), "homa-b": homaB(g, i), "quicki": quicki(g, i),
                  "tyg": f.tg ? tyg(g, f.tg.base) : { error: "no-triglycerides" } };
    return r;
  }

  // toFixed always writes a point, never a locale comma; from 1e21 it writes an exponent.
  var DECIMALS = { "homa-ir": 2, "homa-b": 0, "quicki": 3, "tyg": 2 };
  function format(name, x) {
    if (typeof x !== "number" || !isFinite(x) || Math.abs(x) >= 1e21) return "";
    var s = x.toFixed(DECIMALS[name]);
    return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
  }

  // Cut-offs with shown (the printed value: the words agree with the number on screen) and
  // beyond (on the insulin-resistant side, cut-off included).
  function interpret(results) {
    return CUTOFFS.filter(function (c) {
      return results && results[c.index] && !results[c.index].error;
    }).map(function (c) {
      var o = {}, k;
      for (k in c) o[k] = c[k];
      o.shown = Number(format(c.index, results[c.index].value));
      o.beyond = c.lower ? o.shown <= c.value : o.shown >= c.value;
      return o;
    });
  }

  var api = {
    MAX: MAX, HOMA2_RANGE: HOMA2_RANGE, CUTOFFS: CUTOFFS,
    parse: parse, validate: validate, toBase: toBase, fromBase: fromBase,
    homaIR: homaIR, homaB: homaB, quicki: quicki, tyg: tyg,
    compute: compute, format: format, interpret: interpret
  };
  root.HomaCalc = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : this);
