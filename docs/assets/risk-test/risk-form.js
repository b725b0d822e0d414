/* The risk test's DOM layer: wires RiskTest (risk.js) to the form hooks/risk_test.py writes. A
 * classic script (file:// runs no modules). The point table and every word come from the page's
 * JSON data block. All text goes in with textContent or .value, never as HTML, so values from the
 * URL fragment stay text. No network request, no storage. */
(function () {
  "use strict";
  var R = window.RiskTest, form = document.getElementById("risk-form"), data = document.getElementById("risk-data");
  if (!R || !form || !data) return;
  var D = JSON.parse(data.textContent), T = D.table, S = D.strings;
  var BOXES = ["age", "height-cm", "height-ft", "height-in", "weight-kg", "weight-lb"];
  var GROUPS = ["sex", "gdm", "family", "bp", "active", "units"];
  var ITEMS = ["age", "sex", "gdm", "family", "bp", "active", "weight"];
  var touched = {};     // a field shows its error only after the reader has been there

  function $(id) { return document.getElementById(id); }
  function fill(text, values) {
    return text.replace(/\{([\w-]+)\}/g, function (m, k) { return values.hasOwnProperty(k) ? values[k] : m; });
  }
  function picked(name) {
    var r = form.querySelector('input[name="' + name + '"]:checked');
    return r ? r.value : "";
  }
  function units() { return picked("units") || "us"; }
  function value(name) { return $("risk-" + name).value; }

  function read() {
    return { age: value("age"), sex: picked("sex"), gdm: picked("gdm"), family: picked("family"),
             bp: picked("bp"), active: picked("active"), units: units(), heightCm: value("height-cm"),
             heightFt: value("height-ft"), heightIn: value("height-in"), weightKg: value("weight-kg"),
             weightLb: value("weight-lb") };
  }

  // The form controls an error belongs to, in the unit system shown.
  function targets(field, err) {
    var us = units() === "us";
    if (field === "height") return us ? (err.box === "in" ? ["height-in"] : ["height-ft"]) : ["height-cm"];
    if (field === "weight") return [us ? "weight-lb" : "weight-kg"];
    return [field];
  }

  function errorText(field, err, box) {
    var range = field === "age" ? S.range.age : (S.range[units()][field] || {});
    return fill(S.error[err.error] || S.error["not-a-number"], { field: S.fieldName[field],
      example: S.example[box] || "", low: range.low || "", high: range.high || "" });
  }

  function pointsText(n) { return fill(n === 1 ? S.point : S.points, { n: n }); }

  function answerText(item, input) {
    if (item === "age") return input.age.trim();
    if (item === "weight") return "";
    var v = input[item];
    if (item === "gdm" && input.sex !== "woman") return S.not_asked;
    return $("risk-" + item + "-" + v) ? $("risk-" + item + "-" + v).parentNode.textContent.trim() : "";
  }

  function render() {
    var input = read(), r = R.score(input, T), bad = [], us = units() === "us";
    $("risk-gdm").hidden = input.sex !== "woman";
    [].forEach.call(form.querySelectorAll(".risk-us"), function (e) { e.hidden = !us; });
    [].forEach.call(form.querySelectorAll(".risk-metric"), function (e) { e.hidden = us; });

    BOXES.concat(GROUPS).forEach(function (name) {
      var el = $("risk-" + name);
      el.removeAttribute("aria-invalid");
      $("risk-" + name + "-msg").textContent = "";
    });
    Object.keys(r.errors).forEach(function (field) {
      var err = r.errors[field], shown = false;
      targets(field, err).forEach(function (name) {
        if (!touched[name] && !touched[field]) return;
        $("risk-" + name).setAttribute("aria-invalid", "true");
        $("risk-" + name + "-msg").textContent = errorText(field, err, name);
        shown = true;
      });
      if (shown) bad.push(S.fieldName[field]);
    });

    var list = $("risk-points");
    list.textContent = "";
    $("risk-score").textContent = r.ok ? String(r.total) : "";
    $("risk-verdict").textContent = r.ok ? (r.higher ? S.verdict.higher : S.verdict.lower) : "";
    if (r.ok) {
      ITEMS.forEach(function (item) {
        var li = document.createElement("li"), answer = answerText(item, input);
        if (item === "weight") answer = fill(S.bmi, { bmi: (r.bmiTenths / 10).toFixed(1) });
        li.textContent = S.item[item] + ": " + answer + " \u2014 " + pointsText(r.points[item]);
        list.appendChild(li);
      });
      $("risk-status").textContent = fill(S.status.done, { total: r.total });
    } else {
      $("risk-status").textContent = bad.length
        ? fill(S.status.errors, { fields: fill(bad.length > 1 ? S.field_many : S.field_one, { fields: bad.join(S.and) }) })
        : S.status.empty;
    }
    if (!$("risk-link-row").hidden) $("risk-link").value = link().value;
    printed();
  }

  // The page's public address: the build's SITE_URL, or the current http(s) address (as the
  // heading links do, site.js); from file:// there is none and the page path is offered instead.
  function copyAddress() {
    return SiteUI.pageAddress(D.publicUrl, location.href) || "";
  }
  // Print never shows a file: or loopback address (SiteUI.printAddress).
  function printAddress() {
    return SiteUI.printAddress(D.publicUrl, location.href) || "";
  }

  // Links: #age=52&sex=woman&gdm=no&family=yes&bp=no&active=yes&units=us&height-ft=5&height-in=4&weight-lb=170
  function fragment() {
    var input = read(), parts = [];
    BOXES.forEach(function (b) {
      var v = $("risk-" + b).value.trim(), shown = !$("risk-" + b).parentNode.hidden;
      if (v && shown) parts.push(b + "=" + encodeURIComponent(v).replace(/%2C/g, ","));
    });
    GROUPS.forEach(function (g) {
      if (g === "gdm" && input.sex !== "woman") return;
      if (picked(g)) parts.push(g + "=" + picked(g));
    });
    return parts.join("&");
  }
  function link() {
    var base = copyAddress(), frag = fragment();
    return base ? { value: base + (frag ? "#" + frag : ""), public: true }
                : { value: D.path + (frag ? "#" + frag : ""), public: false };
  }

  function printed() {
    $("risk-print-date").textContent = new Date().toLocaleString(document.documentElement.lang || undefined,
      { dateStyle: "long", timeStyle: "short" });
    $("risk-print-address").textContent = printAddress() || fill(S.print_no_address, { path: D.path });
  }

  // Values from the fragment go into .value or pick an existing radio: never parsed as markup.
  function prefill() {
    var got = SiteUI.fragmentValues(location.hash), any = false;
    GROUPS.forEach(function (g) {
      if (!got.hasOwnProperty(g)) return;
      [].forEach.call(form.querySelectorAll('input[name="' + g + '"]'), function (r) {
        if (r.value === got[g]) { r.checked = true; touched[g] = any = true; }
      });
    });
    BOXES.forEach(function (b) {
      if (typeof got[b] === "string") { $("risk-" + b).value = got[b].slice(0, 40); touched[b] = any = true; }
    });
    if (any) ["age", "sex", "family", "bp", "active", "height", "weight", "gdm"].forEach(function (f) { touched[f] = true; });
    return any;
  }

  function copyLink() {
    var l = link(), status = $("risk-copy-status");
    function show(label, message) {
      var field = $("risk-link");
      $("risk-link-label").textContent = label;
      $("risk-link-row").hidden = false;
      field.value = l.value;
      field.focus();
      field.select();
      status.textContent = message;
    }
    if (!l.public) return show(S.no_address, "");
    var fallback = function () { show(linkLabel, S.copy_fallback); };
    if (!navigator.clipboard || !navigator.clipboard.writeText) return fallback();
    navigator.clipboard.writeText(l.value).then(function () { status.textContent = S.copy_done; }, fallback);
  }
  var linkLabel = $("risk-link-label").textContent;

  form.addEventListener("input", function (e) { touched[e.target.name] = true; render(); });
  form.addEventListener("change", function (e) { touched[e.target.name] = true; render(); });
  form.addEventListener("focusout", function (e) {
    // Leaving an empty box counts as having been there (so "Enter your age" can show).
    if (BOXES.indexOf(e.target.name) >= 0 && !touched[e.target.name]) { touched[e.target.name] = true; render(); }
  });
  // Enter in a box shows every error (a form of several boxes and no button does not submit).
  function all() {
    BOXES.concat(GROUPS, ["height", "weight"]).forEach(function (f) { touched[f] = true; });
    render();
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); all(); });   // never reloads
  form.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target.type === "text") { e.preventDefault(); all(); }
  });
  $("risk-copy").addEventListener("click", copyLink);
  window.addEventListener("beforeprint", printed);
  // The hook writes the empty state into the page; compute at load only for a prefilled link.
  function opened() {
    if (!prefill()) return;
    render();
    $("risk-results").scrollIntoView({ block: "start" });   // a shared link opens at the score
  }
  window.addEventListener("hashchange", opened);
  opened();
})();
