// Material's search box is a role="dialog" element without an accessible name (axe and
// Lighthouse rule aria-dialog-name). Naming it here avoids copying the theme's template.
document.querySelectorAll('.md-search[role="dialog"]').forEach(function (el) {
  var text = typeof SiteUI === "undefined" ? null : SiteUI.strings(document.documentElement.lang);
  el.setAttribute("aria-label", text ? text.searchLabel : "Search this site");
});

// The colour scheme toggle (automatic -> light -> dark). Material's own palette component is left
// unmounted (hooks/palette.py renames its marker): at start-up it restyled the whole page twice
// and read the header's computed style, the largest share of a tool page's blocking time on a
// phone. Here a page whose colours are already right is not touched at load. Same markup, same
// saved choice (__palette, which Material's inline script applies on the next page).
(function () {
  var form = document.querySelector("form[data-site-palette]");
  if (!form || typeof SiteUI === "undefined") return;
  var inputs = [].slice.call(form.querySelectorAll("input[name=__palette]"));
  var options = inputs.map(function (input) {
    var get = function (k) { return input.getAttribute("data-md-color-" + k); };
    return { media: get("media"), scheme: get("scheme"), primary: get("primary"), accent: get("accent") };
  });
  var light = window.matchMedia("(prefers-color-scheme: light)");
  var darkTheme = document.querySelector('meta[name="theme-color"][media]');
  var saved = typeof __md_get === "function" ? __md_get("__palette") : null;
  var current = SiteUI.paletteIndex(saved, inputs.length);

  function apply(index, switching) {
    var colors = SiteUI.paletteColors(options, index, light.matches), body = document.body;
    current = index;
    if (switching) body.setAttribute("data-md-color-switching", "");  // no colour transitions
    Object.keys(colors).forEach(function (k) {
      if (body.getAttribute("data-md-color-" + k) !== colors[k]) body.setAttribute("data-md-color-" + k, colors[k]);
    });
    inputs.forEach(function (input, i) {
      var label = input.nextElementSibling;
      if (label && label.tagName === "LABEL" && label.hidden !== (i !== index)) label.hidden = i !== index;
    });
    if (darkTheme) darkTheme.media = SiteUI.darkThemeMedia(colors);
    // The page's own scrollbars and controls follow the scheme (Material set this meta too).
    var scheme = document.querySelector('meta[name="color-scheme"]');
    if (!scheme && colors.scheme === "slate") {
      scheme = document.createElement("meta");
      scheme.name = "color-scheme";
      document.head.appendChild(scheme);
    }
    if (scheme) scheme.content = colors.scheme === "slate" ? "dark" : "light";
    if (switching) {
      if (typeof __md_set === "function") __md_set("__palette", { index: index, color: colors });
      setTimeout(function () { body.removeAttribute("data-md-color-switching"); });
    }
  }

  form.addEventListener("change", function (event) {
    var index = inputs.indexOf(event.target);
    if (index >= 0) apply(index, true);
  });
  // Enter on a choice moves to the next one, as the label's click does.
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    var next = inputs[(current + 1) % inputs.length];
    next.click();
    next.focus();
  });
  var follow = function () { apply(current, true); };  // the system scheme changed
  if (light.addEventListener) light.addEventListener("change", follow);
  else if (light.addListener) light.addListener(follow);
  apply(current, false);
})();

// The review clock: the frame hook writes each page's "next review due" date into a hidden
// notice; it is shown once the reader's own date (not the build's) passes it, so a saved or
// downloaded copy says when it has aged.
(function () {
  var d = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  document.querySelectorAll("[data-review-due]").forEach(function (el) {
    if (today > el.getAttribute("data-review-due")) el.hidden = false;
  });
})();

// Thin DOM layer over SiteUI (site-ui.js). Strings come from SiteUI.strings.
(function () {
  if (typeof SiteUI === "undefined") return;
  var text = SiteUI.strings(document.documentElement.lang);

  // Wide tables: say that there is more to the side (the first column stays put, site.css).
  // Material wraps each table in a scroll box at run time, perhaps after this script runs:
  // measure the box if it is there, else the table (which scrolls itself until wrapped).
  document.querySelectorAll("article table:not([class])").forEach(function (table) {
    var box = table.closest(".md-typeset__scrollwrap") || table;
    if (!SiteUI.overflows(box.scrollWidth, box.clientWidth)) return;
    var hint = document.createElement("p");
    hint.className = "table-hint";
    hint.textContent = text.tableHint;
    box.parentNode.insertBefore(hint, box);
  });

  // Abbreviations: hover shows the tooltip; a tap, Enter or Space shows the expansion in place
  // (touch screens have no hover). Abbreviations inside a link keep the link's behaviour.
  document.querySelectorAll("article abbr[title]").forEach(function (abbr) {
    if (abbr.closest("a, button, summary, label")) return;
    var expansion = SiteUI.expansionText(abbr.getAttribute("title"));
    if (!expansion) return;
    abbr.setAttribute("tabindex", "0");
    abbr.setAttribute("role", "button");
    abbr.setAttribute("aria-expanded", "false");
    function toggle() {
      var open = abbr.getAttribute("aria-expanded") === "true";
      var next = abbr.nextSibling;
      if (open && next && next.classList && next.classList.contains("abbr-expansion")) {
        next.remove();
      } else if (!open) {
        var span = document.createElement("span");
        span.className = "abbr-expansion";
        span.textContent = expansion;
        abbr.after(span);
      }
      abbr.setAttribute("aria-expanded", open ? "false" : "true");
    }
    abbr.addEventListener("click", toggle);
    abbr.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        toggle();
      }
    });
  });
})();

