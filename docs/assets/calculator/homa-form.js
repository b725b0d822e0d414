/* The calculator's DOM layer: wires HomaCalc (homa.js) to the form hooks/calculator.py writes.
 * A classic script (file:// runs no modules). All text goes in with textContent or .value, never
 * as HTML, so values from the URL fragment stay text. No network request. */
(function () {
  "use strict";
  var C = window.HomaCalc, form = document.getElementById("homa-form");
  if (!C || !form) return;

  var FIELDS = ["glucose", "insulin", "tg"];
  var NAME = { glucose: "fasting glucose", insulin: "fasting insulin", tg: "triglycerides" };
  var EXAMPLE = { "mg/dL": "97", "mmol/L": "5.4", "uIU/mL": "10", "pmol/L": "60" };
  var touched = {};                    // a field is checked only after its first input

  function $(id) { return document.getElementById(id); }
  function box(f) { return $("homa-" + f); }
  function unit(f) { return $("homa-" + f + "-unit").value; }
  function label(u) { return u === "uIU/mL" ? "µIU/mL" : u; }

  function errorText(f, res, u) {
    var x = C.parse(box(f).value).value, alt = res.otherUnit && label(res.otherUnit);
    switch (res.error) {
      case "empty": return "Enter your " + NAME[f] + ", for example " + EXAMPLE[u] + " " + label(u) + ".";
      case "not-a-number": return "Enter a number, for example " + EXAMPLE[u] +
        ". Use digits, with a point or a comma before the decimals.";
      case "not-finite": return "This number is far too large. Enter the value from your lab report.";
      case "zero": return "Enter a value above zero.";
      case "negative": return "A lab value cannot be negative. Enter a value above zero.";
      case "impossible": return x + " " + label(u) + " is above the highest possible " + NAME[f] + " (" +
        C.MAX[f][u] + " " + label(u) + "). " + (alt ? "Did you mean " + x + " " + alt + "? Then choose " +
        alt + " as the unit." : "Check the value and the unit on your lab report.");
    }
    return "Check this value.";
  }

  function warningText(f, res, u) {
    var r = C.HOMA2_RANGE[f], d = u === "mmol/L" || u === "uIU/mL" ? 1 : 0;
    return "This is " + res.warning.split("-")[0] + " the range the HOMA authors' calculator accepts (" +
      C.fromBase(f, u, r[0]).toFixed(d) + " to " + C.fromBase(f, u, r[1]).toFixed(d) + " " + label(u) +
      "). The results are computed, but read them with extra care." +
      (res.otherUnit ? " Is the unit " + label(res.otherUnit) + "?" : "");
  }

  function show(name, text, note) {
    $(name).textContent = text;
    $(name + "-note").textContent = note || "";
  }

  function render() {
    var r = C.compute({ glucose: box("glucose").value, glucoseUnit: unit("glucose"),
      insulin: box("insulin").value, insulinUnit: unit("insulin"), tg: box("tg").value, tgUnit: unit("tg") });
    var bad = [], warned = [], list = $("homa-interpretation");
    FIELDS.forEach(function (f) {
      var res = r.fields[f], u = unit(f), msg = $("homa-" + f + "-msg"), text = "", kind = "";
      if (res && (touched[f] || box(f).value.trim())) {
        if (res.error) { text = errorText(f, res, u); kind = "error"; bad.push(NAME[f]); }
        else if (res.warning) { text = warningText(f, res, u); kind = "warning"; warned.push(NAME[f]); }
      }
      if (kind === "error") box(f).setAttribute("aria-invalid", "true"); else box(f).removeAttribute("aria-invalid");
      msg.textContent = text;
      msg.className = "homa-msg" + (kind ? " homa-msg--" + kind : "");
    });
    list.textContent = "";
    if ($("homa-link-row").hidden === false) $("homa-link").value = link();
    if (!r.ok) {
      ["homa-ir", "homa-b", "quicki", "tyg"].forEach(function (n) { show(n, ""); });
      $("homa-status").textContent = bad.length
        ? "No results: check the " + bad.join(" and ") + " field" + (bad.length > 1 ? "s." : ".")
        : "Enter your fasting glucose and fasting insulin to see the results.";
      return;
    }
    var res = r.results, none = "Not defined", low = " has no value for such low inputs.";
    show("homa-ir", C.format("homa-ir", res["homa-ir"].value));
    if (res["homa-b"].error) show("homa-b", none, "HOMA-%B has no value when fasting glucose is 3.5 mmol/L (63 mg/dL) or lower.");
    else show("homa-b", C.format("homa-b", res["homa-b"].value) + "%");
    if (res.quicki.error) show("quicki", none, "QUICKI" + low);
    else show("quicki", C.format("quicki", res.quicki.value));
    if (res.tyg.error === "no-triglycerides") show("tyg", "", "Add triglycerides to see the TyG index.");
    else if (res.tyg.error) show("tyg", none, "The TyG index" + low);
    else show("tyg", C.format("tyg", res.tyg.value), "No cut-off is shown for TyG: see below why.");

    C.interpret(res).forEach(function (c) {
      var li = document.createElement("li"), q = c.index === "quicki";
      li.textContent = (q ? "QUICKI " : "HOMA-IR ") + C.format(c.index, c.shown) + " is " +
        (c.beyond ? (q ? "at or below " : "at or above ") : (q ? "above " : "below ")) + c.value + ", " +
        c.population + " (" + c.source + ")." + (q ? " A lower QUICKI means less insulin sensitivity." : "");
      list.appendChild(li);
    });
    $("homa-status").textContent = warned.length ? "Results below. Read the note on " + warned.join(" and ") +
      " above." : "Results:";
  }

  // Links: #glucose=5.4&glucose-unit=mmol/L&insulin=12&insulin-unit=uIU/mL&tg=1.7&tg-unit=mmol/L
  function link() {
    var parts = [];
    FIELDS.forEach(function (f) {
      var v = box(f).value.trim();
      if (v) parts.push(f + "=" + encodeURIComponent(v).replace(/%2C/g, ","), f + "-unit=" + unit(f));
    });
    return location.href.split("#")[0] + (parts.length ? "#" + parts.join("&") : "");
  }

  // Values from the fragment go into .value as plain text: markup in them is never parsed.
  function prefill() {
    var got = {}, any = false;
    location.hash.slice(1).split("&").forEach(function (pair) {
      var i = pair.indexOf("=");
      try { if (i > 0) got[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1)); }
      catch (e) { /* a malformed escape: skip that pair */ }
    });
    FIELDS.forEach(function (f) {
      var sel = $("homa-" + f + "-unit"), want = String(got[f + "-unit"]).replace(/[µμ]/g, "u").toLowerCase();
      [].forEach.call(sel.options, function (o) { if (o.value.toLowerCase() === want) sel.value = o.value; });
      if (typeof got[f] === "string") { box(f).value = got[f].slice(0, 40); touched[f] = any = true; }
    });
    return any;
  }

  function copyLink() {
    var url = link(), status = $("homa-copy-status");
    function fallback() {
      var field = $("homa-link");
      $("homa-link-row").hidden = false;
      field.value = url;
      field.focus();
      field.select();
      status.textContent = "Your browser did not let this page copy. The link is selected in the box below: copy it from there.";
    }
    if (!navigator.clipboard || !navigator.clipboard.writeText) return fallback();
    navigator.clipboard.writeText(url).then(function () {
      status.textContent = "Link copied. It contains your values, so share it only with people you choose.";
    }, fallback);
  }

  form.addEventListener("input", function (e) {
    if (FIELDS.indexOf(e.target.name) >= 0) touched[e.target.name] = true;
    render();
  });
  form.addEventListener("change", render);
  form.addEventListener("submit", function (e) { e.preventDefault(); render(); });  // Enter never reloads
  $("homa-copy").addEventListener("click", copyLink);
  window.addEventListener("hashchange", function () { if (prefill()) render(); });

  // The hook writes the empty state into the page; compute at load only for a prefilled link,
  // so that an ordinary visit costs no layout work while the page is still loading.
  if (prefill()) render();
})();
