// Pure helpers for site.js, exposed as one global (SiteUI). A classic script: ES modules do not
// run from file://. Every string a reader sees lives in the per-language table below.
var SiteUI = (function () {
  var STRINGS = {
    en: {
      tableHint: "Scroll the table sideways to see more columns \u2192",
      copyLinkTo: "Copy link to ",
      linkCopied: "Link copied",
      copyFallback: "Copy this link to the section:",
      noPublicAddress: "This copy of the site has no public web address. The section is at:",
      close: "Close",
      searchLabel: "Search this site"
    },
    // The Spanish pages (es/): the same controls, their names in Spanish (data/strings.es.yml
    // holds the hooks' words; these are the page script's).
    es: {
      tableHint: "Desplace la tabla hacia el lado para ver m\u00e1s columnas \u2192",
      copyLinkTo: "Copiar enlace a ",
      linkCopied: "Enlace copiado",
      copyFallback: "Copie este enlace a la secci\u00f3n:",
      noPublicAddress: "Esta copia del sitio no tiene una direcci\u00f3n p\u00fablica en internet. La secci\u00f3n est\u00e1 en:",
      close: "Cerrar",
      searchLabel: "Buscar en este sitio"
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

  // The address to share for a page: the public one when the build knows it (Material writes
  // <link rel="canonical"> from SITE_URL; the calculator's data block carries the same), else the
  // current address when it is a web address; else null: a file: address would lead nowhere for
  // anyone else. The test is for what works (a public base, an http(s) address), not for file:.
  function pageAddress(canonical, current) {
    if (canonical) return canonical.split("#")[0];
    return /^https?:/.test(current) ? current.split("#")[0] : null;
  }

  // The address a printout shows: as pageAddress, but never this machine's own (a loopback
  // address leads nowhere on paper); null when there is none to print.
  function printAddress(canonical, current) {
    var page = pageAddress(canonical, current);
    return page && !canonical && /^https?:\/\/(localhost|127\.|\[::1\])/i.test(page) ? null : page;
  }

  // A link fragment ("#a=1&b=x") as {name: value} text, for the tools' prefill: values are only
  // ever strings (never parsed as markup); a malformed escape drops that pair alone.
  function fragmentValues(hash) {
    var got = {};
    String(hash || "").replace(/^#/, "").split("&").forEach(function (pair) {
      var i = pair.indexOf("=");
      try { if (i > 0) got[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1)); }
      catch (e) { /* a malformed escape: skip that pair */ }
    });
    return got;
  }

  // The address a section's copy-link control copies.
  function sectionAddress(canonical, current, id) {
    var page = pageAddress(canonical, current);
    return page === null ? null : page + "#" + id;
  }

  // The page's path inside the site (e.g. "fundamentals/lab-results.html"), from its address and
  // the address of the site's root, for copies that have no public address.
  function pagePath(current, root) {
    var page = current.split("#")[0].split("?")[0];
    return page.indexOf(root) === 0 ? decodeURI(page.slice(root.length)) : page;
  }

  // The heading's own words, without the control's symbol.
  function headingText(text) {
    return String(text || "").replace(/\u00b6/g, "").replace(/\s+/g, " ").trim();
  }

  // Whether to register the offline worker: only where the browser has service workers and the
  // page came over http or https. A copy opened from disk (file:) registers nothing.
  function workerAllowed(protocol, hasServiceWorker) {
    return Boolean(hasServiceWorker) && (protocol === "http:" || protocol === "https:");
  }

  // The colour scheme toggle's state (site.js). `options` are the toggle's three choices in order,
  // each {media, scheme, primary, accent} as mkdocs.yml's palette lists them; the first whose
  // media is "(prefers-color-scheme)" follows the system. Same saved shape as Material's
  // ({index, color}), which its inline script reads on the next page.
  function paletteIndex(saved, count) {
    var index = saved && typeof saved.index === "number" ? saved.index : 0;
    return Math.max(0, Math.min(Math.floor(index), count - 1));
  }

  // The colours to put on <body> for choice `index`: a "follow the system" choice takes those of
  // the light or dark choice, whichever the system prefers now.
  function paletteColors(options, index, prefersLight) {
    var chosen = options[index], source = chosen;
    if (chosen.media === "(prefers-color-scheme)") {
      var want = prefersLight ? "(prefers-color-scheme: light)" : "(prefers-color-scheme: dark)";
      source = options.filter(function (o) { return o.media === want; })[0] || chosen;
    }
    return { media: chosen.media, scheme: source.scheme, primary: source.primary, accent: source.accent };
  }

  // The media of the dark theme-color meta (hooks/installable.py writes it before the light one,
  // and a browser uses the first that matches): as written while following the system, always
  // for a dark choice, never for a light one, so the phone's bar matches the chosen scheme.
  function darkThemeMedia(colors) {
    if (colors.media === "(prefers-color-scheme)") return "(prefers-color-scheme: dark)";
    return colors.scheme === "slate" ? "all" : "not all";
  }

  return { strings: strings, workerAllowed: workerAllowed, overflows: overflows, expansionText: expansionText,
           pageAddress: pageAddress, printAddress: printAddress, fragmentValues: fragmentValues, sectionAddress: sectionAddress,
           pagePath: pagePath, headingText: headingText,
           paletteIndex: paletteIndex, paletteColors: paletteColors, darkThemeMedia: darkThemeMedia };
})();
