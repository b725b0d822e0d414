// Pure helpers for site.js, exposed as one global (SiteUI). A classic script: ES modules do not
// run from file://. Every string a reader sees lives in the per-language table below.
var SiteUI = (function () {
  var STRINGS = {
    en: {
      tableHint: "Scroll the table sideways to see more columns \u2192"
    }
  };

  function strings(lang) {
    return STRINGS[String(lang || "").split("-")[0]] || STRINGS.en;
  }

  // A box overflows when its content is wider than what it shows (1 px of rounding allowed).
  function overflows(scrollWidth, clientWidth) {
    return scrollWidth - clientWidth > 1;
  }

  // The text shown after an abbreviation when a reader taps it: " (expansion)".
  function expansionText(title) {
    var text = String(title || "").trim();
    return text ? " (" + text + ")" : "";
  }

  return { strings: strings, overflows: overflows, expansionText: expansionText };
})();
