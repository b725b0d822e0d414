/* RiskTest: the prediabetes risk test's pure functions; no DOM, no network, no text for readers
 * (risk-form.js words every answer from the page's string table). A classic script, because
 * Chromium runs no ES module from a file:// page. The point table and limits of record live in
 * data/risk-test.yml and are passed in. Every answer is a total from 0 to 10 or named errors.
 *
 * Numbers are read as whole multiples of 1/100 (at most two decimals), so that a BMI exactly on
 * a cut (25.0 from 180 cm and 81 kg, where 81 / 1.8² is 24.999999999999996 in floating point)
 * is compared exactly: every product below stays under 2^53. */
(function (root) {
  "use strict";

  var NUMBER = /^(\d+)(?:[.,](\d+))?$/;
  var LB = 45359237, LB_SCALE = 1e8;   // 0.45359237 kg per lb, exactly
  var IN_CM = 254;                     // 2.54 cm per inch, exactly (0.0254 m)

  // "70.5" -> { n: 7050 } (hundredths); or { error }.
  function parse(text, decimals) {
    var s = typeof text === "string" ? text.trim() : "", m;
    if (!s) return { error: "empty" };
    if (/^[-\u2212]\s*\d/.test(s)) return { error: "negative" };
    m = NUMBER.exec(s);
    if (!m) return { error: "not-a-number" };
    var frac = m[2] || "";
    if (frac.length > decimals) return { error: "decimals" };
    if (m[1].length > 9) return { error: "too-high" };        // far beyond any limit
    while (frac.length < decimals) frac += "0";
    return { n: Number(m[1] + frac) };
  }

  // floor(n / d) for exact integers n >= 0, d > 0: the float quotient, then corrected.
  function floorDiv(n, d) {
    var q = Math.floor(n / d);
    while (q * d > n) q--;
    while ((q + 1) * d <= n) q++;
    return q;
  }

  function band(rows, value, scale) {
    var points = null;
    rows.forEach(function (r) { if (value >= r.from * scale) points = r.points; });
    return points;
  }

  // Height and weight as exact rationals: { hNum, hDen } in cm, { wNum, wDen } in kg, and the
  // BMI in tenths as floor(10 * kg / m²).
  function body(input, t, errors) {
    var us = input.units === "us", S = 100, L = t.limits, h, w, hCm, wKg, ft, inch;
    if (us) {
      ft = parse(input.heightFt, 2);
      inch = (input.heightIn || "").trim() ? parse(input.heightIn, 2) : { n: 0 };
      if (ft.error) errors.height = { error: ft.error, box: "ft" };
      else if (inch.error) errors.height = { error: inch.error, box: "in" };
      else if (inch.n >= L.inches_below * S) errors.height = { error: "inches", box: "in" };
      w = parse(input.weightLb, 2);
      if (!errors.height) h = ft.n * 12 + inch.n;               // hundredths of an inch
      // cm = h * 254 / 10^4; kg = w * LB / 10^10
      hCm = h === undefined ? null : { num: h * IN_CM, den: 1e4 };
      wKg = w.error ? null : { num: w.n * LB, den: S * LB_SCALE };
    } else {
      h = parse(input.heightCm, 2);
      w = parse(input.weightKg, 2);
      if (h.error) errors.height = { error: h.error };
      hCm = h.error ? null : { num: h.n, den: S };
      wKg = w.error ? null : { num: w.n, den: S };
    }
    if (w.error) errors.weight = { error: w.error };
    if (hCm && !errors.height) {
      if (hCm.num < L.height_cm[0] * hCm.den) errors.height = { error: "too-low" };
      else if (hCm.num > L.height_cm[1] * hCm.den) errors.height = { error: "too-high" };
    }
    if (wKg && !errors.weight) {
      if (wKg.num < L.weight_kg[0] * wKg.den) errors.weight = { error: "too-low" };
      else if (wKg.num > L.weight_kg[1] * wKg.den) errors.weight = { error: "too-high" };
    }
    if (errors.height || errors.weight) return null;
    // BMI = kg / m² = (wNum / wDen) / (hNum / hDen / 100)²; tenths = floor(BMI * 10).
    var n, d;
    if (us) {   // w*LB/1e10 / (h*254/1e6)^2 * 10 = w*LB*1000 / (h^2 * 64516)
      n = w.n * LB * 1000;
      d = h * h * IN_CM * IN_CM;
    } else {    // (w/100) / (h/1e4)^2 * 10 = w * 1e7 / h^2
      n = w.n * 1e7;
      d = h.n * h.n;
    }
    return floorDiv(n, d);
  }

  function choice(value, options) {
    return typeof value === "string" && options.hasOwnProperty(value) ? options[value] : null;
  }

  // input: { age, sex, gdm, family, bp, active, units: "metric"|"us", heightCm, weightKg,
  //          heightFt, heightIn, weightLb } (text as typed, answers as option values).
  // Returns { ok, total, points: {item: n}, bmiTenths, errors: {field: {error, ...}} }.
  function score(input, t) {
    var errors = {}, points = {}, A = t.answers;
    var age = parse(input.age, 2);
    if (age.error) errors.age = { error: age.error };
    else if (age.n < t.limits.age[0] * 100) errors.age = { error: "under-age" };
    else if (age.n > t.limits.age[1] * 100) errors.age = { error: "too-high" };
    else points.age = band(t.age, age.n, 100);

    ["sex", "family", "bp", "active"].forEach(function (k) {
      var a = choice(input[k], A[k]);
      if (a) points[k] = a.points; else errors[k] = { error: "unanswered" };
    });
    // The gestational-diabetes answer counts only for a woman; for anyone else it is not asked.
    if (input.sex === "woman") {
      var g = choice(input.gdm, A.gdm);
      if (g) points.gdm = g.points; else errors.gdm = { error: "unanswered" };
    } else {
      points.gdm = 0;
    }

    var tenths = body(input, t, errors);
    if (tenths !== null) points.weight = band(t.bmi, tenths, 10);

    var ok = Object.keys(errors).length === 0, total = 0;
    if (ok) Object.keys(points).forEach(function (k) { total += points[k]; });
    return { ok: ok, total: ok ? total : null, points: points, bmiTenths: tenths, errors: errors,
             higher: ok ? total >= t.cut : null };
  }

  root.RiskTest = { parse: parse, score: score, floorDiv: floorDiv };
})(this);
