// Pure functions of the reading list, exposed as one global (ReadingList). A classic script: ES
// modules do not run from file://. No DOM here; reading-list-ui.js is the thin layer over it.
// A link names sections after "#list=", comma-separated; a section's key is its page without
// ".html", a colon and its anchor ("fundamentals/lab-results:ranges"), as hooks/reading_list.py
// writes them.
var ReadingList = (function () {
  var MAX_ITEMS = 50;     // a longer list is not a reading list; the rest count as left out
  var MAX_KEY = 120;      // longer than any real key: such a name is unknown, never matched

  // The registry from the page's JSON block: {byKey, all}, in the registry's order. A section
  // row is [key, anchor, title, summary] plus 0 when the picker does not offer it.
  function index(pages) {
    var byKey = {}, all = [];
    pages.forEach(function (page, p) {
      page.sections.forEach(function (row) {
        var entry = { key: row[0], url: page.url + "#" + row[1], title: row[2], summary: row[3],
                      tier: page.tier, pageTitle: page.title, page: p, pick: row[4] !== 0 };
        byKey[row[0]] = entry;
        all.push(entry);
      });
    });
    return { byKey: byKey, all: all };
  }

  // The names a fragment lists: "#list=a,b&x=y" -> ["a", "b"]. Undecodable text stays as typed.
  function parse(hash) {
    var text = String(hash || "").replace(/^#/, ""), names = [];
    text.split("&").forEach(function (part) {
      if (part.slice(0, 5) !== "list=") return;
      var value = part.slice(5);
      try { value = decodeURIComponent(value); } catch (e) { /* keep the raw text */ }
      value.split(",").forEach(function (name) {
        name = name.trim();
        if (name) names.push(name);
      });
    });
    return names;
  }

  // Names -> {found: entries in order, once each; unknown: how many names were left out}.
  // A key is looked up as an own property only, so "__proto__" or "constructor" are unknown.
  function resolve(names, byKey) {
    var found = [], seen = {}, unknown = 0;
    names.forEach(function (name, i) {
      var ok = i < MAX_ITEMS && name.length <= MAX_KEY &&
               Object.prototype.hasOwnProperty.call(byKey, name);
      if (!ok) { unknown += 1; return; }
      if (seen[name]) return;
      seen[name] = true;
      found.push(byKey[name]);
    });
    return { found: found, unknown: unknown };
  }

  // The fragment for a list of keys (keys hold only characters a fragment needs no escaping for).
  function fragment(keys) {
    return keys.length ? "list=" + keys.join(",") : "";
  }

  // Lower case, accents and punctuation dropped, so "HbA1c" finds "HbA1c" and "hba1c".
  function fold(text) {
    return String(text).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9%]+/g, " ").trim();
  }

  // Does every word of the query occur in the section's title or its page's title?
  function matches(entry, query) {
    var hay = fold(entry.title + " " + entry.pageTitle);
    return fold(query).split(" ").every(function (word) { return hay.indexOf(word) >= 0; });
  }

  function filter(entries, query) {
    return entries.filter(function (e) { return e.pick && matches(e, query); });
  }

  // A copy of the list with item i moved by delta places (unchanged at the ends).
  function move(list, i, delta) {
    var j = i + delta, out = list.slice();
    if (i < 0 || i >= list.length || j < 0 || j >= list.length) return out;
    out.splice(j, 0, out.splice(i, 1)[0]);
    return out;
  }

  // "{n} sections" with its values filled in; an unknown placeholder stays as written.
  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : m;
    });
  }

  // The sentence for n names left out, or "" when none were.
  function unknownText(n, strings) {
    return n ? format(n === 1 ? strings.unknown_one : strings.unknown_many, { n: n }) : "";
  }

  return { index: index, parse: parse, resolve: resolve, fragment: fragment, fold: fold,
           filter: filter, move: move, format: format, unknownText: unknownText,
           MAX_ITEMS: MAX_ITEMS, MAX_KEY: MAX_KEY };
})();
