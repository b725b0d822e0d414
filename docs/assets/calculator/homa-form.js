/* The calculator's DOM layer: wires HomaCalc (homa.js) to the form hooks/calculator.py writes.
 * A classic script (file:// runs no modules). Limits and every word come from the page's JSON data
 * block (data/calculator.yml, data/strings.<lang>.yml). All text goes in with textContent or
 * .value, never as HTML, so values from the URL fragment stay text. No network request. */
(function () {
  "use strict";
  var C = window.HomaCalc, form = document.getElementById("homa-form"), data = document.getElementById("homa-data");
  if (!C || !form || !data) return;
  var D = JSON.parse(data.textContent), L = D.limits, S = D.strings;
  var LAB = ["glucose", "insulin", "tg"], FIELDS = LAB.concat(["homa-ir-value"]);
  var INDICES = ["homa-ir", "homa-b", "quicki", "tyg"];
  var touched = {}, chosen = {}, asked = "";  // a field is checked only after its first input

  function $(id) { return document.getElementById(id); }
  function box(f) { return $("homa-" + f); }
  function select(f) { return $("homa-" + f + "-unit"); }
  function unit(f) { return select(f) ? select(f).value : ""; }
  function typed(f) { return box(f).value.trim(); }
  function name(u) { return S.units[u] || u; }
  // A number as the page's language writes it (strings table `decimal`: "." or ","); the link
  // fragment and the parser keep the point.
  function num(x) { return String(x).replace(".", S.decimal); }
  function fill(text, values) {
    return text.replace(/\{([\w-]+)\}/g, function (m, k) { return values.hasOwnProperty(k) ? values[k] : m; });
  }
  function words(f, res) {
    var u = unit(f), b = L.plausible[f] && L.plausible[f][u];
    return { field: S.fieldName[f], value: typed(f), text: typed(f), unit: name(u), other: name(res.unit),
             low: b ? b[0] : "", high: b ? b[1] : "",
             example: f === "homa-ir-value" ? S.example[f] : S.example[u] + " " + name(u) };
  }
  function list(items) { return items.join(S.and); }

  function errorText(f, res) {
    var key = res.error === "implausible" ? (f === "homa-ir-value" ? "typed-high" : "implausible-" + res.side) : res.error;
    return fill(S.error[key] || S.error["not-a-number"], words(f, res));
  }

  function warningText(f, res) {
    var h = L.homa2_range[f], u = unit(f), d = u === "mmol/L" || u === "uIU/mL" ? 1 : 0;
    return fill(S.warning[res.warning], { low: num(C.convert(f, h.unit, u, h.range[0]).toFixed(d)),
      high: num(C.convert(f, h.unit, u, h.range[1]).toFixed(d)), unit: name(u) });
  }

  function button(text, onClick, primary) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "homa-button" + (primary ? " homa-button--primary" : "");
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  // One question per field, in the result area; the suggested answer comes first.
  function question(f, res) {
    var div = document.createElement("div"), p = document.createElement("p"), w = words(f, res);
    div.className = "homa-question";
    div.setAttribute("role", "group");
    p.id = "homa-" + f + "-question";
    div.setAttribute("aria-labelledby", p.id);
    div.appendChild(p);
    if (res.question === "separator") {
      w.small = String(res.readings[0]);
      w.large = String(res.readings[1]);
      p.textContent = fill(S.question.separator, w);
      res.readings.forEach(function (x, k) {
        div.appendChild(button(String(x), function () { box(f).value = String(x); answered(f); }, k === 0));
      });
      return div;
    }
    p.textContent = fill(S.question[res.why + "-" + res.side], w);
    div.appendChild(button(fill(S.question.use, w), function () { select(f).value = res.unit; chosen[f] = true; answered(f); }, true));
    if (res.why === "homa2-range") {
      div.appendChild(button(fill(S.question.keep, w), function () { chosen[f] = true; answered(f); }, false));
    }
    return div;
  }

  function answered(f) {
    render();
    box(f).focus();
  }

  function show(n, text, note) {
    $(n).textContent = text;
    $(n + "-note").textContent = note || "";
  }

  function printed() {
    var ul = $("homa-print-values");
    ul.textContent = "";
    FIELDS.forEach(function (f) {
      var v = typed(f), li = document.createElement("li");
      if (f === "homa-ir-value" && !v) return;
      li.textContent = $("homa-" + f).labels[0].textContent + ": " + (v ? v + (select(f) ? " " + name(unit(f)) : "") : S.not_given);
      ul.appendChild(li);
    });
    $("homa-print-date").textContent = new Date().toLocaleString(document.documentElement.lang || undefined,
      { dateStyle: "long", timeStyle: "short" });
  }

  // The address a shared link starts with, by the heading controls' rule (SiteUI, site-ui.js):
  // the public address the build wrote (SITE_URL), else the current address if it is a web
  // address, else null (a file: link leads nowhere for anyone else). The printed address is the
  // print block's (hooks/print_block.py).
  function address() {
    return window.SiteUI ? SiteUI.pageAddress(D.publicUrl, location.href) : D.publicUrl || null;
  }

  function render() {
    var input = { homaIrValue: box("homa-ir-value").value }, bad = [], warned = [], questions = [];
    LAB.forEach(function (f) { input[f] = box(f).value; input[f + "Unit"] = unit(f); input[f + "Chosen"] = !!chosen[f]; });
    var r = C.compute(input, L);
    FIELDS.forEach(function (f) {
      var res = r.fields[f], msg = $("homa-" + f + "-msg"), text = "", kind = "";
      if (res && (touched[f] || typed(f))) {
        if (res.error) { text = errorText(f, res); kind = "error"; bad.push(S.fieldName[f]); }
        else if (res.question) { text = S.field_question; kind = res.why === "implausible" ? "error" : "question"; questions.push([f, res]); }
        else if (res.warning) { text = warningText(f, res); kind = "warning"; warned.push(S.fieldName[f]); }
      }
      if (kind === "error") box(f).setAttribute("aria-invalid", "true"); else box(f).removeAttribute("aria-invalid");
      msg.textContent = text;
      msg.className = "homa-msg" + (kind ? " homa-msg--" + kind : "");
    });

    // Rebuild the questions only when they change, so that a focused button is not replaced.
    var key = JSON.stringify(questions.map(function (q) { return [q[0], typed(q[0]), unit(q[0]), q[1]]; }));
    if (key !== asked) {
      asked = key;
      $("homa-questions").textContent = "";
      questions.forEach(function (q) { $("homa-questions").appendChild(question(q[0], q[1])); });
    }
    if ($("homa-link-row").hidden === false) $("homa-link").value = link();

    var res = r.ok && r.results, status;
    INDICES.forEach(function (n) { show(n, ""); });
    if (res) {
      show("homa-ir", num(C.format("homa-ir", res["homa-ir"].value)));
      if (res["homa-b"].error) show("homa-b", S.not_defined, S.notes["homa-b"]);
      else show("homa-b", C.format("homa-b", res["homa-b"].value) + "%");
      if (res.quicki.error) show("quicki", S.not_defined, S.notes.quicki);
      else show("quicki", num(C.format("quicki", res.quicki.value)));
      if (res.tyg.error === "no-triglycerides") show("tyg", "", S.notes["tyg-none"]);
      else if (res.tyg.error) show("tyg", S.not_defined, S.notes.tyg);
      else show("tyg", num(C.format("tyg", res.tyg.value)));
    }
    if (questions.length) status = S.status.questions;
    else if (bad.length) status = fill(S.status.errors, { fields: fill(bad.length > 1 ? S.field_many : S.field_one, { fields: list(bad) }) });
    else if (r.ok && r.typed) status = fill(S.status.typed, { value: typed("homa-ir-value") });
    else if (r.ok) status = warned.length ? fill(S.status.warned, { fields: fill(warned.length > 1 ? S.field_many : S.field_one, { fields: list(warned) }) })
                                          : S.status.results + (r.typedIgnored ? " " + S.status.typed_ignored : "");
    else status = S.status.empty;
    $("homa-status").textContent = status;

    var value = r.ok ? r.homaIr : undefined, where = value === undefined ? null : C.place(value, L.population.values);
    $("homa-place").textContent = where ? fill(S.place[where.position], { value: num(C.format("homa-ir", value)),
      lower: num(where.lower), upper: num(where.upper) }) : "";
    $("homa-typed-caveat").textContent = S.typed_caveat;
    $("homa-typed-caveat").hidden = !(r.ok && r.typed);
    $("homa-summary-text").textContent = questions.length ? S.summary_question
      : where ? fill(S.summary_results, { value: num(C.format("homa-ir", value)) }) + " " + $("homa-plain").textContent : "";
    summarise();
    printed();
  }

  // On a phone the results are below the fields: while they are out of view, a short summary
  // stays at the bottom of the screen (fixed, so nothing moves when it comes and goes).
  var resultsSeen = true, formSeen = false;
  function summarise() {
    var bar = $("homa-summary"), focus = document.activeElement, gap;
    bar.hidden = resultsSeen || !formSeen || !$("homa-summary-text").textContent;
    // The bar must never cover the field being typed in (WCAG 2.4.11): keep it above the bar.
    document.documentElement.style.scrollPaddingBottom = bar.hidden ? "" : bar.offsetHeight + "px";
    if (!bar.hidden && form.contains(focus)) {
      gap = focus.getBoundingClientRect().bottom - bar.getBoundingClientRect().top;
      if (gap > 0) window.scrollBy(0, gap + 8);
    }
  }
  form.addEventListener("focusin", function () { summarise(); });
  if (window.IntersectionObserver) {
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.target === form) formSeen = e.isIntersecting; else resultsSeen = e.isIntersecting;
      });
      summarise();
    });
    seen.observe($("homa-live"));
    seen.observe(form);
  }

  // Links: #glucose=5.4&glucose-unit=mmol/L&insulin=12&insulin-unit=uIU/mL&tg=1.7&tg-unit=mmol/L
  // (and homa-ir-value=2.4). Units are always written, so the opened link asks no unit question.
  function link() {
    var parts = [];
    FIELDS.forEach(function (f) {
      var v = typed(f);
      if (v) parts.push(f + "=" + encodeURIComponent(v).replace(/%2C/g, ","));
      if (v && select(f)) parts.push(f + "-unit=" + unit(f));
    });
    return (address() || D.path) + (parts.length ? "#" + parts.join("&") : "");
  }

  // Values from the fragment go into .value as plain text: markup in them is never parsed.
  function prefill() {
    var got = SiteUI.fragmentValues(location.hash), any = false;
    FIELDS.forEach(function (f) {
      var sel = select(f), want = String(got[f + "-unit"]).replace(/[µμ]/g, "u").toLowerCase();
      if (sel) [].forEach.call(sel.options, function (o) { if (o.value.toLowerCase() === want) { sel.value = o.value; chosen[f] = true; } });
      if (typeof got[f] === "string") { box(f).value = got[f].slice(0, 40); touched[f] = any = true; }
    });
    return any;
  }

  // Without a public address there is no link to copy: the box offers the page's path within
  // the site, with the values, and says why.
  function copyLink() {
    var url = link(), status = $("homa-copy-status");
    function fallback(why) {
      var field = $("homa-link");
      $("homa-link-row").hidden = false;
      field.value = url;
      field.focus();
      field.select();
      status.textContent = why;
    }
    if (!address()) return fallback(S.no_address);
    if (!navigator.clipboard || !navigator.clipboard.writeText) return fallback(S.copy_fallback);
    navigator.clipboard.writeText(url).then(function () { status.textContent = S.copy_done; },
                                            function () { fallback(S.copy_fallback); });
  }

  form.addEventListener("input", function (e) {
    if (FIELDS.indexOf(e.target.name) >= 0) touched[e.target.name] = true;
    render();
  });
  form.addEventListener("change", function (e) {
    var f = e.target.name.replace(/-unit$/, "");
    if (e.target.tagName === "SELECT" && LAB.indexOf(f) >= 0) chosen[f] = true;  // the reader chose it
    render();
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); render(); });  // Enter never reloads
  $("homa-copy").addEventListener("click", copyLink);
  window.addEventListener("beforeprint", function () { printed(); });
  function opened() {
    if (!prefill()) return;
    render();
    $("homa-results").scrollIntoView({ block: "start" });   // a shared link opens at the results
  }
  window.addEventListener("hashchange", opened);

  // The hook writes the empty state into the page; compute at load only for a prefilled link,
  // so that an ordinary visit costs no layout work while the page is still loading.
  opened();
})();