// Copy a section's link: every heading's permalink is a control that copies the section's
// address, says "Link copied", and still moves to the section (its default action). Where the
// clipboard refuses, or the copy has no public address, the address is shown selected instead.
(function () {
  if (typeof SiteUI === "undefined") return;
  var text = SiteUI.strings(document.documentElement.lang);
  var canonical = document.querySelector('link[rel="canonical"]');
  var status = document.createElement("p");
  status.className = "copy-link-status";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  document.querySelectorAll("article .headerlink").forEach(function (a) {
    var heading = a.parentNode;
    a.setAttribute("aria-label", text.copyLinkTo + SiteUI.headingText(heading.textContent));
    a.removeAttribute("title");
  });

  // The site's root: two folders above Material's bundle (assets/javascripts/). Not the
  // __config base, which a Spanish page points at es/ for its own search index.
  function root() {
    var bundle = document.querySelector('script[src*="assets/javascripts/bundle."]');
    return bundle ? new URL("../../", bundle.src).href : new URL(".", location.href).href;
  }

  function announce(message) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
    window.setTimeout(function () { status.textContent = ""; }, 4000);
  }

  function showField(heading, label, value) {
    var old = document.querySelector(".copy-link-fallback");
    if (old) old.remove();
    var box = document.createElement("p"), lab = document.createElement("label"),
        field = document.createElement("input"), close = document.createElement("button");
    box.className = "copy-link-fallback";
    field.type = "text";
    field.readOnly = true;
    field.value = value;
    lab.textContent = label + " ";
    lab.appendChild(field);
    close.type = "button";
    close.textContent = text.close;
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(lab);
    box.appendChild(close);
    heading.insertAdjacentElement("afterend", box);
    window.setTimeout(function () { field.focus(); field.select(); }, 0);
  }

  document.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest("article .headerlink");
    if (!a) return;
    var id = a.getAttribute("href").slice(1), heading = a.parentNode;
    var url = SiteUI.sectionAddress(canonical && canonical.href, location.href, id);
    if (!url) {
      showField(heading, text.noPublicAddress, SiteUI.pagePath(location.href, root()) + "#" + id);
      return;
    }
    if (!navigator.clipboard || !navigator.clipboard.writeText) {
      showField(heading, text.copyFallback, url);
      return;
    }
    navigator.clipboard.writeText(url).then(function () { announce(text.linkCopied); },
                                            function () { showField(heading, text.copyFallback, url); });
  });
})();

// Offline after one visit: register the service worker (hooks/offline_worker.py writes it, and
// the notice this code shows, into the build) over http(s) only. When a newer build's worker is
// waiting, show the notice; its button activates that worker, and every open page of the old
// build then reloads, so that no page goes on with files of two builds.
(function () {
  var notice = document.querySelector("[data-update-notice]");
  if (!notice || typeof SiteUI === "undefined" ||
      !SiteUI.workerAllowed(location.protocol, "serviceWorker" in navigator)) return;
  var sw = navigator.serviceWorker, controlled = Boolean(sw.controller), reloading = false;
  var box = notice.querySelector(".update-notice__inner"), registration = null;

  sw.addEventListener("controllerchange", function () {
    if (!controlled || reloading) return;  // a first install takes no page over (no claim)
    reloading = true;
    location.reload();
  });

  function offer() {
    if (sw.controller && registration && registration.waiting) box.hidden = false;
  }

  notice.querySelector(".update-notice__reload").addEventListener("click", function () {
    if (registration && registration.waiting) registration.waiting.postMessage("skip-waiting");
    else location.reload();
  });
  notice.querySelector(".update-notice__dismiss").addEventListener("click", function () {
    box.hidden = true;
    var next = document.querySelector(".md-header a[href], .md-header button, .md-header label[for]");
    if (next) next.focus();
  });

  function register() {
    sw.register(notice.getAttribute("data-worker")).then(function (reg) {
      registration = reg;
      offer();
      reg.addEventListener("updatefound", function () {
        var worker = reg.installing;
        if (worker) worker.addEventListener("statechange", function () {
          if (worker.state === "installed") offer();
        });
      });
    }, function () {
      // No worker (a host that refuses it): the site still works online.
    });
  }
  // After the page has loaded: the first visit's precache (every page of the site) must not
  // compete with the page the reader is waiting for.
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register);
})();
